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
  /**
   * The timetable. `day` is the London date a session starts on and `schoolDay` whether the host school is open
   * then; both only matter for review days (callers may leave them out for other kinds).
   */
  sessions: { kind: SessionKind; activityCount: number; day?: string; schoolDay?: boolean }[];
  /** When the host headteacher submitted the self-review (a step of its own), or null. */
  selfReviewSubmitted: boolean;
  /** Today's date in London (YYYY-MM-DD), from the caller's clock. */
  today: string;
  /** Who has signed off the findings (docs/domain.md c.12). */
  signedOff: { leadReviewer: boolean; hostHeadteacher: boolean };
  /** Factual corrections the host proposed that wait for the lead reviewer's decision. */
  pendingCorrections: number;
  /** What the enquiry document holds, as far as the guards need it; null when it could not be read. */
  document: DocumentFacts | null;
  /** The impact checkpoints recorded for the published plan (from their records); null when they could not be read. */
  impact: ImpactFacts | null;
}

/**
 * The impact review as far as closing depends on it (docs/impact-review.md): the actions in the published plan and
 * the checkpoints whose huddle has been recorded, with the actions rated at each.
 */
export interface ImpactFacts {
  actions: { id: string; label: string }[];
  /** `day` is the London date the huddle met (YYYY-MM-DD). */
  recorded: { day: string; rated: string[] }[];
}

/** No published actions and no checkpoints (a review before its plan is published). */
export const EmptyImpactFacts: ImpactFacts = { actions: [], recorded: [] };

/** The work recorded in the enquiry document that later steps depend on (docs/domain.md c.2, c.7, c.8, c.10). */
export interface DocumentFacts {
  /** The framework themes of the self-review (by their names) that have no text yet. */
  selfReviewGaps: string[];
  /** Findings (by label) and how many pieces of evidence each is linked to. */
  findings: { label: string; evidenceCount: number }[];
  feedback: { date: string; attendees: string };
  actions: { id: string; label: string; ownerRole: string; startsOn: string; dueOn: string; successCriteria: string }[];
}

/** Facts about the enquiry document with nothing written yet (a new review). */
export const EmptyDocumentFacts: DocumentFacts = {
  selfReviewGaps: ['Our Impact', 'Looking Forward', 'Looking Inward', 'Looking Outward'],
  findings: [],
  feedback: { date: '', attendees: '' },
  actions: [],
};

/** What a person asks for besides the action: a reason to open the review before its first review day. */
export interface TransitionOptions {
  override?: { reason: string };
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
  'submit_self_review',
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
  /** A reason that these roles may set aside by giving a reason of their own (recorded in the history). */
  overridable?: { guard: (facts: ReviewFacts) => string | null; by: readonly ReviewViewerRole[] };
  /** Cannot be undone: the page asks the person to confirm first. */
  irreversible?: boolean;
  /** The button's words. */
  label: string;
}

/** Every state of the main cycle before `closed`: where a review can be paused or cancelled. */
const ACTIVE: readonly ReviewState[] = ReviewStates.filter((state) => state !== 'closed');

const has = (facts: ReviewFacts, role: ReviewRole) => facts.team.filter((m) => m.role === role);

/** Lines of enquiry an enquiry focus has (docs/domain.md c.3). */
export const FocusLimits = { minSubQuestions: 2, maxSubQuestions: 5 } as const;

const UNREADABLE = 'Crosswalk cannot read the enquiry document right now. Please try again shortly.';

function selfReviewWritten(facts: ReviewFacts): string | null {
  if (facts.selfReviewSubmitted) {
    return 'The self-review has been submitted already.';
  }
  if (!facts.document) {
    return UNREADABLE;
  }
  const gaps = facts.document.selfReviewGaps;
  return gaps.length === 0
    ? null
    : `Write the self-review under every framework theme before submitting it (still empty: ${gaps.join(', ')}).`;
}

function focusApprovable(facts: ReviewFacts): string | null {
  return facts.selfReviewSubmitted
    ? focusComplete(facts)
    : 'The host headteacher has not submitted the self-review yet.';
}

