import { ReviewStateLabel, stateIndex, type ReviewState } from './review-states.ts';

/**
 * The stages of a review's story that the version history is grouped by: the document as the team drafts it, while
 * the host checks it for factual accuracy, once the report is agreed, and once the action plan is published.
 */
export const VersionStages = ['draft', 'factual_check', 'agreed', 'published'] as const;
export type VersionStage = (typeof VersionStages)[number];

export const VersionStageLabel: Record<VersionStage, string> = {
  draft: 'Draft',
  factual_check: 'Factual check',
  agreed: 'Agreed',
  published: 'Published',
};

/**
 * The stage a version saved in `state` belongs to. A paused or cancelled review keeps the stage of the state it left
 * (`previous`); without one it counts as a draft.
 */
export function versionStageOf(state: ReviewState, previous?: ReviewState | null): VersionStage {
  const index = stateIndex(state);
  if (index < 0) {
    return previous && stateIndex(previous) >= 0 ? versionStageOf(previous) : 'draft';
  }
  if (index >= stateIndex('action_plan_published')) {
    return 'published';
  }
  if (index >= stateIndex('report_agreed')) {
    return 'agreed';
  }
  return index >= stateIndex('feedback_given') ? 'factual_check' : 'draft';
}

/** The name of the version saved automatically when a review changes state, e.g. "Reached: Feedback given". */
export function transitionVersionLabel(from: ReviewState | null, to: ReviewState): string {
  if (to === 'paused' || to === 'cancelled') {
    return ReviewStateLabel[to];
  }
  return from === 'paused' ? `Resumed: ${ReviewStateLabel[to]}` : `Reached: ${ReviewStateLabel[to]}`;
}
