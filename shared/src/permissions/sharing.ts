import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import { reached, type ReviewState } from '../domain/review-states.ts';
import type { FindingKind } from '../documents/enquiry.ts';
import type { Refusal } from './decision.ts';

/**
 * What the host school shares, and for how long the visiting team keeps a closed review (docs/domain.md e.1–e.2,
 * c.7, c.12). The report belongs to the host school: only its headteacher opens parts of it to others.
 */

/** The months a closed review stays open to its reviewers and champion unless the partnership sets otherwise. */
export const DEFAULT_MEMBER_ACCESS_MONTHS = 12;
export const MIN_MEMBER_ACCESS_MONTHS = 1;
export const MAX_MEMBER_ACCESS_MONTHS = 120;

/** Whether this person decides what the review shares: the host headteacher alone, in any state but cancelled. */
export function decideSharingChange(roles: readonly ReviewViewerRole[], state: ReviewState): { ok: true } | Refusal {
  if (!roles.includes('host_headteacher')) {
    return { ok: false, kind: 'refused', reason: 'Only the host headteacher decides what this review shares.' };
  }
  if (state === 'cancelled') {
    return { ok: false, kind: 'conflict', reason: 'This review was cancelled, so it shares nothing.' };
  }
  return { ok: true };
}

export function canChangeSharing(roles: readonly ReviewViewerRole[], state: ReviewState): boolean {
  return decideSharingChange(roles, state).ok;
}

/**
 * Whether a finding is shared practice the partnership's other schools may read: a strength the host headteacher
 * marked "may be shared beyond the school", once the report is agreed (so it is the agreed wording).
 */
export function isSharedPractice(finding: { kind: FindingKind; shareable: boolean }, state: ReviewState): boolean {
  return finding.kind === 'strength' && finding.shareable && reached(state, 'report_agreed');
}

/** When the team's reviewers and champion lose a review that closed at `closedAt`. */
export function memberAccessEndsAt(closedAt: Date, months: number): Date {
  const ends = new Date(closedAt.getTime());
  ends.setUTCMonth(ends.getUTCMonth() + months);
  return ends;
}

/** Whether a review's access window has passed at `now` (never while it is not closed). */
export function memberAccessEnded(
  review: { state: ReviewState; closedAt: Date | null; memberAccessMonths: number },
  now: Date,
): boolean {
  if (review.state !== 'closed' || review.closedAt === null) {
    return false;
  }
  return now.getTime() >= memberAccessEndsAt(review.closedAt, review.memberAccessMonths).getTime();
}
