import { describe, expect, it } from 'vitest';
import { decideSignOff } from './sign-offs.ts';

describe('sign-off', () => {
  it('lets the lead reviewer sign as themselves once feedback is given', () => {
    expect(decideSignOff(['lead_reviewer'], 'feedback_given')).toEqual({ ok: true, role: 'lead_reviewer' });
    expect(decideSignOff(['partnership_lead', 'lead_reviewer'], 'impact_review')).toMatchObject({
      ok: true,
      role: 'lead_reviewer',
    });
  });

  it('sends the host headteacher to accepting the report, which is their signature', () => {
    expect(decideSignOff(['host_headteacher'], 'feedback_given')).toMatchObject({
      ok: false,
      kind: 'conflict',
      reason: expect.stringContaining('by accepting the report') as unknown,
    });
    expect(decideSignOff(['host_headteacher'], 'report_agreed')).toMatchObject({
      ok: false,
      kind: 'conflict',
      reason: 'You signed off the findings when you accepted the report.',
    });
  });

  it('refuses everyone else as not theirs to do, whatever the state', () => {
    for (const role of [
      'peer_reviewer',
      'host_link_lead',
      'host_staff',
      'improvement_champion',
      'partnership_lead',
      'cluster_member',
    ] as const) {
      expect(decideSignOff([role], 'feedback_given')).toMatchObject({ ok: false, kind: 'refused' });
    }
    expect(decideSignOff([], 'feedback_given')).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('refuses as not now before feedback, while paused and once finished', () => {
    for (const state of ['draft', 'in_review', 'synthesis', 'paused', 'closed', 'cancelled'] as const) {
      expect(decideSignOff(['lead_reviewer'], state)).toMatchObject({ ok: false, kind: 'conflict' });
    }
  });
});
