import type { ActionStatus, EvidenceTag, FindingKind, WorkshopSection } from '@crosswalk/shared';

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
  workshop: 'Improvement workshop record',
  actions: 'Action plan',
};

export const WorkshopSectionLabel: Record<WorkshopSection, string> = {
  focus: 'Focus statement',
  attendees: 'Facilitator and attendees (by role)',
  rootCauses: 'Root causes found',
  ideas: 'Ideas shortlisted',
  priorities: 'Priorities chosen',
  commitments: 'Personal commitments',
};
