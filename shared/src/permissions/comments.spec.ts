import { describe, expect, it } from 'vitest';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { decideComment, decideResolve, mayReadComments } from './comments.ts';
import type { ReviewAccessContext } from './reviews.ts';

const ctx = (
  roles: ReviewViewerRole[],
  state: ReviewState,
  sharing = { selfReviewWithChampion: false, evidenceWithChampion: false },
): ReviewAccessContext => ({ roles, state, sharing });

describe('who reads comments', () => {
  it('follows read access to the part', () => {
    expect(mayReadComments(ctx(['peer_reviewer'], 'in_review'), 'evidence')).toBe(true);
    expect(mayReadComments(ctx(['improvement_champion'], 'in_review'), 'evidence')).toBe(false);
    expect(
      mayReadComments(
        ctx(['improvement_champion'], 'in_review', { selfReviewWithChampion: false, evidenceWithChampion: true }),
        'evidence',
      ),
    ).toBe(true);
    expect(mayReadComments(ctx(['peer_reviewer'], 'in_review'), 'workshop')).toBe(false);
    expect(mayReadComments(ctx(['cluster_member'], 'in_review'), 'findings')).toBe(false);
  });
});

describe('who comments', () => {
  it('lets anyone with comment or write access comment', () => {
    expect(decideComment(ctx(['peer_reviewer'], 'in_review'), 'evidence')).toEqual({ ok: true });
    expect(decideComment(ctx(['lead_reviewer'], 'synthesis'), 'findings')).toEqual({ ok: true });
    expect(decideComment(ctx(['host_link_lead'], 'workshop_held'), 'workshop')).toEqual({ ok: true });
  });

  it('lets the host headteacher comment on any part they read from feedback_given until the review closes', () => {
    for (const part of ['context', 'evidence', 'findings', 'workshop', 'actions'] as const) {
      expect(decideComment(ctx(['host_headteacher'], 'feedback_given'), part)).toEqual({ ok: true });
      expect(decideComment(ctx(['host_headteacher'], 'impact_review'), part)).toEqual({ ok: true });
      expect(decideComment(ctx(['host_headteacher'], 'closed'), part)).toMatchObject({ ok: false, kind: 'refused' });
    }
    expect(decideComment(ctx(['host_headteacher'], 'synthesis'), 'evidence')).toMatchObject({
      ok: false,
      kind: 'refused',
    });
  });

  it('refuses readers and people without access, whatever the moment', () => {
    expect(decideComment(ctx(['host_link_lead'], 'feedback_given'), 'findings')).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(decideComment(ctx(['improvement_champion'], 'report_agreed'), 'findings')).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(decideComment(ctx(['cluster_member'], 'in_review'), 'evidence')).toMatchObject({
      ok: false,
      kind: 'refused',
    });
  });

  it('closes commenting for everyone once the review has finished', () => {
    expect(decideComment(ctx(['lead_reviewer'], 'closed'), 'findings')).toMatchObject({ ok: false, kind: 'refused' });
    expect(decideComment(ctx(['peer_reviewer'], 'cancelled'), 'evidence')).toMatchObject({ ok: false });
  });
});

describe('who resolves and reopens', () => {
  const thread = { createdBy: 'author' };

  it('lets the author, a writer of the part and the host headteacher resolve', () => {
    expect(decideResolve(ctx(['peer_reviewer'], 'feedback_given'), 'findings', thread, 'author')).toEqual({ ok: true });
    expect(decideResolve(ctx(['lead_reviewer'], 'feedback_given'), 'findings', thread, 'lead')).toEqual({ ok: true });
    expect(decideResolve(ctx(['host_headteacher'], 'feedback_given'), 'findings', thread, 'head')).toEqual({
      ok: true,
    });
  });

  it('refuses a commenter who neither started the thread nor writes the part', () => {
    expect(decideResolve(ctx(['peer_reviewer'], 'in_review'), 'context', thread, 'someone')).toMatchObject({
      ok: false,
    });
    expect(decideResolve(ctx(['host_link_lead'], 'self_review'), 'findings', thread, 'someone')).toMatchObject({
      ok: false,
      kind: 'refused',
    });
  });
});
