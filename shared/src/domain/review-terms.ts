/** The review's fixed vocabularies, kept apart from the zod schemas so that pages showing them stay small. */
export const FrameworkThemes = ['our_impact', 'looking_forward', 'looking_inward', 'looking_outward'] as const;
export const FrameworkThemeLabel: Record<(typeof FrameworkThemes)[number], string> = {
  our_impact: 'Our Impact',
  looking_forward: 'Looking Forward',
  looking_inward: 'Looking Inward',
  looking_outward: 'Looking Outward',
};

export const ReviewModes = ['virtual', 'in_person', 'hybrid'] as const;
export type ReviewMode = (typeof ReviewModes)[number];

export const ActivityKinds = [
  'learning_walk',
  'lesson_visit',
  'work_scrutiny',
  'pupil_voice',
  'staff_voice',
  'data_review',
  'leader_meeting',
  'parent_voice',
  'document_review',
] as const;
export type ActivityKind = (typeof ActivityKinds)[number];

export const MediaModes = ['video', 'audio_only', 'document_camera', 'screen_share', 'teacher_and_board'] as const;
export type MediaMode = (typeof MediaModes)[number];
