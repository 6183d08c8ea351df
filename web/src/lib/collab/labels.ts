import type { ActionStatus, EvidenceTag, FindingKind, ProgressRating } from '@crosswalk/shared';

export const EvidenceTagLabel: Record<EvidenceTag, string> = {
  strength: 'Strength',
  development: 'Area for development',
  question: 'Question',
  idea: 'Idea',
  context: 'Context',
  mixed: 'Mixed',
};

export const FindingKindLabel: Record<FindingKind, string> = {
  strength: 'Strengths and effective practice',
  development: 'Areas for development',
  question: 'Questions for further enquiry',
};

export const FindingKindSingular: Record<FindingKind, string> = {
  strength: 'strength',
  development: 'area for development',
  question: 'question',
};

export const ActionStatusLabel: Record<ActionStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  complete: 'Complete',
};

/** Section ids for presence (awareness `section`) and in-page links. */
export const SectionLabel: Record<string, string> = {
  context: 'Context and self-review',
  focus: 'Enquiry focus',
  evidence: 'Evidence log',
  themes: 'Emerging themes',
  findings: 'Findings',
  feedback: 'Feedback record',
  workshop: 'Improvement workshop record',
  actions: 'Action plan',
  impact: 'Impact review',
};

/** The workshop record's headings live in shared/, where the version comparison uses them too. */
export { WorkshopSectionLabel } from '@crosswalk/shared';

export const ProgressRatingLabel: Record<ProgressRating, string> = {
  red: 'Red: not on track',
  amber: 'Amber: some progress',
  green: 'Green: on track',
};
