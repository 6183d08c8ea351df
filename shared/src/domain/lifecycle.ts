import type { Refusal } from '../permissions/decision.ts';
import {
  ReviewRoles,
  ReviewStateLabel,
  ReviewStates,
  TeamLimits,
  type ReviewRole,
  type ReviewState,
} from './review-states.ts';

/**
 * The review lifecycle as one state machine (docs/domain.md b.2 and b.3). Every entry point asks `decideTransition`;
 * nothing else changes a review's state. Pure: callers gather the facts, this decides.
 */

/** How a person relates to one review. A person may hold several (e.g. partnership lead and lead reviewer). */
export type ReviewViewerRole = ReviewRole | 'host_staff' | 'partnership_lead' | 'cluster_member';

/** Every way a person can relate to a review: the team's roles first, then those from outside the team. */
export const ReviewViewerRoles: readonly ReviewViewerRole[] = [
  ...ReviewRoles,
  'host_staff',
  'partnership_lead',
  'cluster_member',
];

export const SessionKinds = [
  'pre_review_meeting',
  'review_day',
  'feedback_meeting',
  'improvement_workshop',
  'impact_review',
] as const;
export type SessionKind = (typeof SessionKinds)[number];

export interface ReviewFacts {
  state: ReviewState;
  /** The state a paused review returns to. */
  pausedFrom: ReviewState | null;
  hostSchoolId: string;
  focus: { question: string; rationale: string; subQuestions: string[]; outOfScope: string[] } | null;
  team: { userId: string; role: ReviewRole; schoolIds: string[] }[];
  readiness: Readiness;
  sessions: { kind: SessionKind; activityCount: number }[];
}

/** The virtual-readiness checklist the host link lead completes (docs/domain.md b.2 state 5). */
export interface Readiness {
  consentConfirmed: boolean;
  optOutListConfirmed: boolean;
  safeguardingBriefingDone: boolean;
  devicesTested: boolean;
}

export const ReviewActions = [
  'accept_slot',
  'agree_focus',
  'plan',
  'confirm_ready',
  'open_review',
  'start_synthesis',
  'give_feedback',
  'accept_report',
  'schedule_workshop',
  'hold_workshop',
  'publish_action_plan',
  'start_support',
  'begin_impact_review',
  'close',
  'pause',
  'resume',
  'cancel',
] as const;
export type ReviewAction = (typeof ReviewActions)[number];

interface TransitionRule {
  from: readonly ReviewState[];
  /** The next state, or 'previous' to return to where a paused review was. */
  to: ReviewState | 'previous';
  /** Who may trigger it; empty means only Crosswalk itself (automatic). */
  by: readonly ReviewViewerRole[];
  /** A reason the transition cannot happen yet, or null when it can. */
  guard?: (facts: ReviewFacts) => string | null;
  /** The button's words. */
  label: string;
}

/** Every state of the main cycle before `closed`: where a review can be paused or cancelled. */
const ACTIVE: readonly ReviewState[] = ReviewStates.filter((state) => state !== 'closed');

const has = (facts: ReviewFacts, role: ReviewRole) => facts.team.filter((m) => m.role === role);

function focusComplete(facts: ReviewFacts): string | null {
  const focus = facts.focus;
  if (!focus?.question.trim()) {
    return 'The lead reviewer has not recorded the enquiry question yet.';
  }
  if (!focus.rationale.trim()) {
    return 'The enquiry focus needs a rationale: why this question, and why now.';
  }
  if (focus.subQuestions.length < 2) {
    return 'The enquiry focus needs at least two sub-questions.';
  }
  if (focus.outOfScope.length === 0) {
    return 'The enquiry focus needs an out-of-scope list.';
  }
  return null;
}

function teamReady(facts: ReviewFacts): string | null {
  if (has(facts, 'lead_reviewer').length !== 1) {
    return 'The review needs a lead reviewer.';
  }
  const peers = has(facts, 'peer_reviewer').length;
  if (peers < TeamLimits.minPeerReviewers || peers > TeamLimits.maxPeerReviewers) {
    return `The review team needs ${TeamLimits.minPeerReviewers} to ${TeamLimits.maxPeerReviewers} peer reviewers (it has ${peers}).`;
  }
  if (!facts.sessions.some((s) => s.kind === 'review_day' && s.activityCount > 0)) {
    return 'Add at least one review day with its activities to the timetable.';
  }
  return null;
}

function readinessComplete(facts: ReviewFacts): string | null {
  const r = facts.readiness;
  const missing = [
    r.consentConfirmed ? null : 'consent confirmed',
    r.optOutListConfirmed ? null : 'opt-out list confirmed',
    r.safeguardingBriefingDone ? null : 'safeguarding briefing done',
    r.devicesTested ? null : 'devices tested',
  ].filter((item) => item !== null);
  return missing.length === 0 ? null : `The readiness checklist is not complete: ${missing.join(', ')}.`;
}

/** The improvement champion must come from a school that had no part in the review (docs/domain.md a). */
export function championConflict(facts: ReviewFacts): string | null {
  const champions = has(facts, 'improvement_champion');
  if (champions.length === 0) {
    return 'The review needs an improvement champion.';
  }
  const involved = new Set([
    facts.hostSchoolId,
    ...facts.team.filter((m) => m.role === 'lead_reviewer' || m.role === 'peer_reviewer').flatMap((m) => m.schoolIds),
  ]);
  if (champions.some((c) => c.schoolIds.some((id) => involved.has(id)))) {
    return 'The improvement champion must come from a school that is not involved in this review.';
  }
  return null;
}

