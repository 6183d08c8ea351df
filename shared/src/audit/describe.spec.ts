import { describe, expect, it } from 'vitest';
import { describeAuditEvent } from './describe.ts';

describe('audit descriptions', () => {
  it('names who did what to whom, with the school and roles recorded', () => {
    expect(
      describeAuditEvent({
        action: 'staff.role_changed',
        actor: 'Ann Head',
        subject: 'Bob',
        detail: { schoolName: 'Fenbrook Primary', from: 'teacher', to: 'senior_leader' },
      }),
    ).toBe('Ann Head changed Bob’s role at Fenbrook Primary from Teacher to Senior leader');
    expect(
      describeAuditEvent({
        action: 'invitation.created',
        actor: 'Ann Head',
        subject: 'Cat',
        detail: { schoolName: 'Fenbrook Primary', schoolRole: 'teacher' },
      }),
    ).toBe('Ann Head invited Cat as Teacher at Fenbrook Primary');
    expect(describeAuditEvent({ action: 'account.deactivated', actor: null, subject: 'Bob', detail: {} })).toBe(
      'Crosswalk switched off Bob’s account',
    );
    expect(describeAuditEvent({ action: 'account.data_exported', actor: 'Admin', subject: 'Bob', detail: {} })).toBe(
      'Admin downloaded the data Crosswalk holds about Bob',
    );
    expect(
      describeAuditEvent({ action: 'session.person_removed', actor: 'Lee', subject: 'Bob', detail: { reviewId: 'r' } }),
    ).toBe('Lee removed Bob from a video session');
    expect(describeAuditEvent({ action: 'session.locked', actor: 'Lee', subject: null, detail: {} })).toBe(
      'Lee: locked a video session',
    );
  });

  it('never shows raw role codes, and still says something for actions it does not know', () => {
    expect(
      describeAuditEvent({ action: 'staff.role_changed', actor: 'A', subject: 'B', detail: { from: 'x', to: 7 } }),
    ).toBe('A changed B’s role from a member of staff to a member of staff');
    expect(describeAuditEvent({ action: 'school.closed_for_good', actor: 'A', subject: null, detail: {} })).toBe(
      'A: school closed for good',
    );
    expect(describeAuditEvent({ action: 'school.created', actor: 'A', subject: null, detail: {} })).toBe(
      'A: set up a school',
    );
    expect(describeAuditEvent({ action: 'review.created', actor: 'A', subject: null, detail: {} })).toBe(
      'A: created a review',
    );
  });
});
