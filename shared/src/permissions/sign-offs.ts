import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import { reached, type ReviewState } from '../domain/review-states.ts';
import type { Refusal } from './decision.ts';

/**
 * Sign-off of the enquiry document (docs/domain.md c.12): the lead reviewer confirms the findings are a fair record
 * of the evidence, and the host headteacher confirms they accept them. A person signs only as themselves, in a
 * role they hold on this review; the server records it (append-only), never the live document.
 */
export const SignOffRoles = ['lead_reviewer', 'host_headteacher'] as const;
export type SignOffRole = (typeof SignOffRoles)[number];

export const SignOffRoleLabel: Record<SignOffRole, string> = {
  lead_reviewer: 'Lead reviewer',
  host_headteacher: 'Host headteacher',
};

/** What each signature says, in the words shown beside the button and in the record. */
export const SignOffStatement: Record<SignOffRole, string> = {
  lead_reviewer: 'I confirm the findings are a fair record of the evidence the review team gathered.',
  host_headteacher: 'I confirm I have read the findings and accept them as the record of this review.',
};

export type SignOffDecision = { ok: true; role: SignOffRole } | Refusal;

/**
 * Whether this person may sign off the document now, and as whom. Only the review's lead reviewer and host
 * headteacher sign (refused for anyone else); the lead reviewer signs here once feedback has been given, and not
 * while the review is paused or after it has closed or been cancelled (conflict). The host headteacher signs by
 * accepting the report (the lifecycle action `accept_report`), never separately.
 */
export function decideSignOff(roles: readonly ReviewViewerRole[], state: ReviewState): SignOffDecision {
  const role = SignOffRoles.find((r) => roles.includes(r));
  if (!role) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the lead reviewer and the host headteacher sign off the findings.',
    };
  }
  if (state === 'closed' || state === 'cancelled') {
    return { ok: false, kind: 'conflict', reason: 'This review has finished, so it can no longer be signed off.' };
  }
  if (state === 'paused') {
    return { ok: false, kind: 'conflict', reason: 'This review is paused. Sign off once it has resumed.' };
  }
  if (!reached(state, 'feedback_given')) {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'The findings can be signed off once the lead reviewer has given feedback.',
    };
  }
  if (role === 'host_headteacher') {
    return {
      ok: false,
      kind: 'conflict',
      reason:
        state === 'feedback_given'
          ? 'You sign off the findings by accepting the report, once the lead reviewer has signed.'
          : 'You signed off the findings when you accepted the report.',
    };
  }
  return { ok: true, role };
}
