import type { ProgressRating } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

/** One checkpoint as stored, with what its huddle recorded (null fields until then). */
export interface CheckpointRow {
  id: string;
  reviewId: string;
  scheduledAt: Date;
  recordedAt: Date | null;
  recordedBy: string | null;
  recordedByName: string | null;
  attendees: string | null;
  evidence: string | null;
  adjustments: string | null;
}

export interface RatingRow {
  checkpointId: string;
  actionId: string;
  rating: ProgressRating;
}

/** A checkpoint about to meet whose attendees have not been reminded yet. */
export interface ReminderCandidate {
  checkpointId: string;
  reviewId: string;
  scheduledAt: Date;
  hostSchoolName: string;
}

/** The impact review's checkpoints, their huddles' ratings and the reminders sent about them. */
export class ImpactRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async list(reviewId: string, sql: Queryable = this.#sql): Promise<CheckpointRow[]> {
    return sql<CheckpointRow[]>`
      select c.id, c.review_id, c.scheduled_at, c.recorded_at, c.recorded_by, u.display_name as recorded_by_name,
        c.attendees, c.evidence, c.adjustments
      from impact_checkpoints c left join users u on u.id = c.recorded_by
      where c.review_id = ${reviewId}
      order by c.scheduled_at, c.created_at, c.id`;
  }

  async find(
    reviewId: string,
    id: string,
    sql: Queryable = this.#sql,
    lock = false,
  ): Promise<CheckpointRow | undefined> {
    const [row] = await sql<CheckpointRow[]>`
      select c.id, c.review_id, c.scheduled_at, c.recorded_at, c.recorded_by, null as recorded_by_name,
        c.attendees, c.evidence, c.adjustments
      from impact_checkpoints c
      where c.review_id = ${reviewId} and c.id = ${id} ${lock ? sql`for update` : sql``}`;
    return row;
  }

  async ratings(reviewId: string, sql: Queryable = this.#sql): Promise<RatingRow[]> {
    return sql<RatingRow[]>`
      select r.checkpoint_id, r.action_id, r.rating from impact_ratings r where r.review_id = ${reviewId}`;
  }

  async count(reviewId: string, sql: Queryable): Promise<number> {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from impact_checkpoints where review_id = ${reviewId}`;
    return row?.n ?? 0;
  }

  async schedule(reviewId: string, at: Date, userId: string, sql: Queryable): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into impact_checkpoints (review_id, scheduled_at, scheduled_by)
      values (${reviewId}, ${at}, ${userId}) returning id`;
    if (!row) {
      throw new Error('the checkpoint was not created');
    }
    return row.id;
  }

  /** Moves a checkpoint not yet recorded; its reminder goes again for the new time. */
  async move(id: string, at: Date, sql: Queryable): Promise<void> {
    await sql`update impact_checkpoints set scheduled_at = ${at} where id = ${id} and recorded_at is null`;
    await sql`delete from impact_checkpoint_reminders where checkpoint_id = ${id}`;
  }

  async remove(id: string, sql: Queryable): Promise<void> {
    await sql`delete from impact_checkpoints where id = ${id} and recorded_at is null`;
  }

  async record(
    input: {
      reviewId: string;
      id: string;
      userId: string;
      at: Date;
      attendees: string;
      evidence: string;
      adjustments: string;
      ratings: { actionId: string; rating: ProgressRating }[];
    },
    sql: Queryable,
  ): Promise<void> {
    await sql`
      update impact_checkpoints set recorded_at = ${input.at}, recorded_by = ${input.userId},
        attendees = ${input.attendees}, evidence = ${input.evidence}, adjustments = ${input.adjustments}
      where id = ${input.id} and recorded_at is null`;
    for (const rating of input.ratings) {
      await sql`
        insert into impact_ratings (checkpoint_id, review_id, action_id, rating)
        values (${input.id}, ${input.reviewId}, ${rating.actionId}, ${rating.rating})`;
    }
  }

  /** Checkpoints not yet recorded that meet between `after` and `until`, of reviews following their plan. */
  async meetingSoon(after: Date, until: Date, states: readonly string[]): Promise<ReminderCandidate[]> {
    return this.#sql<ReminderCandidate[]>`
      select c.id as checkpoint_id, c.review_id, c.scheduled_at, s.name as host_school_name
      from impact_checkpoints c join reviews r on r.id = c.review_id join schools s on s.id = r.host_school_id
      where c.recorded_at is null and c.scheduled_at > ${after} and c.scheduled_at <= ${until}
        and r.state = any(${[...states]}::text[])
        and not exists (select 1 from impact_checkpoint_reminders m where m.checkpoint_id = c.id)
      order by c.scheduled_at`;
  }

  /** Claims the one reminder of a checkpoint; false when it was already sent. */
  async claimReminder(checkpointId: string, at: Date): Promise<boolean> {
    const rows = await this.#sql`
      insert into impact_checkpoint_reminders (checkpoint_id, sent_at) values (${checkpointId}, ${at})
      on conflict do nothing returning 1`;
    return rows.length === 1;
  }

  /** Who takes part in a huddle: the host headteacher, host link lead, lead reviewer and improvement champion. */
  async attendees(reviewId: string): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select distinct user_id from review_members
      where review_id = ${reviewId}
        and role in ('host_headteacher', 'host_link_lead', 'lead_reviewer', 'improvement_champion')`;
    return rows.map((r) => r.userId);
  }
}
