import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import {
  canEditPartnership,
  canSeePartnership,
  canSetUpPartnerships,
  decideParent,
  decidePartnershipCreate,
  leadsPartnershipOrParent,
  mayPlanRota,
} from './partnerships.ts';

const cluster = { id: 'cluster', parentId: 'parent' };
const standalone = { id: 'standalone', parentId: null };
const base: Actor = { userId: 'u', isAdmin: false, schools: [], partnerships: [] };
const leadOf = (partnershipId: string): Actor => ({
  ...base,
  partnerships: [{ partnershipId, role: 'partnership_lead' }],
});
const reviewerOf = (partnershipId: string): Actor => ({
  ...base,
  partnerships: [{ partnershipId, role: 'peer_reviewer' }],
});

describe('leading a partnership or its parent', () => {
  it('counts the lead of the cluster and the lead of the partnership it belongs to', () => {
    expect(leadsPartnershipOrParent(leadOf('cluster'), cluster)).toBe(true);
    expect(leadsPartnershipOrParent(leadOf('parent'), cluster)).toBe(true);
    expect(leadsPartnershipOrParent(leadOf('standalone'), standalone)).toBe(true);
  });

  it('does not count leads of other partnerships, other roles, or administrators as such', () => {
    expect(leadsPartnershipOrParent(leadOf('other'), cluster)).toBe(false);
    expect(leadsPartnershipOrParent(leadOf('cluster'), { id: 'parent', parentId: null })).toBe(false);
    expect(leadsPartnershipOrParent(reviewerOf('cluster'), cluster)).toBe(false);
    expect(leadsPartnershipOrParent(reviewerOf('parent'), cluster)).toBe(false);
    expect(leadsPartnershipOrParent({ ...base, isAdmin: true }, cluster)).toBe(false);
    expect(leadsPartnershipOrParent(leadOf('parent'), standalone)).toBe(false);
  });
});

describe('seeing a partnership', () => {
  it('shows it to administrators, members and leads of it or its parent', () => {
    expect(canSeePartnership({ ...base, isAdmin: true }, cluster, false)).toBe(true);
    expect(canSeePartnership(base, cluster, true)).toBe(true);
    expect(canSeePartnership(leadOf('parent'), cluster, false)).toBe(true);
    expect(canSeePartnership(leadOf('cluster'), cluster, false)).toBe(true);
  });

  it('hides it from everyone else', () => {
    expect(canSeePartnership(base, cluster, false)).toBe(false);
    expect(canSeePartnership(leadOf('other'), cluster, false)).toBe(false);
    expect(canSeePartnership(reviewerOf('parent'), cluster, false)).toBe(false);
  });
});

describe('planning the rota', () => {
  it('lets the lead of the cluster or its parent, and administrators, plan it', () => {
    expect(mayPlanRota(leadOf('cluster'), cluster)).toBe(true);
    expect(mayPlanRota(leadOf('parent'), cluster)).toBe(true);
    expect(mayPlanRota({ ...base, isAdmin: true }, cluster)).toBe(true);
  });

  it('refuses members who do not lead it, and leads of other partnerships', () => {
    expect(mayPlanRota(reviewerOf('cluster'), cluster)).toBe(false);
    expect(mayPlanRota(leadOf('other'), cluster)).toBe(false);
    expect(mayPlanRota(base, cluster)).toBe(false);
  });
});

describe('setting up partnerships', () => {
  const admin: Actor = { ...base, isAdmin: true };
  const head: Actor = { ...base, schools: [{ schoolId: 's', role: 'headteacher' }] };
  const parent = { id: 'parent', parentId: null };

  it('opens set-up to administrators and partnership leads only', () => {
    expect(canSetUpPartnerships(admin)).toBe(true);
    expect(canSetUpPartnerships(leadOf('other'))).toBe(true);
    expect(canSetUpPartnerships(reviewerOf('cluster'))).toBe(false);
    expect(canSetUpPartnerships(head)).toBe(false);
  });

  it('lets leads create partnerships, and clusters only under a partnership they lead', () => {
    expect(decidePartnershipCreate(admin, null)).toEqual({ ok: true });
    expect(decidePartnershipCreate(admin, parent)).toEqual({ ok: true });
    expect(decidePartnershipCreate(leadOf('other'), null)).toEqual({ ok: true });
    expect(decidePartnershipCreate(leadOf('parent'), parent)).toEqual({ ok: true });
    expect(decidePartnershipCreate(leadOf('other'), parent)).toMatchObject({ ok: false, kind: 'refused' });
    expect(decidePartnershipCreate(reviewerOf('parent'), null)).toMatchObject({ ok: false, kind: 'refused' });
    expect(decidePartnershipCreate(head, null)).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('keeps clusters one level down', () => {
    expect(decidePartnershipCreate(leadOf('cluster'), cluster)).toMatchObject({ ok: false, kind: 'conflict' });
    expect(decideParent(admin, { id: 'parent', hasClusters: false }, parent)).toMatchObject({
      ok: false,
      kind: 'conflict',
    });
    expect(decideParent(admin, { id: 'standalone', hasClusters: true }, parent)).toMatchObject({
      ok: false,
      kind: 'conflict',
    });
    expect(decideParent(leadOf('parent'), { id: 'standalone', hasClusters: false }, parent)).toEqual({ ok: true });
  });

  it('lets administrators and leads of the partnership or its parent edit it', () => {
    expect(canEditPartnership(admin, cluster)).toBe(true);
    expect(canEditPartnership(leadOf('cluster'), cluster)).toBe(true);
    expect(canEditPartnership(leadOf('parent'), cluster)).toBe(true);
    expect(canEditPartnership(leadOf('other'), cluster)).toBe(false);
    expect(canEditPartnership(reviewerOf('cluster'), cluster)).toBe(false);
    expect(canEditPartnership(leadOf('cluster'), parent)).toBe(false);
  });
});
