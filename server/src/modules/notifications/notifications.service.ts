import {
  ReviewStateLabel,
  sessionAttendees,
  toldOfSafeguardingConcern,
  toldOfRotaReview,
  toldOfTeamChange,
  toldOfTransition,
  londonDateTime,
  londonDay,
  ReviewRoles,
  rotaReviewText,
  actionAlertText,
  contentDeletionNoticeText,
  impactHuddleReminderText,
  supportDecidedText,
  supportOfferedText,
  supportRequestedText,
  safeguardingConcernText,
  sessionCancelledText,
  sessionMovedText,
  sessionReminderText,
  sessionLeftText,
  sessionScheduledText,
  stateChangedText,
  teamAddedText,
  teamRemovedText,
  SessionKinds,
  type Notification,
  type NotificationKind,
  type NotificationPreferences,
  type ReminderLead,
  type ReviewRole,
  type ReviewState,
  type SessionKind,
  AllReviewStates,
} from '@crosswalk/shared';
import type { EventBus } from '../../events/bus.ts';
import { NotFound } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { CalendarAttachment, Mailer } from '../mail/mailer.ts';
import { sessionInvitation } from '../reviews/ics.ts';
import type { NotificationsRepository, Recipient, SessionFacts } from './notifications.repository.ts';

export interface NotificationsServiceDeps {
  notifications: NotificationsRepository;
  mailer: Mailer;
  events: EventBus;
  logger: Logger;
  /** The origin links in emails point at (PUBLIC_URL, else this server's address). */
  origin: () => string;
  /** Who invitations come from (MAIL_FROM). */
  organizer: string;
}

/** One thing to tell some people. */
interface Notice {
  kind: NotificationKind;
  href: string;
  subject: string;
  /** The words, per person (they may differ by role). */
  text: (recipient: Recipient) => string;
  /** The calendar invitation that goes with the email, per person. */
  calendar?: (recipient: Recipient) => CalendarAttachment;
  /** False when the event already emailed the people concerned (the safeguarding alert). */
  email?: boolean;
  /** False for an email that only carries a calendar change already told in the app another way. */
  inApp?: boolean;
}

const HOUR_MS = 60 * 60 * 1000;
/** Digests go once the school day is about to begin, London time. */
const DIGEST_TIME = '07:00';

const isState = (value: string): value is ReviewState => (AllReviewStates as readonly string[]).includes(value);
const isRole = (value: string): value is ReviewRole => (ReviewRoles as readonly string[]).includes(value);
const isKind = (value: string): value is SessionKind => (SessionKinds as readonly string[]).includes(value);

/**
 * Tells people what they need to know, in the app and by email (docs/notifications.md): it listens to the domain
 * events this process publishes (so each is written once per deployment), asks the shared rules who is told, and
 * writes notifications and emails with calendar invitations. `tick` sends reminders and daily digests.
 */
export class NotificationsService {
  readonly #deps: NotificationsServiceDeps;
  constructor(deps: NotificationsServiceDeps) {
    this.#deps = deps;
  }

