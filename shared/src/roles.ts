/** Roles a person can hold within a school. */
export const SchoolRole = ['headteacher', 'senior_leader', 'teacher', 'support_staff'] as const;
export type SchoolRole = (typeof SchoolRole)[number];

/** Roles a person can hold within a partnership (cluster). */
export const PartnershipRole = [
  'partnership_lead',
  'peer_reviewer',
  'lead_reviewer',
  'improvement_champion',
  'facilitator',
  // Sees the partnership's board view (anonymised figures) and nothing of any review: docs/board-view.md.
  'la_viewer',
] as const;
export type PartnershipRole = (typeof PartnershipRole)[number];

/** Plain-English labels for people who are not technical. */
export const RoleLabel: Record<SchoolRole | PartnershipRole | 'admin', string> = {
  headteacher: 'Headteacher',
  senior_leader: 'Senior leader',
  teacher: 'Teacher',
  support_staff: 'Support staff',
  partnership_lead: 'Partnership lead',
  peer_reviewer: 'Peer reviewer',
  lead_reviewer: 'Lead reviewer',
  improvement_champion: 'Improvement champion',
  facilitator: 'Facilitator',
  la_viewer: 'Local authority or board viewer',
  admin: 'Platform administrator',
};
