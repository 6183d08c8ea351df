import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import {
  ONE_SCHOOL_REFUSAL,
  canSeeBoard,
  decideBoardRequest,
  isBoardViewerOf,
  refusedAsBoardViewer,
  seesOnlyTheBoard,
} from './board.ts';
import { canSeeReview } from './reviews.ts';

const cluster = { id: 'cluster', parentId: 'hub' };
const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  isAdmin: false,
  schools: [],
  partnerships: [],
  ...over,
});
const laViewer = actor({ partnerships: [{ partnershipId: 'cluster', role: 'la_viewer' }] });
const lead = actor({ partnerships: [{ partnershipId: 'cluster', role: 'partnership_lead' }] });
const head = actor({ schools: [{ schoolId: 'fenbrook', role: 'headteacher' }] });

describe('who opens the board view', () => {
  it('lets the partnership lead, its local authority or board viewers and administrators in', () => {
    expect(canSeeBoard(lead, cluster)).toBe(true);
    expect(canSeeBoard(laViewer, cluster)).toBe(true);
    expect(canSeeBoard(actor({ isAdmin: true }), cluster)).toBe(true);
    // A viewer of the partnership a cluster belongs to sees the cluster's board too.
    expect(canSeeBoard(actor({ partnerships: [{ partnershipId: 'hub', role: 'la_viewer' }] }), cluster)).toBe(true);
  });

  it('refuses a member school’s headteacher and anyone else, with the reason', () => {
    expect(canSeeBoard(head, cluster)).toBe(false);
    expect(decideBoardRequest(head, cluster, {})).toMatchObject({ ok: false, kind: 'refused' });
    expect(canSeeBoard(actor({ partnerships: [{ partnershipId: 'other', role: 'la_viewer' }] }), cluster)).toBe(false);
  });

  it('refuses one school’s figures or a breakdown by school to everyone, the lead included', () => {
    for (const who of [laViewer, lead, actor({ isAdmin: true })]) {
      expect(decideBoardRequest(who, cluster, { schoolId: 'fenbrook' })).toEqual({
        ok: false,
        kind: 'refused',
        reason: ONE_SCHOOL_REFUSAL,
      });
      expect(decideBoardRequest(who, cluster, { by: 'school' })).toMatchObject({
        ok: false,
        reason: ONE_SCHOOL_REFUSAL,
      });
      expect(decideBoardRequest(who, cluster, {})).toEqual({ ok: true });
    }
  });
});

describe('a local authority or board viewer', () => {
  it('sees only the board when that is their one link to the partnership', () => {
    expect(isBoardViewerOf(laViewer, cluster)).toBe(true);
    expect(seesOnlyTheBoard(laViewer, cluster, ['fenbrook'])).toBe(true);
    expect(refusedAsBoardViewer(laViewer, cluster)).toBe(true);
  });

  it('keeps what another role gives them: staff of a member school, a reviewer of the cluster, its lead', () => {
    const alsoHead = actor({ ...laViewer, schools: [{ schoolId: 'fenbrook', role: 'headteacher' }] });
    expect(seesOnlyTheBoard(alsoHead, cluster, ['fenbrook'])).toBe(false);
    const alsoReviewer = actor({
      partnerships: [...laViewer.partnerships, { partnershipId: 'cluster', role: 'peer_reviewer' }],
    });
    expect(seesOnlyTheBoard(alsoReviewer, cluster, ['fenbrook'])).toBe(false);
    expect(seesOnlyTheBoard(lead, cluster, [])).toBe(false);
    expect(refusedAsBoardViewer(lead, cluster)).toBe(false);
  });

  it('is no role on any review: with no review role the review does not exist for them', () => {
    const sharing = { selfReviewWithChampion: true, evidenceWithChampion: true };
    expect(canSeeReview({ roles: [], state: 'closed', sharing })).toBe(false);
  });
});