  /** Starts listening to the event bus; returns a function that stops it. */
  subscribe(): () => void {
    const { events } = this.#deps;
    const here = { from: 'this-process' } as const;
    const offs = [
      events.subscribe(
        'review.state_changed',
        (e) => this.#stateChanged(e.reviewId, e.to, e.actorUserId ?? null),
        here,
      ),
      events.subscribe(
        'review.member_added',
        (e) => this.#memberAdded(e.reviewId, e.userId, e.role, e.actorUserId ?? null),
        here,
      ),
      events.subscribe('review.member_removed', (e) => this.#memberRemoved(e.reviewId, e.userId, e.role ?? null), here),
      events.subscribe('review.session_scheduled', (e) => this.#sessionChanged(e.sessionId, 'session_scheduled'), here),
      events.subscribe('review.session_moved', (e) => this.#sessionChanged(e.sessionId, 'session_moved'), here),
      events.subscribe('review.session_cancelled', (e) => this.#sessionCancelled(e), here),
      events.subscribe('review.safeguarding_concern_raised', (e) => this.#concernRaised(e), here),
      events.subscribe('rota.review_published', (e) => this.#rotaReviewPublished(e.reviewId, e.actorUserId), here),
    ];
    return () => {
      offs.forEach((off) => {
        off();
      });
    };
  }

  async list(userId: string, unreadOnly: boolean): Promise<Notification[]> {
    return this.#deps.notifications.list(userId, { unreadOnly, limit: 100 });
  }

  async unreadCount(userId: string): Promise<number> {
    return this.#deps.notifications.unreadCount(userId);
  }

  /** 404 for a notification that is not the person's own, as for one that does not exist. */
  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.#deps.notifications.markRead(userId, id))) {
      throw new NotFound('notification');
    }
  }

  async markAllRead(userId: string): Promise<number> {
    return this.#deps.notifications.markAllRead(userId);
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    return this.#deps.notifications.preferences(userId);
  }

  async setPreferences(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences> {
    await this.#deps.notifications.setPreferences(userId, preferences);
    return preferences;
  }

  /**
   * What the scheduler does each minute, at `now` (given, so tests need no clock): reminders a day and an hour
   * before each session, and the daily digests. Every process may run it; the claimed rows make each go once.
   */
  async tick(now: Date): Promise<void> {
    await this.#remind('hour', now, new Date(now.getTime() + HOUR_MS));
    await this.#remind('day', new Date(now.getTime() + HOUR_MS), new Date(now.getTime() + 24 * HOUR_MS));
    await this.#digests(now);
  }

  async #remind(lead: ReminderLead, after: Date, until: Date): Promise<void> {
    const { notifications } = this.#deps;
    for (const session of await notifications.sessionsStarting(after, until)) {
      const attendees = await this.#attendees(session);
      const claimed: string[] = [];
      for (const userId of attendees) {
        if (await notifications.claimReminder(session.sessionId, userId, lead)) {
          claimed.push(userId);
        }
      }
      const text = sessionReminderText(session.hostSchoolName, session.kind, session.startsAt, lead);
      await this.#tell(claimed, {
        kind: 'session_reminder',
        href: `/reviews/${session.reviewId}`,
        subject: `Reminder: ${lead === 'day' ? 'tomorrow' : 'in an hour'}, peer review of ${session.hostSchoolName}`,
        text: () => text,
      });
    }
  }

  async #digests(now: Date): Promise<void> {
    const day = londonDay(now);
    if (now < londonDateTime(day, DIGEST_TIME)) {
      return;
    }
    const { notifications, mailer } = this.#deps;
    for (const recipient of await notifications.recipients(await notifications.digestReaders())) {
      if (!(await notifications.claimDigest(recipient.userId, day))) {
        continue;
      }
      const unread = await notifications.unreadSinceLastDigest(recipient.userId, day);
      if (unread.length === 0) {
        continue;
      }
      const origin = this.#deps.origin();
      await mailer.send({
        to: recipient.email,
        subject: `Your Crosswalk summary: ${unread.length} new ${unread.length === 1 ? 'notification' : 'notifications'}`,
        text: [
          `Hello ${recipient.displayName},`,
          '',
          'Here is what is new in Crosswalk since your last summary:',
          '',
          ...unread.flatMap((n) => [`- ${n.text}`, `  ${origin}${n.href}`]),
          '',
          this.#settingsLine(origin),
        ].join('\n'),
      });
      this.#deps.logger.info({ userId: recipient.userId, count: unread.length }, 'notification digest sent');
    }
  }

  async #stateChanged(reviewId: string, to: string, actorUserId: string | null): Promise<void> {
    const school = await this.#deps.notifications.hostSchoolName(reviewId);
    if (!school || !isState(to)) {
      return;
    }
    const team = await this.#deps.notifications.team(reviewId);
    const rolesOf = (userId: string) => team.filter((m) => m.userId === userId).map((m) => m.role);
    await this.#tell(toldOfTransition({ to, team, actorUserId }), {
      kind: 'review_state_changed',
      href: `/reviews/${reviewId}`,
      subject: `Peer review of ${school}: ${ReviewStateLabel[to]}`,
      text: (recipient) => stateChangedText(school, to, rolesOf(recipient.userId)),
    });
  }

  async #memberAdded(reviewId: string, userId: string, role: string, actorUserId: string | null): Promise<void> {
    const school = await this.#deps.notifications.hostSchoolName(reviewId);
    if (!school || !isRole(role)) {
      return;
    }
    await this.#tell(toldOfTeamChange({ userId, actorUserId }), {
      kind: 'team_added',
      href: `/reviews/${reviewId}`,
      subject: `You have joined the peer review of ${school}`,
      text: () => teamAddedText(school, role),
    });
    // Someone who joins after sessions were planned gets the invitations the others had.
    const people = await this.#deps.notifications.sessionPeople(reviewId);
    for (const session of await this.#deps.notifications.sessionsToCome(reviewId)) {
      if (sessionAttendees(session.kind, people).includes(userId)) {
        await this.#tell([userId], {
          ...this.#invitation(session, 'REQUEST'),
          inApp: false,
        });
      }
    }
  }

  /** A published rota put people on this review: each is told what they do and when (invitations follow). */
  async #rotaReviewPublished(reviewId: string, actorUserId: string | null): Promise<void> {
    const review = await this.#deps.notifications.rotaReview(reviewId);
    if (!review) {
      return;
    }
    const team = await this.#deps.notifications.team(reviewId);
    const roleOf = (userId: string) => team.find((m) => m.userId === userId)?.role ?? 'peer_reviewer';
    await this.#tell(toldOfRotaReview({ team, actorUserId }), {
      kind: 'rota_published',
      href: `/reviews/${reviewId}`,
      subject: `Review rota ${review.academicYear}: peer review of ${review.hostSchoolName}`,
      text: (recipient) => rotaReviewText(review, review.hostSchoolName, review.days, roleOf(recipient.userId)),
    });
  }

  async #memberRemoved(reviewId: string, userId: string, role: string | null): Promise<void> {
    const school = await this.#deps.notifications.hostSchoolName(reviewId);
    if (!school) {
      return;
    }
    await this.#tell(toldOfTeamChange({ userId, actorUserId: null }), {
      kind: 'team_removed',
      // They can no longer open the review: their dashboard is where they go next.
      href: '/',
      subject: `You are no longer on the peer review of ${school}`,
      text: () => teamRemovedText(school),
    });
    if (role === null || !isRole(role)) {
      return;
    }
    // The sessions their role invited them to and that they no longer take part in are called off in their calendar.
    const people = await this.#deps.notifications.sessionPeople(reviewId);
    for (const session of await this.#deps.notifications.sessionsToCome(reviewId)) {
      const invited = sessionAttendees(session.kind, [{ userId, roles: [role] }]).length > 0;
      if (invited && !sessionAttendees(session.kind, people).includes(userId)) {
        await this.#tell([userId], { ...this.#invitation(session, 'CANCEL'), inApp: false });
      }
    }
  }

  /** The email that carries one session's calendar invitation to a newcomer, or takes it out of a leaver's calendar. */
  #invitation(session: SessionFacts, method: 'REQUEST' | 'CANCEL'): Notice {
    const cancelled = method === 'CANCEL';
    return {
      kind: cancelled ? 'session_cancelled' : 'session_scheduled',
      href: cancelled ? '/' : `/reviews/${session.reviewId}`,
      subject: `${cancelled ? 'No longer for you' : 'Invitation'}: ${session.title}, peer review of ${session.hostSchoolName}`,
      text: () =>
        (cancelled ? sessionLeftText : sessionScheduledText)(session.hostSchoolName, session.kind, session.startsAt),
      calendar: (recipient) => this.#calendar(session, method, recipient),
    };
  }

  async #sessionChanged(sessionId: string, kind: 'session_scheduled' | 'session_moved'): Promise<void> {
    const session = await this.#deps.notifications.session(sessionId);
    if (!session) {
      return;
    }
    if (kind === 'session_moved') {
      await this.#deps.notifications.forgetReminders(sessionId);
    }
    const scheduled = kind === 'session_scheduled';
    const text = (scheduled ? sessionScheduledText : sessionMovedText)(
      session.hostSchoolName,
      session.kind,
      session.startsAt,
    );
    await this.#tell(await this.#attendees(session), {
      kind,
      href: `/reviews/${session.reviewId}`,
      subject: `${scheduled ? 'Invitation' : 'Moved'}: ${session.title}, peer review of ${session.hostSchoolName}`,
      text: () => text,
      calendar: (recipient) => this.#calendar(session, 'REQUEST', recipient),
    });
  }

  async #sessionCancelled(event: {
    reviewId: string;
    sessionId: string;
    kind: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    sequence: number;
  }): Promise<void> {
    const school = await this.#deps.notifications.hostSchoolName(event.reviewId);
    if (!school || !isKind(event.kind)) {
      return;
    }
    const session: SessionFacts = { ...event, kind: event.kind, hostSchoolName: school };
    const text = sessionCancelledText(school, session.kind, session.startsAt);
    await this.#tell(await this.#attendees(session), {
      kind: 'session_cancelled',
      href: `/reviews/${event.reviewId}`,
      subject: `Cancelled: ${event.title}, peer review of ${school}`,
      text: () => text,
      calendar: (recipient) => this.#calendar(session, 'CANCEL', recipient),
    });
  }

  async #concernRaised(event: { reviewId: string; raisedAt: Date; aboutHeadteacher: boolean }): Promise<void> {
    const school = await this.#deps.notifications.hostSchoolName(event.reviewId);
    if (!school) {
      return;
    }
    const people = await this.#deps.notifications.safeguardingPeople(event.reviewId);
    await this.#tell(toldOfSafeguardingConcern({ ...people, aboutHeadteacher: event.aboutHeadteacher }), {
      kind: 'safeguarding_concern',
      href: `/reviews/${event.reviewId}`,
      subject: `Safeguarding concern raised during the peer review of ${school}`,
      text: () => safeguardingConcernText(school, event.raisedAt),
      // The session service has already emailed the safeguarding contacts; this adds the notice in Crosswalk.
      email: false,
    });
  }

  async #attendees(session: SessionFacts): Promise<string[]> {
    return sessionAttendees(session.kind, await this.#deps.notifications.sessionPeople(session.reviewId));
  }

  #calendar(session: SessionFacts, method: 'REQUEST' | 'CANCEL', recipient: Recipient): CalendarAttachment {
    const origin = this.#deps.origin();
    const url = `${origin}/reviews/${session.reviewId}`;
    return {
      method,
      filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
      content: sessionInvitation({
        method,
        uid: session.sessionId,
        sequence: session.sequence,
        title: `${session.title}: peer review of ${session.hostSchoolName}`,
        description: `Crosswalk peer review of ${session.hostSchoolName}. Join from Crosswalk: ${url}`,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        url,
        organizer: this.#deps.organizer,
        attendees: [{ email: recipient.email, name: recipient.displayName }],
      }),
    };
  }

  /**
   * Tells the owner of an action and the host headteacher that it is overdue or at risk (the actions module decides
   * when, and makes sure each goes once).
   */
  async actionAlert(alert: {
    reviewId: string;
    label: string;
    dueOn: string;
    hostSchoolName: string;
    condition: 'overdue' | 'at_risk';
    userIds: readonly string[];
  }): Promise<void> {
    const text = actionAlertText(alert.hostSchoolName, alert.label, alert.dueOn, alert.condition);
    await this.#tell([...new Set(alert.userIds)], {
      kind: alert.condition === 'overdue' ? 'action_overdue' : 'action_at_risk',
      href: `/reviews/${alert.reviewId}#section-actions`,
      subject: `Action ${alert.label} ${alert.condition === 'overdue' ? 'is overdue' : 'is at risk'}: peer review of ${alert.hostSchoolName}`,
      text: () => text,
    });
  }

  /**
   * Tells the host headteacher, a month ahead, the day a closed review's content will be deleted (the retention job
   * decides when, and that it goes once). The words name the school, the year and the day only.
   */
  async contentDeletionNotice(notice: {
    reviewId: string;
    hostSchoolName: string;
    academicYear: string;
    deletesOn: string;
    userIds: readonly string[];
  }): Promise<void> {
    const text = contentDeletionNoticeText(notice.hostSchoolName, notice.academicYear, notice.deletesOn);
    await this.#tell([...new Set(notice.userIds)], {
      kind: 'content_deletion_notice',
      href: `/reviews/${notice.reviewId}`,
      subject: `The content of the peer review of ${notice.hostSchoolName} will be deleted next month`,
      text: () => text,
    });
  }

  /** Reminds the people taking part in an impact huddle (the impact module decides when, and that it goes once). */
  async impactHuddleReminder(reminder: {
    reviewId: string;
    scheduledAt: Date;
    hostSchoolName: string;
    userIds: readonly string[];
  }): Promise<void> {
    const text = impactHuddleReminderText(reminder.hostSchoolName, reminder.scheduledAt);
    await this.#tell([...new Set(reminder.userIds)], {
      kind: 'impact_huddle_reminder',
      href: `/reviews/${reminder.reviewId}/document#section-impact`,
      subject: `Reminder: impact huddle, peer review of ${reminder.hostSchoolName}`,
      text: () => text,
    });
  }

  /**
   * A school asks the partnership for support (docs/support.md): its partner schools' headteachers hear of it, so
   * offers come without anyone having to look. The words name the school, the action's label and the date only.
   */
  async supportRequested(notice: {
    partnershipId: string;
    hostSchoolName: string;
    label: string;
    neededBy: string;
    userIds: readonly string[];
  }): Promise<void> {
    const text = supportRequestedText(notice.hostSchoolName, notice.label, notice.neededBy);
    await this.#tell([...new Set(notice.userIds)], {
      kind: 'support_requested',
      href: `/partnerships/${notice.partnershipId}/support`,
      subject: `${notice.hostSchoolName} asks partner schools for support (action ${notice.label})`,
      text: () => text,
    });
  }

  /**
   * School-to-school support (docs/support.md): tells the host school of a new offer, and the offering school that its
   * offer was accepted or declined. The words name the schools, the action's label and dates only.
   */
  async supportNotice(notice: {
    event: 'offered' | 'accepted' | 'declined';
    reviewId: string;
    partnershipId: string;
    hostSchoolName: string;
    offeringSchoolName: string;
    label: string;
    neededBy: string;
    userIds: readonly string[];
  }): Promise<void> {
    const { event } = notice;
    const offered = event === 'offered';
    const text =
      event === 'offered'
        ? supportOfferedText(notice.hostSchoolName, notice.label, notice.offeringSchoolName)
        : supportDecidedText(notice.hostSchoolName, notice.label, notice.neededBy, event);
    await this.#tell([...new Set(notice.userIds)], {
      kind: offered ? 'support_offered' : notice.event === 'accepted' ? 'support_accepted' : 'support_declined',
      href: offered ? `/reviews/${notice.reviewId}/document` : `/partnerships/${notice.partnershipId}/support`,
      subject: offered
        ? `An offer of support for action ${notice.label}: ${notice.offeringSchoolName}`
        : `Your offer of support to ${notice.hostSchoolName} was ${notice.event}`,
      text: () => text,
    });
  }

  /** Emails those who chose email, and writes the notice in the app for everyone. */
  async #tell(userIds: readonly string[], notice: Notice): Promise<void> {
    const { notifications, mailer, logger } = this.#deps;
    const recipients = await notifications.recipients(userIds);
    if (recipients.length === 0) {
      return;
    }
    const origin = this.#deps.origin();
    let emailed = 0;
    for (const recipient of recipients) {
      if (notice.email === false || recipient.preferences.channel !== 'email') {
        continue;
      }
      await mailer.send({
        to: recipient.email,
        subject: notice.subject,
        text: [
          notice.text(recipient),
          '',
          `Open Crosswalk: ${origin}${notice.href}`,
          '',
          this.#settingsLine(origin),
        ].join('\n'),
        ...(notice.calendar ? { calendar: notice.calendar(recipient) } : {}),
      });
      emailed += 1;
    }
    if (notice.inApp === false) {
      logger.info({ kind: notice.kind, emailed }, 'calendar email sent');
      return;
    }
    // Written after the emails, so a notice in the app means its emails are already in the outbox.
    await notifications.add(
      recipients.map((r) => ({ userId: r.userId, kind: notice.kind, text: notice.text(r), href: notice.href })),
    );
    // Counts and kinds only: the words stay out of the logs.
    logger.info({ kind: notice.kind, told: recipients.length, emailed }, 'notification sent');
  }

  #settingsLine(origin: string): string {
    return `You can choose how Crosswalk tells you about things on ${origin}/notifications.`;
  }
}
