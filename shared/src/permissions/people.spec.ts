import { describe, expect, it } from 'vitest';
import { canInviteAnyone, canInviteInto } from './accounts.ts';
import type { Actor } from './actor.ts';
import {
  canExportPersonData,
  canListAccounts,
  canManageStaff,
  canReadAudit,
  canSeeStaff,
  decideDeactivation,
  decideReactivation,
  decideStaffRemoval,
  decideStaffRoleChange,
  type AccountFacts,
} from './people.ts';

const S1 = 'school-1';
const S2 = 'school-2';
const P1 = 'partnership-1';
const school = { id: S1, partnerships: [{ id: P1, parentId: 'parent-1' }] };
const base: Actor = { userId: 'me', isAdmin: false, schools: [], partnerships: [] };
const admin: Actor = { ...base, isAdmin: true };
const head: Actor = { ...base, schools: [{ schoolId: S1, role: 'headteacher' }] };
const otherHead: Actor = { ...base, schools: [{ schoolId: S2, role: 'headteacher' }] };
const teacher: Actor = { ...base, schools: [{ schoolId: S1, role: 'teacher' }] };
const lead: Actor = { ...base, partnerships: [{ partnershipId: P1, role: 'partnership_lead' }] };
const otherLead: Actor = { ...base, partnerships: [{ partnershipId: 'p-2', role: 'partnership_lead' }] };
const parentLead: Actor = { ...base, partnerships: [{ partnershipId: 'parent-1', role: 'partnership_lead' }] };
const reviewer: Actor = { ...base, partnerships: [{ partnershipId: P1, role: 'peer_reviewer' }] };

const colleague = { userId: 'them', role: 'teacher' as const, headteacherCount: 1 };
const myselfAsOnlyHead = { userId: 'me', role: 'headteacher' as const, headteacherCount: 1 };
const myselfAsOneOfTwoHeads = { ...myselfAsOnlyHead, headteacherCount: 2 };

