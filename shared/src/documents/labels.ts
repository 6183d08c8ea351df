import type { ActivityKind, ReviewModes } from '../domain/review-terms.ts';
import type { ActionStatus, EvidenceTag, FindingKind, ProgressRating } from './enquiry.ts';

/**
 * The words people read for the enquiry document's stored values: one set for the editor, the version comparison
 * and the agreed report alike, so a finding kind or an action's status reads the same everywhere.
 */

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

export const ProgressRatingLabel: Record<ProgressRating, string> = {
  red: 'Red: not on track',
  amber: 'Amber: some progress',
  green: 'Green: on track',
};

export const ActivityKindLabel: Record<ActivityKind, string> = {
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

export const ReviewModeLabel: Record<(typeof ReviewModes)[number], string> = {
  virtual: 'Virtual (online)',
  in_person: 'In person',
  hybrid: 'Hybrid (partly online)',
};
