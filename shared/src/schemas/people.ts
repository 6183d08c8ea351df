import { z } from './zod.ts';
import { SchoolRole } from '../roles.ts';

/** Giving a member of a school another school role. */
export const StaffRoleChangeSchema = z.strictObject({ role: z.enum(SchoolRole) });
export type StaffRoleChange = z.infer<typeof StaffRoleChangeSchema>;

/** One person on a school's staff page, with what the viewer may do to them. */
export interface StaffMember {
  userId: string;
  displayName: string;
  email: string;
  role: SchoolRole;
  /** The account is switched off: kept for history, no access. */
  disabled: boolean;
  /** Invited, but has not yet chosen a password or signed in. */
  invitationPending: boolean;
  canChangeRole: boolean;
  canRemove: boolean;
  canDeactivate: boolean;
  canReactivate: boolean;
}

/** An invitation offering a role at the school to someone who already has an account, not yet accepted. */
export interface StaffInvitation {
  email: string;
  displayName: string;
  role: SchoolRole;
  expiresAt: string;
}

/** `GET /api/schools/:id/staff`. */
export interface SchoolStaff {
  school: { id: string; name: string };
  /** The viewer may invite, change roles and remove people. */
  canManage: boolean;
  members: StaffMember[];
  invitations: StaffInvitation[];
}

/** `GET /api/admin/audit` query: newest first, a page at a time, optionally one kind of action or one person. */
export const AuditQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, { message: 'Choose an action from the list' })
    .max(100)
    .optional(),
  person: z.uuid({ message: 'Choose a person from the list' }).optional(),
  review: z.uuid({ message: 'Use the review’s id from its address' }).optional(),
  /** Days, inclusive, as the school's calendar has them (Europe/London). */
  fromDay: z.iso.date({ message: 'Enter a date' }).optional(),
  toDay: z.iso.date({ message: 'Enter a date' }).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  /** What happened, in plain words with the names of the people involved. */
  description: string;
  actor: { id: string; displayName: string } | null;
  subject: { id: string; displayName: string } | null;
  /** The review the event concerns, if any. */
  reviewId: string | null;
  /** The address the request came from, when it was recorded. */
  from: string | null;
}

/** `GET /api/admin/audit`. */
export interface AuditPage {
  entries: AuditEntry[];
  page: number;
  pageSize: number;
  /** Whether an older page exists. */
  hasMore: boolean;
  /** The person filtered on, by name, so the page can say whose history it shows. */
  person: { id: string; displayName: string } | null;
}

/** `GET /api/admin/people` query: every account, found by name or email, a page at a time. */
export const AccountSearchSchema = z.strictObject({
  search: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AccountSearch = z.infer<typeof AccountSearchSchema>;

/** One account on the administrators' list of people. */
export interface AccountSummary {
  userId: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  disabled: boolean;
  /** "Role at school", in words. */
  schools: string[];
  partnershipRoleCount: number;
  canDeactivate: boolean;
  canReactivate: boolean;
  /** Erased at the person's request: the name and email are placeholders and it never comes back. */
  erased: boolean;
  canErase: boolean;
}

/** `GET /api/admin/people`. */
export interface AccountList {
  people: AccountSummary[];
  page: number;
  hasMore: boolean;
}
