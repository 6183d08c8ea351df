import { describeAuditEvent } from '@crosswalk/shared';
import { when, type SubjectAccessSection } from './section.ts';

/** Notifications in the app, their preferences, and which reminders and digests went to them. */
export const notificationsSection: SubjectAccessSection = {
  file: 'notifications',
  title: 'Notifications',
  explains:
    'Every notification Crosswalk showed you in the app and whether you have read it, how you chose to be told about things, and which session reminders and daily digests were sent to you.',
  async collect({ sql, subject }) {
    const notifications = await sql<{ kind: string; text: string; link: string; sentAt: Date; readAt: Date | null }[]>`
      select kind, text, href as link, created_at as sent_at, read_at
      from notifications where user_id = ${subject.id} order by created_at`;
    const [preferences] = await sql<{ channel: string; dailyDigest: boolean; changedAt: Date }[]>`
      select channel, daily_digest, updated_at as changed_at from notification_preferences where user_id = ${subject.id}`;
    const reminders = await sql<{ session: string; before: string; sentAt: Date }[]>`
      select rs.title as session, m.lead as before, m.sent_at
      from session_reminders m join review_sessions rs on rs.id = m.session_id
      where m.user_id = ${subject.id} order by m.sent_at`;
    const digests = await sql<{ day: string; sentAt: Date }[]>`
      select day::text as day, sent_at from notification_digests where user_id = ${subject.id} order by day`;
    return {
      data: {
        notifications,
        preferences: preferences ?? { channel: 'email', dailyDigest: false, changedAt: null, note: 'the defaults' },
        sessionReminders: reminders,
        dailyDigests: digests,
      },
      lines: [
        preferences
          ? `You chose to be told ${preferences.channel === 'email' ? 'by email as well as in the app' : 'in the app only'}${preferences.dailyDigest ? ', with a daily digest' : ''} (${when(preferences.changedAt)})`
          : 'You are told about things by email as well as in the app (you have not changed this).',
        ...notifications.map((n) => `${when(n.sentAt)}: ${n.text}${n.readAt ? '' : ' (not read yet)'}`),
        ...reminders.map(
          (r) =>
            `Reminder of “${r.session}” a${r.before === 'hour' ? 'n hour' : ' day'} before, sent ${when(r.sentAt)}`,
        ),
        ...digests.map((d) => `Daily digest sent ${when(d.sentAt)}`),
      ],
    };
  },
};

/** Links in emails carry secrets (invitation, new-password and set-up check links): 32 random bytes, base64url. */
const SECRET_IN_LINK = /[A-Za-z0-9_-]{40,}/g;

/** Emails to them that Crosswalk sent or kept, with the secret of any link taken out. */
export const emailsSection: SubjectAccessSection = {
  file: 'emails',
  title: 'Emails sent to you',
  explains:
    'The emails Crosswalk sent, or kept to send, to your email address: when, the subject and the words. The secret part of any link in them (to accept an invitation or choose a new password) has been taken out, so an old link in this file cannot be used.',
  async collect({ sql, subject }) {
    const rows = await sql<
      { subject: string; body: string; writtenAt: Date; sentAt: Date | null; calendar: { filename?: string } | null }[]
    >`
      select subject, body_text as body, created_at as written_at, sent_at, calendar
      from mail_outbox where to_address = ${subject.email} order by created_at`;
    const emails = rows.map((row) => ({
      subject: row.subject,
      words: row.body.replace(SECRET_IN_LINK, '[secret taken out]'),
      writtenAt: row.writtenAt,
      sentAt: row.sentAt,
      calendarInvitation: row.calendar?.filename ?? null,
    }));
    return {
      data: { emails },
      lines: emails.map((e) => `${when(e.writtenAt)}: “${e.subject}”${e.sentAt ? '' : ' (not sent by email)'}`),
    };
  },
};

/** The audit log's entries of what they did and what was done to their account. */
export const auditSection: SubjectAccessSection = {
  file: 'audit',
  title: 'The audit log',
  explains:
    'Crosswalk’s record of security-related events that involve you: what you did (signing in, inviting, changing roles, downloading reports…) and what others did to your account. The log never holds what anyone wrote in a review.',
  async collect({ sql, subject }) {
    const rows = await sql<
      {
        at: Date;
        action: string;
        byYou: boolean;
        actor: string | null;
        subject: string | null;
        detail: Record<string, unknown>;
      }[]
    >`
      select a.at, a.action, coalesce(a.actor_user_id = ${subject.id}, false) as by_you, actor.display_name as actor,
        su.display_name as subject, a.detail
      from audit_events a
        left join users actor on actor.id = a.actor_user_id
        left join users su on su.id::text = a.subject_id
      where a.actor_user_id = ${subject.id} or a.subject_id = ${subject.id}
      order by a.at, a.id`;
    const entries = rows.map((row) => ({
      at: row.at,
      action: row.action,
      inWords: describeAuditEvent(row),
      byYou: row.byYou,
      detail: row.detail,
    }));
    return {
      data: { entries },
      lines: entries.map((e) => `${when(e.at)}: ${e.inWords}`),
    };
  },
};
