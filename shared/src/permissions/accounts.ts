import { ledPartnershipIds, leadsPartnership, type Actor } from './actor.ts';

/** Whether the person may invite anybody at all (shows or hides the invitation screens). */
export function canInviteAnyone(actor: Actor): boolean {
  return actor.isAdmin || ledPartnershipIds(actor).length > 0 || actor.schools.some((s) => s.role === 'headteacher');
}

/**
 * Whether the person may invite someone into a partnership role, or into a school (`schoolId`) that belongs to the
 * given partnerships. Administrators may invite anyone; a partnership lead, only within partnerships they lead; a
 * headteacher, only into their own school and only with a school role (no partnership role).
 */
export function canInviteInto(
  actor: Actor,
  target: {
    partnershipId?: string | undefined;
    schoolId?: string | undefined;
    schoolPartnershipIds?: string[] | undefined;
  },
): boolean {
  if (actor.isAdmin) {
    return true;
  }
  if (
    target.partnershipId === undefined &&
    target.schoolId !== undefined &&
    actor.schools.some((s) => s.schoolId === target.schoolId && s.role === 'headteacher')
  ) {
    return true;
  }
  if (target.partnershipId !== undefined && !leadsPartnership(actor, target.partnershipId)) {
    return false;
  }
  if (
    target.schoolPartnershipIds !== undefined &&
    !target.schoolPartnershipIds.some((id) => leadsPartnership(actor, id))
  ) {
    return false;
  }
  return target.partnershipId !== undefined || target.schoolPartnershipIds !== undefined;
}

/** Only administrators read the mail outbox (it holds invitation links). */
export function canReadOutbox(actor: Actor): boolean {
  return actor.isAdmin;
}
