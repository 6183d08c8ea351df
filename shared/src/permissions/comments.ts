import { reached } from '../domain/review-states.ts';
import type { DocumentPart } from '../realtime/documents.ts';
import { DocumentPartArtefact } from '../realtime/documents.ts';
import type { Refusal } from './decision.ts';
import { atLeast, reviewAccess, type ReviewAccessContext } from './reviews.ts';

/**
 * Comments on the enquiry document (threads anchored to a passage or a record of one part). Who may read them
 * follows who may read the part; who may comment follows the matrix's C and W, with one addition: from
 * `feedback_given` the host headteacher, who owns the report, may comment on any part they may read, until the
 * review closes. Every rule here asks `reviewAccess`; none decides access on its own. Refusals are all `refused`
 * (403), like any other access the matrix does not give at this moment, each with its own reason.
 */

const finished = (ctx: ReviewAccessContext) => ctx.state === 'closed' || ctx.state === 'cancelled';

/** Whether this person sees the threads on a part (they may read the part). */
export function mayReadComments(ctx: ReviewAccessContext, part: DocumentPart): boolean {
  return atLeast(reviewAccess(ctx, DocumentPartArtefact[part]), 'read');
}

/** Whether this person may start a thread or reply on a part now, or why not. */
export function decideComment(ctx: ReviewAccessContext, part: DocumentPart): { ok: true } | Refusal {
  const access = reviewAccess(ctx, DocumentPartArtefact[part]);
  if (atLeast(access, 'comment')) {
    return { ok: true };
  }
  const hostHead = ctx.roles.includes('host_headteacher');
  if (hostHead && atLeast(access, 'read') && !finished(ctx)) {
    if (reached(ctx.state, 'feedback_given')) {
      return { ok: true };
    }
    return {
      ok: false,
      kind: 'refused',
      reason: 'You can comment on this part once the lead reviewer has given feedback.',
    };
  }
  if (finished(ctx) && atLeast(access, 'read')) {
    return { ok: false, kind: 'refused', reason: 'This review has finished, so comments can no longer be added.' };
  }
  return { ok: false, kind: 'refused', reason: 'Your role on this review does not include commenting on this part.' };
}

export const mayComment = (ctx: ReviewAccessContext, part: DocumentPart): boolean => decideComment(ctx, part).ok;

/**
 * Whether this person may resolve or reopen a thread: its author, anyone who may write the part, or the host
 * headteacher; only while they may comment at all (so never after the review has finished).
 */
export function decideResolve(
  ctx: ReviewAccessContext,
  part: DocumentPart,
  thread: { createdBy: string },
  userId: string,
): { ok: true } | Refusal {
  const comment = decideComment(ctx, part);
  if (!comment.ok) {
    return comment;
  }
  const writes = atLeast(reviewAccess(ctx, DocumentPartArtefact[part]), 'write');
  if (thread.createdBy === userId || writes || ctx.roles.includes('host_headteacher')) {
    return { ok: true };
  }
  return {
    ok: false,
    kind: 'refused',
    reason:
      'Only the person who started this thread, someone who writes this part or the host headteacher can resolve it.',
  };
}
