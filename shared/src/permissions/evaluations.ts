import type { SchoolRole } from '../roles.ts';
import { type Actor } from './actor.ts';
import type { Refusal } from './decision.ts';
import { leadsPartnershipOrParent, type PartnershipRef } from './partnerships.ts';

/**
 * Who rates a school against the partnership evaluation model: its headteacher, or its link lead (a senior leader).
 * The school rates itself: a partnership lead or an administrator does not rate on a school's behalf.
 */
const SELF_RATING_ROLES: readonly SchoolRole[] = ['headteacher', 'senior_leader'];

/** Whether the person reads the partnership's evaluation at all: the same people who see the partnership. */
export { canSeePartnership as canSeeEvaluation } from './partnerships.ts';

/** Whether the person reads every member school's self-ratings: the partnership lead and administrators. */
export function seesAllSelfRatings(actor: Actor, partnership: PartnershipRef): boolean {
  return actor.isAdmin || leadsPartnershipOrParent(actor, partnership);
}

/**
 * Whose self-ratings the person reads: the partnership lead (and administrators) every member school's; anyone else
 * only their own schools'. The agreed ratings are for every member to read.
 */
export function selfRatingsVisibleTo(
  actor: Actor,
  partnership: PartnershipRef,
  memberSchoolIds: readonly string[],
): string[] {
  if (seesAllSelfRatings(actor, partnership)) {
    return [...memberSchoolIds];
  }
  const mine = new Set(actor.schools.map((s) => s.schoolId));
  return memberSchoolIds.filter((id) => mine.has(id));
}

/** The member schools this person may rate (for the page to offer a form for each). */
export function schoolsThisPersonRates(actor: Actor, memberSchoolIds: readonly string[]): string[] {
  const rates = new Set(actor.schools.filter((s) => SELF_RATING_ROLES.includes(s.role)).map((s) => s.schoolId));
  return memberSchoolIds.filter((id) => rates.has(id));
}

/** Saving a school's own rating: only for a member school, and only by that school's headteacher or link lead. */
export function decideSelfRating(
  actor: Actor,
  schoolId: string,
  memberSchoolIds: readonly string[],
): { ok: true } | Refusal {
  if (!memberSchoolIds.includes(schoolId)) {
    return { ok: false, kind: 'refused', reason: 'That school is not a member of this partnership.' };
  }
  if (schoolsThisPersonRates(actor, [schoolId]).length === 0) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the school’s own headteacher or link lead can rate it. Each school rates itself.',
    };
  }
  return { ok: true };
}

/** Whether the person records the partnership's agreed ratings: whoever leads it (or the partnership above it). */
export function mayAgreeRatings(actor: Actor, partnership: PartnershipRef): boolean {
  return leadsPartnershipOrParent(actor, partnership);
}

export function decideAgreedRating(actor: Actor, partnership: PartnershipRef): { ok: true } | Refusal {
  return mayAgreeRatings(actor, partnership)
    ? { ok: true }
    : { ok: false, kind: 'refused', reason: 'Only the partnership lead records the partnership’s agreed ratings.' };
}
