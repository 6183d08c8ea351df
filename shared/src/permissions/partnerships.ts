import { leadsPartnership, type Actor } from './actor.ts';

/** A partnership as the rules need it: a cluster may belong to a larger partnership (its parent). */
export interface PartnershipRef {
  id: string;
  parentId: string | null;
}

/** Whether the person leads this partnership or the partnership it belongs to (and so schedules its reviews). */
export function leadsPartnershipOrParent(actor: Actor, partnership: PartnershipRef): boolean {
  return (
    leadsPartnership(actor, partnership.id) ||
    (partnership.parentId !== null && leadsPartnership(actor, partnership.parentId))
  );
}

/**
 * Whether the partnership's page exists for this person: administrators, its members, and whoever leads it or
 * its parent. Everyone else learns nothing (404).
 */
export function canSeePartnership(actor: Actor, partnership: PartnershipRef, isMember: boolean): boolean {
  return actor.isAdmin || isMember || leadsPartnershipOrParent(actor, partnership);
}

/**
 * Whether the person plans the partnership's year of reviews (the rota: generate, edit, publish): whoever leads it or
 * its parent, and administrators. Other members see the partnership but are refused; everyone else gets 404.
 */
export function mayPlanRota(actor: Actor, partnership: PartnershipRef): boolean {
  return actor.isAdmin || leadsPartnershipOrParent(actor, partnership);
}
