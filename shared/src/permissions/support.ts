import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { SchoolRole } from '../roles.ts';
import {
  SupportMatchedStatuses,
  SupportOpenStatuses,
  type SupportOfferStatus,
  type SupportStatus,
} from '../schemas/support.ts';
import { ActionFollowUpStates, canUpdateAction } from './actions.ts';
import type { Actor } from './actor.ts';
import type { Refusal } from './decision.ts';
import { leadsPartnershipOrParent, type PartnershipRef } from './partnerships.ts';
import type { ReviewAccessContext } from './reviews.ts';

/**
 * School-to-school support (docs/support.md, domain e.2 "Action plan and impact"): the host school asks on an action,
 * the partnership's other schools see only the request and offer, the host accepts one offer, both schools follow it
 * through, and the partnership lead sees status only.
 */

/** Who offers support on a school's behalf: its headteacher or a senior leader. */
const OFFER_ROLES: readonly SchoolRole[] = ['headteacher', 'senior_leader'];

type Decision = { ok: true } | Refusal;

const followUpConflict = (state: ReviewAccessContext['state']): Refusal => ({
  ok: false,
  kind: 'conflict',
  reason:
    state === 'closed' || state === 'cancelled'
      ? 'This review is finished, so its actions no longer ask for support.'
      : 'Support can be asked for and arranged while the review follows its action plan, not while it is paused or before the plan is published.',
});

/** Asking the partnership for support on an action: whoever may update the action, once per action at a time. */
export function decideSupportRequest(
  ctx: ReviewAccessContext,
  person: { userId: string },
  action: { ownerUserId: string | null; inPlan: boolean },
  hasOpenRequest: boolean,
): Decision {
  if (!canUpdateAction(ctx.roles, person, action)) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the host school’s headteacher, its link lead and the action’s owner ask for support on an action.',
    };
  }
  if (!ActionFollowUpStates.includes(ctx.state)) {
    return followUpConflict(ctx.state);
  }
  if (!action.inPlan) {
    return { ok: false, kind: 'conflict', reason: 'This action is no longer in the published plan.' };
  }
  if (hasOpenRequest) {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'This action already has an open request for support. Follow it through, or withdraw it, first.',
    };
  }
  return { ok: true };
}

/** Withdrawing a request: the same people who ask, until the support is done. */
export function decideSupportWithdraw(
  ctx: ReviewAccessContext,
  person: { userId: string },
  action: { ownerUserId: string | null },
  status: SupportStatus,
): Decision {
  if (!canUpdateAction(ctx.roles, person, action)) {
    return {
      ok: false,
      kind: 'refused',
      reason:
        'Only the host school’s headteacher, its link lead and the action’s owner withdraw a request for support.',
    };
  }
  if (status === 'done' || status === 'withdrawn') {
    return { ok: false, kind: 'conflict', reason: 'This request is already over.' };
  }
  return { ok: true };
}

/**
 * The member schools the person may offer support from: those, other than the host school, where they are the
 * headteacher or a senior leader.
 */
export function partnerSchoolsFor(actor: Actor, memberSchoolIds: readonly string[], hostSchoolId: string): string[] {
  const leads = new Set(actor.schools.filter((s) => OFFER_ROLES.includes(s.role)).map((s) => s.schoolId));
  return memberSchoolIds.filter((id) => id !== hostSchoolId && leads.has(id));
}

/** Offering support from a school: a leader of a member school other than the host, while the request is open. */
export function decideSupportOffer(
  actor: Actor,
  schoolId: string,
  request: { memberSchoolIds: readonly string[]; hostSchoolId: string; status: SupportStatus },
): Decision {
  if (schoolId === request.hostSchoolId) {
    return { ok: false, kind: 'refused', reason: 'A school cannot offer support on its own request.' };
  }
  if (!request.memberSchoolIds.includes(schoolId)) {
    return { ok: false, kind: 'refused', reason: 'Only schools in this partnership can offer support to its schools.' };
  }
  if (partnerSchoolsFor(actor, [schoolId], request.hostSchoolId).length === 0) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the school’s headteacher or a senior leader can offer support on its behalf.',
    };
  }
  if (!SupportOpenStatuses.includes(request.status)) {
    return { ok: false, kind: 'conflict', reason: 'This request is no longer open for offers.' };
  }
  return { ok: true };
}

/** Accepting one offer: the host headteacher or link lead, while the request is open and the offer stands. */
export function decideSupportAccept(
  ctx: ReviewAccessContext,
  requestStatus: SupportStatus,
  offerStatus: SupportOfferStatus,
): Decision {
  if (!ctx.roles.includes('host_headteacher') && !ctx.roles.includes('host_link_lead')) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the host school’s headteacher and its link lead accept an offer of support.',
    };
  }
  if (!ActionFollowUpStates.includes(ctx.state)) {
    return followUpConflict(ctx.state);
  }
  if (!SupportOpenStatuses.includes(requestStatus)) {
    return { ok: false, kind: 'conflict', reason: 'This request is no longer open: an offer was already accepted.' };
  }
  if (offerStatus !== 'open') {
    return { ok: false, kind: 'conflict', reason: 'That offer was already declined.' };
  }
  return { ok: true };
}

export type SupportSide = 'host' | 'partner';

/**
 * Which side of matched support the person is on: the host side (whoever may update the action on the review) or
 * the matched school (its headteacher or a senior leader); null for anyone else.
 */
export function supportSideOf(
  hostRoles: readonly ReviewViewerRole[] | null,
  person: { userId: string },
  action: { ownerUserId: string | null },
  actor: Actor,
  matchedSchoolId: string | null,
): SupportSide | null {
  if (hostRoles && canUpdateAction(hostRoles, person, action)) {
    return 'host';
  }
  if (matchedSchoolId !== null && partnerSchoolsFor(actor, [matchedSchoolId], '').length > 0) {
    return 'partner';
  }
  return null;
}

/** Recording progress on matched support (a new status, a note, or both): either school, until it is done. */
export function decideSupportProgress(
  side: SupportSide | null,
  from: SupportStatus,
  to: SupportStatus | null,
): Decision {
  if (side === null) {
    return {
      ok: false,
      kind: 'refused',
      reason: 'Only the host school and the school matched to help follow this support through.',
    };
  }
  if (!SupportMatchedStatuses.includes(from)) {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'Progress is recorded once the host has accepted an offer, until the support is done.',
    };
  }
  if (to === from) {
    return { ok: false, kind: 'conflict', reason: 'The support already has this status.' };
  }
  return { ok: true };
}

/** Whether the person reads the status-only view: whoever leads the partnership (or its parent) and administrators. */
export function seesSupportStatus(actor: Actor, partnership: PartnershipRef): boolean {
  return actor.isAdmin || leadsPartnershipOrParent(actor, partnership);
}
