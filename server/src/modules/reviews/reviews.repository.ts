import type {
  ActivityCreate,
  Focus,
  Readiness,
  ReviewCreate,
  ReviewHistoryEntry,
  ReviewRole,
  ReviewSession,
  ReviewState,
  ReviewSharingFlags,
  ReviewSummary,
  ReviewTeamMember,
  ReviewViewerRole,
  SessionCreate,
} from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';

export interface ReviewRow {
  id: string;
  partnershipId: string;
  partnershipName: string;
  hostSchoolId: string;
  hostSchoolName: string;
  hostSchoolCounty: string | null;
  academicYear: string;
  mode: 'virtual' | 'in_person' | 'hybrid';
  state: ReviewState;
  pausedFrom: ReviewState | null;
  startsOn: string | null;
  endsOn: string | null;
  focus: Focus | null;
  readiness: Readiness;
  sharing: ReviewSharingFlags;
  selfReviewSubmittedAt: Date | null;
  /** When the review last closed (null: it is not closed). */
  closedAt: Date | null;
  /** The partnership's access window for the visiting team after closing. */
  memberAccessMonths: number;
  /** Retention (shared/src/permissions/retention.ts): the partnership's setting and how far the review has gone. */
  contentRetentionMonths: number;
  deletionNoticeSentAt: Date | null;
  contentDeletionStartedAt: Date | null;
  contentDeletedAt: Date | null;
}

const REVIEW_COLUMNS = (sql: Queryable) => sql`
  r.id, r.partnership_id, p.name as partnership_name, r.host_school_id, s.name as host_school_name,
  s.county as host_school_county, r.academic_year, r.mode, r.state, r.paused_from,
  to_char(r.starts_on, 'YYYY-MM-DD') as starts_on, to_char(r.ends_on, 'YYYY-MM-DD') as ends_on,
  r.focus, r.readiness, r.sharing, r.self_review_submitted_at, p.member_access_months,
  p.content_retention_months, r.deletion_notice_sent_at, r.content_deletion_started_at, r.content_deleted_at,
  case when r.state = 'closed' then (
    select max(t.at) from review_transitions t where t.review_id = r.id and t.to_state = 'closed'
  ) end as closed_at`;

const FROM_REVIEWS = (sql: Queryable) => sql`
  reviews r join partnerships p on p.id = r.partnership_id join schools s on s.id = r.host_school_id`;

export function toSummary(row: ReviewRow, myRoles: string[]): ReviewSummary {
  return {
    id: row.id,
    state: row.state,
    hostSchool: { id: row.hostSchoolId, name: row.hostSchoolName, county: row.hostSchoolCounty },
    partnership: { id: row.partnershipId, name: row.partnershipName },
    academicYear: row.academicYear,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    myRoles,
  };
}

