import type { Sql } from '../../db/client.ts';

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export class SessionsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(id: string, userId: string, expiresAt: Date): Promise<void> {
    await this.#sql`insert into sessions (id, user_id, expires_at) values (${id}, ${userId}, ${expiresAt})`;
  }

  /** The session if it has neither passed its absolute expiry nor been idle since `idleCutoff`. */
  async findLive(id: string, idleCutoff: Date): Promise<SessionRow | undefined> {
    const [row] = await this.#sql<SessionRow[]>`
      select id, user_id, created_at, last_seen_at, expires_at from sessions
      where id = ${id} and expires_at > now() and last_seen_at > ${idleCutoff}`;
    return row;
  }

  async touch(id: string): Promise<void> {
    await this.#sql`update sessions set last_seen_at = now() where id = ${id}`;
  }

  async delete(id: string): Promise<void> {
    await this.#sql`delete from sessions where id = ${id}`;
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.#sql`delete from sessions where user_id = ${userId}`;
  }

  async deleteExpired(idleCutoff: Date): Promise<number> {
    const rows = await this.#sql`delete from sessions where expires_at <= now() or last_seen_at <= ${idleCutoff}`;
    return rows.count;
  }
}
