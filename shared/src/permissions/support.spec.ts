import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import type { Actor } from './actor.ts';
import {
  decideSupportAccept,
  decideSupportOffer,
  decideSupportProgress,
  decideSupportRequest,
  decideSupportWithdraw,
  partnerSchoolsFor,
  seesSupportStatus,
  supportSideOf,
} from './support.ts';

const ctx = (roles: ReviewViewerRole[], state: ReviewState = 'support_in_progress') => ({
  roles,
  state,
  sharing: { selfReviewWithChampion: false, evidenceWithChampion: false },
});
const me = { userId: 'me' };
const action = { ownerUserId: null, inPlan: true };

const actor = (schools: Actor['schools'], extra: Partial<Actor> = {}): Actor => ({
  userId: 'me',
  isAdmin: false,
  schools,
  partnerships: [],
  ...extra,
});
const HOST = 'host';
const members = ['host', 'partner', 'other'];
const open = { memberSchoolIds: members, hostSchoolId: HOST, status: 'requested' as const };

describe('who asks for support on an action', () => {
  it('is the host headteacher, the host link lead and the action’s owner, while the plan is followed through', () => {
    expect(decideSupportRequest(ctx(['host_headteacher']), me, action, false)).toEqual({ ok: true });
    expect(decideSupportRequest(ctx(['host_link_lead'], 'action_plan_published'), me, action, false).ok).toBe(true);
    expect(
      decideSupportRequest(ctx(['host_staff'], 'impact_review'), me, { ...action, ownerUserId: 'me' }, false).ok,
    ).toBe(true);
  });

  it('refuses anyone else with the reason', () => {
    for (const role of ['host_staff', 'lead_reviewer', 'peer_reviewer', 'improvement_champion'] as const) {
      const decision = decideSupportRequest(ctx([role]), me, action, false);
      expect(decision, role).toMatchObject({ ok: false, kind: 'refused' });
    }
  });

  it('is a conflict outside the follow-through states, off the plan, or with a request already open', () => {
    for (const state of ['workshop_held', 'paused', 'closed'] as const) {
      expect(decideSupportRequest(ctx(['host_headteacher'], state), me, action, false), state).toMatchObject({
        ok: false,
        kind: 'conflict',
      });
    }
    expect(decideSupportRequest(ctx(['host_headteacher']), me, { ...action, inPlan: false }, false)).toMatchObject({
      kind: 'conflict',
    });
    expect(decideSupportRequest(ctx(['host_headteacher']), me, action, true)).toMatchObject({
      kind: 'conflict',
      reason: expect.stringMatching(/already has an open request/) as string,
    });
  });

  it('lets the same people withdraw a request until it is done', () => {
    expect(decideSupportWithdraw(ctx(['host_link_lead']), me, action, 'matched').ok).toBe(true);
    expect(decideSupportWithdraw(ctx(['peer_reviewer']), me, action, 'requested')).toMatchObject({ kind: 'refused' });
    expect(decideSupportWithdraw(ctx(['host_headteacher']), me, action, 'done')).toMatchObject({ kind: 'conflict' });
  });
});

describe('which schools may offer support', () => {
  it('are the member schools, other than the host, where the person is headteacher or a senior leader', () => {
    const person = actor([
      { schoolId: 'partner', role: 'headteacher' },
      { schoolId: 'other', role: 'teacher' },
      { schoolId: 'host', role: 'senior_leader' },
      { schoolId: 'elsewhere', role: 'headteacher' },
    ]);
    expect(partnerSchoolsFor(person, members, HOST)).toEqual(['partner']);
  });

  it('accepts an offer from such a school while the request is open', () => {
    expect(decideSupportOffer(actor([{ schoolId: 'partner', role: 'senior_leader' }]), 'partner', open)).toEqual({
      ok: true,
    });
    expect(
      decideSupportOffer(actor([{ schoolId: 'partner', role: 'headteacher' }]), 'partner', {
        ...open,
        status: 'offered',
      }).ok,
    ).toBe(true);
  });

  it('refuses a school outside the partnership, the host itself, and staff who are not leaders, with reasons', () => {
    expect(decideSupportOffer(actor([{ schoolId: 'elsewhere', role: 'headteacher' }]), 'elsewhere', open)).toEqual({
      ok: false,
      kind: 'refused',
      reason: 'Only schools in this partnership can offer support to its schools.',
    });
    expect(decideSupportOffer(actor([{ schoolId: 'host', role: 'headteacher' }]), 'host', open)).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/own request/) as string,
    });
    expect(decideSupportOffer(actor([{ schoolId: 'partner', role: 'teacher' }]), 'partner', open)).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/headteacher or a senior leader/) as string,
    });
    // The partnership lead or an administrator does not offer on a school's behalf.
    const lead = actor([], { isAdmin: true, partnerships: [{ partnershipId: 'p', role: 'partnership_lead' }] });
    expect(decideSupportOffer(lead, 'partner', open)).toMatchObject({ kind: 'refused' });
  });

  it('is a conflict once the request is matched, done or withdrawn', () => {
    for (const status of ['matched', 'in_progress', 'done', 'withdrawn'] as const) {
      expect(
        decideSupportOffer(actor([{ schoolId: 'partner', role: 'headteacher' }]), 'partner', { ...open, status }),
        status,
      ).toMatchObject({ kind: 'conflict' });
    }
  });
});

