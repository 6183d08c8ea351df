import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { canListLocalAuthorities, canManageLocalAuthorities, schoolAccess } from './schools.ts';

const base: Actor = { userId: 'u', isAdmin: false, schools: [], partnerships: [] };
const school = { id: 'school', partnerships: [{ id: 'cluster', parentId: 'parent' }] };
const lead = (partnershipId: string): Actor => ({
  ...base,
  partnerships: [{ partnershipId, role: 'partnership_lead' }],
});
const staff = (role: Actor['schools'][number]['role'], schoolId = 'school'): Actor => ({
  ...base,
  schools: [{ schoolId, role }],
});
const all = { see: true, editDetails: true, editContacts: true, editSafeguardingRetention: false };
const none = { see: false, editDetails: false, editContacts: false, editSafeguardingRetention: false };

describe("a school's set-up", () => {
  it('gives administrators and leads of its partnership (or the parent) everything', () => {
    expect(schoolAccess({ ...base, isAdmin: true }, school)).toEqual({ ...all, editSafeguardingRetention: true });
    expect(schoolAccess(lead('cluster'), school)).toEqual(all);
    expect(schoolAccess(lead('parent'), school)).toEqual(all);
  });

  it('lets its headteacher keep the safeguarding contacts and their retention, and its staff read them', () => {
    expect(schoolAccess(staff('headteacher'), school)).toEqual({
      see: true,
      editDetails: false,
      editContacts: true,
      editSafeguardingRetention: true,
    });
    expect(schoolAccess(staff('teacher'), school)).toEqual({
      see: true,
      editDetails: false,
      editContacts: false,
      editSafeguardingRetention: false,
    });
  });

  it("leaves how long safeguarding records are kept to the school, not to the partnership's lead", () => {
    expect(schoolAccess(lead('cluster'), school).editSafeguardingRetention).toBe(false);
    const leadAndHead: Actor = { ...lead('cluster'), schools: [{ schoolId: 'school', role: 'headteacher' }] };
    expect(schoolAccess(leadAndHead, school)).toEqual({ ...all, editSafeguardingRetention: true });
  });

  it('shows nothing to anyone else', () => {
    expect(schoolAccess(base, school)).toEqual(none);
    expect(schoolAccess(lead('other'), school)).toEqual(none);
    expect(schoolAccess(staff('headteacher', 'elsewhere'), school)).toEqual(none);
    expect(
      schoolAccess({ ...base, partnerships: [{ partnershipId: 'cluster', role: 'peer_reviewer' }] }, school),
    ).toEqual(none);
  });
});

describe('local authorities', () => {
  it('are managed by administrators only', () => {
    expect(canManageLocalAuthorities({ ...base, isAdmin: true })).toBe(true);
    expect(canManageLocalAuthorities(lead('cluster'))).toBe(false);
  });

  it('are listed for those who set up partnerships and schools', () => {
    expect(canListLocalAuthorities({ ...base, isAdmin: true })).toBe(true);
    expect(canListLocalAuthorities(lead('cluster'))).toBe(true);
    expect(canListLocalAuthorities(staff('headteacher'))).toBe(true);
    expect(canListLocalAuthorities(staff('teacher'))).toBe(false);
    expect(canListLocalAuthorities(base)).toBe(false);
  });
});
