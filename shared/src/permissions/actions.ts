import type { ReviewState } from '../domain/review-states.ts';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { Refusal } from './decision.ts';
import { atLeast, reviewAccess, type ReviewAccessContext } from './reviews.ts';

/**
 * The states in which a published action plan is followed through: the host school updates its actions until
 * the review is closed (docs/actions.md). A paused review keeps its actions as they are until it resumes.
 */
export const ActionFollowUpStates: readonly ReviewState[] = [
  'action_plan_published',
  'support_in_progress',
  'impact_review',
];

/**
 * Who sees the published actions: whoever may read the review's action plan (the host school, the review team and
 * the improvement champion). The partnership lead sees the review's state only, so the actions are not theirs.
 */
export function canSeeActionRecords(ctx: ReviewAccessContext): boolean {
  return atLeast(reviewAccess(ctx, 'action_plan'), 'read');
}

/** Whether the person may ever update this action: the host headteacher, the host link lead, or its owner. */
export function canUpdateAction(
  roles: readonly ReviewViewerRole[],
  person: { userId: string },
  action: { ownerUserId: string | null },
): boolean {
  return (
    roles.includes('host_headteacher') ||
    roles.includes('host_link_lead') ||
    (action.ownerUserId !== null && action.ownerUserId === person.userId)
  );
}

/** Whether the person may record progress on this action now. */
export function decideActionUpdate(
  ctx: ReviewAccessContext,
  person: { userId: string },
  action: { ownerUserId: string | null },
): { ok: true } | Refusal {
  if (!canUpdateAction(ctx.roles, person, action)) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the host school’s headteacher, its link lead and the action’s owner update an action.',
    };
  }
  if (!ActionFollowUpStates.includes(ctx.state)) {
    return {
      ok: false,
      kind: 'conflict',
      reason:
        ctx.state === 'closed' || ctx.state === 'cancelled'
          ? 'This review is finished, so its actions can no longer change.'
          : 'Actions can be updated while the review is following its action plan, not while it is paused.',
    };
  }
  return { ok: true };
}

/** Whether the person may name who owns an action: the host headteacher and the host link lead. */
export function decideActionOwner(ctx: ReviewAccessContext): { ok: true } | Refusal {
  if (!ctx.roles.includes('host_headteacher') && !ctx.roles.includes('host_link_lead')) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the host school’s headteacher and its link lead name who owns an action.',
    };
  }
  if (!ActionFollowUpStates.includes(ctx.state)) {
    return { ok: false, kind: 'conflict', reason: 'Owners can be named while the review follows its action plan.' };
  }
  return { ok: true };
}

/**
 * Whether the person may publish the plan again after correcting it in the document: the host headteacher, who
 * published it, while the plan is followed through. Statuses, owners and history are kept.
 */
export function decideRepublish(ctx: ReviewAccessContext): { ok: true } | Refusal {
  if (!ctx.roles.includes('host_headteacher')) {
    return { ok: false, kind: 'refused', reason: 'Only the host headteacher publishes the action plan.' };
  }
  if (!ActionFollowUpStates.includes(ctx.state)) {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'The plan can be published again only after it was first published, while the review follows it.',
    };
  }
  return { ok: true };
}

/**
 * Who sees the previous review's actions carried into this review's self-review ("checking back"): whoever may
 * read this review's self-review. The host school carries its own actions forward as part of its self-review, so
 * they go exactly where the self-review goes.
 */
export function canSeeCarriedActions(ctx: ReviewAccessContext): boolean {
  return atLeast(reviewAccess(ctx, 'self_review'), 'read');
}
