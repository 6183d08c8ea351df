import type { ActivityKind } from '../schemas/reviews.ts';
import type { ActionStatus, EvidenceTag, FindingKind, ProgressRating, WorkshopSection } from '../documents/enquiry.ts';

/** The words the report prints for stored values (the editor's own labels live in the web app). */
export const ReportFindingKindLabel: Record<FindingKind, string> = {
  strength: 'Strengths and effective practice',
  development: 'Areas for development',
  question: 'Questions for further enquiry',
};

export const ReportEvidenceTagLabel: Record<EvidenceTag, string> = {
  strength: 'Strength',
  development: 'Area for development',
  question: 'Question',
  idea: 'Idea',
  context: 'Context',
  mixed: 'Mixed',
};

export const ReportActivityLabel: Record<ActivityKind, string> = {
  learning_walk: 'Learning walk',
  lesson_visit: 'Lesson visit',
  work_scrutiny: 'Work scrutiny (book look)',
  pupil_voice: 'Pupil voice',
  staff_voice: 'Staff voice',
  data_review: 'Data review',
  leader_meeting: 'Meeting with leaders',
  parent_voice: 'Parent voice',
  document_review: 'Document review',
};

export const ReportActionStatusLabel: Record<ActionStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  complete: 'Complete',
};

export const ReportProgressLabel: Record<ProgressRating, string> = {
  red: 'Red: not on track',
  amber: 'Amber: some progress',
  green: 'Green: on track',
};

export const ReportWorkshopSectionLabel: Record<WorkshopSection, string> = {
  focus: 'Focus statement',
  attendees: 'Facilitator and attendees (by role)',
  rootCauses: 'Root causes found',
  ideas: 'Ideas shortlisted',
  priorities: 'Priorities chosen',
  commitments: 'Personal commitments',
};

export const ReportModeLabel: Record<'virtual' | 'in_person' | 'hybrid', string> = {
  virtual: 'Virtual',
  in_person: 'In person',
  hybrid: 'Hybrid',
};
