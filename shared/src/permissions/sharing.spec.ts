import { describe, expect, it } from 'vitest';
import { ReviewViewerRoles } from '../domain/lifecycle.ts';
import { AllReviewStates, ReviewStates } from '../domain/review-states.ts';
import { reviewAccess, type ReviewAccessContext } from './reviews.ts';
import {
  decideSharingChange,
  isSharedPractice,
  memberAccessEnded,
  memberAccessEndsAt,
  DEFAULT_MEMBER_ACCESS_MONTHS,
} from './sharing.ts';

describe('who decides what a review shares', () => {
  it('is the host headteacher, in every state but cancelled', () => {
    for (const state of AllReviewStates.filter((s) => s !== 'cancelled')) {
      expect(decideSharingChange(['host_headteacher'], state)).toEqual({ ok: true });
      expect(decideSharingChange(['partnership_lead', 'host_headteacher'], state)).toEqual({ ok: true });
    }
    expect(decideSharingChange(['host_headteacher'], 'cancelled')).toMatchObject({ ok: false, kind: 'conflict' });
  });

  it('refuses every other role, whatever the state', () => {
    for (const role of ReviewViewerRoles.filter((r) => r !== 'host_headteacher')) {
      for (const state of AllReviewStates) {
        expect(decideSharingChange([role], state)).toEqual({
          ok: false,
          kind: 'refused',
          reason: 'Only the host headteacher decides what this review shares.',
        });
      }
    }
    expect(decideSharingChange([], 'in_review')).toMatchObject({ ok: false, kind: 'refused' });
  });
});

describe('shared practice', () => {
  it('is a strength the host marked shareable, once the report is agreed', () => {
    expect(isSharedPractice({ kind: 'strength', shareable: true }, 'report_agreed')).toBe(true);
    expect(isSharedPractice({ kind: 'strength', shareable: true }, 'closed')).toBe(true);
    expect(isSharedPractice({ kind: 'strength', shareable: true }, 'feedback_given')).toBe(false);
    expect(isSharedPractice({ kind: 'strength', shareable: false }, 'closed')).toBe(false);
    expect(isSharedPractice({ kind: 'development', shareable: true }, 'closed')).toBe(false);
    expect(isSharedPractice({ kind: 'question', shareable: true }, 'closed')).toBe(false);
  });
});

describe('the access window after closing', () => {
  const closedAt = new Date('2026-03-31T15:00:00Z');

  it('ends the set number of calendar months after closing', () => {
    expect(memberAccessEndsAt(closedAt, 12).toISOString()).toBe('2027-03-31T15:00:00.000Z');
    expect(memberAccessEndsAt(closedAt, 1).toISOString()).toBe('2026-05-01T15:00:00.000Z');
  });

  it('has ended only for a closed review past its window', () => {
    const review = { state: 'closed' as const, closedAt, memberAccessMonths: DEFAULT_MEMBER_ACCESS_MONTHS };
    expect(memberAccessEnded(review, new Date('2027-03-31T14:59:59Z'))).toBe(false);
    expect(memberAccessEnded(review, new Date('2027-03-31T15:00:00Z'))).toBe(true);
    expect(memberAccessEnded({ ...review, memberAccessMonths: 3 }, new Date('2026-07-02T00:00:00Z'))).toBe(true);
    for (const state of AllReviewStates.filter((s) => s !== 'closed')) {
      expect(memberAccessEnded({ ...review, state }, new Date('2040-01-01T00:00:00Z'))).toBe(false);
    }
    expect(memberAccessEnded({ ...review, closedAt: null }, new Date('2040-01-01T00:00:00Z'))).toBe(false);
  });

  it('takes the closed review from the visiting team, and leaves it with the host school and the rota', () => {
    const sharing = { selfReviewWithChampion: true, evidenceWithChampion: true };
    const ctx = (roles: ReviewAccessContext['roles'], ended: boolean): ReviewAccessContext => ({
      roles,
      state: 'closed',
      sharing,
      memberAccessEnded: ended,
    });
    for (const role of ['lead_reviewer', 'peer_reviewer', 'improvement_champion'] as const) {
      expect(reviewAccess(ctx([role], false), 'findings')).toBe('read');
      for (const artefact of ['schedule', 'team', 'self_review', 'evidence_log', 'findings', 'action_plan'] as const) {
        expect(reviewAccess(ctx([role], true), artefact), `${role} ${artefact}`).toBe('none');
      }
    }
    for (const role of ['host_headteacher', 'host_link_lead'] as const) {
      expect(reviewAccess(ctx([role], true), 'findings')).toBe('read');
      expect(reviewAccess(ctx([role], true), 'evidence_log')).toBe('read');
    }
    expect(reviewAccess(ctx(['host_staff'], true), 'action_plan')).toBe('read');
    expect(reviewAccess(ctx(['partnership_lead'], true), 'schedule')).toBe('read');
    // A reviewer who is also on the host school's staff keeps what the staff keep.
    expect(reviewAccess(ctx(['peer_reviewer', 'host_staff'], true), 'action_plan')).toBe('read');
    expect(reviewAccess(ctx(['peer_reviewer', 'host_staff'], true), 'findings')).toBe('none');
  });

  it('never applies before closing', () => {
    for (const state of ReviewStates.filter((s) => s !== 'closed')) {
      expect(memberAccessEnded({ state, closedAt, memberAccessMonths: 1 }, new Date('2030-01-01'))).toBe(false);
    }
  });
});
