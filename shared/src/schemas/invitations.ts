import { z } from './zod.ts';
import { Limits } from '../limits.ts';
import { PartnershipRole, SchoolRole } from '../roles.ts';
import { EmailSchema, NewPasswordSchema } from './auth.ts';

export const InvitationCreateSchema = z
  .strictObject({
    /** Who is invited. */
    email: EmailSchema,
    /** The name colleagues will see. */
    displayName: z.string().trim().min(1, { message: 'Enter a name' }).max(Limits.nameMaxLength),
    /** Optionally, the school the person belongs to and their role there. */
    school: z.strictObject({ schoolId: z.uuid(), role: z.enum(SchoolRole) }).optional(),
    /** Optionally, the partnership the person joins and their role in it. */
    partnership: z.strictObject({ partnershipId: z.uuid(), role: z.enum(PartnershipRole) }).optional(),
  })
  .refine((value) => value.school !== undefined || value.partnership !== undefined, {
    message: 'Choose a school or a partnership for the person',
    path: ['school'],
  });
export type InvitationCreate = z.infer<typeof InvitationCreateSchema>;

export const InvitationAcceptSchema = z.strictObject({
  /** The secret from the invitation link. */
  token: z.string().min(20).max(200),
  /** The password the person chooses. */
  password: NewPasswordSchema,
});
export type InvitationAccept = z.infer<typeof InvitationAcceptSchema>;

/** Accepting an invitation to an account one already has, while signed in to it: no password to choose. */
export const InvitationJoinSchema = z.strictObject({
  /** The secret from the invitation link. */
  token: z.string().min(20).max(200),
});
export type InvitationJoin = z.infer<typeof InvitationJoinSchema>;

/** What the invitation page shows before the person sets a password. */
export const InvitationPreviewSchema = z.object({
  email: z.string(),
  displayName: z.string(),
  invitedBy: z.string(),
  expiresAt: z.string(),
  /** The person already has an account: they accept by signing in to it, and choose no password. */
  existingAccount: z.boolean(),
  /** What accepting gives, in words, e.g. "Teacher at Fenbrook Primary". */
  offers: z.array(z.string()),
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

export const InvitationSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
});
export type InvitationSummary = z.infer<typeof InvitationSummarySchema>;

/** One email, as the outbox page shows it to administrators. */
export const OutboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  transport: z.enum(['smtp', 'log']),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

/** Where the signed-in person may invite people, for the invitation form. */
export interface InvitationOptions {
  schools: { id: string; name: string; county: string | null }[];
  partnerships: { id: string; name: string }[];
}
