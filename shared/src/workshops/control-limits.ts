/** Limits on control messages (besides the agenda limits in agenda.ts). */
export const WorkshopControlLimits = {
  broadcastMaxLength: 500,
  commitmentMaxLength: 500,
  groupNameMaxLength: 60,
  maxGroups: 12,
  /** "Add time" moves the countdown by at most this many minutes either way at once. */
  maxAddMinutes: 60,
  maxBreakoutMinutes: 120,
} as const;
