import { leadsPartnership, type Actor } from './actor.ts';
import type { Refusal } from './decision.ts';

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

/** Whether the person may open set-up at all (partnerships, schools): administrators and partnership leads. */
export function canSetUpPartnerships(actor: Pick<Actor, 'isAdmin' | 'partnerships'>): boolean {
  return actor.isAdmin || actor.partnerships.some((p) => p.role === 'partnership_lead');
}

/**
 * Creating a partnership: administrators may create any; a partnership lead may create a new partnership (and
 * becomes its lead) or a cluster under a partnership they lead. Anyone else is refused.
 */
export function decidePartnershipCreate(actor: Actor, parent: PartnershipRef | null): { ok: true } | Refusal {
  if (!actor.isAdmin && !canSetUpPartnerships(actor)) {
    return { ok: false, kind: 'refused', reason: 'Only partnership leads and administrators can set up partnerships.' };
  }
  return parent ? decideParent(actor, null, parent) : { ok: true };
}

/** Changing a partnership's details, schools and safeguarding set-up: administrators and whoever leads it or its parent. */
export function canEditPartnership(actor: Actor, partnership: PartnershipRef): boolean {
  return actor.isAdmin || leadsPartnershipOrParent(actor, partnership);
}

/**
 * Placing a partnership under a parent. Clusters sit one level down: the parent must itself have no parent, and a
 * partnership that has clusters of its own cannot become one. Only administrators and the parent's lead may place a
 * cluster under it, so nobody adds clusters to a partnership they do not lead.
 */
export function decideParent(
  actor: Actor,
  partnership: { id: string; hasClusters: boolean } | null,
  parent: PartnershipRef,
): { ok: true } | Refusal {
  if (!actor.isAdmin && !leadsPartnership(actor, parent.id)) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'You can only put a cluster under a partnership you lead.',
    };
  }
  if (partnership && parent.id === partnership.id) {
    return { ok: false, kind: 'conflict', reason: 'A partnership cannot belong to itself.' };
  }
  if (parent.parentId !== null) {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'That partnership is itself a cluster of another; choose the partnership it belongs to instead.',
    };
  }
  if (partnership?.hasClusters) {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'This partnership has clusters of its own, so it cannot become a cluster of another.',
    };
  }
  return { ok: true };
}

/**
 * Whether the person plans the partnership's year of reviews (the rota: generate, edit, publish): the same people
 * who run its set-up. Other members see the partnership but are refused; everyone else gets 404.
 */
export const mayPlanRota = canEditPartnership;
