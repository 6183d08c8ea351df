import { z } from 'zod';
import { Limits } from '../limits.ts';
import { PartnershipRole, SchoolRole } from '../roles.ts';

/** An email address, trimmed and lower-cased so the same person always matches. */
export const EmailSchema = z
  .string()
  .trim()
  .max(Limits.emailMaxLength)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .transform((email) => email.toLowerCase());

/** A new password: long rather than complicated (NCSC guidance). */
export const NewPasswordSchema = z
  .string()
  .min(Limits.passwordMinLength, { message: `Use at least ${Limits.passwordMinLength} characters` })
  .max(Limits.passwordMaxLength, { message: `Use at most ${Limits.passwordMaxLength} characters` });

export const LoginSchema = z.strictObject({
  /** The account's email address. */
  email: EmailSchema,
  /** The password; any length is accepted here so a wrong one is simply wrong. */
  password: z.string().min(1, { message: 'Enter your password' }).max(Limits.passwordMaxLength),
  /** "This is a shared computer": the browser keeps no offline copy of documents for this sign-in. */
  sharedComputer: z.boolean().optional(),
});
export type Login = z.infer<typeof LoginSchema>;

export const SchoolMembershipSchema = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  role: z.enum(SchoolRole),
  county: z.string().nullable(),
});

export const PartnershipMembershipSchema = z.object({
  partnershipId: z.string(),
  partnershipName: z.string(),
  role: z.enum(PartnershipRole),
});

/** The signed-in person, as `GET /api/me` and `POST /api/auth/login` answer. */
export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  canInvite: z.boolean(),
  schools: z.array(SchoolMembershipSchema),
  partnerships: z.array(PartnershipMembershipSchema),
  /** This sign-in said "This is a shared computer": keep no offline copy of documents in the browser. */
  sharedComputer: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'postgres']),
  version: z.string(),
  /**
   * Stored parts of live documents set aside because they could not be applied (see docs/security.md); above zero,
   * someone should look at the `collab_quarantine` table. As of the last database probe.
   */
  quarantinedDocumentParts: z.number().int().nonnegative(),
});
export type Health = z.infer<typeof HealthSchema>;
