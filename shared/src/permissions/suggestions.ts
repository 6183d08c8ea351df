import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import type { Refusal } from './decision.ts';

/**
 * Factual-accuracy mode (docs/domain.md b.2 state 8, c.7, c.8): once feedback has been given, the host headteacher
 * proposes corrections of fact to the findings and the feedback record, and the lead reviewer accepts or rejects
 * each. Judgements stay the reviewers': the host never writes the text directly, and the record of corrections is
 * written by Crosswalk when a correction is accepted, never proposed against.
 */

/** Which text a suggestion changes: a finding's text, or one of the feedback record's fields. */
export type SuggestionTarget = { kind: 'finding'; findingId: string } | { kind: 'feedback'; field: string };

/** The feedback record's fields the host may suggest corrections to ("corrections" is Crosswalk's own record). */
export const SuggestibleFeedbackFields = ['attendees', 'hostResponse'] as const;

export type SuggestionDecision = { ok: true } | Refusal;

const OK: SuggestionDecision = { ok: true };

function atFeedbackGiven(state: ReviewState, what: string): SuggestionDecision {
  if (state === 'feedback_given') {
    return OK;
  }
  if (state === 'paused') {
    return { ok: false, kind: 'conflict', reason: `This review is paused. ${what} once it has resumed.` };
  }
  return {
    ok: false,
    kind: 'conflict',
    reason: `${what} only while the host headteacher checks the findings for accuracy, after feedback has been given and before the report is agreed.`,
  };
}

/**
 * Whether this person may propose a correction to this text now: only the host headteacher (refused for anyone
 * else), only on a finding's text or the attendees and host response of the feedback record (refused elsewhere),
 * only at `feedback_given` (conflict otherwise).
 */
export function decideSuggest(
  roles: readonly ReviewViewerRole[],
  state: ReviewState,
  target?: SuggestionTarget,
): SuggestionDecision {
  if (!roles.includes('host_headteacher')) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the host headteacher proposes corrections of fact to the findings and the feedback record.',
    };
  }
  if (target?.kind === 'feedback' && !(SuggestibleFeedbackFields as readonly string[]).includes(target.field)) {
    return {
      ok: false,
      kind: 'refused',
      reason:
        'Corrections can be proposed to the findings, the attendees and the host response only. The list of corrections is kept by Crosswalk.',
    };
  }
  return atFeedbackGiven(state, 'Corrections can be proposed');
}

/** Whether this person may accept or reject a proposed correction now: only the lead reviewer, at `feedback_given`. */
export function decideSuggestionDecision(roles: readonly ReviewViewerRole[], state: ReviewState): SuggestionDecision {
  if (!roles.includes('lead_reviewer')) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the lead reviewer accepts or rejects proposed corrections.',
    };
  }
  return atFeedbackGiven(state, 'Corrections can be accepted or rejected');
}
