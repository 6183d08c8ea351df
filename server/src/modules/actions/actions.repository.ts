import type { ActionStatus } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

/** One action as stored (dates as YYYY-MM-DD). */
export interface ActionRow {
  reviewId: string;
  id: string;
  label: string;
  position: number;
  text: string;
  ownerRole: string;
  ownerUserId: string | null;
  ownerName: string | null;
  startsOn: string;
  dueOn: string;
  successCriteria: string;
  supportNeeded: string;
  status: ActionStatus;
  inPlan: boolean;
  updatedAt: Date;
}

/** What publishing takes from one action row of the document. */
export interface PublishedAction {
  id: string;
  label: string;
  position: number;
  text: string;
  ownerRole: string;
  startsOn: string;
  dueOn: string;
  successCriteria: string;
  supportNeeded: string;
  /** The status written in the document: used only when the action is new. */
  status: ActionStatus;
}

export interface ActionUpdateRow {
  id: string;
  authorUserId: string | null;
  authorName: string | null;
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus | null;
  note: string | null;
  createdAt: Date;
}

/** An action that needs telling about, with the review's host school and its headteachers. */
export interface AlertCandidate {
  reviewId: string;
  actionId: string;
  label: string;
  dueOn: string;
  ownerUserId: string | null;
  hostSchoolName: string;
}

const SELECT = (sql: Queryable) => sql`
  select a.review_id, a.id, a.label, a.position, a.text, a.owner_role, a.owner_user_id, u.display_name as owner_name,
    to_char(a.starts_on, 'YYYY-MM-DD') as starts_on, to_char(a.due_on, 'YYYY-MM-DD') as due_on,
    a.success_criteria, a.support_needed, a.status, a.in_plan, a.updated_at
  from review_actions a left join users u on u.id = a.owner_user_id`;

