import { describe, expect, it } from 'vitest';
import { canSeeReadinessChecks, decideReadinessCheckLinks, readinessCheckInvitees } from './readiness-checks.ts';

describe('who sees and sends set-up checks', () => {
  it('is the lead reviewer and the host link lead and headteacher', () => {
    expect(canSeeReadinessChecks(['lead_reviewer'])).toBe(true);
    expect(canSeeReadinessChecks(['host_link_lead', 'host_staff'])).toBe(true);
    expect(canSeeReadinessChecks(['host_headteacher'])).toBe(true);
    for (const role of ['peer_reviewer', 'improvement_champion', 'host_staff', 'partnership_lead'] as const) {
      expect(canSeeReadinessChecks([role]), role).toBe(false);
    }
  });

  it('sends links only while the sessions are still to come', () => {
    expect(decideReadinessCheckLinks(['lead_reviewer'], 'planned')).toEqual({ ok: true });
    expect(decideReadinessCheckLinks(['host_link_lead'], 'in_review')).toEqual({ ok: true });
    expect(decideReadinessCheckLinks(['lead_reviewer'], 'closed')).toMatchObject({ ok: false, kind: 'conflict' });
    expect(decideReadinessCheckLinks(['peer_reviewer'], 'planned')).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('invites those the sessions invite, once each', () => {
    const people = [
      { userId: 'lead', roles: ['lead_reviewer'] as const },
      { userId: 'peer', roles: ['peer_reviewer'] as const },
      { userId: 'outsider', roles: ['partnership_lead'] as const },
    ];
    const invited = readinessCheckInvitees(['review_day', 'review_day'], people);
    expect(invited).toContain('lead');
    expect(invited).toContain('peer');
    expect(invited).not.toContain('outsider');
    expect(readinessCheckInvitees([], people)).toEqual([]);
  });
});
