import type { Queryable, Sql } from '../../db/client.ts';

/** Append-only security log: who did what, never secrets or document content. */
export class AuditRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async record(
    event: {
      actorUserId: string | null;
      action: string;
      subjectId?: string | null;
      detail?: Record<string, string | number | boolean | null>;
    },
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`
      insert into audit_events (actor_user_id, action, subject_id, detail)
      values (${event.actorUserId}, ${event.action}, ${event.subjectId ?? null}, ${sql.json(event.detail ?? {})})`;
  }
}
