import type { Sql } from '../../db/client.ts';

export interface SignInRow {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  sharedComputer: boolean;
}

export class SignInsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(id: string, userId: string, expiresAt: Date, sharedComputer = false): Promise<void> {
    await this.#sql`
      insert into sign_ins (id, user_id, expires_at, shared_computer)
      values (${id}, ${userId}, ${expiresAt}, ${sharedComputer})`;
  }

  /** The sign-in if it has neither passed its absolute expiry nor been idle since `idleCutoff`. */
  async findLive(id: string, idleCutoff: Date): Promise<SignInRow | undefined> {
    const [row] = await this.#sql<SignInRow[]>`
      select id, user_id, created_at, last_seen_at, expires_at, shared_computer from sign_ins
      where id = ${id} and expires_at > now() and last_seen_at > ${idleCutoff}`;
    return row;
  }

  async touch(id: string): Promise<void> {
    await this.#sql`update sign_ins set last_seen_at = now() where id = ${id}`;
  }

  /** Of `ids`, those that are live (as `findLive`) and whose account is not disabled: one query for many. */
  async liveAmong(ids: readonly string[], idleCutoff: Date): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const rows = await this.#sql<{ id: string }[]>`
      select s.id from sign_ins s join users u on u.id = s.user_id
      where s.id in ${this.#sql(ids)} and s.expires_at > now() and s.last_seen_at > ${idleCutoff}
        and u.disabled_at is null`;
    return new Set(rows.map((row) => row.id));
  }

  async delete(id: string): Promise<void> {
    await this.#sql`delete from sign_ins where id = ${id}`;
  }

  /** Deletes every sign-in of a person but `except` (if given); returns the ids deleted. */
  async deleteForUser(userId: string, except?: string): Promise<string[]> {
    const rows = await this.#sql<{ id: string }[]>`
      delete from sign_ins where user_id = ${userId} ${except === undefined ? this.#sql`` : this.#sql`and id <> ${except}`}
      returning id`;
    return rows.map((row) => row.id);
  }

  /** Deletes the sign-ins past their absolute expiry or idle since `idleCutoff`; returns the ids deleted. */
  async deleteExpired(idleCutoff: Date): Promise<string[]> {
    const rows = await this.#sql<{ id: string }[]>`
      delete from sign_ins where expires_at <= now() or last_seen_at <= ${idleCutoff} returning id`;
    return rows.map((row) => row.id);
  }
}
