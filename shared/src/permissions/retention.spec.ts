import { describe, expect, it } from 'vitest';
import {
  canSeeDeletionDate,
  contentDeletionDate,
  contentDeletionDue,
  contentRetentionProblem,
  deletionNoticeDue,
  safeguardingRecordExpired,
  type ReviewRetentionFacts,
} from './retention.ts';
import { ReviewArtefacts, reviewAccess } from './reviews.ts';

const closedAt = new Date('2026-07-20T15:00:00Z');
const closed: ReviewRetentionFacts = {
  state: 'closed',
  closedAt,
  contentRetentionMonths: 72,
  deletionNoticeSentAt: null,
  contentDeletedAt: null,
};
const at = (iso: string) => new Date(iso);

describe('retention of a closed review', () => {
  it('tells the host headteacher a month before the end of retention, once', () => {
    expect(deletionNoticeDue(closed, at('2032-06-20T14:59:59Z'))).toBe(false);
    expect(deletionNoticeDue(closed, at('2032-06-20T15:00:00Z'))).toBe(true);
    expect(deletionNoticeDue({ ...closed, deletionNoticeSentAt: at('2032-06-20T15:00:00Z') }, at('2032-07-01'))).toBe(
      false,
    );
    expect(deletionNoticeDue({ ...closed, state: 'impact_review' }, at('2040-01-01'))).toBe(false);
  });

  it('deletes at the end of retention, never before a month after the notice', () => {
    expect(contentDeletionDate(closed)).toBeNull();
    const told = { ...closed, deletionNoticeSentAt: at('2032-06-20T15:00:00Z') };
    expect(contentDeletionDate(told)).toEqual(at('2032-07-20T15:00:00Z'));
    expect(contentDeletionDue(told, at('2032-07-20T14:59:59Z'))).toBe(false);
    expect(contentDeletionDue(told, at('2032-07-20T15:00:00Z'))).toBe(true);
    // Shortened after the notice was due: still a full month's warning.
    const late = { ...closed, contentRetentionMonths: 24, deletionNoticeSentAt: at('2030-01-10T09:00:00Z') };
    expect(contentDeletionDate(late)).toEqual(at('2030-02-10T09:00:00Z'));
    expect(contentDeletionDue({ ...told, contentDeletedAt: at('2032-07-21') }, at('2040-01-01'))).toBe(false);
  });

  it('shows the date to the host headteacher only', () => {
    expect(canSeeDeletionDate(['host_headteacher'])).toBe(true);
    expect(canSeeDeletionDate(['host_link_lead', 'host_staff', 'partnership_lead'])).toBe(false);
  });

  it('keeps content longer than the access window', () => {
    expect(contentRetentionProblem(72, 12)).toBeNull();
    expect(contentRetentionProblem(13, 12)).toBeNull();
    expect(contentRetentionProblem(12, 12)).toMatch(/longer than the 12 months/);
  });

  it('leaves only the schedule and team once the content is deleted', () => {
    const ctx = {
      roles: ['host_headteacher'] as const,
      state: 'closed' as const,
      sharing: { selfReviewWithChampion: false, evidenceWithChampion: false },
      contentDeleted: true,
    };
    expect(reviewAccess(ctx, 'schedule')).toBe('read');
    expect(reviewAccess(ctx, 'team')).toBe('read');
    for (const artefact of ReviewArtefacts.filter((a) => a !== 'schedule' && a !== 'team')) {
      expect(reviewAccess(ctx, artefact), artefact).toBe('metadata');
    }
    expect(reviewAccess({ ...ctx, roles: ['peer_reviewer'], memberAccessEnded: true }, 'findings')).toBe('none');
  });
});

describe('records of safeguarding concerns', () => {
  it('follow the school: kept unless it set a number of months', () => {
    const raised = at('2026-03-02T10:00:00Z');
    expect(safeguardingRecordExpired(raised, null, at('2126-01-01'))).toBe(false);
    expect(safeguardingRecordExpired(raised, 24, at('2028-03-02T09:59:59Z'))).toBe(false);
    expect(safeguardingRecordExpired(raised, 24, at('2028-03-02T10:00:00Z'))).toBe(true);
  });
});
