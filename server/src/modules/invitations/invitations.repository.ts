import type { InvitationSummary, PartnershipRole, SchoolRole } from '@crosswalk/shared';
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
  /** Set on an invitation to an existing account: the school role it gives when accepted. */
  schoolId: string | null;
  schoolName: string | null;
  schoolRole: SchoolRole | null;
  /** Set on an invitation to an existing account: the partnership role it gives when accepted. */
  partnershipId: string | null;
  partnershipName: string | null;
  partnershipRole: PartnershipRole | null;
}

/** The roles an invitation to an existing account offers (given when the person accepts it). */
export interface OfferedRoles {
  school?: { schoolId: string; role: SchoolRole } | undefined;
  partnership?: { partnershipId: string; role: PartnershipRole } | undefined;
}

export class InvitationsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(
    input: { tokenHash: string; userId: string; invitedBy: string | null; expiresAt: Date; offers?: OfferedRoles },
    sql: Queryable = this.#sql,
  ): Promise<string> {
    const school = input.offers?.school;
    const partnership = input.offers?.partnership;
    const [row] = await sql<{ id: string }[]>`
      insert into invitations
        (token_hash, user_id, invited_by, expires_at, school_id, school_role, partnership_id, partnership_role)
      values (${input.tokenHash}, ${input.userId}, ${input.invitedBy}, ${input.expiresAt},
        ${school?.schoolId ?? null}, ${school?.role ?? null},
        ${partnership?.partnershipId ?? null}, ${partnership?.role ?? null})
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
        i.expires_at, i.accepted_at, i.revoked_at,
        i.school_id, s.name as school_name, i.school_role,
        i.partnership_id, p.name as partnership_name, i.partnership_role
      from invitations i
      join users u on u.id = i.user_id
      left join users inviter on inviter.id = i.invited_by
      left join schools s on s.id = i.school_id
      left join partnerships p on p.id = i.partnership_id
      where i.token_hash = ${tokenHash}
      ${lock ? sql`for update of i` : sql``}`;
    return row;
  }

  /**
   * Accepts the open invitations that made this account (not those offering a role to an existing account), as
   * when the person signs in through single sign-on instead of choosing a password. Returns how many.
   */
  async acceptOpenNewAccount(userId: string, sql: Queryable = this.#sql): Promise<number> {
    const rows = await sql`
      update invitations set accepted_at = now()
      where user_id = ${userId} and accepted_at is null and revoked_at is null and expires_at > now()
        and school_id is null and partnership_id is null
      returning id`;
    return rows.length;
  }

  /** Whether the account is in use: it has a password, or has signed in through single sign-on. */
  async accountInUse(userId: string): Promise<boolean> {
    const [row] = await this.#sql<{ inUse: boolean }[]>`
      select (u.password_hash is not null
        or exists (select 1 from user_identities i where i.user_id = u.id)) as in_use
      from users u where u.id = ${userId}`;
    return row?.inUse ?? false;
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
