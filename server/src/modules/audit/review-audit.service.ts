import {
  canReadReviewAudit,
  ReviewAuditOnly,
  type Actor,
  type ReviewAuditEvent,
  type ReviewAuditPage,
  type ReviewAuditQuery,
} from '@crosswalk/shared';
import { NotFound } from '../../errors/domain-errors.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';
import type { AuditLogRepository } from './audit-log.repository.ts';
import { actorOf, auditCsv, summaryOf } from './audit-rows.ts';
import type { AuditRepository } from './audit.repository.ts';

/** The most events one CSV file holds (a review's whole life is far fewer). */
const CSV_MAX_EVENTS = 20_000;

/**
 * A review's own audit log, for the school that is the data controller of the review: who has seen and changed it.
 * Only the host headteacher and platform administrators may read it; anyone else is told it does not exist.
 */
export class ReviewAuditService {
  readonly #deps: { reviews: ReviewsService; log: AuditLogRepository; audit: AuditRepository };

  constructor(deps: { reviews: ReviewsService; log: AuditLogRepository; audit: AuditRepository }) {
    this.#deps = deps;
  }

  async page(reviewId: string, actor: Actor, query: ReviewAuditQuery): Promise<ReviewAuditPage> {
    await this.#allowed(reviewId, actor);
    const rows = await this.#deps.log.events({
      reviewId,
      actions: query.only === undefined ? undefined : ReviewAuditOnly[query.only],
      before: query.before,
      limit: query.limit + 1,
    });
    const shown = rows.slice(0, query.limit);
    return {
      events: shown.map((row): ReviewAuditEvent => ({
        at: row.at.toISOString(),
        actor: actorOf(row),
        action: row.action,
        summary: summaryOf(row),
        from: row.from,
      })),
      nextBefore: rows.length > query.limit ? (shown.at(-1)?.id ?? null) : null,
    };
  }

  /** The whole log (or its report views) as CSV, newest first; the download itself is audited. */
  async csv(reviewId: string, actor: Actor, query: ReviewAuditQuery): Promise<{ fileName: string; body: string }> {
    await this.#allowed(reviewId, actor);
    const rows = await this.#deps.log.events({
      reviewId,
      actions: query.only === undefined ? undefined : ReviewAuditOnly[query.only],
      limit: CSV_MAX_EVENTS,
    });
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'review.audit_exported',
      subjectId: reviewId,
      reviewId,
      detail: { events: rows.length, only: query.only ?? null },
    });
    return { fileName: `review-audit-${reviewId}.csv`, body: auditCsv(rows) };
  }

  async #allowed(reviewId: string, actor: Actor): Promise<void> {
    const roles = await this.#deps.reviews.viewerRolesOn(reviewId, actor);
    if (roles === null || !canReadReviewAudit(actor, roles)) {
      throw new NotFound('review');
    }
  }
}
