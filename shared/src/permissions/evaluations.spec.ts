import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import {
  decideAgreedRating,
  decideSelfRating,
  mayAgreeRatings,
  schoolsThisPersonRates,
  selfRatingsVisibleTo,
} from './evaluations.ts';

const partnership = { id: 'p1', parentId: null };
const members = ['fenbrook', 'northgate'];
const person = (over: Partial<Actor>): Actor => ({
  userId: 'u',
  isAdmin: false,
  schools: [],
  partnerships: [],
  ...over,
});
const head = person({ schools: [{ schoolId: 'fenbrook', role: 'headteacher' }] });
const linkLead = person({ schools: [{ schoolId: 'fenbrook', role: 'senior_leader' }] });
const teacher = person({ schools: [{ schoolId: 'fenbrook', role: 'teacher' }] });
const lead = person({ partnerships: [{ partnershipId: 'p1', role: 'partnership_lead' }] });

describe('partnership evaluation permissions', () => {
  it('lets a school’s headteacher or link lead rate that school only', () => {
    expect(decideSelfRating(head, 'fenbrook', members)).toEqual({ ok: true });
    expect(decideSelfRating(linkLead, 'fenbrook', members)).toEqual({ ok: true });
    expect(decideSelfRating(teacher, 'fenbrook', members)).toMatchObject({ ok: false, kind: 'refused' });
    expect(decideSelfRating(head, 'northgate', members)).toMatchObject({
      ok: false,
      kind: 'refused',
      reason: expect.stringContaining('Each school rates itself') as string,
    });
    expect(decideSelfRating(lead, 'fenbrook', members)).toMatchObject({ ok: false });
    expect(decideSelfRating(head, 'elsewhere', ['northgate'])).toMatchObject({ ok: false });
    expect(schoolsThisPersonRates(teacher, members)).toEqual([]);
  });

  it('shows a school its own self-ratings, and the partnership lead every member school’s', () => {
    expect(selfRatingsVisibleTo(head, partnership, members)).toEqual(['fenbrook']);
    expect(selfRatingsVisibleTo(teacher, partnership, members)).toEqual(['fenbrook']);
    expect(selfRatingsVisibleTo(lead, partnership, members)).toEqual(members);
    expect(selfRatingsVisibleTo(person({ isAdmin: true }), partnership, members)).toEqual(members);
  });

  it('lets only the partnership lead (or its parent’s) record agreed ratings', () => {
    expect(decideAgreedRating(lead, partnership)).toEqual({ ok: true });
    expect(mayAgreeRatings(lead, { id: 'cluster', parentId: 'p1' })).toBe(true);
    expect(decideAgreedRating(head, partnership)).toMatchObject({ ok: false, kind: 'refused' });
  });
});
