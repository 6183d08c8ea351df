import type { Server } from 'node:http';
import { attachRealtime, createLogWriter, createPostgresStore, type CollabObserver } from '@crosswalk/realtime';
import {
  EvidenceAuthorFields,
  parseDocumentName,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@crosswalk/shared';
import type { AppRealtime, AppSocketData } from '../../app-sockets.ts';
import { upgradeAddress } from '../audit/request-context.ts';
import type { Config } from '../../config.ts';
import { originOf } from '../../http/middleware/csrf.ts';
import { isSecureRequest, signInTokenFrom } from '../../http/middleware/sign-in.ts';
import type { Logger } from '../../logger.ts';
import type { Services } from '../../services.ts';
import {
  attachSessionSockets,
  createMemoryChatHistory,
  createRedisChatHistory,
  createMemoryRoomControls,
  createRedisRoomControls,
  type SessionSockets,
} from '../sessions/sessions.sockets.ts';
import { LiveConnections } from './live-connections.ts';
import { RoomDecisions, roomGrants } from './room-grants.ts';

/** How often each realtime process checks that the sign-ins behind its connections are still live. */
const SIGN_IN_CHECK_MS = 60 * 1000;

/** Who may hold which live connection in this process, and what happens when that changes. */
export interface Live {
  /** The realtime endpoints, when this process serves them. */
  realtime: AppRealtime | undefined;
  /** This process's live connections, when it serves the realtime endpoints. */
  connections: LiveConnections | undefined;
  /**
   * Ends this process's connections whose sign-in is no longer live (expired, or ended while the announcement was
   * lost); runs every minute by itself.
   */
  checkSignIns(): Promise<void>;
  /** Stops the check and closes the realtime endpoints. */
  close(): Promise<void>;
}

/**
 * Mounts the realtime endpoints on the HTTP server when this process serves them, and subscribes to the events
 * that change who may hold a live connection. Every process (API-only ones too, where decisions are taken) takes
 * its part in them.
 */
export function startLive(
  httpServer: Server,
  config: Config,
  services: Services,
  logger: Logger,
  observe: { collab?: CollabObserver | undefined } = {},
): Live {
  const realtime = config.services.realtime
    ? mountRealtime(httpServer, config, services, logger, observe.collab)
    : undefined;
  const connections = realtime
    ? new LiveConnections({
        realtime: realtime.endpoints,
        documents: services.documentGrants,
        rooms: realtime.rooms,
        evictFromRoom: realtime.sessions.evictFromSession,
        roomsOfReview: async (reviewId) => {
          const sessions = await services.reviews.sessionIdsOf(reviewId);
          return [...sessions, ...(await services.workshops.openBreakoutRooms(sessions))];
        },
        logger: logger.child({ component: 'live' }),
      })
    : undefined;
  subscribeToChanges(services, connections, realtime?.sessions, logger);

  const checkSignIns = async () => {
    await connections?.endStaleSignIns((signInIds) => services.auth.liveSignIns(signInIds));
  };
  const timer = setInterval(() => {
    checkSignIns().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not check the sign-ins of live connections');
    });
  }, SIGN_IN_CHECK_MS);
  timer.unref();
  return {
    realtime: realtime?.endpoints,
    connections,
    checkSignIns,
    async close() {
      clearInterval(timer);
      await realtime?.endpoints.close();
    },
  };
}

/**
 * The one place where the events that change who may hold a live connection are handled. The process that took a
 * decision acts once for the deployment: it removes a removed member from LiveKit and announces that access to the
 * review changed; every realtime process then re-decides its own connections of that review (`everywhere`
 * events), and ends those of a sign-in that ended.
 */
