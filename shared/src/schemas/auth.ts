import { z } from './zod.ts';
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

/** "Forgot your password?": where to send the link. The answer is the same whether or not the address exists. */
export const PasswordResetRequestSchema = z.strictObject({
  email: EmailSchema,
});
export type PasswordResetRequest = z.infer<typeof PasswordResetRequestSchema>;

/** The secret from a password reset link, as the page sends it to check it before asking for a password. */
export const PasswordResetLookupSchema = z.strictObject({
  token: z.string().min(20).max(200),
});

/** Choosing a new password with the link from the email. */
export const PasswordResetSchema = z.strictObject({
  token: z.string().min(20).max(200),
  /** The new password, with the same rules as when the account was made. */
  password: NewPasswordSchema,
});
export type PasswordReset = z.infer<typeof PasswordResetSchema>;

/** Changing one's own password while signed in. */
export const PasswordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1, { message: 'Enter your current password' }).max(Limits.passwordMaxLength),
  newPassword: NewPasswordSchema,
});
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

/** Changing one's own name as colleagues see it. */
export const ProfileUpdateSchema = z.strictObject({
  displayName: z.string().trim().min(1, { message: 'Enter your name' }).max(Limits.nameMaxLength),
});
export type ProfileUpdate = z.infer<typeof ProfileUpdateSchema>;

/** A single sign-on provider offered on the sign-in page (e.g. Microsoft 365 or Google Workspace). */
export const SignInProviderSchema = z.object({
  id: z.string(),
  label: z.string(),
});
export type SignInProvider = z.infer<typeof SignInProviderSchema>;

/**
 * Why a single sign-on came back without signing in, as `/signin?sso=…` tells the sign-in page. Each has plain
 * words in the web app.
 */
export const SsoRefusal = z.enum([
  'failed',
  'unverified_email',
  'domain_not_allowed',
  'no_account',
  'account_disabled',
  'cancelled',
]);
export type SsoRefusal = z.infer<typeof SsoRefusal>;
