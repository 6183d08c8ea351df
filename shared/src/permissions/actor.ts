import type { PartnershipRole, SchoolRole } from '../roles.ts';

/**
 * Everything the permission rules need to know about the person acting. The server builds it from the
 * database once per request or connection; the rules themselves never touch storage.
 */
export interface Actor {
  userId: string;
  isAdmin: boolean;
  schools: { schoolId: string; role: SchoolRole }[];
  partnerships: { partnershipId: string; role: PartnershipRole }[];
}

export function leadsPartnership(actor: Actor, partnershipId: string): boolean {
  return actor.partnerships.some((p) => p.partnershipId === partnershipId && p.role === 'partnership_lead');
}

export function ledPartnershipIds(actor: Actor): string[] {
  return actor.partnerships.filter((p) => p.role === 'partnership_lead').map((p) => p.partnershipId);
}
