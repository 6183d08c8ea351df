import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { decideGovernorSectionsChoice, decideReportReady, decideReportSections } from './reports.ts';

const ctx = (roles: ReviewViewerRole[], state: ReviewState = 'closed', evidenceWithChampion = false) => ({
  roles,
  state,
  sharing: { selfReviewWithChampion: false, evidenceWithChampion },
});

describe('who takes which copy of the agreed report', () => {
  it('gives the full report, section by section, to those who read the findings', () => {
    expect(decideReportSections(ctx(['host_headteacher']), 'full')).toEqual({
      ok: true,
      sections: ['focus', 'findings', 'evidence', 'feedback', 'workshop', 'actions', 'impact', 'sign_offs'],
    });
    // The champion reads no evidence log unless the host shares it, and the peer reviewers no workshop record.
    expect(decideReportSections(ctx(['improvement_champion']), 'full')).toMatchObject({
      sections: ['focus', 'findings', 'feedback', 'workshop', 'actions', 'impact', 'sign_offs'],
    });
    expect(decideReportSections(ctx(['peer_reviewer']), 'full')).toMatchObject({
      sections: ['focus', 'findings', 'evidence', 'feedback', 'actions', 'impact', 'sign_offs'],
    });
  });

  it('refuses anyone who may not read the findings, whatever the copy', () => {
    for (const roles of [['partnership_lead'], ['cluster_member'], ['host_staff'], []] as ReviewViewerRole[][]) {
      for (const kind of ['full', 'briefing', 'governors'] as const) {
        expect(decideReportSections(ctx(roles), kind)).toMatchObject({ ok: false, kind: 'refused' });
      }
    }
    expect(decideReportSections(ctx(['improvement_champion'], 'feedback_given'), 'briefing')).toMatchObject({
      ok: false,
    });
  });

  it('puts evidence in the briefing pack only when the host shares it with the champion', () => {
    expect(decideReportSections(ctx(['host_headteacher']), 'briefing')).toEqual({
      ok: true,
      sections: ['focus', 'findings'],
    });
    expect(decideReportSections(ctx(['improvement_champion'], 'closed', true), 'briefing')).toEqual({
      ok: true,
      sections: ['focus', 'findings', 'evidence'],
    });
  });

  it('keeps the governors’ version to the host school, with the sections the head chose', () => {
    expect(decideReportSections(ctx(['host_headteacher']), 'governors', ['sign_offs', 'findings'])).toEqual({
      ok: true,
      sections: ['findings', 'sign_offs'],
    });
    expect(decideReportSections(ctx(['lead_reviewer']), 'governors')).toMatchObject({ ok: false });
    expect(decideGovernorSectionsChoice(['host_headteacher'])).toEqual({ ok: true });
    expect(decideGovernorSectionsChoice(['host_link_lead'])).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('says when the report becomes available', () => {
    expect(decideReportReady(ctx(['host_headteacher'], 'in_review'), false)).toMatchObject({
      ok: false,
      kind: 'conflict',
      reason: expect.stringMatching(/Report agreed/) as string,
    });
    expect(decideReportReady(ctx(['host_headteacher'], 'report_agreed'), false)).toMatchObject({ ok: false });
    expect(decideReportReady(ctx(['host_headteacher'], 'paused'), true)).toMatchObject({ ok: false });
    expect(decideReportReady(ctx(['host_headteacher'], 'cancelled'), true)).toMatchObject({ ok: false });
    expect(decideReportReady(ctx(['host_headteacher'], 'report_agreed'), true)).toEqual({ ok: true });
  });
});
