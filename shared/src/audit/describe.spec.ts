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

  it('says who read, downloaded, moved or was refused a review, and nothing of who raised a safeguarding concern', () => {
    const say = (action: string, actor: string | null, detail: Record<string, unknown> = {}) =>
      describeAuditEvent({ action, actor, subject: null, detail });
    expect(say('report.viewed', 'Lee')).toBe('Lee opened the review’s report');
    expect(say('report.viewed', 'Lee', { versionId: 'v' })).toBe('Lee opened a saved version of the review’s report');
    expect(say('report.exported', 'Ann', { kind: 'governors' })).toBe(
      'Ann downloaded the governors’ version of the agreed report',
    );
    expect(say('report.exported', 'Ann', { kind: 'full' })).toBe('Ann downloaded the agreed report');
    expect(say('review.state_changed', null, { from: 'action_plan_published', to: 'support_in_progress' })).toMatch(
      /^Crosswalk moved the review from “.+” to “.+”$/,
    );
    expect(say('access.refused', 'Bob', { method: 'PUT', route: '/api/reviews/:id/sharing', status: 403 })).toBe(
      'Bob was refused access (PUT /api/reviews/:id/sharing)',
    );
    expect(say('access.refused', 'Bob', { channel: 'live_document' })).toBe('Bob was refused the live document');
    expect(say('safeguarding.concern_raised', null, { role: 'Peer reviewer' })).toBe(
      'A safeguarding concern was raised by someone in the role of Peer reviewer',
    );
  });
});
