import type { InvitationSummary } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

export interface InvitationRow {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  invitedByName: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export class InvitationsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(
    input: { tokenHash: string; userId: string; invitedBy: string | null; expiresAt: Date },
    sql: Queryable = this.#sql,
  ): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into invitations (token_hash, user_id, invited_by, expires_at)
      values (${input.tokenHash}, ${input.userId}, ${input.invitedBy}, ${input.expiresAt})
      returning id`;
    if (!row) {
      throw new Error('insert into invitations returned no row');
    }
    return row.id;
  }

  async revokeOpenFor(userId: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`update invitations set revoked_at = now() where user_id = ${userId} and accepted_at is null and revoked_at is null`;
  }

  /** Finds an invitation by token hash; `lock` takes a row lock for the accepting transaction. */
  async findByTokenHash(
    tokenHash: string,
    sql: Queryable = this.#sql,
    lock = false,
  ): Promise<InvitationRow | undefined> {
    const [row] = await sql<InvitationRow[]>`
      select i.id, i.user_id, u.email, u.display_name, inviter.display_name as invited_by_name,
        i.expires_at, i.accepted_at, i.revoked_at
      from invitations i
      join users u on u.id = i.user_id
      left join users inviter on inviter.id = i.invited_by
      where i.token_hash = ${tokenHash}
      ${lock ? sql`for update of i` : sql``}`;
    return row;
  }

  async markAccepted(id: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`update invitations set accepted_at = now() where id = ${id}`;
  }

  async listSentBy(userId: string | null, limit: number): Promise<InvitationSummary[]> {
    const rows = await this.#sql<
      (Omit<InvitationRow, 'invitedByName' | 'userId' | 'revokedAt'> & { createdAt: Date })[]
    >`
      select i.id, u.email, u.display_name, i.created_at, i.expires_at, i.accepted_at
      from invitations i join users u on u.id = i.user_id
      where i.revoked_at is null ${userId ? this.#sql`and i.invited_by = ${userId}` : this.#sql``}
      order by i.created_at desc limit ${limit}`;
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      displayName: row.displayName,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
    }));
  }
}