function subscribeToChanges(
  services: Services,
  connections: LiveConnections | undefined,
  sessions: SessionSockets | undefined,
  logger: Logger,
): void {
  const { events } = services;
  const here = { from: 'this-process' } as const;
  events.subscribe(
    'review.member_removed',
    ({ reviewId, userId }) => {
      if (services.media.kind === 'livekit') {
        void removeFromLiveKit(services, reviewId, userId, logger);
      }
    },
    here,
  );
  // An activity added, ended early or moved: LiveKit's grants follow once; every process tells its own sockets.
  events.subscribe(
    'session.activities_changed',
    ({ sessionId }) => {
      if (services.media.kind === 'livekit') {
        void applyAudioOnlyInLiveKit(services, sessionId, logger);
      }
    },
    here,
  );
  if (sessions) {
    events.subscribe('session.activities_changed', ({ sessionId }) => {
      sessions.applyMediaPolicy(sessionId).catch((error: unknown) => {
        logger.error({ err: error, sessionId }, 'could not tell the room what the activity allows');
      });
    });
  }
  // Membership and lifecycle changes (e.g. the evidence log locking at synthesis) reach open connections at once.
  for (const event of ['review.member_removed', 'review.member_added', 'review.state_changed'] as const) {
    events.subscribe(
      event,
      ({ reviewId }) => {
        events.publish('review.access_changed', { reviewId });
      },
      here,
    );
  }
  if (!connections) {
    return;
  }
  // Decided on any process (a lock from the console, a removal over REST); re-decided by each for its connections.
  for (const event of ['review.access_changed', 'workshop.changed'] as const) {
    events.subscribe(event, ({ reviewId }) => connections.redecideReview(reviewId));
  }
  // Retention: the review's live documents leave this process's memory unwritten, whichever process deletes them.
  events.subscribe('review.content_deleting', async ({ reviewId }) => {
    await connections.discardReview(reviewId);
  });
  events.subscribe('auth.sign_in_ended', ({ signInId }) => {
    connections.endSignIn(signInId);
  });
}

/** The realtime endpoints, the video rooms' sockets and the room decisions they were given. */
function mountRealtime(
  httpServer: Server,
  config: Config,
  services: Services,
  logger: Logger,
  collabObserver: CollabObserver | undefined,
): { endpoints: AppRealtime; rooms: RoomDecisions; sessions: SessionSockets } {
  const rooms = new RoomDecisions(services);
  const endpoints = attachRealtime<AppSocketData, ClientToServerEvents, ServerToClientEvents>(httpServer, {
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
      const token = signInTokenFrom(request.headers.cookie, isSecureRequest(request, config));
      const auth = token ? await services.auth.authenticate(token) : null;
      return auth
        ? {
            userId: auth.user.id,
            displayName: auth.user.displayName,
            signInId: auth.signInId,
            address: upgradeAddress(request, config.trustProxy),
          }
        : null;
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
      // Which Yjs client ids each person's connections write under, so their words can be erased later.
      authorship: services.collabAuthors,
      // The ticket in the query string proves who; the owning service, read fresh, decides what.
      authorize: (request, documentName) => services.documentGrants.authorize(request, documentName),
      // The metrics endpoint's group-commit latency and acknowledgement lag, when it is enabled.
      observer: collabObserver,
    },
  });
  const controls = endpoints.redisCommands
    ? createRedisRoomControls(endpoints.redisCommands, config.redisKeyPrefix)
    : createMemoryRoomControls();
  // LiveKit tokens are handed out over HTTP: the same locks and removals apply to them.
  services.reviewSessions.useRoomAccess({
    async refusal(sessionId, userId, moderator) {
      if (await controls.removed(sessionId, userId)) {
        return 'A moderator removed you from this session. Ask the lead reviewer if you should come back.';
      }
      return !moderator && (await controls.locked(sessionId))
        ? 'The lead reviewer or the host has locked this session. Ask them to unlock it, then try again.'
        : null;
    },
  });
  const sessions = attachSessionSockets(endpoints.io, {
    grants: roomGrants(rooms, services, logger),
    chat: endpoints.redisCommands
      ? createRedisChatHistory(endpoints.redisCommands, config.redisKeyPrefix)
      : createMemoryChatHistory(),
    controls,
    distributed: endpoints.redisCommands !== undefined,
    logger: logger.child({ component: 'rooms' }),
  });
  return { endpoints, rooms, sessions };
}

/** A removed member leaves LiveKit's rooms of the review, once (by the process where the removal happened). */
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

/** What the current activity allows, applied to everyone already in the session's LiveKit room (once). */
async function applyAudioOnlyInLiveKit(services: Services, sessionId: string, logger: Logger): Promise<void> {
  try {
    const { audioOnly } = await services.reviewSessions.mediaPolicyNow(sessionId);
    const updated = await services.media.applyAudioOnly(sessionId, audioOnly);
    logger.info({ sessionId, audioOnly, updated }, 'LiveKit publishing rules follow the activity');
  } catch (error) {
    logger.warn({ err: error, sessionId }, 'LiveKit could not change what participants may publish');
  }
}
