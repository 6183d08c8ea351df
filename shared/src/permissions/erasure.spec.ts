import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { canSetErasurePolicy, decideErasure } from './erasure.ts';

const base: Actor = { userId: 'me', isAdmin: false, schools: [], partnerships: [] };
const admin: Actor = { ...base, isAdmin: true };
const head: Actor = { ...base, schools: [{ schoolId: 'school-1', role: 'headteacher' }] };
const teacher: Actor = { ...base, schools: [{ schoolId: 'school-1', role: 'teacher' }] };
const lead: Actor = { ...base, partnerships: [{ partnershipId: 'p-1', role: 'partnership_lead' }] };
const someone = { userId: 'them', erased: false };

describe('decideErasure', () => {
  it('lets an administrator erase someone else’s account', () => {
    expect(decideErasure(admin, someone)).toEqual({ ok: true });
  });

  it('refuses everyone else, the headteacher and the partnership lead included', () => {
    for (const actor of [base, head, teacher, lead]) {
      expect(decideErasure(actor, someone)).toMatchObject({ ok: false, kind: 'refused' });
    }
  });

  it('refuses an administrator their own account', () => {
    expect(decideErasure(admin, { userId: 'me', erased: false })).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('answers a conflict for an account erased already', () => {
    expect(decideErasure(admin, { ...someone, erased: true })).toMatchObject({ ok: false, kind: 'conflict' });
  });
});

describe('canSetErasurePolicy', () => {
  it('is the school’s headteacher’s choice only', () => {
    expect(canSetErasurePolicy(head, 'school-1')).toBe(true);
    expect(canSetErasurePolicy(head, 'school-2')).toBe(false);
    expect(canSetErasurePolicy(teacher, 'school-1')).toBe(false);
    expect(canSetErasurePolicy(admin, 'school-1')).toBe(false);
    expect(canSetErasurePolicy(lead, 'school-1')).toBe(false);
  });
});
