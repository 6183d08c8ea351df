import type { Server } from 'node:http';
import { attachRealtime, createLogWriter, createPostgresStore, type Realtime } from '@crosswalk/realtime';
import {
  EvidenceAuthorFields,
  parseBoardDocumentName,
  parseDocumentName,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@crosswalk/shared';
import { MESH_MAX_PARTICIPANTS } from '@crosswalk/shared';
import type { Config } from './config.ts';
import { DomainError, NotFound } from './errors/domain-errors.ts';
import { originOf } from './http/middleware/csrf.ts';
import { isSecureRequest, sessionTokenFrom } from './http/middleware/session.ts';
import type { Logger } from './logger.ts';
import { sessionLogId } from './modules/auth/auth.service.ts';
import type { AppRealtime, AppSocketData } from './app-sockets.ts';
import { attachBoardSockets } from './modules/boards/boards.sockets.ts';
import {
  attachSessionSockets,
  createMemoryChatHistory,
  createRedisChatHistory,
  type RoomGrants,
} from './modules/sessions/sessions.sockets.ts';
import type { Services } from './services.ts';

/**
 * Mounts the realtime endpoints on the HTTP server and connects them to the application: who a socket is
 * (session cookie), who may join which video session, attendance, and evictions when membership changes.
 */
export function mountRealtime(httpServer: Server, config: Config, services: Services, logger: Logger): AppRealtime {
  const realtime = attachRealtime<AppSocketData, ClientToServerEvents, ServerToClientEvents>(httpServer, {
    logger: logger.child({ component: 'realtime' }),
    isAllowedOrigin: (request) => {
      // Browsers always send Origin on WebSockets; it must be ours (PUBLIC_URL or the listening address).
      const origin = request.headers.origin;
      if (origin === undefined) {
        return true;
      }
      const parsed = originOf(origin);
      return parsed !== undefined && services.origins.includes(parsed);
    },
    authenticate: async (request) => {
      const token = sessionTokenFrom(request.headers.cookie, isSecureRequest(request, config));
      const auth = token ? await services.auth.authenticate(token) : null;
      return auth ? { userId: auth.user.id, displayName: auth.user.displayName, sessionId: auth.sessionId } : null;
    },
    redis: config.redisUrl ? { url: config.redisUrl, keyPrefix: config.redisKeyPrefix } : undefined,
    collab: {
      // On a PostgreSQL server the update log is written from a thread of its own, off the event loop that relays
      // the editors' updates; the embedded database takes one connection, so there it is written from this one.
      store: createPostgresStore(services.db.sql, {
        logWriter:
          services.db.kind === 'postgres' && config.databaseUrl
            ? createLogWriter({ url: config.databaseUrl, logger: logger.child({ component: 'collab-log-writer' }) })
            : undefined,
      }),
      // Leaves time, within the 10 s main.ts allows for a SIGTERM, to log what could not be written.
      closeTimeoutMs: 8000,
      // Who wrote an evidence entry comes from the connection, not from the client's data.
      authorFields: (documentName) =>
        parseDocumentName(documentName)?.part === 'evidence' ? EvidenceAuthorFields : null,
      // The ticket in the query string proves who; the permission matrix, read fresh, decides what.
      authorize: (request, documentName) => {
        const ticket = new URL(request.url ?? '/', 'http://localhost').searchParams.get('ticket');
        return parseBoardDocumentName(documentName)
          ? services.boards.authorizeDocument(ticket, documentName)
          : services.collab.authorize(ticket, documentName);
      },
    },
  });
  const sessions = attachSessionSockets(realtime.io, {
    grants: sessionRooms(services, logger),
    chat: realtime.redisCommands
      ? createRedisChatHistory(realtime.redisCommands, config.redisKeyPrefix)
      : createMemoryChatHistory(),
    distributed: realtime.redisCommands !== undefined,
    logger: logger.child({ component: 'rooms' }),
  });
  realtime.evictFromSession = sessions.evictFromSession;
  // Events happen in the process that handled the request; the sockets they concern may be held by any process.
  services.events.subscribe('review.member_removed', ({ reviewId, userId }) =>
    evictFromReview(services, realtime, reviewId, userId, logger),
  );
  services.events.subscribe('review.access_changed', ({ reviewId }) =>
    refreshDocumentAccess(services, realtime, reviewId, logger),
  );
  services.events.subscribe('auth.session_ended', ({ sessionId }) => {
    endRealtimeSession(realtime, sessionId, logger);
  });
  wireBoards(services, realtime, logger);
  return realtime;
}

/**
 * What the process that took a decision does once for the whole deployment (the realtime processes act on the
 * `everywhere` events themselves, in `mountRealtime`): removes a removed member from LiveKit, and announces that
 * access to a review changed. Runs in every process, including those that serve only the API, where such
 * decisions are taken. A sign-in session ending and a workshop changing (a command, or the agenda over REST) go
 * to every process as they are.
 */
export function announceDecisions(services: Services, logger: Logger): void {
  const here = { from: 'this-process' } as const;
  services.events.subscribe(
    'review.member_removed',
    ({ reviewId, userId }) => {
      if (services.media.kind === 'livekit') {
        void removeFromLiveKit(services, reviewId, userId, logger);
      }
    },
    here,
  );
  // Membership and lifecycle changes (e.g. the evidence log locking at synthesis) reach open editors at once.
  for (const event of ['review.member_removed', 'review.member_added', 'review.state_changed'] as const) {
    services.events.subscribe(
      event,
      ({ reviewId }) => {
        services.events.publish('review.access_changed', { reviewId });
      },
      here,
    );
  }
}

/** Ends this process's connections of one sign-in session (socket.io, documents and boards) at once. */
function endRealtimeSession(realtime: Realtime, sessionId: string, logger: Logger): void {
  const ended = realtime.endSession(sessionId);
  if (ended > 0) {
    logger.info({ session: sessionLogId(sessionId), connections: ended }, 'realtime connections of a session ended');
  }
}

/**
 * Ends this process's connections whose sign-in session is no longer live: expired (absolute or idle), or ended
 * while the event announcing it was lost (Redis unreachable), or ended while the connection was being
 * opened. Each realtime process runs it every `REALTIME_SESSION_CHECK_MS` with one query for all its sessions.
 */
export async function endStaleRealtimeSessions(services: Services, realtime: Realtime, logger: Logger): Promise<void> {
  const open = [...realtime.openSessions()];
  if (open.length === 0) {
    return;
  }
  const live = await services.auth.liveSessions(open);
  for (const sessionId of open) {
    if (!live.has(sessionId)) {
      endRealtimeSession(realtime, sessionId, logger);
    }
  }
}

type Decision = 'read' | 'write' | 'none';

/**
 * Re-decides the open live-document connections of one review that `belongs` picks, with `decide` read fresh for
 * each person and document: connections that lost access are closed, read-only ones are told. This process's
 * connections only (each process runs it for its own on the event).
 */
async function refreshAccess(
  realtime: Realtime,
  belongs: (documentName: string) => boolean,
  decide: (userId: string, documentName: string) => Promise<Decision>,
): Promise<void> {
  const collab = realtime.collab;
  if (!collab) {
    return;
  }
  const open: { userId: string; documentName: string }[] = [];
  collab.updateAccess((connection) => {
    if (belongs(connection.documentName)) {
      open.push(connection);
    }
    return undefined;
  });
  const decided = new Map<string, Decision>();
  for (const { userId, documentName } of open) {
    const key = `${userId} ${documentName}`;
    if (!decided.has(key)) {
      decided.set(key, await decide(userId, documentName));
    }
  }
  collab.updateAccess((connection) => decided.get(`${connection.userId} ${connection.documentName}`));
}

/** The enquiry document's parts of one review. */
function refreshDocumentAccess(
  services: Services,
  realtime: Realtime,
  reviewId: string,
  logger: Logger,
): Promise<void> {
  return refreshAccess(
    realtime,
    (name) => parseDocumentName(name)?.reviewId === reviewId,
    async (userId, name) => {
      const parsed = parseDocumentName(name);
      const access = parsed ? await services.collab.accessOf(userId, parsed.reviewId, parsed.part) : null;
      return access?.access ?? 'none';
    },
  ).catch((error: unknown) => {
    logger.error({ err: error, reviewId }, 'could not refresh live-document access');
  });
}

/** How the realtime rooms ask the application who may join a video session. */
function sessionRooms(services: Services, logger: Logger): RoomGrants {
  const actorOrNull = (userId: string) => services.auth.actorForUser(userId);
  /** Breakout rooms seen by `authorize`, with the session each belongs to (for attendance). */
  const breakoutParents = new Map<string, string>();
  return {
    maxParticipants: services.media.kind === 'mesh' ? MESH_MAX_PARTICIPANTS : 1000,
    async authorize(userId, sessionId) {
      const actor = await actorOrNull(userId);
      if (!actor) {
        return null;
      }
      try {
        const info = await services.reviewSessions.info(sessionId, actor).catch(async (error: unknown) => {
          // Not a session: perhaps a workshop breakout group, whose id is its own video room. Its members and the
          // facilitators may enter, under the parent session's video rules.
          const parent = error instanceof NotFound ? await services.workshops.breakoutRoom(sessionId, actor) : null;
          if (!parent) {
            throw error;
          }
          breakoutParents.set(sessionId, parent);
          return services.reviewSessions.info(parent, actor);
        });
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
        if (error instanceof NotFound) {
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
        if (error instanceof DomainError) {
          return false;
        }
        throw error;
      }
    },
    onAttendance(event, roomId, userId) {
      // Time in a breakout room counts as attendance of the workshop session it belongs to.
      const sessionId = breakoutParents.get(roomId) ?? roomId;
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

/** A removed team member leaves every video session of the review at once (this process's connections). */
async function evictFromReview(
  services: Services,
  realtime: Realtime,
  reviewId: string,
  userId: string,
  logger: Logger,
): Promise<void> {
  try {
    const sessions = await services.reviews.sessionIdsOf(reviewId);
    for (const session of [...sessions, ...(await services.workshops.openBreakoutRooms(sessions))]) {
      realtime.evictFromSession(session, userId, 'You are no longer a member of this review.');
    }
  } catch (error) {
    logger.error({ err: error, reviewId }, 'could not evict a removed member');
  }
}

/** …and from LiveKit's rooms, once (by the process where the removal happened). */
async function removeFromLiveKit(services: Services, reviewId: string, userId: string, logger: Logger): Promise<void> {
  if (services.media.kind !== 'livekit') {
    return;
  }
  try {
    for (const session of await services.reviews.sessionIdsOf(reviewId)) {
      await services.media.removeParticipant(session, userId).catch((error: unknown) => {
        logger.warn({ err: error, sessionId: session }, 'LiveKit could not remove the participant');
      });
    }
  } catch (error) {
    logger.error({ err: error, reviewId }, 'could not remove a removed member from LiveKit');
  }
}

/**
 * Workshop boards: socket events, the live documents the server writes notes into, and board documents re-decided
 * whenever the workshop (e.g. its lock) or the review's membership or state changes.
 */
function wireBoards(services: Services, realtime: AppRealtime, logger: Logger): void {
  services.boards.attach(realtime.collab);
  attachBoardSockets({ io: realtime.io, boards: services.boards, auth: services.auth, logger });
  // Decided on any process (a lock from the console, a removal over REST); re-decided by each for its connections.
  for (const event of ['workshop.changed', 'review.access_changed'] as const) {
    services.events.subscribe(event, ({ reviewId }) => refreshBoardAccess(services, realtime, reviewId, logger));
  }
}

/** The workshop boards of one review (workshop role, lock and breakout group decide). */
function refreshBoardAccess(services: Services, realtime: Realtime, reviewId: string, logger: Logger): Promise<void> {
  return refreshAccess(
    realtime,
    (name) => parseBoardDocumentName(name)?.reviewId === reviewId,
    async (userId, name) => (await services.boards.documentAccessOf(userId, name))?.access ?? 'none',
  ).catch((error: unknown) => {
    logger.error({ err: error, reviewId }, 'could not refresh board access');
  });
}