function focusComplete(facts: ReviewFacts): string | null {
  const focus = facts.focus;
  if (!focus?.question.trim()) {
    return 'The lead reviewer has not recorded the enquiry question yet.';
  }
  if (!focus.rationale.trim()) {
    return 'The enquiry focus needs a rationale: why this question, and why now.';
  }
  if (focus.subQuestions.length < FocusLimits.minSubQuestions) {
    return 'The enquiry focus needs at least two sub-questions.';
  }
  if (focus.subQuestions.length > FocusLimits.maxSubQuestions) {
    return `The enquiry focus can have at most five sub-questions (it has ${focus.subQuestions.length}).`;
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

function planReady(facts: ReviewFacts): string | null {
  const blocked = teamReady(facts);
  if (blocked) {
    return blocked;
  }
  if (!facts.sessions.some((s) => s.kind === 'review_day' && s.schoolDay !== false)) {
    return 'Put at least one review day on a day the host school is open.';
  }
  return null;
}

/** The first review day that falls on a school day (London date), or null. */
export function firstReviewDay(facts: ReviewFacts): string | null {
  const days = facts.sessions
    .filter((s) => s.kind === 'review_day' && s.day !== undefined)
    .map((s) => s.day ?? '')
    .sort();
  return days[0] ?? null;
}

const longDate = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

function reviewDayReached(facts: ReviewFacts): string | null {
  const first = firstReviewDay(facts);
  if (first && facts.today < first) {
    return `The first review day is ${longDate(first)}, so the review cannot be opened before then. The lead reviewer can open it early by giving a reason.`;
  }
  return null;
}

function findingsLinked(facts: ReviewFacts): string | null {
  if (!facts.document) {
    return UNREADABLE;
  }
  const findings = facts.document.findings;
  if (!findings.some((f) => f.evidenceCount > 0)) {
    return findings.length === 0
      ? 'Write at least one finding and link it to the evidence behind it.'
      : 'Link at least one finding to the evidence behind it.';
  }
  const feedback = facts.document.feedback;
  const missing = [feedback.date ? null : 'its date', feedback.attendees.trim() ? null : 'who attended'].filter(
    (item) => item !== null,
  );
  return missing.length === 0 ? null : `Fill in the feedback record first: ${missing.join(' and ')}.`;
}

function reportAcceptable(facts: ReviewFacts): string | null {
  if (facts.pendingCorrections > 0) {
    return facts.pendingCorrections === 1
      ? "1 factual correction is waiting for the lead reviewer's decision."
      : `${facts.pendingCorrections} factual corrections are waiting for the lead reviewer's decision.`;
  }
  if (!facts.signedOff.leadReviewer) {
    return 'The lead reviewer has not signed off the findings yet.';
  }
  return null;
}

function actionPlanComplete(facts: ReviewFacts): string | null {
  if (!facts.document) {
    return UNREADABLE;
  }
  return actionPlanGap(facts.document.actions);
}

/** What the action plan still lacks before it can be published (again), or null when every action is complete. */
export function actionPlanGap(actions: DocumentFacts['actions']): string | null {
  if (actions.length === 0) {
    return 'Add at least one action to the action plan.';
  }
  for (const action of actions) {
    const missing = [
      action.ownerRole.trim() ? null : 'an owner',
      action.startsOn ? null : 'a start date',
      action.dueOn ? null : 'a due date',
      action.successCriteria.trim() ? null : 'success criteria',
    ].filter((item) => item !== null);
    if (missing.length > 0) {
      return `Action ${action.label} needs ${missing.join(', ')}.`;
    }
  }
  return null;
}

function impactRecorded(facts: ReviewFacts): string | null {
  if (!facts.impact) {
    return 'Crosswalk cannot read the impact checkpoints right now. Please try again shortly.';
  }
  return impactCloseGap(facts.impact);
}

/**
 * What still stands between the impact review and closing the review, or null: the last checkpoint recorded (by
 * the day its huddle met) must have a rating for every action in the plan.
 */
export function impactCloseGap(impact: ImpactFacts): string | null {
  const last = [...impact.recorded].sort((a, b) => a.day.localeCompare(b.day)).at(-1);
  if (!last) {
    return 'Record an impact checkpoint first: a huddle that gives every action in the plan a red, amber or green rating.';
  }
  const unrated = impact.actions.filter((action) => !last.rated.includes(action.id)).map((action) => action.label);
  if (unrated.length > 0) {
    return `The last impact checkpoint (${longDate(last.day)}) has no rating for ${unrated.join(', ')}. Record a checkpoint that rates every action in the plan.`;
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
  // A step of its own that stays at `self_review`: it is recorded in the history, and the focus waits for it.
  submit_self_review: {
    from: ['self_review'],
    to: 'self_review',
    by: ['host_headteacher'],
    guard: selfReviewWritten,
    label: 'Submit the self-review',
  },
  agree_focus: {
    from: ['self_review'],
    to: 'focus_agreed',
    by: ['host_headteacher'],
    guard: focusApprovable,
    label: 'Approve the enquiry focus',
  },
  plan: { from: ['focus_agreed'], to: 'planned', by: ['lead_reviewer'], guard: planReady, label: 'Confirm the plan' },
  confirm_ready: {
    from: ['planned'],
    to: 'ready',
    by: ['host_link_lead', 'host_headteacher'],
    guard: readinessComplete,
    label: 'Confirm the school is ready',
  },
  open_review: {
    from: ['ready'],
    to: 'in_review',
    by: ['lead_reviewer'],
    overridable: { guard: reviewDayReached, by: ['lead_reviewer'] },
    label: 'Open the review',
  },
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
    guard: findingsLinked,
    label: 'Record that feedback was given',
  },
  // Accepting the report is the host headteacher's sign-off: the service records the signature with it.
  accept_report: {
    from: ['feedback_given'],
    to: 'report_agreed',
    by: ['host_headteacher'],
    guard: reportAcceptable,
    irreversible: true,
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
    guard: actionPlanComplete,
    irreversible: true,
    label: 'Publish the action plan',
  },
  start_support: { from: ['action_plan_published'], to: 'support_in_progress', by: [], label: 'Start support' },
  begin_impact_review: {
    from: ['support_in_progress'],
    to: 'impact_review',
    by: ['host_headteacher', 'lead_reviewer', 'improvement_champion'],
    label: 'Begin the impact review',
  },
  close: {
    from: ['impact_review'],
    to: 'closed',
    by: ['host_headteacher'],
    guard: impactRecorded,
    irreversible: true,
    label: 'Close the review',
  },
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
    irreversible: true,
    label: 'Cancel the review',
  },
};

/** Steps that keep the review in its state, as the history names them once taken. */
export const StepTakenLabel: Partial<Record<ReviewAction, string>> = {
  submit_self_review: 'Self-review submitted',
};

/** Transitions Crosswalk makes by itself right after another one (docs/domain.md b.2 state 12). */
export const AutomaticAfter: Partial<Record<ReviewState, ReviewAction>> = {
  action_plan_published: 'start_support',
};

export type TransitionDecision = { ok: true; to: ReviewState; overridden?: string } | Refusal;

/**
 * Decides whether a person with `roles` may take `action` now. Refused when their role may never take it,
 * a conflict when the review's state or a guard stands in the way (with the reason in plain words).
 */
export function decideTransition(
  facts: ReviewFacts,
  action: ReviewAction,
  roles: readonly ReviewViewerRole[] | 'system',
  options: TransitionOptions = {},
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
  const held = rule.overridable?.guard(facts) ?? null;
  let overridden: string | undefined;
  if (held && rule.overridable) {
    const reason = options.override?.reason.trim() ?? '';
    const may = roles !== 'system' && rule.overridable.by.some((role) => roles.includes(role));
    if (!reason || !may) {
      return { ok: false, kind: 'conflict', reason: held };
    }
    overridden = held;
  }
  if (rule.to === 'previous') {
    if (!facts.pausedFrom) {
      return { ok: false, kind: 'conflict', reason: 'Crosswalk does not know where this review was paused.' };
    }
    return { ok: true, to: facts.pausedFrom };
  }
  return overridden ? { ok: true, to: rule.to, overridden } : { ok: true, to: rule.to };
}

/** What a person could do next on this review, with the reason when something still stands in the way. */
export function nextActionsFor(facts: ReviewFacts, roles: readonly ReviewViewerRole[]): NextAction[] {
  return ReviewActions.filter((action) => {
    const rule = TransitionRules[action];
    return rule.by.some((role) => roles.includes(role)) && rule.from.includes(facts.state);
  }).map((action) => {
    const rule = TransitionRules[action];
    const held = rule.overridable?.guard(facts) ?? null;
    const mayOverride = held !== null && (rule.overridable?.by.some((role) => roles.includes(role)) ?? false);
    return {
      action,
      label: rule.label,
      blockedBy: rule.guard?.(facts) ?? (mayOverride ? null : held),
      ...(mayOverride ? { overridable: held } : {}),
      ...(rule.irreversible ? { irreversible: true } : {}),
    };
  });
}

/** One thing a person could do next on a review. */
export interface NextAction {
  action: ReviewAction;
  label: string;
  /** Why it cannot be done yet, or null. */
  blockedBy: string | null;
  /** What stands in the way that this person may set aside by giving a reason (e.g. opening before the day). */
  overridable?: string;
  /** Cannot be undone: ask the person to confirm. */
  irreversible?: boolean;
}