describe('accepting an offer', () => {
  it('is for the host headteacher and link lead, on an open offer of an open request', () => {
    expect(decideSupportAccept(ctx(['host_headteacher']), 'offered', 'open')).toEqual({ ok: true });
    expect(decideSupportAccept(ctx(['host_link_lead']), 'offered', 'open').ok).toBe(true);
    for (const role of ['host_staff', 'lead_reviewer', 'improvement_champion'] as const) {
      expect(decideSupportAccept(ctx([role]), 'offered', 'open'), role).toMatchObject({ kind: 'refused' });
    }
    expect(decideSupportAccept(ctx(['host_headteacher']), 'matched', 'open')).toMatchObject({ kind: 'conflict' });
    expect(decideSupportAccept(ctx(['host_headteacher']), 'offered', 'declined')).toMatchObject({ kind: 'conflict' });
    expect(decideSupportAccept(ctx(['host_headteacher'], 'paused'), 'offered', 'open')).toMatchObject({
      kind: 'conflict',
    });
  });
});

describe('following matched support through', () => {
  const partnerHead = actor([{ schoolId: 'partner', role: 'headteacher' }]);
  it('is for both schools: the host side and the matched school’s leaders', () => {
    expect(supportSideOf(ctx(['host_headteacher']).roles, me, action, partnerHead, 'other')).toBe('host');
    expect(supportSideOf(null, me, action, partnerHead, 'partner')).toBe('partner');
    expect(supportSideOf(null, me, action, partnerHead, 'other')).toBeNull();
    expect(supportSideOf(['lead_reviewer'], me, action, actor([]), 'partner')).toBeNull();
    expect(supportSideOf(null, me, action, actor([{ schoolId: 'partner', role: 'teacher' }]), 'partner')).toBeNull();
  });

  it('moves matched → in progress → done, and takes notes, until it is done', () => {
    expect(decideSupportProgress('host', 'matched', 'in_progress').ok).toBe(true);
    expect(decideSupportProgress('partner', 'in_progress', 'done').ok).toBe(true);
    expect(decideSupportProgress('partner', 'matched', 'done').ok).toBe(true);
    expect(decideSupportProgress('host', 'in_progress', null).ok).toBe(true);
    expect(decideSupportProgress('host', 'in_progress', 'in_progress')).toMatchObject({ kind: 'conflict' });
    expect(decideSupportProgress(null, 'matched', 'done')).toMatchObject({ kind: 'refused' });
    for (const status of ['requested', 'offered', 'done', 'withdrawn'] as const) {
      expect(decideSupportProgress('host', status, null), status).toMatchObject({ kind: 'conflict' });
    }
  });
});

describe('the status-only view', () => {
  it('is for whoever leads the partnership (or its parent) and administrators', () => {
    const partnership = { id: 'p', parentId: 'parent' };
    expect(
      seesSupportStatus(actor([], { partnerships: [{ partnershipId: 'p', role: 'partnership_lead' }] }), partnership),
    ).toBe(true);
    expect(
      seesSupportStatus(
        actor([], { partnerships: [{ partnershipId: 'parent', role: 'partnership_lead' }] }),
        partnership,
      ),
    ).toBe(true);
    expect(seesSupportStatus(actor([], { isAdmin: true }), partnership)).toBe(true);
    expect(seesSupportStatus(actor([{ schoolId: 'partner', role: 'headteacher' }]), partnership)).toBe(false);
    expect(
      seesSupportStatus(actor([], { partnerships: [{ partnershipId: 'p', role: 'peer_reviewer' }] }), partnership),
    ).toBe(false);
  });
});
