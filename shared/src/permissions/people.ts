import type { SchoolRole } from '../roles.ts';
import type { Actor } from './actor.ts';
import type { Refusal } from './decision.ts';
import { leadsPartnershipOrParent } from './partnerships.ts';
import type { SchoolFacts } from './schools.ts';

/** One person's place in a school, and how many headteachers the school has (them included). */
export interface StaffMemberFacts {
  userId: string;
  role: SchoolRole;
  headteacherCount: number;
}

export type PeopleDecision = { ok: true } | Refusal;

const OK: PeopleDecision = { ok: true };
const refused = (reason: string): Refusal => ({ ok: false, kind: 'refused', reason });
const conflict = (reason: string): Refusal => ({ ok: false, kind: 'conflict', reason });

/**
 * Who looks after a school's staff list and roles: platform administrators, the school's headteachers, and the
 * leads of a partnership the school belongs to or of its parent partnership (docs/domain.md a).
 */
export function canManageStaff(actor: Actor, school: SchoolFacts): boolean {
  return (
    actor.isAdmin ||
    actor.schools.some((s) => s.schoolId === school.id && s.role === 'headteacher') ||
    school.partnerships.some((p) => leadsPartnershipOrParent(actor, p))
  );
}

/**
 * Whether the school's staff page exists for this person: those who manage it, and its own staff (who may read the
 * list but change nothing). Everyone else learns nothing (404).
 */
export function canSeeStaff(actor: Actor, school: SchoolFacts): boolean {
  return canManageStaff(actor, school) || actor.schools.some((s) => s.schoolId === school.id);
}

/**
 * Whether the person may give a member of the school another school role. A headteacher may not step down if that
 * leaves the school without a headteacher (someone must be able to manage its staff); an administrator or a
 * partnership lead may, for instance when a head has left.
 */
export function decideStaffRoleChange(
  actor: Actor,
  school: SchoolFacts,
  member: StaffMemberFacts,
  newRole: SchoolRole,
): PeopleDecision {
  if (!canManageStaff(actor, school)) {
    return refused('Only the headteacher, the partnership lead or an administrator can change staff roles.');
  }
  if (leavesWithoutHead(actor, member) && newRole !== 'headteacher') {
    return conflict(
      'You are the only headteacher of this school, so you cannot change your own role. Make someone else headteacher first.',
    );
  }
  return OK;
}

/** Whether the person may remove a member from the school (same rule about the last headteacher). */
export function decideStaffRemoval(actor: Actor, school: SchoolFacts, member: StaffMemberFacts): PeopleDecision {
  if (!canManageStaff(actor, school)) {
    return refused('Only the headteacher, the partnership lead or an administrator can remove staff from a school.');
  }
  if (leavesWithoutHead(actor, member)) {
    return conflict(
      'You are the only headteacher of this school, so you cannot remove yourself. Make someone else headteacher first.',
    );
  }
  return OK;
}

function leavesWithoutHead(actor: Actor, member: StaffMemberFacts): boolean {
  return member.userId === actor.userId && member.role === 'headteacher' && member.headteacherCount <= 1;
}

/** An account as the deactivation rules need it. */
export interface AccountFacts {
  userId: string;
  isAdmin: boolean;
  schools: { schoolId: string; role: SchoolRole }[];
  /** How many partnership roles (lead, reviewer, champion…) the account holds anywhere. */
  partnershipRoleCount: number;
}

/**
 * Whether the person may switch off an account (docs/domain.md a). Administrators may switch off any account but
 * their own. A headteacher may switch off an account whose every membership is in a school they lead and which has
 * no partnership role: someone who belongs to nobody else.
 */
export function decideDeactivation(actor: Actor, account: AccountFacts): PeopleDecision {
  if (account.userId === actor.userId) {
    return refused('You cannot switch off your own account.');
  }
  if (actor.isAdmin) {
    return OK;
  }
  const headOf = new Set(actor.schools.filter((s) => s.role === 'headteacher').map((s) => s.schoolId));
  if (headOf.size === 0) {
    return refused('Only a headteacher or an administrator can switch off an account.');
  }
  if (account.isAdmin) {
    return refused('Only an administrator can switch off an administrator’s account.');
  }
  if (account.partnershipRoleCount > 0 || account.schools.some((s) => !headOf.has(s.schoolId))) {
    return refused(
      'This person also works with other schools or the partnership, so only an administrator can switch off their account. You can remove them from your school instead.',
    );
  }
  if (account.schools.length === 0) {
    return refused('This person is not on your school’s staff, so only an administrator can switch off their account.');
  }
  return OK;
}

/** Switching an account back on is for administrators only, so a switched-off person cannot be let back in quietly. */
export function decideReactivation(actor: Actor): PeopleDecision {
  return actor.isAdmin ? OK : refused('Only an administrator can switch an account back on.');
}

/** The list of every account (to find someone without a school, or switched off): administrators only. */
export function canListAccounts(actor: Actor): boolean {
  return actor.isAdmin;
}

/** The audit log names people and organisations: administrators only. */
export function canReadAudit(actor: Actor): boolean {
  return actor.isAdmin;
}

/**
 * Who may download everything Crosswalk holds about a person (a subject access request under UK GDPR,
 * docs/data-protection.md): the person themselves, and administrators for anyone (for instance someone who has
 * left and whose account is switched off). Nobody else, headteachers included: the file holds a person's sign-ins,
 * notifications and emails, which a school has no need to see.
 */
export function canExportPersonData(actor: Actor, subjectUserId: string): boolean {
  return actor.isAdmin || actor.userId === subjectUserId;
}
