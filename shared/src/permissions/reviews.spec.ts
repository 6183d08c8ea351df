import { describe, expect, it } from 'vitest';
import { ReviewViewerRoles, type ReviewViewerRole } from '../domain/lifecycle.ts';
import { AllReviewStates, ReviewStates, reached, type ReviewState } from '../domain/review-states.ts';
import {
  ReviewArtefacts,
  assignableRoles,
  canSeeReview,
  decideReadinessEdit,
  reviewAccess,
  teamCandidatePool,
  type ReviewAccessContext,
  type ReviewArtefact,
} from './reviews.ts';

const everyoneButHost = ReviewViewerRoles.filter((role) => role !== 'host_headteacher' && role !== 'host_link_lead');

describe('the virtual-readiness checklist', () => {
  it('is ticked by the host link lead or the host headteacher while the review is planned', () => {
    expect(decideReadinessEdit(['host_link_lead'], 'planned')).toEqual({ ok: true });
    expect(decideReadinessEdit(['host_headteacher'], 'planned')).toEqual({ ok: true });
    expect(decideReadinessEdit(['partnership_lead', 'host_headteacher'], 'planned')).toEqual({ ok: true });
  });

  it('refuses everyone else, whatever the state', () => {
    for (const role of everyoneButHost) {
      for (const state of AllReviewStates) {
        expect(decideReadinessEdit([role], state)).toEqual({
          ok: false,
          kind: 'refused',
          reason: 'Only the host school completes the readiness checklist.',
        });
      }
    }
    expect(decideReadinessEdit([], 'planned')).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('is a conflict for the host side in any state but planned', () => {
    for (const state of AllReviewStates.filter((s) => s !== 'planned')) {
      expect(decideReadinessEdit(['host_link_lead'], state)).toEqual({
        ok: false,
        kind: 'conflict',
        reason: 'The readiness checklist is completed once the review is planned.',
      });
    }
  });
});

describe('whom a person may add to the team', () => {
  it('offers the partnership lead the whole cluster, and anyone else only the host school’s staff', () => {
    expect(teamCandidatePool(['partnership_lead'])).toBe('cluster');
    expect(teamCandidatePool(['partnership_lead', 'lead_reviewer'])).toBe('cluster');
    expect(teamCandidatePool(['host_headteacher'])).toBe('host_staff');
    expect(teamCandidatePool(['host_headteacher', 'cluster_member'])).toBe('host_staff');
  });
});

describe('the permission matrix (docs/domain.md e.2, with the mission’s differences)', () => {
  const sharing = { selfReviewWithChampion: false, evidenceWithChampion: false };
  const access = (role: ReviewViewerRole, state: ReviewState, artefact: ReviewArtefact, shared = sharing) =>
    reviewAccess({ roles: [role], state, sharing: shared }, artefact);

  it('opens the evidence log to the reviewers for writing from in_review until synthesis, read otherwise', () => {
    for (const role of ['lead_reviewer', 'peer_reviewer'] as const) {
      for (const state of AllReviewStates) {
        const writing = state === 'in_review';
        expect(access(role, state, 'evidence_log'), `${role} in ${state}`).toBe(writing ? 'write' : 'read');
      }
    }
  });

  it('lets peer reviewers co-write findings with the lead reviewer until report_agreed, then read', () => {
    for (const role of ['lead_reviewer', 'peer_reviewer'] as const) {
      for (const state of ReviewStates) {
        const writing = !reached(state, 'report_agreed');
        expect(access(role, state, 'findings'), `${role} in ${state}`).toBe(writing ? 'write' : 'read');
      }
      expect(access(role, 'paused', 'findings')).toBe('read');
    }
  });

  it('gives the improvement champion the self-review and raw evidence only when the host opens them', () => {
    for (const state of AllReviewStates) {
      expect(access('improvement_champion', state, 'self_review')).toBe('none');
      expect(access('improvement_champion', state, 'evidence_log')).toBe('none');
      const open = { selfReviewWithChampion: true, evidenceWithChampion: true };
      expect(access('improvement_champion', state, 'self_review', open)).toBe('read');
      expect(access('improvement_champion', state, 'evidence_log', open)).toBe('read');
    }
    const selfOnly = { selfReviewWithChampion: true, evidenceWithChampion: false };
    expect(access('improvement_champion', 'in_review', 'evidence_log', selfOnly)).toBe('none');
  });

  it('keeps the evidence log and findings from the partnership lead and other cluster schools', () => {
    for (const role of ['partnership_lead', 'cluster_member'] as const) {
      for (const state of AllReviewStates) {
        for (const artefact of ['self_review', 'evidence_log', 'findings'] as const) {
          expect(access(role, state, artefact)).toBe('none');
        }
      }
    }
  });

  it('never lets anyone write once the review is closed or cancelled', () => {
    for (const role of ReviewViewerRoles) {
      for (const artefact of ReviewArtefacts) {
        for (const state of ['closed', 'cancelled'] as const) {
          expect(['none', 'metadata', 'read']).toContain(access(role, state, artefact));
        }
      }
    }
  });
});

describe('the SPP associate (docs/domain.md e.2, column "SPP Associate")', () => {
  const none = { selfReviewWithChampion: true, evidenceWithChampion: true };
  const all = {
    ...none,
    selfReviewWithAssociate: true,
    focusWithAssociate: true,
    findingsWithAssociate: true,
  };
  const associate = (state: ReviewState, sharing: ReviewAccessContext['sharing'], ended = false) => ({
    roles: ['spp_associate'] as const,
    state,
    sharing,
    memberAccessEnded: ended,
  });

  it('opens the review page with the schedule as metadata, and reads nothing the host has not shared', () => {
    for (const state of AllReviewStates) {
      const ctx = associate(state, none);
      expect(canSeeReview(ctx)).toBe(true);
      expect(reviewAccess(ctx, 'schedule')).toBe('metadata');
      for (const artefact of ReviewArtefacts.filter((a) => a !== 'schedule')) {
        expect(reviewAccess(ctx, artefact), `${artefact} in ${state}`).toBe('none');
      }
    }
  });

  it('reads the self-review, the enquiry focus and the agreed findings only when the host shares each', () => {
    expect(reviewAccess(associate('self_review', all), 'self_review')).toBe('read');
    expect(reviewAccess(associate('self_review', all), 'enquiry_focus')).toBe('read');
    expect(reviewAccess(associate('self_review', { ...none, focusWithAssociate: true }), 'self_review')).toBe('none');
    // Findings: the agreed wording only, never the reviewers' draft.
    expect(reviewAccess(associate('synthesis', all), 'findings')).toBe('none');
    expect(reviewAccess(associate('report_agreed', all), 'findings')).toBe('read');
    expect(reviewAccess(associate('closed', all), 'findings')).toBe('read');
  });

  it('never has the evidence log, the workshop, the action plan or the team, whatever is shared', () => {
    for (const state of AllReviewStates) {
      for (const artefact of ['evidence_log', 'workshop', 'action_plan', 'team'] as const) {
        expect(reviewAccess(associate(state, all), artefact)).toBe('none');
      }
    }
  });

  it('loses the review with the rest of the visiting team once its access window has passed', () => {
    const ctx = associate('closed', all, true);
    expect(canSeeReview(ctx)).toBe(false);
    expect(reviewAccess(ctx, 'findings')).toBe('none');
  });

  it('is invited by the host headteacher (and the partnership lead), never by anyone else', () => {
    expect(assignableRoles(['host_headteacher'], 'self_review')).toEqual(['host_link_lead', 'spp_associate']);
    expect(assignableRoles(['partnership_lead'], 'planned')).not.toContain('spp_associate');
    expect(assignableRoles(['partnership_lead', 'host_headteacher'], 'planned')).toContain('spp_associate');
    for (const role of ['lead_reviewer', 'peer_reviewer', 'improvement_champion', 'spp_associate'] as const) {
      expect(assignableRoles([role], 'planned')).toEqual([]);
    }
    expect(assignableRoles(['host_headteacher'], 'closed')).toEqual([]);
  });
});
