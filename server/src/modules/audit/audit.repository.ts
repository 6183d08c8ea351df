import type { Queryable, Sql } from '../../db/client.ts';
import { addressOrNull, currentRequest } from './request-context.ts';

/** One entry of the audit log, as services record it. */
export interface AuditEventInput {
  actorUserId: string | null;
  action: string;
  subjectId?: string | null;
  /** The review the event concerns, so the host school can read it in the review's own log. */
  reviewId?: string | null;
  /** Ids, roles and choices only: never secrets or document content. */
  detail?: Record<string, string | number | boolean | null>;
  /**
   * Where the request came from: by default the current request's address (`request-context.ts`); null to leave it
   * out on purpose (a safeguarding concern records only its time and the role of who raised it).
   */
  from?: string | null;
}

/** Append-only security log: who did what, from where, never secrets or document content. */
export class AuditRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async record(event: AuditEventInput, sql: Queryable = this.#sql): Promise<void> {
    await sql`
      insert into audit_events (actor_user_id, action, subject_id, review_id, detail, client_address)
      values (${event.actorUserId}, ${event.action}, ${event.subjectId ?? null}, ${event.reviewId ?? null},
        ${sql.json(event.detail ?? {})}, ${fromOf(event)})`;
  }

  /**
   * Records the event unless the same person had the same kind of event on the same review within `minutes`: a
   * page that asks again for its data (a reconnection, a fresh ticket) is one visit, not many.
   */
  async recordVisit(
    event: AuditEventInput & { actorUserId: string; reviewId: string },
    minutes: number,
  ): Promise<void> {
    const sql = this.#sql;
    await sql`
      insert into audit_events (actor_user_id, action, subject_id, review_id, detail, client_address)
      select ${event.actorUserId}, ${event.action}, ${event.subjectId ?? null}, ${event.reviewId},
        ${sql.json(event.detail ?? {})}, ${fromOf(event)}
      where not exists (
        select 1 from audit_events
        where review_id = ${event.reviewId} and action = ${event.action} and actor_user_id = ${event.actorUserId}
          and at > now() - make_interval(mins => ${minutes}))`;
  }
}

function fromOf(event: AuditEventInput): string | null {
  return event.from === undefined ? (currentRequest()?.from ?? null) : addressOrNull(event.from);
}
