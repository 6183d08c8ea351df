import type { CalendarScope } from '../calendar/school-calendar.ts';
import type { Actor } from './actor.ts';
import { leadsPartnershipOrParent, type PartnershipRef } from './partnerships.ts';

/** What the rules need about one layer of calendars: the schools it applies to and the partnerships they are in. */
export interface CalendarLayerFacts {
  scope: CalendarScope;
  /** The schools this layer applies to (the one school for a school's own layer). */
  schoolIds: string[];
  /** Partnerships (clusters) with at least one of those schools. */
  partnerships: PartnershipRef[];
}

/**
 * Who may see and change a layer of calendars:
 * - platform administrators: every layer;
 * - a partnership lead (of the cluster or its parent): every layer for a school in their partnership, so the local
 *   authorities and trusts of their schools too;
 * - a headteacher: their own school's overrides;
 * - anyone else at one of the schools, or in one of those partnerships: read only (they schedule around it);
 * - everyone else: nothing (the layer is not found).
 */
export function calendarAccess(actor: Actor, layer: CalendarLayerFacts): 'none' | 'read' | 'write' {
  if (actor.isAdmin || layer.partnerships.some((p) => leadsPartnershipOrParent(actor, p))) {
    return 'write';
  }
  const mySchoolRoles = actor.schools.filter((s) => layer.schoolIds.includes(s.schoolId));
  if (layer.scope === 'school' && mySchoolRoles.some((s) => s.role === 'headteacher')) {
    return 'write';
  }
  const inPartnership = layer.partnerships.some((p) =>
    actor.partnerships.some((mine) => mine.partnershipId === p.id || mine.partnershipId === p.parentId),
  );
  return mySchoolRoles.length > 0 || inPartnership ? 'read' : 'none';
}
