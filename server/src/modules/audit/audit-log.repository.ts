import type { Sql } from '../../db/client.ts';

/** One event of the log as read back, with the names and roles of the people as the accounts have them now. */
export interface AuditLogRow {
  id: string;
  at: Date;
  action: string;
  detail: Record<string, unknown>;
  reviewId: string | null;
  from: string | null;
  actorId: string | null;
  actorName: string | null;
  actorIsAdmin: boolean | null;
  subjectId: string | null;
  subjectName: string | null;
  /** The person's role on the event's review's team, if they have one. */
  reviewRole: string | null;
  /** Their role at the review's host school, if they are on its staff. */
  hostSchoolRole: string | null;
}

export interface AuditLogFilter {
  reviewId?: string | undefined;
  actions?: readonly string[] | undefined;
  /** The one who acted or the one acted on. */
  person?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  /** Only events older than this one (its id), for the next page. */
  before?: string | undefined;
  limit: number;
  offset?: number;
}

/** Reading the audit log (`AuditRepository` writes it): newest first, by review, kind, person or dates. */
export class AuditLogRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async events(filter: AuditLogFilter): Promise<AuditLogRow[]> {
    const sql = this.#sql;
    const { reviewId, actions, person, since, until, before } = filter;
    return sql<AuditLogRow[]>`
      select a.id::text as id, a.at, a.action, a.detail, a.review_id, host(a.client_address) as "from",
        a.actor_user_id as actor_id, actor.display_name as actor_name, actor.is_admin as actor_is_admin,
        subject.id as subject_id, subject.display_name as subject_name,
        member.role as review_role, staff.role as host_school_role
      from audit_events a
      left join users actor on actor.id = a.actor_user_id
      left join users subject on subject.id::text = a.subject_id
      left join review_members member on member.review_id = a.review_id and member.user_id = a.actor_user_id
      left join reviews r on r.id = a.review_id
      left join school_members staff on staff.school_id = r.host_school_id and staff.user_id = a.actor_user_id
      where true
        ${reviewId === undefined ? sql`` : sql`and a.review_id = ${reviewId}`}
        ${actions === undefined ? sql`` : sql`and a.action in ${sql(actions)}`}
        ${person === undefined ? sql`` : sql`and (a.actor_user_id = ${person} or a.subject_id = ${person})`}
        ${since === undefined ? sql`` : sql`and a.at >= ${since}`}
        ${until === undefined ? sql`` : sql`and a.at < ${until}`}
        ${
          before === undefined
            ? sql``
            : sql`and (a.at, a.id) < (select b.at, b.id from audit_events b where b.id = ${before})`
        }
      order by a.at desc, a.id desc
      limit ${filter.limit} offset ${filter.offset ?? 0}`;
  }
}