function workshopReady(facts: ReviewFacts): string | null {
  return (
    championConflict(facts) ??
    (facts.sessions.some((s) => s.kind === 'improvement_workshop')
      ? null
      : 'Add the improvement workshop to the timetable first.')
  );
}

export const TransitionRules: Record<ReviewAction, TransitionRule> = {
  accept_slot: { from: ['draft'], to: 'self_review', by: ['host_headteacher'], label: 'Accept the review slot' },
  agree_focus: {
    from: ['self_review'],
    to: 'focus_agreed',
    by: ['host_headteacher'],
    guard: focusComplete,
    label: 'Approve the enquiry focus',
  },
  plan: { from: ['focus_agreed'], to: 'planned', by: ['lead_reviewer'], guard: teamReady, label: 'Confirm the plan' },
  confirm_ready: {
    from: ['planned'],
    to: 'ready',
    by: ['host_link_lead', 'host_headteacher'],
    guard: readinessComplete,
    label: 'Confirm the school is ready',
  },
  open_review: { from: ['ready'], to: 'in_review', by: ['lead_reviewer'], label: 'Open the review' },
  start_synthesis: {
    from: ['in_review'],
    to: 'synthesis',
    by: ['lead_reviewer'],
    label: 'Start drawing together findings',
  },
  give_feedback: {
    from: ['synthesis'],
    to: 'feedback_given',
    by: ['lead_reviewer'],
    label: 'Record that feedback was given',
  },
  accept_report: {
    from: ['feedback_given'],
    to: 'report_agreed',
    by: ['host_headteacher'],
    label: 'Accept the report',
  },
  schedule_workshop: {
    from: ['report_agreed'],
    to: 'workshop_scheduled',
    by: ['improvement_champion'],
    guard: workshopReady,
    label: 'Confirm the workshop',
  },
  hold_workshop: {
    from: ['workshop_scheduled'],
    to: 'workshop_held',
    by: ['improvement_champion'],
    label: 'Record that the workshop was held',
  },
  publish_action_plan: {
    from: ['workshop_held'],
    to: 'action_plan_published',
    by: ['host_headteacher'],
    label: 'Publish the action plan',
  },
  start_support: { from: ['action_plan_published'], to: 'support_in_progress', by: [], label: 'Start support' },
  begin_impact_review: {
    from: ['support_in_progress'],
    to: 'impact_review',
    by: ['host_headteacher', 'lead_reviewer', 'improvement_champion'],
    label: 'Begin the impact review',
  },
  close: { from: ['impact_review'], to: 'closed', by: ['host_headteacher'], label: 'Close the review' },
  pause: {
    from: ACTIVE,
    to: 'paused',
    by: ['host_headteacher', 'lead_reviewer', 'partnership_lead'],
    label: 'Pause the review',
  },
  resume: {
    from: ['paused'],
    to: 'previous',
    by: ['host_headteacher', 'lead_reviewer', 'partnership_lead'],
    label: 'Resume the review',
  },
  cancel: {
    from: [...ACTIVE, 'paused'],
    to: 'cancelled',
    by: ['host_headteacher', 'partnership_lead'],
    label: 'Cancel the review',
  },
};

/** Transitions Crosswalk makes by itself right after another one (docs/domain.md b.2 state 12). */
export const AutomaticAfter: Partial<Record<ReviewState, ReviewAction>> = {
  action_plan_published: 'start_support',
};

export type TransitionDecision = { ok: true; to: ReviewState } | Refusal;

/**
 * Decides whether a person with `roles` may take `action` now. Refused when their role may never take it,
 * a conflict when the review's state or a guard stands in the way (with the reason in plain words).
 */
export function decideTransition(
  facts: ReviewFacts,
  action: ReviewAction,
  roles: readonly ReviewViewerRole[] | 'system',
): TransitionDecision {
  const rule = TransitionRules[action];
  if (roles !== 'system' && !rule.by.some((role) => roles.includes(role))) {
    return { ok: false, kind: 'refused', reason: `Your role on this review cannot ${rule.label.toLowerCase()}.` };
  }
  if (!rule.from.includes(facts.state)) {
    return {
      ok: false,
      kind: 'conflict',
      reason: `The review is at "${ReviewStateLabel[facts.state]}", so it cannot ${rule.label.toLowerCase()} now.`,
    };
  }
  const blocked = rule.guard?.(facts) ?? null;
  if (blocked) {
    return { ok: false, kind: 'conflict', reason: blocked };
  }
  if (rule.to === 'previous') {
    if (!facts.pausedFrom) {
      return { ok: false, kind: 'conflict', reason: 'Crosswalk does not know where this review was paused.' };
    }
    return { ok: true, to: facts.pausedFrom };
  }
  return { ok: true, to: rule.to };
}

/** What a person could do next on this review, with the reason when something still stands in the way. */
export function nextActionsFor(
  facts: ReviewFacts,
  roles: readonly ReviewViewerRole[],
): { action: ReviewAction; label: string; blockedBy: string | null }[] {
  return ReviewActions.filter((action) => {
    const rule = TransitionRules[action];
    return rule.by.some((role) => roles.includes(role)) && rule.from.includes(facts.state);
  }).map((action) => ({
    action,
    label: TransitionRules[action].label,
    blockedBy: TransitionRules[action].guard?.(facts) ?? null,
  }));
}
