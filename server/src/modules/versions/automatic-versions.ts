import { transitionVersionLabel, versionStageOf, type ReviewState } from '@crosswalk/shared';
import type { EventBus } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import type { VersionsService } from './versions.service.ts';

/**
 * Saves a version of the whole enquiry document at every lifecycle transition ("Reached: Feedback given"), so the
 * history tells the review's story. `review.state_changed` is a local event, and the handler also asks for
 * `this-process` deliveries only: it runs once, in the process that made the transition, never once per process
 * in a scale-out deployment. It runs after the transition has committed; a version that cannot be saved is
 * logged and never undoes or fails the transition.
 */
export function saveVersionAtEveryTransition(deps: {
  events: EventBus;
  versions: Pick<VersionsService, 'saveSnapshot'>;
  logger: Logger;
}): () => void {
  const { events, versions, logger } = deps;
  return events.subscribe(
    'review.state_changed',
    async ({ reviewId, from, to, actorUserId }) => {
      const before = from as ReviewState;
      const after = to as ReviewState;
      try {
        await versions.saveSnapshot(
          reviewId,
          transitionVersionLabel(before, after),
          actorUserId ?? null,
          versionStageOf(after, before),
        );
      } catch (error) {
        logger.warn({ err: error, reviewId, to }, 'could not save the automatic version of a transition');
      }
    },
    { from: 'this-process' },
  );
}