describe('who manages a school’s staff', () => {
  it('is administrators, the school’s headteachers and the leads of its partnerships (or their parent)', () => {
    for (const actor of [admin, head, lead, parentLead]) {
      expect(canManageStaff(actor, school)).toBe(true);
      expect(canSeeStaff(actor, school)).toBe(true);
    }
  });

  it('lets the school’s other staff read the list, and nobody else see it', () => {
    expect(canManageStaff(teacher, school)).toBe(false);
    expect(canSeeStaff(teacher, school)).toBe(true);
    for (const outsider of [otherHead, otherLead, reviewer, base]) {
      expect(canSeeStaff(outsider, school)).toBe(false);
    }
  });

  it('refuses role changes and removals by those who do not manage the staff', () => {
    expect(decideStaffRoleChange(teacher, school, colleague, 'senior_leader')).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(decideStaffRemoval(reviewer, school, colleague)).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('allows managers to change roles and remove people', () => {
    for (const actor of [admin, head, lead]) {
      expect(decideStaffRoleChange(actor, school, colleague, 'headteacher')).toEqual({ ok: true });
      expect(decideStaffRemoval(actor, school, colleague)).toEqual({ ok: true });
    }
  });

  it('stops the only headteacher from stepping down or removing themselves', () => {
    expect(decideStaffRemoval(head, school, myselfAsOnlyHead)).toMatchObject({ ok: false, kind: 'conflict' });
    expect(decideStaffRoleChange(head, school, myselfAsOnlyHead, 'teacher')).toMatchObject({
      ok: false,
      kind: 'conflict',
    });
    expect(decideStaffRoleChange(head, school, myselfAsOnlyHead, 'headteacher')).toEqual({ ok: true });
    expect(decideStaffRemoval(head, school, myselfAsOneOfTwoHeads)).toEqual({ ok: true });
  });

  it('lets an administrator or lead remove the last headteacher (a head who left)', () => {
    const onlyHead = { userId: 'them', role: 'headteacher' as const, headteacherCount: 1 };
    expect(decideStaffRemoval(admin, school, onlyHead)).toEqual({ ok: true });
    expect(decideStaffRemoval(lead, school, onlyHead)).toEqual({ ok: true });
  });
});

describe('switching accounts off and on', () => {
  const staffOnly: AccountFacts = {
    userId: 'them',
    isAdmin: false,
    schools: [{ schoolId: S1, role: 'teacher' }],
    partnershipRoleCount: 0,
  };

  it('lets administrators switch off any account but their own', () => {
    expect(decideDeactivation(admin, { ...staffOnly, partnershipRoleCount: 3 })).toEqual({ ok: true });
    expect(decideDeactivation(admin, { ...staffOnly, isAdmin: true })).toEqual({ ok: true });
    expect(decideDeactivation(admin, { ...staffOnly, userId: 'me' })).toMatchObject({ ok: false });
  });

  it('lets a headteacher switch off someone who belongs only to their school', () => {
    expect(decideDeactivation(head, staffOnly)).toEqual({ ok: true });
  });

  it('refuses a headteacher when the person has a partnership role, another school or no school', () => {
    expect(decideDeactivation(head, { ...staffOnly, partnershipRoleCount: 1 })).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(
      decideDeactivation(head, {
        ...staffOnly,
        schools: [...staffOnly.schools, { schoolId: S2, role: 'teacher' }],
      }),
    ).toMatchObject({ ok: false, kind: 'refused' });
    expect(decideDeactivation(head, { ...staffOnly, schools: [] })).toMatchObject({ ok: false });
    expect(decideDeactivation(head, { ...staffOnly, isAdmin: true })).toMatchObject({ ok: false });
    expect(decideDeactivation(otherHead, staffOnly)).toMatchObject({ ok: false });
  });

  it('refuses leads, teachers and reviewers', () => {
    for (const actor of [lead, teacher, reviewer]) {
      expect(decideDeactivation(actor, staffOnly)).toMatchObject({ ok: false, kind: 'refused' });
    }
  });

  it('lets only administrators switch an account back on, list every account and read the audit log', () => {
    expect(decideReactivation(admin)).toEqual({ ok: true });
    expect(canReadAudit(admin)).toBe(true);
    expect(canListAccounts(admin)).toBe(true);
    for (const actor of [head, lead, teacher]) {
      expect(decideReactivation(actor)).toMatchObject({ ok: false, kind: 'refused' });
      expect(canReadAudit(actor)).toBe(false);
      expect(canListAccounts(actor)).toBe(false);
    }
  });
});

describe('downloading a person’s data', () => {
  it('lets everyone download their own, and administrators anyone’s', () => {
    for (const actor of [admin, head, teacher, lead, reviewer]) {
      expect(canExportPersonData(actor, actor.userId)).toBe(true);
    }
    expect(canExportPersonData(admin, 'them')).toBe(true);
  });

  it('refuses everyone else, even the person’s headteacher or partnership lead', () => {
    for (const actor of [head, otherHead, teacher, lead, parentLead, reviewer]) {
      expect(canExportPersonData(actor, 'them')).toBe(false);
    }
  });
});

describe('headteachers inviting', () => {
  it('may invite into their own school with a school role only', () => {
    expect(canInviteAnyone(head)).toBe(true);
    expect(canInviteInto(head, { schoolId: S1, schoolPartnershipIds: [P1] })).toBe(true);
    expect(canInviteInto(head, { schoolId: S2, schoolPartnershipIds: [P1] })).toBe(false);
    expect(canInviteInto(head, { schoolId: S1, schoolPartnershipIds: [P1], partnershipId: P1 })).toBe(false);
    expect(canInviteInto(head, { partnershipId: P1 })).toBe(false);
  });

  it('not as a teacher', () => {
    expect(canInviteAnyone(teacher)).toBe(false);
    expect(canInviteInto(teacher, { schoolId: S1, schoolPartnershipIds: [P1] })).toBe(false);
  });
});
