import type { Actor } from './actor.ts';
import type { Refusal } from './decision.ts';
import { leadsPartnershipOrParent, type PartnershipRef } from './partnerships.ts';

/**
 * What a local authority or partnership board may see (docs/domain.md e.2, column "LA / Partnership Board /
 * quadrant", rule 4; docs/board-view.md): the partnership's board view, counts only. A local authority or board
 * viewer is never a member of a review and never sees one school's data.
 */

/** Whether the person is a local authority or board viewer of this partnership, or of the partnership it belongs to. */
export function isBoardViewerOf(actor: Actor, partnership: PartnershipRef): boolean {
  return actor.partnerships.some(
    (p) => p.role === 'la_viewer' && (p.partnershipId === partnership.id || p.partnershipId === partnership.parentId),
  );
}

/** Who opens the board view: the partnership lead (or its parent's), its local authority or board viewers, admins. */
export function canSeeBoard(actor: Actor, partnership: PartnershipRef): boolean {
  return actor.isAdmin || leadsPartnershipOrParent(actor, partnership) || isBoardViewerOf(actor, partnership);
}

/**
 * Whether the board view is all this person has of the partnership: a local authority or board viewer who holds no
 * other role in it, is on the staff of none of its schools, and neither leads it nor administers Crosswalk. Such a
 * person sees the partnership's name, its schools and the board view, and nothing per review (not even the rota).
 */
export function seesOnlyTheBoard(
  actor: Actor,
  partnership: PartnershipRef,
  memberSchoolIds: readonly string[],
): boolean {
  if (!isBoardViewerOf(actor, partnership) || actor.isAdmin || leadsPartnershipOrParent(actor, partnership)) {
    return false;
  }
  const otherRole = actor.partnerships.some((p) => p.partnershipId === partnership.id && p.role !== 'la_viewer');
  const staff = actor.schools.some((s) => memberSchoolIds.includes(s.schoolId));
  return !otherRole && !staff;
}

/** What a board request asks for beyond the partnership as a whole. */
export interface BoardRequest {
  /** One school's figures (`?schoolId=`). */
  schoolId?: string | undefined;
  /** A breakdown (`?by=school`): anything but the partnership as a whole. */
  by?: string | undefined;
}

export const ONE_SCHOOL_REFUSAL =
  'The board view shows the partnership as a whole. It never shows one school’s figures, so a school cannot be picked out.';

/**
 * Whether the person may have this board view: refused for those who may not open it, and for anyone asking for one
 * school or a breakdown by school, whoever they are (the board view has no such figures to give).
 */
export function decideBoardRequest(
  actor: Actor,
  partnership: PartnershipRef,
  request: BoardRequest,
): { ok: true } | Refusal {
  if (!canSeeBoard(actor, partnership)) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'The board view is for the partnership lead and the local authority or board viewers the lead invites.',
    };
  }
  if (request.schoolId !== undefined || request.by !== undefined) {
    return { ok: false, kind: 'refused', reason: ONE_SCHOOL_REFUSAL };
  }
  return { ok: true };
}

/**
 * Whether the person is refused a review's data because they see the partnership only as a board: used to log and
 * audit what a local authority or board viewer tried, before the usual 404.
 */
export function refusedAsBoardViewer(actor: Actor, partnership: PartnershipRef): boolean {
  return isBoardViewerOf(actor, partnership) && !actor.isAdmin && !leadsPartnershipOrParent(actor, partnership);
}
