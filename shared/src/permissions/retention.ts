import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { memberAccessEndsAt } from './sharing.ts';

/**
 * Storage limitation (UK GDPR article 5(1)(e); docs/data-protection.md "Retention"). A closed review goes through
 * three dates: the visiting team loses it (`memberAccessEnded`, docs/domain.md e.2a), the host headteacher is told a
 * month before its content is deleted, and its content is deleted. What is left is a tombstone: dates, schools, the
 * state `closed`, counts. Records of safeguarding concerns follow the host school's own policy instead.
 */

/** Months after closing until a review's content is deleted, unless the partnership sets otherwise (6 years). */
export const DEFAULT_CONTENT_RETENTION_MONTHS = 72;
/** Never less than a year, nor more than 20 years. */
export const MIN_CONTENT_RETENTION_MONTHS = 12;
export const MAX_CONTENT_RETENTION_MONTHS = 240;
/** A school that deletes its safeguarding records keeps them at least a year and at most 100 years. */
export const MIN_SAFEGUARDING_RETENTION_MONTHS = 12;
export const MAX_SAFEGUARDING_RETENTION_MONTHS = 1200;
/** How long before deletion the host headteacher is told (and the least notice they ever get). */
export const DELETION_NOTICE_MONTHS = 1;

/** What the retention rules read of a review. */
export interface ReviewRetentionFacts {
  state: ReviewState;
  closedAt: Date | null;
  contentRetentionMonths: number;
  deletionNoticeSentAt: Date | null;
  contentDeletedAt: Date | null;
}

/** When a review's content falls due for deletion by the partnership's setting alone. */
export function contentRetentionEndsAt(closedAt: Date, months: number): Date {
  return memberAccessEndsAt(closedAt, months);
}

/**
 * Whether the host headteacher should now be told that the content will be deleted: a closed review, not told yet,
 * within a month of the end of its retention (or past it, after the setting was shortened).
 */
export function deletionNoticeDue(review: ReviewRetentionFacts, now: Date): boolean {
  if (review.state !== 'closed' || review.closedAt === null || review.contentDeletedAt !== null) {
    return false;
  }
  if (review.deletionNoticeSentAt !== null) {
    return false;
  }
  const ends = contentRetentionEndsAt(review.closedAt, review.contentRetentionMonths);
  return now.getTime() >= memberAccessEndsAt(ends, -DELETION_NOTICE_MONTHS).getTime();
}

/**
 * The day the content is deleted, once the host headteacher was told: the end of retention, but never less than a
 * month after the notice (a shortened setting cannot delete without warning). Null before the notice.
 */
export function contentDeletionDate(review: ReviewRetentionFacts): Date | null {
  if (review.closedAt === null || review.deletionNoticeSentAt === null) {
    return null;
  }
  const ends = contentRetentionEndsAt(review.closedAt, review.contentRetentionMonths);
  const noticed = memberAccessEndsAt(review.deletionNoticeSentAt, DELETION_NOTICE_MONTHS);
  return ends.getTime() >= noticed.getTime() ? ends : noticed;
}

/** Whether a review's content is due to be deleted at `now`. */
export function contentDeletionDue(review: ReviewRetentionFacts, now: Date): boolean {
  if (review.state !== 'closed' || review.contentDeletedAt !== null) {
    return false;
  }
  const date = contentDeletionDate(review);
  return date !== null && now.getTime() >= date.getTime();
}

/**
 * Who reads "This review's content will be deleted on …" on the review page: the host headteacher, who was told
 * and whose school the review belongs to (docs/domain.md e.1).
 */
export function canSeeDeletionDate(roles: readonly ReviewViewerRole[]): boolean {
  return roles.includes('host_headteacher');
}

/** Whether a safeguarding concern's record has reached the end of its school's retention (never when it keeps them). */
export function safeguardingRecordExpired(raisedAt: Date, retentionMonths: number | null, now: Date): boolean {
  return retentionMonths !== null && now.getTime() >= memberAccessEndsAt(raisedAt, retentionMonths).getTime();
}

/**
 * A partnership's retention setting against its access window: content must outlast the time the visiting team keeps
 * the review, so nobody is still given a review whose content is gone.
 */
export function contentRetentionProblem(contentRetentionMonths: number, memberAccessMonths: number): string | null {
  return contentRetentionMonths < memberAccessMonths + DELETION_NOTICE_MONTHS
    ? `Keep the content longer than the ${String(memberAccessMonths)} months the visiting team keeps a closed review.`
    : null;
}
