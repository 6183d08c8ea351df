import { describe, expect, it } from 'vitest';
import { ReviewViewerRoles } from '../domain/lifecycle.ts';
import { AllReviewStates } from '../domain/review-states.ts';
import { decideReadinessEdit, teamCandidatePool } from './reviews.ts';

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
