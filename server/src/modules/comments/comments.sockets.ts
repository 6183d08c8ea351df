import { socketRate } from '@crosswalk/realtime';
import { z } from 'zod';
import { attachHandlers, defineHandler, type AppSocketServer } from '../../app-sockets.ts';
import type { EventBus } from '../../events/bus.ts';
import { NotFound } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';

/** socket.io room of the open document pages of a review. */
const roomOf = (reviewId: string) => `comments:${reviewId}`;

const FollowSchema = z.strictObject({ reviewId: z.uuid() });

/** Following is cheap but asks the database each time: a page follows once per (re)connection. */
const followRate = socketRate({
  points: 20,
  seconds: 10,
  message: 'That was a lot of requests at once. Wait a few seconds, then try again.',
});

/**
 * Live comment updates: an open document page follows its review's room, and every change (from any process,
 * through the bus) tells the room "comments changed". The message carries only the review's id; each page then
 * fetches the threads it may read over REST, so nobody hears of a thread they may not see.
 */
export function attachCommentSockets(
  io: AppSocketServer,
  deps: { reviews: ReviewsService; auth: AuthService; events: Pick<EventBus, 'subscribe'>; logger: Logger },
): () => void {
  const { reviews, auth, events, logger } = deps;
  const unsubscribe = events.subscribe('review.comments_changed', ({ reviewId }) => {
    io.local.to(roomOf(reviewId)).emit('comments.changed', { reviewId });
  });
  const detach = attachHandlers(
    io,
    [
      defineHandler(
        'comments.follow',
        FollowSchema,
        async ({ reviewId }, socket) => {
          const actor = await auth.actorForUser(socket.data.user.userId);
          if (!actor) {
            throw new NotFound('review');
          }
          await reviews.view(reviewId, actor);
          await socket.join(roomOf(reviewId));
          return { ok: true };
        },
        {
          rate: followRate,
          invalid: 'That request was not understood.',
          failed: 'Something went wrong on our side. Please try again.',
          about: ({ reviewId }) => ({ reviewId }),
        },
      ),
      defineHandler(
        'comments.unfollow',
        FollowSchema,
        ({ reviewId }, socket) => {
          void socket.leave(roomOf(reviewId));
        },
        {},
      ),
    ],
    { logger, name: 'comments' },
  );
  return () => {
    unsubscribe();
    detach();
  };
}
