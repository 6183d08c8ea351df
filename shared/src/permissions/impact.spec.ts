import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { canSeeImpact, decideRecordHuddle, decideScheduleCheckpoint } from './impact.ts';

const ctx = (roles: ReviewViewerRole[], state: ReviewState = 'impact_review') => ({
  roles,
  state,
  sharing: { selfReviewWithChampion: false, evidenceWithChampion: false },
});

describe('who sees the impact checkpoints', () => {
  it('is whoever reads the action plan: never the partnership lead or other schools', () => {
    for (const role of [
      'host_headteacher',
      'host_staff',
      'lead_reviewer',
      'peer_reviewer',
      'improvement_champion',
    ] as const) {
      expect(canSeeImpact(ctx([role])), role).toBe(true);
    }
    for (const role of ['partnership_lead', 'cluster_member'] as const) {
      expect(canSeeImpact(ctx([role])), role).toBe(false);
    }
  });
});

describe('who schedules checkpoints', () => {
  it('is the host headteacher alone, while the plan is followed', () => {
    expect(decideScheduleCheckpoint(ctx(['host_headteacher']))).toEqual({ ok: true });
    expect(decideScheduleCheckpoint(ctx(['host_headteacher'], 'support_in_progress'))).toEqual({ ok: true });
    for (const role of ['host_link_lead', 'lead_reviewer', 'improvement_champion', 'peer_reviewer'] as const) {
      expect(decideScheduleCheckpoint(ctx([role])), role).toMatchObject({ ok: false, kind: 'refused' });
    }
    const closed = decideScheduleCheckpoint(ctx(['host_headteacher'], 'closed'));
    expect(closed).toMatchObject({ ok: false, kind: 'conflict' });
    expect(closed.ok ? '' : closed.reason).toMatch(/finished/);
    expect(decideScheduleCheckpoint(ctx(['host_headteacher'], 'workshop_held'))).toMatchObject({ kind: 'conflict' });
  });
});

describe('who records a huddle', () => {
  it('is the host headteacher, the host link lead, the lead reviewer and the champion; not a peer reviewer', () => {
    for (const role of ['host_headteacher', 'host_link_lead', 'lead_reviewer', 'improvement_champion'] as const) {
      expect(decideRecordHuddle(ctx([role])), role).toEqual({ ok: true });
    }
    for (const role of ['peer_reviewer', 'host_staff', 'partnership_lead'] as const) {
      const decision = decideRecordHuddle(ctx([role]));
      expect(decision, role).toMatchObject({ ok: false, kind: 'refused' });
      expect(decision.ok ? '' : decision.reason).toMatch(/lead reviewer and the improvement champion record/);
    }
    expect(decideRecordHuddle(ctx(['lead_reviewer'], 'paused'))).toMatchObject({ kind: 'conflict' });
  });
});