/** Published actions, their history of updates, and the alerts already sent about them. */
export class ActionsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * Copies the plan's actions into records: a new action starts with the document's status; one already published
   * takes the corrected words and dates but keeps its status, owner and history. An action no longer in the plan
   * is kept, marked as out of it. Returns how many were new.
   */
  async publish(reviewId: string, actions: readonly PublishedAction[], sql: Queryable = this.#sql): Promise<number> {
    let created = 0;
    for (const a of actions) {
      const [row] = await sql<{ inserted: boolean }[]>`
        insert into review_actions (review_id, id, label, position, text, owner_role, starts_on, due_on,
          success_criteria, support_needed, status)
        values (${reviewId}, ${a.id}, ${a.label}, ${a.position}, ${a.text}, ${a.ownerRole}, ${a.startsOn}, ${a.dueOn},
          ${a.successCriteria}, ${a.supportNeeded}, ${a.status})
        on conflict (review_id, id) do update set
          label = excluded.label, position = excluded.position, text = excluded.text,
          owner_role = excluded.owner_role, starts_on = excluded.starts_on, due_on = excluded.due_on,
          success_criteria = excluded.success_criteria, support_needed = excluded.support_needed,
          in_plan = true, updated_at = now()
        returning (xmax = 0) as inserted`;
      if (row?.inserted) {
        created += 1;
      }
    }
    const ids = actions.map((a) => a.id);
    await sql`
      update review_actions set in_plan = false, updated_at = now()
      where review_id = ${reviewId} and in_plan and not (id = any(${ids}::text[]))`;
    return created;
  }

  async list(reviewId: string): Promise<ActionRow[]> {
    return this.#sql<
      ActionRow[]
    >`${SELECT(this.#sql)} where a.review_id = ${reviewId} order by a.in_plan desc, a.position`;
  }

  async find(
    reviewId: string,
    actionId: string,
    sql: Queryable = this.#sql,
    lock = false,
  ): Promise<ActionRow | undefined> {
    const [row] = await sql<ActionRow[]>`
      ${SELECT(sql)} where a.review_id = ${reviewId} and a.id = ${actionId} ${lock ? sql`for update of a` : sql``}`;
    return row;
  }

  async history(reviewId: string, actionId: string): Promise<ActionUpdateRow[]> {
    return this.#sql<ActionUpdateRow[]>`
      select p.id, p.author_user_id, u.display_name as author_name, p.from_status, p.to_status, p.note, p.created_at
      from review_action_updates p left join users u on u.id = p.author_user_id
      where p.review_id = ${reviewId} and p.action_id = ${actionId}
      order by p.created_at desc, p.seq desc`;
  }

  /** Records one update and sets the action's status to it. */
  async update(
    input: {
      reviewId: string;
      actionId: string;
      authorUserId: string;
      fromStatus: ActionStatus;
      toStatus: ActionStatus | null;
      note: string | null;
      at: Date;
    },
    sql: Queryable,
  ): Promise<void> {
    await sql`
      insert into review_action_updates (review_id, action_id, author_user_id, from_status, to_status, note, created_at)
      values (${input.reviewId}, ${input.actionId}, ${input.authorUserId},
        ${input.toStatus === null ? null : input.fromStatus}, ${input.toStatus}, ${input.note}, ${input.at})`;
    if (input.toStatus !== null) {
      await sql`
        update review_actions set status = ${input.toStatus}, updated_at = ${input.at}
        where review_id = ${input.reviewId} and id = ${input.actionId}`;
    }
  }

  async setOwner(reviewId: string, actionId: string, userId: string | null, sql: Queryable): Promise<void> {
    await sql`
      update review_actions set owner_user_id = ${userId}, updated_at = now()
      where review_id = ${reviewId} and id = ${actionId}`;
  }

  /** Whether this person is on the staff of the review's host school. */
  async isHostStaff(reviewId: string, userId: string): Promise<boolean> {
    const [row] = await this.#sql<{ found: boolean }[]>`
      select exists (
        select 1 from school_members sm join reviews r on r.host_school_id = sm.school_id
        join users u on u.id = sm.user_id
        where r.id = ${reviewId} and sm.user_id = ${userId} and u.disabled_at is null
      ) as found`;
    return row?.found ?? false;
  }

  /** The host headteachers on the review's team: they hear of every action overdue or at risk. */
  async hostHeads(reviewId: string): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select user_id from review_members where review_id = ${reviewId} and role = 'host_headteacher'`;
    return rows.map((r) => r.userId);
  }

  /** One action's alert facts (for the at-risk check when its status changes). */
  async alertCandidate(reviewId: string, actionId: string): Promise<AlertCandidate | undefined> {
    const [row] = await this.#sql<AlertCandidate[]>`
      select a.review_id, a.id as action_id, a.label, to_char(a.due_on, 'YYYY-MM-DD') as due_on, a.owner_user_id,
        s.name as host_school_name
      from review_actions a join reviews r on r.id = a.review_id join schools s on s.id = r.host_school_id
      where a.review_id = ${reviewId} and a.id = ${actionId}`;
    return row;
  }

  /**
   * Actions in the plans being followed through whose due date is before `today` (London) and that are not
   * complete, and that have not been told about yet.
   */
  async overdue(today: string, states: readonly string[]): Promise<AlertCandidate[]> {
    return this.#sql<AlertCandidate[]>`
      select a.review_id, a.id as action_id, a.label, to_char(a.due_on, 'YYYY-MM-DD') as due_on, a.owner_user_id,
        s.name as host_school_name
      from review_actions a join reviews r on r.id = a.review_id join schools s on s.id = r.host_school_id
      where a.status <> 'complete' and a.in_plan and a.due_on < ${today}::date
        and r.state = any(${[...states]}::text[])
        and not exists (select 1 from review_action_alerts x
          where x.review_id = a.review_id and x.action_id = a.id and x.condition = 'overdue')
      order by a.due_on, a.review_id, a.position`;
  }

  /** Claims the one notice of this condition for this action; false when it was already sent. */
  async claimAlert(reviewId: string, actionId: string, condition: 'overdue' | 'at_risk', at: Date): Promise<boolean> {
    const rows = await this.#sql`
      insert into review_action_alerts (review_id, action_id, condition, sent_at)
      values (${reviewId}, ${actionId}, ${condition}, ${at})
      on conflict do nothing returning 1`;
    return rows.length === 1;
  }

  /** Actions completed per academic year of their review, across the partnership's reviews (for its evaluation). */
  async completedPerYear(partnershipId: string): Promise<Map<string, number>> {
    const rows = await this.#sql<{ academicYear: string; count: number }[]>`
      select r.academic_year, count(*)::int as count
      from review_actions a join reviews r on r.id = a.review_id
      where r.partnership_id = ${partnershipId} and a.in_plan and a.status = 'complete'
      group by r.academic_year`;
    return new Map(rows.map((r) => [r.academicYear, r.count]));
  }
}
