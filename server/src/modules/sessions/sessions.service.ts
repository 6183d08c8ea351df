import {
  ReviewRoleLabel,
  mayEnterSession,
  mayModerate,
  mayPublish,
  sessionParticipation,
  type Actor,
  type MediaPolicy,
  type ReviewRole,
  type SafeguardingConcernResult,
  type SessionInfo,
  type SessionParticipation,
} from '@crosswalk/shared';
import { Conflict, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { MediaAnswer, MediaProvider } from './media-provider.ts';
import type { ReviewSessionsRepository, SessionRow } from './sessions.repository.ts';

/** A session as one person sees it. */
export interface SessionView {
  session: SessionRow;
  review: ReviewView;
  participation: SessionParticipation;
  admitted: boolean;
}

export type { SessionInfo };

/** What the video rooms decided about a person and a session (a removal, a lock), asked before giving media access. */
export interface RoomAccess {
  /** Why the person may not join the session's media now, or null if they may. */
  refusal(sessionId: string, userId: string, moderator: boolean): Promise<string | null>;
}

export interface SessionsServiceDeps {
  sessions: ReviewSessionsRepository;
  reviews: ReviewsService;
  media: MediaProvider;
  mailer: Mailer;
  events: EventBus;
  audit: AuditRepository;
  logger: Logger;
}

/** Video review sessions: who may enter, media credentials, lobby admissions, attendance and safeguarding. */
export class SessionsService {
  readonly #deps: SessionsServiceDeps;
  #roomAccess: RoomAccess | undefined;
  constructor(deps: SessionsServiceDeps) {
    this.#deps = deps;
  }

  /** The rooms start after the services (they need them): they hand their decisions over once they do. */
  useRoomAccess(access: RoomAccess): void {
    this.#roomAccess = access;
  }

  /** Whether an audio-only activity is under way in the session now (the server then forwards no video). */
  async audioOnlyNow(sessionId: string): Promise<boolean> {
    return this.#deps.sessions.audioOnlyAt(sessionId, new Date());
  }

  /** What the session's current activity allows, as its room is told. */
  async mediaPolicyNow(sessionId: string): Promise<MediaPolicy> {
    const title = await this.#deps.sessions.audioOnlyActivityAt(sessionId, new Date());
    return { audioOnly: title !== null, activityTitle: title };
  }

  /** When an activity of the session next starts or ends (what it allows may change then), if ever. */
  async nextActivityChange(sessionId: string): Promise<Date | null> {
    return this.#deps.sessions.nextActivityChangeAfter(sessionId, new Date());
  }

  /** 404 unless the person takes part in the session in some way (including as a guest who may knock). */
  async view(sessionId: string, actor: Actor): Promise<SessionView> {
    const session = await this.#deps.sessions.find(sessionId);
    if (!session) {
      throw new NotFound('session');
    }
    const review = await this.#deps.reviews.view(session.reviewId, actor).catch((error: unknown) => {
      throw error instanceof NotFound ? new NotFound('session') : error;
    });
    const participation = sessionParticipation(review.roles, session.kind);
    if (participation === 'none') {
      throw new NotFound('session');
    }
    const admitted = participation === 'guest' ? await this.#deps.sessions.isAdmitted(sessionId, actor.userId) : true;
    return { session, review, participation, admitted };
  }

  async info(sessionId: string, actor: Actor): Promise<SessionInfo> {
    const view = await this.view(sessionId, actor);
    const teamRole = view.review.roles.find((r): r is ReviewRole => r in ReviewRoleLabel);
    return {
      id: view.session.id,
      reviewId: view.session.reviewId,
      kind: view.session.kind,
      title: view.session.title,
      startsAt: view.session.startsAt.toISOString(),
      endsAt: view.session.endsAt.toISOString(),
      hostSchoolName: view.review.row.hostSchoolName,
      participation: view.participation,
      canEnter: mayEnterSession(view.participation, view.admitted),
      canPublish: mayPublish(view.participation),
      isModerator: mayModerate(view.participation),
      isLeadReviewer: view.review.roles.includes('lead_reviewer'),
      transport: this.#deps.media.kind,
      myRole: teamRole
        ? ReviewRoleLabel[teamRole]
        : view.review.roles.includes('host_staff')
          ? 'Host school staff'
          : 'Partnership lead',
    };
  }

  /** `GET /api/sessions/:id/media`: credentials only for people who may be in the room now; 404 for anyone else. */
  async media(sessionId: string, actor: Actor & { displayName: string }): Promise<MediaAnswer> {
    const view = await this.view(sessionId, actor);
    if (!mayEnterSession(view.participation, view.admitted)) {
      throw new NotFound('session');
    }
    const refusal = await this.#roomAccess?.refusal(sessionId, actor.userId, mayModerate(view.participation));
    if (refusal) {
      throw new Refused(refusal);
    }
    return this.#deps.media.answer({
      sessionId,
      userId: actor.userId,
      displayName: actor.displayName,
      canPublish: mayPublish(view.participation),
      audioOnly: await this.audioOnlyNow(sessionId),
    });
  }

  /** A moderator lets a waiting guest in. */
  async admit(sessionId: string, actor: Actor, userId: string): Promise<void> {
    const view = await this.view(sessionId, actor);
    if (!mayModerate(view.participation)) {
      throw new Refused('Only the lead reviewer or the host can let people in.');
    }
    await this.#deps.sessions.admit(sessionId, userId, actor.userId);
  }

  async recordJoin(sessionId: string, userId: string): Promise<void> {
    await this.#deps.sessions.joined(sessionId, userId);
  }

  async recordLeave(sessionId: string, userId: string): Promise<void> {
    await this.#deps.sessions.left(sessionId, userId);
  }

  async attendance(reviewId: string, actor: Actor) {
    await this.#deps.reviews.require(reviewId, actor, 'schedule', 'read');
    const rows = await this.#deps.sessions.attendanceForReview(reviewId);
    return rows.map((row) => ({
      sessionId: row.sessionId,
      userId: row.userId,
      displayName: row.displayName,
      joinedAt: row.joinedAt.toISOString(),
      leftAt: row.leftAt?.toISOString() ?? null,
    }));
  }

  /**
   * The safeguarding button. Records only "concern raised at time T by role R" and tells the host school's
   * designated safeguarding lead (or, for a concern about the headteacher, the local authority designated officer)
   * to make contact. No detail is written anywhere in Crosswalk.
   */
  async raiseConcern(sessionId: string, actor: Actor, aboutHeadteacher: boolean): Promise<SafeguardingConcernResult> {
    const view = await this.view(sessionId, actor);
    if (!mayEnterSession(view.participation, view.admitted)) {
      throw new NotFound('session');
    }
    const teamRole = view.review.roles.find((r): r is ReviewRole => r in ReviewRoleLabel);
    const roleLabel = teamRole ? ReviewRoleLabel[teamRole] : 'Host school staff';
    const raisedAt = await this.#deps.sessions.recordConcern(sessionId, roleLabel, aboutHeadteacher);
    // The audit log keeps the same and no more: the time and the role, not who, from where, or about whom.
    await this.#deps.audit.record({
      actorUserId: null,
      action: 'safeguarding.concern_raised',
      reviewId: view.session.reviewId,
      detail: { role: roleLabel },
      from: null,
    });
    // Told in Crosswalk too (docs/notifications.md), even when no email address is recorded for the school.
    this.#deps.events.publish('review.safeguarding_concern_raised', {
      reviewId: view.session.reviewId,
      sessionId,
      raisedAt,
      aboutHeadteacher,
    });
    const contacts = await this.#deps.sessions.safeguardingContacts(view.session.reviewId);
    const recipients = aboutHeadteacher ? (contacts.ladoEmail ? [contacts.ladoEmail] : []) : contacts.dslEmails;
    if (recipients.length === 0) {
      throw new Conflict(
        aboutHeadteacher
          ? 'No local authority designated officer (LADO) is recorded for this school. Contact your local authority directly now.'
          : `No designated safeguarding lead is recorded for ${contacts.schoolName}. Contact the school directly now.`,
      );
    }
    const time = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'Europe/London',
    }).format(raisedAt);
    for (const to of recipients) {
      await this.#deps.mailer.send({
        to,
        subject: `Safeguarding concern raised during a peer review session at ${contacts.schoolName}`,
        text: [
          `A safeguarding concern was raised at ${time} by a ${roleLabel.toLowerCase()} during "${view.session.title}", part of the peer review of ${contacts.schoolName}.`,
          '',
          'Crosswalk records no details. Please contact the review team today to hear the concern directly, and follow your safeguarding procedures.',
        ].join('\n'),
      });
    }
    this.#deps.logger.warn({ sessionId, role: roleLabel }, 'safeguarding concern raised');
    return { raisedAt: raisedAt.toISOString(), notified: aboutHeadteacher ? 'lado' : 'dsl' };
  }
}
