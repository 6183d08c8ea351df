import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { calendarAccess, type CalendarLayerFacts } from './calendars.ts';

const nobody: Actor = { userId: 'u', isAdmin: false, schools: [], partnerships: [] };
const la: CalendarLayerFacts = {
  scope: 'local_authority',
  schoolIds: ['s1', 's2'],
  partnerships: [{ id: 'cluster', parentId: 'hub' }],
};
const school: CalendarLayerFacts = { ...la, scope: 'school', schoolIds: ['s1'] };

describe('calendarAccess', () => {
  it('lets administrators and partnership leads (of the cluster or its hub) edit any layer', () => {
    expect(calendarAccess({ ...nobody, isAdmin: true }, la)).toBe('write');
    expect(calendarAccess({ ...nobody, partnerships: [{ partnershipId: 'hub', role: 'partnership_lead' }] }, la)).toBe(
      'write',
    );
    expect(
      calendarAccess({ ...nobody, partnerships: [{ partnershipId: 'cluster', role: 'partnership_lead' }] }, school),
    ).toBe('write');
  });

  it("lets a headteacher edit their own school's overrides but only read their authority's", () => {
    const head: Actor = { ...nobody, schools: [{ schoolId: 's1', role: 'headteacher' }] };
    expect(calendarAccess(head, school)).toBe('write');
    expect(calendarAccess(head, la)).toBe('read');
    expect(calendarAccess(head, { ...school, schoolIds: ['s2'] })).toBe('none');
  });

  it('lets staff and partnership members read, and hides the layer from everyone else', () => {
    expect(calendarAccess({ ...nobody, schools: [{ schoolId: 's1', role: 'teacher' }] }, school)).toBe('read');
    expect(calendarAccess({ ...nobody, partnerships: [{ partnershipId: 'cluster', role: 'peer_reviewer' }] }, la)).toBe(
      'read',
    );
    expect(
      calendarAccess({ ...nobody, partnerships: [{ partnershipId: 'other', role: 'partnership_lead' }] }, la),
    ).toBe('none');
    expect(calendarAccess(nobody, la)).toBe('none');
  });
});
