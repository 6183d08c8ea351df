import {
  WorkshopCommandRequestSchema,
  WorkshopCommitmentRequestSchema,
  WorkshopSessionRequestSchema,
  maySeeAllCommitments,
  type Actor,
  type WorkshopCommitment,
  type WorkshopCommitmentsResult,
  type WorkshopJoinResult,
  type WorkshopPerson,
  type WorkshopRole,
} from '@crosswalk/shared';
import { z } from 'zod';
import { attachHandlers, defineHandler, type AppSocket, type AppSocketServer } from '../../app-sockets.ts';
import type { EventBus } from '../../events/bus.ts';
import { NotFound, Refused } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { WorkshopRefusal, type WorkshopsService } from './workshops.service.ts';

/**
 * Workshop control over the session socket.io server. A connection follows at most one workshop (room
 * `workshop:<sessionId>`); every state change, whoever caused it (a command here, the agenda over REST, on any
 * process), reaches the room from one place: the `workshop.changed` message that every process receives, each
 * telling the followers it holds. What a connection follows is kept on the connection (`socket.data.workshop`), so
 * the people of a workshop are listed across processes with `fetchSockets()`. Every payload is parsed with zod; commands
 * from anyone but a facilitator are refused through the acknowledgement and logged without content.
 */

/** What a connection following a workshop keeps on itself (so any process can list the workshop's people). */
export interface WorkshopSocketData {
  workshop?: { sessionId: string; reviewId: string; role: WorkshopRole; person: WorkshopPerson } | undefined;
}

const roomOf = (sessionId: string) => `workshop:${sessionId}`;
const facilitatorsOf = (sessionId: string) => `workshop:${sessionId}:facilitators`;
/** The log line of every refused workshop request (the idiom's, for the one refusal answered as a result). */
const REFUSED = 'workshop message refused';

type Following = NonNullable<WorkshopSocketData['workshop']>;

export interface WorkshopSocketsDeps {
  workshops: WorkshopsService;
  auth: AuthService;
  /** Decisions taken by any process (workshop changes, removals, lifecycle changes). */
  events: Pick<EventBus, 'subscribe'>;
  logger: Logger;
}

