import type { ReviewViewerRole, SessionKind } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { sessionAttendees } from '../notifications/recipients.ts';
import type { Refusal } from './decision.ts';

/**
 * Who sees everyone's set-up check results: the lead reviewer, who runs the day, and the host school's link lead
 * and headteacher, who complete the readiness checklist (docs/domain.md b.2 state 5).
 */
export function canSeeReadinessChecks(roles: readonly ReviewViewerRole[]): boolean {
  return roles.some((r) => r === 'lead_reviewer' || r === 'host_link_lead' || r === 'host_headteacher');
}

/** States in which the review's sessions are still to come, so a set-up check is worth sending. */
const CHECK_STATES: readonly ReviewState[] = ['planned', 'ready', 'in_review'];

/** Whether this person may send everyone invited their set-up check link now. */
export function decideReadinessCheckLinks(
  roles: readonly ReviewViewerRole[],
  state: ReviewState,
): { ok: true } | Refusal {
  if (!canSeeReadinessChecks(roles)) {
    return { ok: false, kind: 'refused', reason: 'Only the lead reviewer and the host school send set-up checks.' };
  }
  if (!CHECK_STATES.includes(state)) {
    return { ok: false, kind: 'conflict', reason: 'Set-up checks are sent once the review is planned.' };
  }
  return { ok: true };
}

/**
 * Everyone invited to at least one of the review's sessions (the same people as the calendar invitations): they
 * are asked to check their set-up, and only they may run the check for this review.
 */
export function readinessCheckInvitees(
  sessionKinds: readonly SessionKind[],
  people: readonly { userId: string; roles: readonly ReviewViewerRole[] }[],
): string[] {
  return [...new Set([...new Set(sessionKinds)].flatMap((kind) => sessionAttendees(kind, people)))];
}
