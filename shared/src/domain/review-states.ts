/**
 * The peer review lifecycle (docs/domain.md b.2): fourteen states in order, plus two exception states.
 * `workshop_scheduled` → `workshop_held` is state 10 of docs/domain.md b.2, split in two.
 */
export const ReviewStates = [
  'draft',
  'self_review',
  'focus_agreed',
  'planned',
  'ready',
  'in_review',
  'synthesis',
  'feedback_given',
  'report_agreed',
  'workshop_scheduled',
  'workshop_held',
  'action_plan_published',
  'support_in_progress',
  'impact_review',
  'closed',
] as const;

export const ExceptionStates = ['paused', 'cancelled'] as const;

export type MainReviewState = (typeof ReviewStates)[number];
export type ReviewState = MainReviewState | (typeof ExceptionStates)[number];
export const AllReviewStates: readonly ReviewState[] = [...ReviewStates, ...ExceptionStates];

/** Words a headteacher would use for each state. */
export const ReviewStateLabel: Record<ReviewState, string> = {
  draft: 'Slot offered',
  self_review: 'Self-review',
  focus_agreed: 'Focus agreed',
  planned: 'Planned',
  ready: 'Ready for review',
  in_review: 'Review in progress',
  synthesis: 'Drawing together findings',
  feedback_given: 'Feedback given',
  report_agreed: 'Report agreed',
  workshop_scheduled: 'Workshop scheduled',
  workshop_held: 'Workshop held',
  action_plan_published: 'Action plan published',
  support_in_progress: 'School-to-school support',
  impact_review: 'Impact review',
  closed: 'Closed',
  paused: 'Paused',
  cancelled: 'Cancelled',
};

/** Position of a state in the main sequence (for "has the review reached X?"); exception states are -1. */
export function stateIndex(state: ReviewState): number {
  return (ReviewStates as readonly string[]).indexOf(state);
}

/** Whether `state` is `target` or later in the main sequence. */
export function reached(state: ReviewState, target: MainReviewState): boolean {
  const index = stateIndex(state);
  return index >= 0 && index >= stateIndex(target);
}

/** The roles a person can hold on one review's team. */
export const ReviewRoles = [
  'host_headteacher',
  'host_link_lead',
  'lead_reviewer',
  'peer_reviewer',
  'improvement_champion',
  'spp_associate',
] as const;
export type ReviewRole = (typeof ReviewRoles)[number];

export const ReviewRoleLabel: Record<ReviewRole, string> = {
  host_headteacher: 'Host headteacher',
  host_link_lead: 'Host link lead',
  lead_reviewer: 'Lead reviewer',
  peer_reviewer: 'Peer reviewer',
  improvement_champion: 'Improvement champion',
  spp_associate: 'SPP associate',
};

/** Team members who do the reviewing (the improvement champion must not be one of them). */
export const ReviewTeamRoles: readonly ReviewRole[] = ['lead_reviewer', 'peer_reviewer'];

export const TeamLimits = { minPeerReviewers: 2, maxPeerReviewers: 4 } as const;
