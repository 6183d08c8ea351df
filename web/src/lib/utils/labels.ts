import {
  RoleLabel,
  ReviewRoleLabel,
  ReviewRoles,
  type MediaMode,
  type PartnershipDetail,
  type ReviewRole,
  type SchoolPhase,
  type SessionKind,
} from '@crosswalk/shared';

/** Plain words for the kinds and modes the API uses, for headteachers rather than developers. */
export { ActivityKindLabel, ReviewModeLabel } from '@crosswalk/shared';

export const SessionKindLabel: Record<SessionKind, string> = {
  pre_review_meeting: 'Pre-review meeting',
  review_day: 'Review day',
  feedback_meeting: 'Feedback meeting',
  improvement_workshop: 'Improvement workshop',
  impact_review: 'Impact review meeting',
};

export const MediaModeLabel: Record<MediaMode, string> = {
  video: 'Video',
  audio_only: 'Audio only',
  document_camera: 'Document camera',
  screen_share: 'Shared screen (aggregated data only)',
  teacher_and_board: 'Camera on the teacher and board',
};

export const PartnershipKindLabel: Record<PartnershipDetail['kind'], string> = {
  local: 'Local partnership',
  cross_regional_virtual: 'Cross-regional virtual cluster',
};

export const SppPhaseLabel: Record<NonNullable<PartnershipDetail['sppPhase']>, string> = {
  build: 'Build (year 1)',
  embed: 'Embed (year 2)',
  sustain: 'Sustain (year 3)',
};

export const SchoolPhaseLabel: Record<SchoolPhase, string> = {
  nursery: 'Nursery',
  primary: 'Primary',
  secondary: 'Secondary',
  all_through: 'All-through',
  special: 'Special',
  alternative_provision: 'Alternative provision',
};

const isReviewRole = (role: string): role is ReviewRole => (ReviewRoles as readonly string[]).includes(role);

/** How a person relates to a review, in words: their team role, or why else they can see it. */
export function viewerRoleLabel(role: string): string {
  if (isReviewRole(role)) {
    return ReviewRoleLabel[role];
  }
  if (role === 'partnership_lead') {
    return RoleLabel.partnership_lead;
  }
  if (role === 'host_staff') {
    return 'Staff at the host school';
  }
  return 'Cluster member';
}

/** A person's roles in a cluster (school and partnership roles), in words. */
export function personRolesLabel(roles: string[]): string {
  const words = roles.map((role) => (role in RoleLabel ? RoleLabel[role as keyof typeof RoleLabel] : role));
  return [...new Set(words)].join(', ');
}
