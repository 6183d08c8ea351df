import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import { ActionFollowUpStates, canSeeActionRecords } from './actions.ts';
import type { Refusal } from './decision.ts';
import type { ReviewAccessContext } from './reviews.ts';

/**
 * The impact review's checkpoints (docs/impact-review.md). Whoever reads the action plan reads them; the host
 * headteacher schedules them; the host headteacher, the host link lead, the lead reviewer and the improvement
 * champion record a huddle ("host head, with the Lead Reviewer and/or IC").
 */
export const canSeeImpact = (ctx: ReviewAccessContext): boolean => canSeeActionRecords(ctx);

/** Who records an impact huddle. */
export const ImpactRecorderRoles: readonly ReviewViewerRole[] = [
  'host_headteacher',
  'host_link_lead',
  'lead_reviewer',
  'improvement_champion',
];

function followingPlan(ctx: ReviewAccessContext, what: string): Refusal | null {
  if (ActionFollowUpStates.includes(ctx.state)) {
    return null;
  }
  return {
    ok: false,
    kind: 'conflict',
    reason:
      ctx.state === 'closed' || ctx.state === 'cancelled'
        ? `This review is finished, so its impact checkpoints can no longer change.`
        : `${what} once the action plan is published, while the review follows it (not while it is paused).`,
  };
}

/** Whether the person may schedule, move or remove checkpoints: the host headteacher, while the plan is followed. */
export function decideScheduleCheckpoint(ctx: ReviewAccessContext): { ok: true } | Refusal {
  if (!ctx.roles.includes('host_headteacher')) {
    return { ok: false, kind: 'refused', reason: 'Only the host headteacher schedules impact checkpoints.' };
  }
  return followingPlan(ctx, 'Impact checkpoints can be scheduled') ?? { ok: true };
}

/** Whether the person may record an impact huddle, while the plan is followed. */
export function decideRecordHuddle(ctx: ReviewAccessContext): { ok: true } | Refusal {
  if (!ImpactRecorderRoles.some((role) => ctx.roles.includes(role))) {
    return {
      ok: false,
      kind: 'refused',
      reason:
        'Only the host headteacher, the host link lead, the lead reviewer and the improvement champion record an impact huddle.',
    };
  }
  return followingPlan(ctx, 'Impact huddles can be recorded') ?? { ok: true };
}
