import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import {
  canSeeActionRecords,
  canSeeCarriedActions,
  canUpdateAction,
  decideActionOwner,
  decideActionUpdate,
  decideRepublish,
} from './actions.ts';

const ctx = (roles: ReviewViewerRole[], state: ReviewState = 'support_in_progress') => ({
  roles,
  state,
  sharing: { selfReviewWithChampion: false, evidenceWithChampion: false },
});
const me = { userId: 'me' };

describe('who sees the published actions', () => {
  it('is the host school, the review team and the champion; never the partnership lead or other schools', () => {
    for (const role of [
      'host_headteacher',
      'host_link_lead',
      'host_staff',
      'lead_reviewer',
      'peer_reviewer',
      'improvement_champion',
    ] as const) {
      expect(canSeeActionRecords(ctx([role])), role).toBe(true);
    }
    for (const role of ['partnership_lead', 'cluster_member'] as const) {
      expect(canSeeActionRecords(ctx([role])), role).toBe(false);
    }
  });

  it('ends for visiting reviewers once their access window has passed, not for the host school', () => {
    const ended = { ...ctx(['lead_reviewer'], 'closed'), memberAccessEnded: true };
    expect(canSeeActionRecords(ended)).toBe(false);
    expect(canSeeActionRecords({ ...ended, roles: ['host_headteacher'] })).toBe(true);
  });
});

describe('who updates an action', () => {
  it('is the host headteacher, the host link lead and the action’s owner', () => {
    expect(canUpdateAction(['host_headteacher'], me, { ownerUserId: null })).toBe(true);
    expect(canUpdateAction(['host_link_lead'], me, { ownerUserId: 'someone' })).toBe(true);
    expect(canUpdateAction(['host_staff'], me, { ownerUserId: 'me' })).toBe(true);
    expect(canUpdateAction(['host_staff'], me, { ownerUserId: 'someone' })).toBe(false);
    expect(canUpdateAction(['host_staff'], me, { ownerUserId: null })).toBe(false);
    for (const role of ['lead_reviewer', 'peer_reviewer', 'improvement_champion', 'partnership_lead'] as const) {
      expect(canUpdateAction([role], me, { ownerUserId: null }), role).toBe(false);
    }
  });

  it('refuses outsiders whatever the state, and everyone outside the follow-through states', () => {
    expect(decideActionUpdate(ctx(['lead_reviewer']), me, { ownerUserId: null })).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    for (const state of ['action_plan_published', 'support_in_progress', 'impact_review'] as const) {
      expect(decideActionUpdate(ctx(['host_headteacher'], state), me, { ownerUserId: null }), state).toEqual({
        ok: true,
      });
    }
    for (const state of ['paused', 'closed', 'cancelled', 'workshop_held'] as const) {
      expect(decideActionUpdate(ctx(['host_headteacher'], state), me, { ownerUserId: null }), state).toMatchObject({
        ok: false,
        kind: 'conflict',
      });
    }
  });

  it('lets only the host headteacher and link lead name owners, and only the headteacher publish again', () => {
    expect(decideActionOwner(ctx(['host_link_lead']))).toEqual({ ok: true });
    expect(decideActionOwner(ctx(['host_staff']))).toMatchObject({ ok: false, kind: 'refused' });
    expect(decideRepublish(ctx(['host_headteacher']))).toEqual({ ok: true });
    expect(decideRepublish(ctx(['host_link_lead']))).toMatchObject({ ok: false, kind: 'refused' });
    expect(decideRepublish(ctx(['host_headteacher'], 'workshop_held'))).toMatchObject({ ok: false, kind: 'conflict' });
  });
});

describe('who sees the previous review’s actions carried into the self-review', () => {
  it('follows the self-review: the host school always, reviewers once the focus is agreed, nobody else', () => {
    expect(canSeeCarriedActions(ctx(['host_headteacher'], 'self_review'))).toBe(true);
    expect(canSeeCarriedActions(ctx(['host_link_lead'], 'self_review'))).toBe(true);
    expect(canSeeCarriedActions(ctx(['lead_reviewer'], 'self_review'))).toBe(false);
    expect(canSeeCarriedActions(ctx(['lead_reviewer'], 'focus_agreed'))).toBe(true);
    expect(canSeeCarriedActions(ctx(['peer_reviewer'], 'planned'))).toBe(true);
    expect(canSeeCarriedActions(ctx(['improvement_champion'], 'planned'))).toBe(false);
    for (const role of ['partnership_lead', 'cluster_member'] as const) {
      expect(canSeeCarriedActions(ctx([role], 'planned')), role).toBe(false);
    }
  });
});
