import type { Actor } from './actor.ts';
import { canSetUpPartnerships, leadsPartnershipOrParent, type PartnershipRef } from './partnerships.ts';

/** What the rules need about a school: the partnerships (clusters) it belongs to. */
export interface SchoolFacts {
  id: string;
  partnerships: PartnershipRef[];
}

/** What a person may do with a school's set-up (details and safeguarding contacts). */
export interface SchoolAccess {
  /** The school page exists for them; when false, the school is not found (404). */
  see: boolean;
  /** Name, phase, local authority, URN; and removing it from or adding it to a partnership. */
  editDetails: boolean;
  /** The designated safeguarding lead and deputy. */
  editContacts: boolean;
  /**
   * How long records of safeguarding concerns are kept: the school's own safeguarding policy, so its headteacher
   * (or an administrator, for them), not the partnership.
   */
  editSafeguardingRetention: boolean;
}

/**
 * Who may see and change a school's set-up:
 * - administrators, and leads of a partnership it belongs to (or of that partnership's parent): everything;
 * - its headteacher: its safeguarding contacts and how long its safeguarding records are kept, and reading its
 *   details (administrators may set that time too; a partnership lead may not: it is the school's policy);
 * - anyone else on its staff: reading (they should know who their safeguarding leads are);
 * - everyone else: nothing.
 */
export function schoolAccess(actor: Actor, school: SchoolFacts): SchoolAccess {
  const roles = actor.schools.filter((s) => s.schoolId === school.id).map((s) => s.role);
  const head = roles.includes('headteacher');
  if (actor.isAdmin || school.partnerships.some((p) => leadsPartnershipOrParent(actor, p))) {
    return { see: true, editDetails: true, editContacts: true, editSafeguardingRetention: actor.isAdmin || head };
  }
  return { see: roles.length > 0, editDetails: false, editContacts: head, editSafeguardingRetention: head };
}

/** Creating and changing local authorities (and their designated officer): platform administrators only. */
export function canManageLocalAuthorities(actor: Actor): boolean {
  return actor.isAdmin;
}

/**
 * Setting up a multi-academy trust: whoever sets up partnerships and schools. Renaming one, which all its schools
 * share whatever partnership they are in, is for administrators.
 */
export function canCreateTrusts(actor: Actor): boolean {
  return canSetUpPartnerships(actor);
}

export function canRenameTrusts(actor: Actor): boolean {
  return actor.isAdmin;
}

/** Reading the list of local authorities, to choose a school's: whoever may set up partnerships or schools. */
export function canListLocalAuthorities(actor: Actor): boolean {
  return canSetUpPartnerships(actor) || actor.schools.some((s) => s.role === 'headteacher');
}
