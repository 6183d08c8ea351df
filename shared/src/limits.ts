/** Numeric limits that the browser and the server both enforce. */
export const Limits = {
  /** Largest JSON body the API accepts, in bytes. */
  jsonBodyBytes: 100 * 1024,
  passwordMinLength: 12,
  passwordMaxLength: 256,
  emailMaxLength: 254,
  nameMaxLength: 120,
  /** How long an invitation link stays valid, in hours. */
  invitationValidHours: 72,
} as const;