/** Registers the workshop handlers on every authenticated connection; returns a function that removes them. */
export function attachWorkshopSockets(io: AppSocketServer, deps: WorkshopSocketsDeps): () => void {
  const { workshops, auth, events, logger } = deps;

  /** This process's connections that follow a workshop (each process acts on its own). */
  const localFollowers = function* (): Generator<[AppSocket, Following]> {
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.workshop) {
        yield [socket, socket.data.workshop];
      }
    }
  };

  const presence = async (sessionId: string): Promise<WorkshopPerson[]> => {
    const people = new Map<string, WorkshopPerson>();
    for (const socket of await io.in(roomOf(sessionId)).fetchSockets()) {
      const f = socket.data.workshop;
      if (f?.sessionId === sessionId) {
        people.set(f.person.userId, f.person);
      }
    }
    return [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
  };
  const sendPresence = (sessionId: string) => {
    presence(sessionId)
      .then((people) => {
        io.to(roomOf(sessionId)).emit('workshop.presence', { sessionId, people });
      })
      .catch((error: unknown) => {
        logger.warn({ err: error, sessionId }, 'could not list the people of a workshop');
      });
  };

  const unfollow = (socket: AppSocket) => {
    const f = socket.data.workshop;
    if (!f) {
      return;
    }
    socket.data.workshop = undefined;
    void socket.leave(roomOf(f.sessionId));
    void socket.leave(facilitatorsOf(f.sessionId));
    sendPresence(f.sessionId);
  };

  const actorOf = async (socket: AppSocket) => auth.actorForUser(socket.data.user.userId);

  const about = ({ sessionId }: { sessionId: string }) => ({ sessionId });
  const COMMITMENT_FAILED = 'Your commitment could not be saved. Please try again.';

  /** Runs a commitments request for this connection's person. */
  async function answerCommitments(
    socket: AppSocket,
    run: (actor: Actor) => Promise<{ mine: WorkshopCommitment | null; all: WorkshopCommitment[] }>,
  ): Promise<WorkshopCommitmentsResult> {
    const actor = await actorOf(socket);
    return actor ? { ok: true, ...(await run(actor)) } : { ok: false, message: 'Please sign in again.' };
  }

  const handlers = [
    defineHandler('workshop.join', WorkshopSessionRequestSchema, ({ sessionId }, socket) => join(socket, sessionId), {
      invalid: 'That is not a workshop.',
      failed: 'The workshop could not be opened. Please try again.',
      answer: ({ message }) => ({ ok: false, reason: 'invalid', message }),
      about,
    }),
    defineHandler(
      'workshop.leave',
      z.unknown(),
      (_, socket) => {
        unfollow(socket);
      },
      {},
    ),
    defineHandler(
      'workshop.command',
      WorkshopCommandRequestSchema,
      async ({ sessionId, command }, socket) => {
        const f = socket.data.workshop;
        // Cheap refusal first (this connection joined as a non-facilitator); the service checks again, fresh.
        if (!f || f.sessionId !== sessionId || f.role !== 'facilitator') {
          throw new Refused('Only the facilitator can do that.');
        }
        const actor = await actorOf(socket);
        if (!actor) {
          return { ok: false, message: 'Please sign in again.' };
        }
        return { ok: true, version: await workshops.command(sessionId, actor, command) };
      },
      {
        invalid: 'That command was not understood.',
        failed: 'That did not work. Please try again.',
        about: ({ sessionId, command }) => ({ sessionId, type: command.type }),
        // A command that makes no sense now (e.g. "next" on the last stage) is answered without a log line.
        quiet: (error) => error instanceof WorkshopRefusal,
      },
    ),
    defineHandler(
      'workshop.commitment',
      WorkshopCommitmentRequestSchema,
      ({ sessionId, text }, socket) =>
        answerCommitments(socket, async (actor) => {
          const result = await workshops.saveCommitment(sessionId, actor, text);
          io.to(facilitatorsOf(sessionId)).emit('workshop.commitments', {
            sessionId,
            all: await workshops.allCommitments(sessionId),
          });
          return result;
        }),
      { invalid: 'Write your commitment in up to 500 characters.', failed: COMMITMENT_FAILED, about },
    ),
    defineHandler(
      'workshop.commitments',
      WorkshopSessionRequestSchema,
      ({ sessionId }, socket) => answerCommitments(socket, (actor) => workshops.commitments(sessionId, actor)),
      { invalid: 'That is not a workshop.', failed: COMMITMENT_FAILED, about },
    ),
  ];

  async function join(socket: AppSocket, sessionId: string): Promise<WorkshopJoinResult> {
    const actor = await actorOf(socket);
    if (!actor) {
      return { ok: false, reason: 'not_found', message: 'This workshop does not exist, or you are not part of it.' };
    }
    let opened;
    try {
      opened = await workshops.open(sessionId, actor);
    } catch (error) {
      if (error instanceof NotFound) {
        logger.warn(
          { event: 'workshop.join', userId: socket.data.user.userId, sessionId, reason: 'not found' },
          REFUSED,
        );
        return { ok: false, reason: 'not_found', message: 'This workshop does not exist, or you are not part of it.' };
      }
      throw error;
    }
    unfollow(socket);
    const { user } = socket.data;
    socket.data.workshop = {
      sessionId,
      reviewId: opened.state.reviewId,
      role: opened.role,
      person: { userId: user.userId, displayName: user.displayName, role: opened.role },
    };
    await socket.join(roomOf(sessionId));
    if (maySeeAllCommitments(opened.role)) {
      await socket.join(facilitatorsOf(sessionId));
    }
    sendPresence(sessionId);
    return { ok: true, role: opened.role, state: opened.state, serverTime: Date.now() };
  }

  /** Decides every follower's role of a review's workshops again and tells those whose role changed. */
  async function refreshRoles(reviewId: string): Promise<void> {
    for (const [socket, f] of [...localFollowers()]) {
      if (f.reviewId !== reviewId) {
        continue;
      }
      try {
        const actor = await actorOf(socket);
        const role = actor ? (await workshops.access(f.sessionId, actor)).role : 'none';
        if (role !== f.role) {
          f.role = role;
          f.person = { ...f.person, role };
          if (!maySeeAllCommitments(role)) {
            void socket.leave(facilitatorsOf(f.sessionId));
          }
          socket.emit('workshop.role', { sessionId: f.sessionId, role });
        }
      } catch (error) {
        if (error instanceof NotFound) {
          socket.emit('workshop.role', { sessionId: f.sessionId, role: 'none' });
          unfollow(socket);
        } else {
          logger.error({ err: error, sessionId: f.sessionId }, 'could not refresh a workshop role');
        }
      }
    }
  }

  const detach = attachHandlers(io, handlers, { logger, name: 'workshop', onDisconnect: unfollow });

  /**
   * Broadcasts per workshop run one after another, each reading the latest state, and a state is sent only if it is
   * newer than the last one sent: followers get versions in increasing order even when changes come in quick
   * succession (browsers drop older ones anyway).
   */
  const broadcasts = new Map<string, { chain: Promise<void>; sent: number; pending: number }>();
  const broadcast = (sessionId: string) => {
    const entry = broadcasts.get(sessionId) ?? { chain: Promise.resolve(), sent: -1, pending: 0 };
    broadcasts.set(sessionId, entry);
    entry.pending++;
    entry.chain = entry.chain
      .then(async () => {
        const state = await workshops.state(sessionId);
        if (state.version > entry.sent) {
          entry.sent = state.version;
          io.local.to(roomOf(sessionId)).emit('workshop.state', state);
        }
      })
      .catch((error: unknown) => {
        logger.error({ err: error, sessionId }, 'could not broadcast the workshop state');
      })
      .finally(() => {
        if (--entry.pending === 0) {
          broadcasts.delete(sessionId);
        }
      });
  };
  // Each process acts on the connections it holds: a workshop's new state reaches its local followers (the state is
  // read once per process); someone removed from the review stops following its workshops at once; a lifecycle
  // change (e.g. closing the review) changes roles, so each follower's role is decided again and sent to them.
  const unsubscribe = [
    events.subscribe('workshop.changed', ({ sessionId }) => {
      broadcast(sessionId);
    }),
    events.subscribe('review.member_removed', ({ reviewId, userId }) => {
      for (const [socket, f] of [...localFollowers()]) {
        if (f.reviewId === reviewId && f.person.userId === userId) {
          unfollow(socket);
        }
      }
    }),
    events.subscribe('review.access_changed', ({ reviewId }) => refreshRoles(reviewId)),
  ];
  return () => {
    detach();
    for (const off of unsubscribe) {
      off();
    }
  };
}
