import { SuggestionsFollowSchema } from '@crosswalk/shared';
import { z } from 'zod';
import { attachHandlers, defineHandler, type AppSocket, type AppSocketServer } from '../../app-sockets.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { SuggestionsService } from './suggestions.service.ts';

/**
 * Live updates of factual-accuracy mode: a connection follows at most one review's corrections (room
 * `suggestions:<reviewId>`) once the service says the person may read its findings, and hears
 * `suggestions.changed` whenever a correction is proposed or decided on any process; the page then fetches the list.
 * Access is decided again when it may have changed, and someone who may no longer read the findings stops following.
 */
export interface SuggestionSocketData {
  suggestions?: { reviewId: string } | undefined;
}

const roomOf = (reviewId: string) => `suggestions:${reviewId}`;

export function attachSuggestionSockets(
  io: AppSocketServer,
  deps: {
    suggestions: SuggestionsService;
    auth: AuthService;
    events: Pick<EventBus, 'subscribe'>;
    logger: Logger;
  },
): () => void {
  const { suggestions, auth, events, logger } = deps;

  const unfollow = (socket: AppSocket) => {
    const following = socket.data.suggestions;
    if (following) {
      socket.data.suggestions = undefined;
      void socket.leave(roomOf(following.reviewId));
    }
  };

  const mayFollow = async (socket: AppSocket, reviewId: string) => {
    const actor = await auth.actorForUser(socket.data.user.userId);
    return actor !== null && (await suggestions.mayFollow(reviewId, actor));
  };

  const handlers = [
    defineHandler(
      'suggestions.follow',
      SuggestionsFollowSchema,
      async ({ reviewId }, socket) => {
        if (!(await mayFollow(socket, reviewId))) {
          logger.warn({ userId: socket.data.user.userId, reviewId }, 'suggestions follow refused');
          return { ok: false, message: 'This review does not exist, or its findings are not shared with you.' };
        }
        unfollow(socket);
        socket.data.suggestions = { reviewId };
        await socket.join(roomOf(reviewId));
        return { ok: true };
      },
      {
        invalid: 'That is not a review.',
        failed: 'Live updates of corrections are not available right now.',
        about: ({ reviewId }) => ({ reviewId }),
      },
    ),
    defineHandler(
      'suggestions.unfollow',
      z.unknown(),
      (_, socket) => {
        unfollow(socket);
      },
      {},
    ),
  ];
  const detach = attachHandlers(io, handlers, { logger, name: 'suggestions', onDisconnect: unfollow });

  /** This process's connections that follow a review's corrections. */
  const followersOf = (reviewId: string) =>
    [...io.of('/').sockets.values()].filter((socket) => socket.data.suggestions?.reviewId === reviewId);

  const recheck = async (reviewId: string) => {
    for (const socket of followersOf(reviewId)) {
      try {
        if (!(await mayFollow(socket, reviewId))) {
          unfollow(socket);
        }
      } catch (error) {
        logger.error({ err: error, reviewId }, 'could not decide again who follows corrections');
      }
    }
  };

  const unsubscribe = [
    events.subscribe('review.suggestions_changed', ({ reviewId }) => {
      io.local.to(roomOf(reviewId)).emit('suggestions.changed', { reviewId });
    }),
    events.subscribe('review.member_removed', ({ reviewId }) => recheck(reviewId)),
    events.subscribe('review.access_changed', ({ reviewId }) => recheck(reviewId)),
  ];
  return () => {
    detach();
    for (const off of unsubscribe) {
      off();
    }
  };
}
