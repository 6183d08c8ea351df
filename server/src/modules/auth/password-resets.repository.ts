import type { Queryable, Sql } from '../../db/client.ts';

export interface PasswordResetRow {
  id: string;
  userId: string;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Links to choose a new password; only the SHA-256 of each link's secret is stored. */
export class PasswordResetsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Stores a new link for the account and drops its unused older ones, so only the latest email works. */
  async replace(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.#sql.begin(async (tx) => {
      await tx`delete from password_resets where user_id = ${input.userId} and used_at is null`;
      await tx`
        insert into password_resets (token_hash, user_id, expires_at)
        values (${input.tokenHash}, ${input.userId}, ${input.expiresAt})`;
    });
  }

  /** Finds a link by its secret's hash; `lock` takes a row lock for the transaction that uses it. */
  async findByTokenHash(
    tokenHash: string,
    sql: Queryable = this.#sql,
    lock = false,
  ): Promise<PasswordResetRow | undefined> {
    const [row] = await sql<PasswordResetRow[]>`
      select r.id, r.user_id, u.email, r.expires_at, r.used_at
      from password_resets r join users u on u.id = r.user_id
      where r.token_hash = ${tokenHash} and u.disabled_at is null
      ${lock ? sql`for update of r` : sql``}`;
    return row;
  }

  /** Uses up this link and every other open link of the account. */
  async markUsed(id: string, userId: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`update password_resets set used_at = now() where id = ${id}`;
    await sql`delete from password_resets where user_id = ${userId} and used_at is null`;
  }
}