/** All SQL about reviews, their teams, timetables and history. */
export class ReviewsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async find(reviewId: string, sql: Queryable = this.#sql, lock = false): Promise<ReviewRow | undefined> {
    const [row] = await sql<ReviewRow[]>`
      select ${REVIEW_COLUMNS(sql)} from ${FROM_REVIEWS(sql)} where r.id = ${reviewId}
      ${lock ? sql`for update of r` : sql``}`;
    return row;
  }

  /**
   * How a person relates to a review: their team role, and whether they are host staff, the partnership's lead
   * (of the cluster or the partnership it belongs to) or another cluster member.
   */
  async viewerRoles(
    review: { id: string; hostSchoolId: string; partnershipId: string },
    userId: string,
    sql: Queryable = this.#sql,
  ): Promise<ReviewViewerRole[]> {
    const [row] = await sql<
      { teamRole: ReviewRole | null; hostStaff: boolean; lead: boolean; clusterMember: boolean }[]
    >`
      select
        (select role from review_members where review_id = ${review.id} and user_id = ${userId}) as team_role,
        exists (select 1 from school_members where school_id = ${review.hostSchoolId} and user_id = ${userId}) as host_staff,
        exists (
          select 1 from partnership_members pm join partnerships p on p.id = ${review.partnershipId}
          where pm.user_id = ${userId} and pm.role = 'partnership_lead'
            and (pm.partnership_id = p.id or pm.partnership_id = p.parent_id)
        ) as lead,
        (
          -- A local authority or board viewer sees the partnership only as a board (docs/board-view.md).
          exists (
            select 1 from partnership_members
            where partnership_id = ${review.partnershipId} and user_id = ${userId} and role <> 'la_viewer'
          )
          or exists (
            select 1 from school_members sm join partnership_schools ps on ps.school_id = sm.school_id
            where sm.user_id = ${userId} and ps.partnership_id = ${review.partnershipId}
          )
        ) as cluster_member`;
    const roles: ReviewViewerRole[] = [];
    if (row?.teamRole) {
      roles.push(row.teamRole);
    }
    if (row?.hostStaff && row.teamRole !== 'host_headteacher' && row.teamRole !== 'host_link_lead') {
      roles.push('host_staff');
    }
    if (row?.lead) {
      roles.push('partnership_lead');
    }
    if (row?.clusterMember) {
      roles.push('cluster_member');
    }
    return roles;
  }

  /** Reviews a person could possibly see: on the team, staff of the host school, or leading the partnership. */
  async candidatesFor(userId: string): Promise<ReviewRow[]> {
    return this.#sql<ReviewRow[]>`
      select ${REVIEW_COLUMNS(this.#sql)} from ${FROM_REVIEWS(this.#sql)}
      where exists (select 1 from review_members m where m.review_id = r.id and m.user_id = ${userId})
        or exists (select 1 from school_members sm where sm.school_id = r.host_school_id and sm.user_id = ${userId})
        or exists (
          select 1 from partnership_members pm
          where pm.user_id = ${userId} and pm.role = 'partnership_lead'
            and (pm.partnership_id = r.partnership_id or pm.partnership_id = p.parent_id)
        )
      order by r.starts_on nulls last, s.name`;
  }

  async inPartnership(partnershipId: string): Promise<ReviewRow[]> {
    return this.#sql<ReviewRow[]>`
      select ${REVIEW_COLUMNS(this.#sql)} from ${FROM_REVIEWS(this.#sql)}
      where r.partnership_id = ${partnershipId} order by r.starts_on nulls last, s.name`;
  }

  async create(input: ReviewCreate, createdBy: string, sql: Queryable = this.#sql): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into reviews (partnership_id, host_school_id, academic_year, mode, starts_on, ends_on, created_by)
      values (${input.partnershipId}, ${input.hostSchoolId}, ${input.academicYear}, ${input.mode},
        ${input.startsOn ?? null}, ${input.endsOn ?? null}, ${createdBy})
      returning id`;
    if (!row) {
      throw new Error('insert into reviews returned no row');
    }
    return row.id;
  }

  async team(reviewId: string, sql: Queryable = this.#sql): Promise<(ReviewTeamMember & { schoolIds: string[] })[]> {
    return sql<(ReviewTeamMember & { schoolIds: string[] })[]>`
      select m.user_id, m.role, u.display_name,
        (select s.name from school_members sm join schools s on s.id = sm.school_id
          where sm.user_id = m.user_id order by s.name limit 1) as school_name,
        (select s.county from school_members sm join schools s on s.id = sm.school_id
          where sm.user_id = m.user_id order by s.name limit 1) as county,
        coalesce((select array_agg(sm.school_id) from school_members sm where sm.user_id = m.user_id), '{}') as school_ids
      from review_members m join users u on u.id = m.user_id
      where m.review_id = ${reviewId}
      order by array_position(array['host_headteacher', 'host_link_lead', 'lead_reviewer', 'peer_reviewer', 'improvement_champion', 'spp_associate'], m.role), u.display_name`;
  }

  async addMember(
    reviewId: string,
    userId: string,
    role: ReviewRole,
    addedBy: string | null,
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`insert into review_members (review_id, user_id, role, added_by) values (${reviewId}, ${userId}, ${role}, ${addedBy})`;
  }

  async removeMember(reviewId: string, userId: string, sql: Queryable = this.#sql): Promise<boolean> {
    const result = await sql`delete from review_members where review_id = ${reviewId} and user_id = ${userId}`;
    return result.count > 0;
  }

  async sessions(reviewId: string, sql: Queryable = this.#sql): Promise<ReviewSession[]> {
    const sessions = await sql<
      (Omit<ReviewSession, 'startsAt' | 'endsAt' | 'activities'> & { startsAt: Date; endsAt: Date })[]
    >`
      select id, kind, title, starts_at, ends_at from review_sessions where review_id = ${reviewId} order by starts_at`;
    const activities = await sql<
      { id: string; sessionId: string; kind: string; title: string; startsAt: Date; endsAt: Date; mediaMode: string }[]
    >`
      select a.id, a.session_id, a.kind, a.title, a.starts_at, a.ends_at, a.media_mode
      from review_activities a join review_sessions s on s.id = a.session_id
      where s.review_id = ${reviewId} order by a.starts_at`;
    return sessions.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      activities: activities
        .filter((a) => a.sessionId === s.id)
        .map((a) => ({
          id: a.id,
          kind: a.kind as ReviewSession['activities'][number]['kind'],
          title: a.title,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
          mediaMode: a.mediaMode as ReviewSession['activities'][number]['mediaMode'],
        })),
    }));
  }

  /** When the sessions of any review these people are on start, between two instants (to find their busy days). */
  async sessionStartsOf(userIds: readonly string[], after: Date, before: Date): Promise<Date[]> {
    if (userIds.length === 0) {
      return [];
    }
    const rows = await this.#sql<{ startsAt: Date }[]>`
      select distinct rs.starts_at from review_sessions rs
      join review_members m on m.review_id = rs.review_id
      join reviews r on r.id = rs.review_id
      where m.user_id in ${this.#sql(userIds)} and rs.starts_at >= ${after} and rs.starts_at < ${before}
        and r.state not in ('cancelled', 'closed')`;
    return rows.map((row) => row.startsAt);
  }

  async addSession(reviewId: string, input: SessionCreate, sql: Queryable = this.#sql): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into review_sessions (review_id, kind, title, starts_at, ends_at)
      values (${reviewId}, ${input.kind}, ${input.title}, ${new Date(input.startsAt)}, ${new Date(input.endsAt)})
      returning id`;
    if (!row) {
      throw new Error('insert into review_sessions returned no row');
    }
    return row.id;
  }

  async findSession(reviewId: string, sessionId: string): Promise<{ id: string; kind: string } | undefined> {
    const [row] = await this.#sql<{ id: string; kind: string }[]>`
      select id, kind from review_sessions where id = ${sessionId} and review_id = ${reviewId}`;
    return row;
  }

  async addActivity(
    sessionId: string,
    input: ActivityCreate & { mediaMode: string },
    sql: Queryable = this.#sql,
  ): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into review_activities (session_id, kind, title, starts_at, ends_at, media_mode)
      values (${sessionId}, ${input.kind}, ${input.title}, ${new Date(input.startsAt)}, ${new Date(input.endsAt)}, ${input.mediaMode})
      returning id`;
    if (!row) {
      throw new Error('insert into review_activities returned no row');
    }
    return row.id;
  }

  /** Ends an activity of the session now if it is under way (its end moves to now). */
  async endActivityNow(sessionId: string, activityId: string): Promise<'ended' | 'not_running' | 'not_found'> {
    const [row] = await this.#sql<{ running: boolean }[]>`
      select starts_at < now() and ends_at > now() as running from review_activities
      where id = ${activityId} and session_id = ${sessionId}`;
    if (!row) {
      return 'not_found';
    }
    if (!row.running) {
      return 'not_running';
    }
    const ended = await this.#sql`
      update review_activities set ends_at = now()
      where id = ${activityId} and session_id = ${sessionId} and starts_at < now() and ends_at > now()`;
    return ended.count === 1 ? 'ended' : 'not_running';
  }

  /** Moves a session and shifts its activities by as much; one more iCalendar sequence. False if there is none. */
  async moveSession(reviewId: string, sessionId: string, startsAt: Date, endsAt: Date, tx: Tx): Promise<boolean> {
    const [old] = await tx<{ startsAt: Date }[]>`
      select starts_at from review_sessions where id = ${sessionId} and review_id = ${reviewId} for update`;
    if (!old) {
      return false;
    }
    const shiftSeconds = (startsAt.getTime() - old.startsAt.getTime()) / 1000;
    await tx`update review_sessions set starts_at = ${startsAt}, ends_at = ${endsAt}, ical_sequence = ical_sequence + 1
      where id = ${sessionId}`;
    await tx`update review_activities
      set starts_at = starts_at + make_interval(secs => ${shiftSeconds}::double precision),
        ends_at = ends_at + make_interval(secs => ${shiftSeconds}::double precision)
      where session_id = ${sessionId}`;
    return true;
  }

  /**
   * Removes a session nobody has joined, answering what its cancellation notice needs (with the next iCalendar
   * sequence); 'attended' when someone has joined it, 'not_found' when it is not this review's.
   */
  async removeSession(
    reviewId: string,
    sessionId: string,
    tx: Tx,
  ): Promise<
    { kind: string; title: string; startsAt: Date; endsAt: Date; sequence: number } | 'attended' | 'not_found'
  > {
    const [row] = await tx<{ kind: string; title: string; startsAt: Date; endsAt: Date; icalSequence: number }[]>`
      select kind, title, starts_at, ends_at, ical_sequence from review_sessions
      where id = ${sessionId} and review_id = ${reviewId} for update`;
    if (!row) {
      return 'not_found';
    }
    const [attended] = await tx`select 1 from session_attendance where session_id = ${sessionId} limit 1`;
    if (attended) {
      return 'attended';
    }
    await tx`delete from review_sessions where id = ${sessionId}`;
    const { icalSequence, ...session } = row;
    return { ...session, sequence: icalSequence + 1 };
  }

  async setFocus(reviewId: string, focus: Focus): Promise<void> {
    await this.#sql`update reviews set focus = ${this.#sql.json(focus)}, updated_at = now() where id = ${reviewId}`;
  }

  async setReadiness(reviewId: string, readiness: Readiness): Promise<void> {
    await this
      .#sql`update reviews set readiness = ${this.#sql.json({ ...readiness })}, updated_at = now() where id = ${reviewId}`;
  }

  /** Moves the review from `from` to `to` and appends the history row; false if the state changed meanwhile. */
  async transition(
    change: {
      reviewId: string;
      from: ReviewState;
      to: ReviewState;
      action: string;
      actorUserId: string | null;
      note: string | null;
      pausedFrom: ReviewState | null;
    },
    sql: Queryable,
  ): Promise<boolean> {
    const updated = await sql`
      update reviews set state = ${change.to}, paused_from = ${change.pausedFrom}, updated_at = now()
      where id = ${change.reviewId} and state = ${change.from}`;
    if (updated.count === 0) {
      return false;
    }
    await sql`
      insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, note)
      values (${change.reviewId}, ${change.from}, ${change.to}, ${change.action}, ${change.actorUserId}, ${change.note})`;
    return true;
  }

  /** The host headteacher submitted the self-review (once; the lifecycle refuses a second time). */
  async markSelfReviewSubmitted(reviewId: string, sql: Queryable): Promise<void> {
    await sql`update reviews set self_review_submitted_at = now(), updated_at = now() where id = ${reviewId}`;
  }

  async history(reviewId: string): Promise<ReviewHistoryEntry[]> {
    const rows = await this.#sql<
      {
        id: string;
        fromState: ReviewState | null;
        toState: ReviewState;
        action: string;
        actorUserId: string | null;
        actorName: string | null;
        note: string | null;
        at: Date;
      }[]
    >`
      select t.id::text as id, t.from_state, t.to_state, t.action, t.actor_user_id, u.display_name as actor_name, t.note, t.at
      from review_transitions t left join users u on u.id = t.actor_user_id
      where t.review_id = ${reviewId} order by t.id`;
    return rows.map((row) => ({
      id: row.id,
      from: row.fromState,
      to: row.toState,
      action: row.action,
      actor: row.actorUserId ? { id: row.actorUserId, displayName: row.actorName ?? '' } : null,
      note: row.note,
      at: row.at.toISOString(),
    }));
  }

  /** The host school's headteacher(s), to put on a new review's team. */
  async headteachersOf(schoolId: string, sql: Queryable = this.#sql): Promise<string[]> {
    const rows = await sql<{ userId: string }[]>`
      select user_id from school_members where school_id = ${schoolId} and role = 'headteacher' order by created_at`;
    return rows.map((r) => r.userId);
  }
}
