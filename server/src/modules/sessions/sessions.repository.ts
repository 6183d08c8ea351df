import type { SessionKind } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

export interface SessionRow {
  id: string;
  reviewId: string;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

export interface AttendanceRow {
  sessionId: string;
  userId: string;
  displayName: string;
  joinedAt: Date;
  leftAt: Date | null;
}

export class ReviewSessionsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async find(sessionId: string): Promise<SessionRow | undefined> {
    const [row] = await this.#sql<SessionRow[]>`
      select id, review_id, kind, title, starts_at, ends_at from review_sessions where id = ${sessionId}`;
    return row;
  }

  /** Whether an audio-only activity of the session is under way at `at`. */
  async audioOnlyAt(sessionId: string, at: Date): Promise<boolean> {
    return (await this.audioOnlyActivityAt(sessionId, at)) !== null;
  }

  /** The title of the audio-only activity under way at `at` (the first to start, if they overlap), or null. */
  async audioOnlyActivityAt(sessionId: string, at: Date): Promise<string | null> {
    const [row] = await this.#sql<{ title: string }[]>`
      select title from review_activities
      where session_id = ${sessionId} and media_mode = 'audio_only' and starts_at <= ${at} and ends_at > ${at}
      order by starts_at, id
      limit 1`;
    return row?.title ?? null;
  }

  /** The next time after `at` when an activity of the session starts or ends, if any (the media rules may change). */
  async nextActivityChangeAfter(sessionId: string, at: Date): Promise<Date | null> {
    const [row] = await this.#sql<{ next: Date | null }[]>`
      select min(t) as next from (
        select starts_at as t from review_activities where session_id = ${sessionId} and starts_at > ${at}
        union all
        select ends_at as t from review_activities where session_id = ${sessionId} and ends_at > ${at}
      ) as changes`;
    return row?.next ?? null;
  }

  async isAdmitted(sessionId: string, userId: string): Promise<boolean> {
    const [row] = await this
      .#sql`select 1 from session_admissions where session_id = ${sessionId} and user_id = ${userId}`;
    return row !== undefined;
  }

  async admit(sessionId: string, userId: string, admittedBy: string): Promise<void> {
    await this.#sql`
      insert into session_admissions (session_id, user_id, admitted_by) values (${sessionId}, ${userId}, ${admittedBy})
      on conflict do nothing`;
  }

  async joined(sessionId: string, userId: string): Promise<void> {
    await this.#sql`insert into session_attendance (session_id, user_id) values (${sessionId}, ${userId})`;
  }

  /** Closes the person's open attendance row (the most recent one). */
  async left(sessionId: string, userId: string): Promise<void> {
    await this.#sql`
      update session_attendance set left_at = now()
      where id = (
        select id from session_attendance
        where session_id = ${sessionId} and user_id = ${userId} and left_at is null
        order by joined_at desc limit 1
      )`;
  }

  async attendanceForReview(reviewId: string): Promise<AttendanceRow[]> {
    return this.#sql<AttendanceRow[]>`
      select a.session_id, a.user_id, u.display_name, a.joined_at, a.left_at
      from session_attendance a
      join review_sessions s on s.id = a.session_id
      join users u on u.id = a.user_id
      where s.review_id = ${reviewId}
      order by a.joined_at`;
  }

  async recordConcern(sessionId: string, role: string, aboutHeadteacher: boolean): Promise<Date> {
    const [row] = await this.#sql<{ raisedAt: Date }[]>`
      insert into safeguarding_concerns (session_id, raised_by_role, about_headteacher)
      values (${sessionId}, ${role}, ${aboutHeadteacher}) returning raised_at`;
    return row?.raisedAt ?? new Date();
  }

  /**
   * Where a concern goes: the host school's designated safeguarding lead and deputy as recorded for the school
   * (with or without a Crosswalk account) and any staff account marked as a DSL, or the local authority's
   * designated officer (LADO) for concerns about the head. Each address once.
   */
  async safeguardingContacts(
    reviewId: string,
  ): Promise<{ dslEmails: string[]; ladoEmail: string | null; schoolName: string }> {
    const [row] = await this.#sql<{ dslEmails: string[] | null; ladoEmail: string | null; schoolName: string }[]>`
      select s.name as school_name, la.lado_email,
        array(
          select c.email from school_safeguarding_contacts c where c.school_id = s.id
          union
          select u.email from school_members sm join users u on u.id = sm.user_id
          where sm.school_id = s.id and sm.is_dsl and u.disabled_at is null
        ) as dsl_emails
      from reviews r join schools s on s.id = r.host_school_id
      left join local_authorities la on la.id = s.local_authority_id
      where r.id = ${reviewId}`;
    return {
      dslEmails: [...(row?.dslEmails ?? [])].sort(),
      ladoEmail: row?.ladoEmail ?? null,
      schoolName: row?.schoolName ?? '',
    };
  }
}
