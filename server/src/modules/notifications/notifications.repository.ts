import {
  DefaultNotificationPreferences,
  londonDay,
  type Notification,
  type NotificationKind,
  type NotificationPreferences,
  type ReminderLead,
  type ReviewRole,
  type ReviewViewerRole,
  type SessionKind,
} from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  text: string;
  href: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Someone Crosswalk may tell something: where to write to them, and how they want to hear. */
export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
  preferences: NotificationPreferences;
}

/** A session and the review it belongs to, as notices and invitations name them. */
export interface SessionFacts {
  sessionId: string;
  reviewId: string;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  hostSchoolName: string;
}

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  kind: row.kind,
  text: row.text,
  href: row.href,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
});

/** In-app notifications, preferences, sent reminders and digests; and the facts the notifier looks up. */
export class NotificationsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async add(
    notices: { userId: string; kind: NotificationKind; text: string; href: string }[],
    sql: Queryable = this.#sql,
  ): Promise<void> {
    for (const n of notices) {
      await sql`insert into notifications (user_id, kind, text, href) values (${n.userId}, ${n.kind}, ${n.text}, ${n.href})`;
    }
  }

  /** A person's own notifications, newest first. */
  async list(userId: string, options: { unreadOnly: boolean; limit: number }): Promise<Notification[]> {
    const rows = await this.#sql<NotificationRow[]>`
      select id, kind, text, href, created_at, read_at from notifications
      where user_id = ${userId} and (${!options.unreadOnly} or read_at is null)
      order by created_at desc, id desc limit ${options.limit}`;
    return rows.map(toNotification);
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.#sql<{ n: number }[]>`
      select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
    return row?.n ?? 0;
  }

  /** Marks one of the person's own notifications read; false when they have none with that id. */
  async markRead(userId: string, id: string): Promise<boolean> {
    const result = await this.#sql`
      update notifications set read_at = coalesce(read_at, now()) where id = ${id} and user_id = ${userId}`;
    return result.count > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.#sql`
      update notifications set read_at = now() where user_id = ${userId} and read_at is null`;
    return result.count;
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const [row] = await this.#sql<NotificationPreferences[]>`
      select channel, daily_digest from notification_preferences where user_id = ${userId}`;
    return row ? { channel: row.channel, dailyDigest: row.dailyDigest } : DefaultNotificationPreferences;
  }

  async setPreferences(userId: string, preferences: NotificationPreferences): Promise<void> {
    await this.#sql`
      insert into notification_preferences (user_id, channel, daily_digest)
      values (${userId}, ${preferences.channel}, ${preferences.dailyDigest})
      on conflict (user_id) do update
        set channel = excluded.channel, daily_digest = excluded.daily_digest, updated_at = now()`;
  }

  /** The people with these ids who still have a working account, with their preferences. */
  async recipients(userIds: readonly string[]): Promise<Recipient[]> {
    if (userIds.length === 0) {
      return [];
    }
    const rows = await this.#sql<
      { userId: string; email: string; displayName: string; channel: string | null; dailyDigest: boolean | null }[]
    >`
      select u.id as user_id, u.email, u.display_name, p.channel, p.daily_digest
      from users u left join notification_preferences p on p.user_id = u.id
      where u.id = any(${[...userIds]}::uuid[]) and u.disabled_at is null`;
    return rows.map((row) => ({
      userId: row.userId,
      email: row.email,
      displayName: row.displayName,
      preferences:
        row.channel === null
          ? DefaultNotificationPreferences
          : { channel: row.channel as NotificationPreferences['channel'], dailyDigest: row.dailyDigest ?? false },
    }));
  }

  async hostSchoolName(reviewId: string): Promise<string | null> {
    const [row] = await this.#sql<{ name: string }[]>`
      select s.name from reviews r join schools s on s.id = r.host_school_id where r.id = ${reviewId}`;
    return row?.name ?? null;
  }

  /** What a published rota's notice says of a review: its partnership, year, host and review days (London). */
  async rotaReview(
    reviewId: string,
  ): Promise<{ partnershipName: string; academicYear: string; hostSchoolName: string; days: string[] } | null> {
    const [row] = await this.#sql<{ partnershipName: string; academicYear: string; hostSchoolName: string }[]>`
      select p.name as partnership_name, r.academic_year, s.name as host_school_name
      from reviews r join partnerships p on p.id = r.partnership_id join schools s on s.id = r.host_school_id
      where r.id = ${reviewId}`;
    if (!row) {
      return null;
    }
    const sessions = await this.#sql<{ startsAt: Date }[]>`
      select starts_at from review_sessions where review_id = ${reviewId} and kind = 'review_day' order by starts_at`;
    return { ...row, days: [...new Set(sessions.map((s) => londonDay(s.startsAt)))] };
  }

  async team(reviewId: string): Promise<{ userId: string; role: ReviewRole }[]> {
    return this.#sql<{ userId: string; role: ReviewRole }[]>`
      select user_id, role from review_members where review_id = ${reviewId}`;
  }

  /**
   * Everyone who may take part in a review's sessions with their roles: the team, and the host school's staff
   * (who take part in the improvement workshop).
   */
  async sessionPeople(reviewId: string): Promise<{ userId: string; roles: ReviewViewerRole[] }[]> {
    const rows = await this.#sql<{ userId: string; role: ReviewViewerRole }[]>`
      select user_id, role from review_members where review_id = ${reviewId}
      union all
      select sm.user_id, 'host_staff' from school_members sm join reviews r on r.host_school_id = sm.school_id
      where r.id = ${reviewId}`;
    const people = new Map<string, ReviewViewerRole[]>();
    for (const row of rows) {
      people.set(row.userId, [...(people.get(row.userId) ?? []), row.role]);
    }
    return [...people].map(([userId, roles]) => ({ userId, roles }));
  }

  /**
   * The host school's designated safeguarding leads (staff marked as DSL, and accounts with the email address of a
   * DSL or deputy recorded for the school) and its headteachers.
   */
  async safeguardingPeople(reviewId: string): Promise<{ dslUserIds: string[]; hostHeadUserIds: string[] }> {
    const rows = await this.#sql<{ userId: string; isDsl: boolean; role: string }[]>`
      select sm.user_id, sm.is_dsl, sm.role from school_members sm
      join reviews r on r.host_school_id = sm.school_id
      join users u on u.id = sm.user_id
      where r.id = ${reviewId} and u.disabled_at is null
      union all
      select u.id, true, 'recorded_contact' from school_safeguarding_contacts c
      join reviews r on r.host_school_id = c.school_id
      join users u on u.email = c.email
      where r.id = ${reviewId} and u.disabled_at is null`;
    return {
      dslUserIds: rows.filter((r) => r.isDsl).map((r) => r.userId),
      hostHeadUserIds: rows.filter((r) => r.role === 'headteacher').map((r) => r.userId),
    };
  }

  async session(sessionId: string): Promise<SessionFacts | null> {
    const [row] = await this.#sql<(Omit<SessionFacts, 'sessionId'> & { id: string })[]>`
      select rs.id, rs.review_id, rs.kind, rs.title, rs.starts_at, rs.ends_at, rs.ical_sequence as sequence,
        s.name as host_school_name
      from review_sessions rs join reviews r on r.id = rs.review_id join schools s on s.id = r.host_school_id
      where rs.id = ${sessionId}`;
    if (!row) {
      return null;
    }
    const { id, ...facts } = row;
    return { sessionId: id, ...facts };
  }

  /** A review's sessions that have not ended yet, soonest first (those an invitation can still be useful for). */
  async sessionsToCome(reviewId: string): Promise<SessionFacts[]> {
    const rows = await this.#sql<(Omit<SessionFacts, 'sessionId'> & { id: string })[]>`
      select rs.id, rs.review_id, rs.kind, rs.title, rs.starts_at, rs.ends_at, rs.ical_sequence as sequence,
        s.name as host_school_name
      from review_sessions rs join reviews r on r.id = rs.review_id join schools s on s.id = r.host_school_id
      where rs.review_id = ${reviewId} and rs.ends_at > now()
      order by rs.starts_at`;
    return rows.map(({ id, ...facts }) => ({ sessionId: id, ...facts }));
  }

  /** Sessions of reviews still running that start in (after, until]. */
  async sessionsStarting(after: Date, until: Date): Promise<SessionFacts[]> {
    const rows = await this.#sql<(Omit<SessionFacts, 'sessionId'> & { id: string })[]>`
      select rs.id, rs.review_id, rs.kind, rs.title, rs.starts_at, rs.ends_at, rs.ical_sequence as sequence,
        s.name as host_school_name
      from review_sessions rs join reviews r on r.id = rs.review_id join schools s on s.id = r.host_school_id
      where rs.starts_at > ${after} and rs.starts_at <= ${until} and r.state not in ('paused', 'cancelled', 'closed')
      order by rs.starts_at`;
    return rows.map(({ id, ...facts }) => ({ sessionId: id, ...facts }));
  }

  /**
   * Claims one reminder for one person: true for the one process whose insert made the row, so each reminder
   * goes once however many processes run the scheduler.
   */
  async claimReminder(sessionId: string, userId: string, lead: ReminderLead): Promise<boolean> {
    const rows = await this.#sql`
      insert into session_reminders (session_id, user_id, lead) values (${sessionId}, ${userId}, ${lead})
      on conflict do nothing returning session_id`;
    return rows.length > 0;
  }

  /** A moved session is reminded of again, at its new time. */
  async forgetReminders(sessionId: string): Promise<void> {
    await this.#sql`delete from session_reminders where session_id = ${sessionId}`;
  }

  async digestReaders(): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select p.user_id from notification_preferences p join users u on u.id = p.user_id
      where p.daily_digest and u.disabled_at is null`;
    return rows.map((r) => r.userId);
  }

  /** Claims one person's digest for one London day (YYYY-MM-DD); true for the process that made the row. */
  async claimDigest(userId: string, day: string): Promise<boolean> {
    const rows = await this.#sql`
      insert into notification_digests (user_id, day) values (${userId}, ${day}::date)
      on conflict do nothing returning user_id`;
    return rows.length > 0;
  }

  /**
   * A person's unread notifications that no earlier digest (before `day`) listed: those created since their last
   * one. Both times come from the database's clock, so no window depends on when the scheduler runs.
   */
  async unreadSinceLastDigest(userId: string, day: string): Promise<Notification[]> {
    const rows = await this.#sql<NotificationRow[]>`
      select id, kind, text, href, created_at, read_at from notifications
      where user_id = ${userId} and read_at is null
        and created_at > coalesce(
          (select max(sent_at) from notification_digests where user_id = ${userId} and day < ${day}::date),
          '-infinity'::timestamptz)
      order by created_at desc, id desc`;
    return rows.map(toNotification);
  }
}
