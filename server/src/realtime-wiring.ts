import type { Server } from 'node:http';
import { attachRealtime, createPostgresStore, type Realtime, type RealtimeOptions } from '@crosswalk/realtime';
import { parseBoardDocumentName, parseDocumentName } from '@crosswalk/shared';
import { MESH_MAX_PARTICIPANTS } from '@crosswalk/shared';
import type { Config } from './config.ts';
import { HttpError } from './http/errors.ts';
import { expectedOriginOfRequest } from './http/middleware/csrf.ts';
import { sessionTokenFrom } from './http/middleware/session.ts';
import type { Logger } from './logger.ts';
import { registerBoardSockets } from './modules/boards/board-sockets.ts';
import type { Services } from './services.ts';

/**
 * Mounts the realtime endpoints on the HTTP server and connects them to the application: who a socket is
 * (session cookie), who may join which video session, attendance, and evictions when membership changes.
 */
export function mountRealtime(httpServer: Server, config: Config, services: Services, logger: Logger): Realtime {
  const realtime = attachRealtime(httpServer, {
    logger: logger.child({ component: 'realtime' }),
    isAllowedOrigin: (request) => {
      const origin = request.headers.origin;
      return origin === undefined || origin === expectedOriginOfRequest(request, config);
    },
    authenticate: async (request) => {
      const token = sessionTokenFrom(request.headers.cookie);
      const auth = token ? await services.auth.authenticate(token) : null;
      return auth ? { userId: auth.user.id, displayName: auth.user.displayName } : null;
    },
    rooms: sessionRooms(services, logger),
    collab: {
      store: createPostgresStore(services.db.sql),
      // The ticket in the query string proves who; the permission matrix, read fresh, decides what.
      authorize: (request, documentName) => {
        const ticket = new URL(request.url ?? '/', 'http://localhost').searchParams.get('ticket');
        return parseBoardDocumentName(documentName)
          ? services.boards.authorizeDocument(ticket, documentName)
          : services.collab.authorize(ticket, documentName);
      },
    },
  });
  services.events.on('review.member_removed', ({ reviewId, userId }) => {
    void evictFromReview(services, realtime, reviewId, userId, logger);
  });
  // Membership and lifecycle changes (e.g. the evidence log locking at synthesis) reach open editors at once.
  for (const event of ['review.member_removed', 'review.member_added', 'review.state_changed'] as const) {
    services.events.on(event, ({ reviewId }) => {
      void refreshDocumentAccess(services, realtime, reviewId, logger);
    });
  }
  wireBoards(services, realtime, logger);
  return realtime;
}

/** Re-decides every open live-document connection of one review, closing the ones that lost access. */
async function refreshDocumentAccess(
  services: Services,
  realtime: Realtime,
  reviewId: string,
  logger: Logger,
): Promise<void> {
  const collab = realtime.collab;
  if (!collab) {
    return;
  }
  try {
    const open: { userId: string; documentName: string }[] = [];
    collab.updateAccess((connection) => {
      if (parseDocumentName(connection.documentName)?.reviewId === reviewId) {
        open.push(connection);
      }
      return undefined;
    });
    const decided = new Map<string, 'read' | 'write' | 'none'>();
    for (const { userId, documentName } of open) {
      const parsed = parseDocumentName(documentName);
      const access = parsed ? await services.collab.accessOf(userId, parsed.reviewId, parsed.part) : null;
      decided.set(`${userId} ${documentName}`, access?.access ?? 'none');
    }
    collab.updateAccess((connection) => decided.get(`${connection.userId} ${connection.documentName}`));
  } catch (error) {
    logger.error({ err: error, reviewId }, 'could not refresh live-document access');
  }
}

/** How the realtime rooms ask the application who may join a video session. */
function sessionRooms(services: Services, logger: Logger): NonNullable<RealtimeOptions['rooms']> {
  const actorOrNull = (userId: string) => services.auth.actorForUser(userId);
  return {
    maxParticipants: services.media.kind === 'mesh' ? MESH_MAX_PARTICIPANTS : 1000,
    async authorize(userId, sessionId) {
      const actor = await actorOrNull(userId);
      if (!actor) {
        return null;
      }
      try {
        const info = await services.reviewSessions.info(sessionId, actor);
        const [school] = await services.users.schoolsOf(userId);
        return {
          displayName: actor.displayName,
          roleLabel: info.myRole,
          schoolName: school?.schoolName ?? null,
          moderator: info.isModerator,
          canPublish: info.canPublish,
          canEnter: info.canEnter,
        };
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
    async admit(sessionId, moderatorUserId, guestUserId) {
      const actor = await actorOrNull(moderatorUserId);
      if (!actor) {
        return false;
      }
      try {
        await services.reviewSessions.admit(sessionId, actor, guestUserId);
        return true;
      } catch (error) {
        if (error instanceof HttpError) {
          return false;
        }
        throw error;
      }
    },
    onAttendance(event, sessionId, userId) {
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

/** A removed team member leaves every video session of the review at once (mesh and LiveKit alike). */
async function evictFromReview(
  services: Services,
  realtime: Realtime,
  reviewId: string,
  userId: string,
  logger: Logger,
): Promise<void> {
  try {
    for (const session of await services.reviews.sessionIdsOf(reviewId)) {
      realtime.evictFromSession(session, userId, 'You are no longer a member of this review.');
      if (services.media.kind === 'livekit') {
        await services.media.removeParticipant(session, userId).catch((error: unknown) => {
          logger.warn({ err: error, sessionId: session }, 'LiveKit could not remove the participant');
        });
      }
    }
  } catch (error) {
    logger.error({ err: error, reviewId }, 'could not evict a removed member');
  }
}

/**
 * Workshop boards: socket events, the live documents the server writes notes into, and board documents re-decided
 * whenever the workshop (e.g. its lock) or the review's membership or state changes.
 */
function wireBoards(services: Services, realtime: Realtime, logger: Logger): void {
  services.boards.attach(realtime.collab);
  registerBoardSockets({ io: realtime.io, boards: services.boards, auth: services.auth, logger });
  const refresh = ({ reviewId }: { reviewId: string }) => {
    void refreshBoardAccess(services, realtime, reviewId, logger);
  };
  for (const event of [
    'workshop.changed',
    'review.member_removed',
    'review.member_added',
    'review.state_changed',
  ] as const) {
    services.events.on(event, refresh);
  }
}

async function refreshBoardAccess(services: Services, realtime: Realtime, reviewId: string, logger: Logger) {
  const collab = realtime.collab;
  if (!collab) {
    return;
  }
  try {
    const open: { userId: string; documentName: string }[] = [];
    collab.updateAccess((connection) => {
      if (parseBoardDocumentName(connection.documentName)?.reviewId === reviewId) {
        open.push(connection);
      }
      return undefined;
    });
    const decided = new Map<string, 'read' | 'write' | 'none'>();
    for (const { userId, documentName } of open) {
      const key = `${userId} ${documentName}`;
      if (!decided.has(key)) {
        decided.set(key, (await services.boards.documentAccessOf(userId, documentName))?.access ?? 'none');
      }
    }
    collab.updateAccess((connection) => decided.get(`${connection.userId} ${connection.documentName}`));
  } catch (error) {
    logger.error({ err: error, reviewId }, 'could not refresh board access');
  }
}
