import { MESH_MAX_PARTICIPANTS, type SessionInfo } from '@crosswalk/shared';
import { DomainError, NotFound } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import type { RoomGrants } from '../sessions/sessions.sockets.ts';

type RoomServices = Pick<Services, 'auth' | 'reviewSessions' | 'workshops' | 'users' | 'media' | 'audit'>;

/** A person's standing in one video room, decided fresh: who they are and what the session's rules give them. */
interface Standing {
  actor: NonNullable<Awaited<ReturnType<Services['auth']['actorForUser']>>>;
  info: SessionInfo;
}

/**
 * Who may be in which video room, read fresh from the permission module through the sessions and workshops
 * services. A room is a video session, or a workshop breakout group (whose id is its own room, under the parent
 * session's rules).
 */
export class RoomDecisions {
  readonly #services: RoomServices;
  /** Breakout rooms seen so far, with the session each belongs to (for attendance). */
  readonly #breakoutParents = new Map<string, string>();

  constructor(services: RoomServices) {
    this.#services = services;
  }

  /** Null if the person may not be in the room at all (not their session, not their group, no account). */
  async standing(userId: string, roomId: string): Promise<Standing | null> {
    const actor = await this.#services.auth.actorForUser(userId);
    if (!actor) {
      return null;
    }
    const sessions = this.#services.reviewSessions;
    try {
      const info = await sessions.info(roomId, actor).catch(async (error: unknown) => {
        // Not a session: perhaps a workshop breakout group. Its members and the facilitators may enter.
        const parent = error instanceof NotFound ? await this.#services.workshops.breakoutRoom(roomId, actor) : null;
        if (!parent) {
          throw error;
        }
        this.#breakoutParents.set(roomId, parent);
        return sessions.info(parent, actor);
      });
      return { actor, info };
    } catch (error) {
      if (error instanceof NotFound) {
        return null;
      }
      throw error;
    }
  }

  /**
   * Why a connection may not stay where it is now (the message the person sees), or null if it may: in the room
   * only while the person may enter it, in its lobby while they may ask to. A change of role alone leaves them
   * there: they get the new one when they next join.
   */
  async refusal(userId: string, roomId: string, where: 'room' | 'lobby'): Promise<string | null> {
    const standing = await this.standing(userId, roomId);
    if (!standing) {
      return 'You are no longer a member of this review.';
    }
    return where === 'room' && !standing.info.canEnter ? 'You need to be let in to this session again.' : null;
  }

  /** The session whose attendance a room counts towards: a breakout room's parent, or the room's own session. */
  attendanceSessionOf(roomId: string): string {
    return this.#breakoutParents.get(roomId) ?? roomId;
  }
}

/** How the realtime rooms ask the application who may join a video room, admit guests and record attendance. */
export function roomGrants(decisions: RoomDecisions, services: RoomServices, logger: Logger): RoomGrants {
  return {
    maxParticipants: services.media.kind === 'mesh' ? MESH_MAX_PARTICIPANTS : 1000,
    async authorize(userId, roomId) {
      const standing = await decisions.standing(userId, roomId);
      if (!standing) {
        await services.audit.record({
          actorUserId: userId,
          action: 'access.refused',
          subjectId: roomId,
          detail: { channel: 'video_room' },
        });
        return null;
      }
      const { actor, info } = standing;
      const [school] = await services.users.schoolsOf(userId);
      return {
        displayName: actor.displayName,
        roleLabel: info.myRole,
        schoolName: school?.schoolName ?? null,
        moderator: info.isModerator,
        canPublish: info.canPublish,
        canEnter: info.canEnter,
        standing: { participation: info.participation, leadReviewer: info.isLeadReviewer },
        sessionKind: info.kind,
        reviewId: info.reviewId,
      };
    },
    async admit(sessionId, moderatorUserId, guestUserId) {
      const actor = await services.auth.actorForUser(moderatorUserId);
      if (!actor) {
        return false;
      }
      try {
        await services.reviewSessions.admit(sessionId, actor, guestUserId);
        return true;
      } catch (error) {
        if (error instanceof DomainError) {
          return false;
        }
        throw error;
      }
    },
    // A breakout room follows its session's timetable.
    mediaPolicy: (roomId) => services.reviewSessions.mediaPolicyNow(decisions.attendanceSessionOf(roomId)),
    nextActivityChange: (roomId) => services.reviewSessions.nextActivityChange(decisions.attendanceSessionOf(roomId)),
    onMediaPolicyChanged(roomId, policy) {
      services.media.applyAudioOnly(roomId, policy.audioOnly).catch((error: unknown) => {
        logger.warn({ err: error, sessionId: roomId }, 'LiveKit could not change what participants may publish');
      });
    },
    onRemoved(roomId, userId) {
      if (services.media.kind === 'livekit') {
        services.media.removeParticipant(roomId, userId).catch((error: unknown) => {
          logger.warn({ err: error, sessionId: roomId }, 'LiveKit could not remove the participant');
        });
      }
    },
    // The person acted on is the entry's subject (so the audit log finds it under their name); without one, the review.
    audit: ({ actorUserId, action, reviewId, sessionId, targetUserId }) =>
      services.audit.record({
        actorUserId,
        action,
        subjectId: targetUserId ?? reviewId,
        reviewId,
        detail: { reviewId, sessionId, targetUserId: targetUserId ?? null },
      }),
    onAttendance(event, roomId, userId) {
      // Time in a breakout room counts as attendance of the workshop session it belongs to.
      const sessionId = decisions.attendanceSessionOf(roomId);
      const record =
        event === 'joined'
          ? services.reviewSessions.recordJoin(sessionId, userId)
          : services.reviewSessions.recordLeave(sessionId, userId);
      record.catch((error: unknown) => {
        logger.error({ err: error, sessionId }, 'could not record attendance');
      });
    },
  };
}
