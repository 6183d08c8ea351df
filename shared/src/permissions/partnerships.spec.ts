import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { canSeePartnership, leadsPartnershipOrParent, mayPlanRota } from './partnerships.ts';

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
