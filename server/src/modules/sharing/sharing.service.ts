import {
  atLeast,
  canChangeSharing,
  decideSharingChange,
  reviewAccess,
  type Actor,
  type FindingSharingInput,
  type ReviewSharing,
  type ReviewSharingView,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { refusalOf } from '../../errors/domain-errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { SharingRepository } from './sharing.repository.ts';

/**
 * What the host headteacher shares (docs/domain.md c.7, c.12, e.2): the self-review and the raw evidence with the
 * improvement champion, and each finding beyond the school. Every change is audited and re-decides the review's
 * open live connections at once.
 */
export class SharingService {
  readonly #sql: Sql;
  readonly #reviews: ReviewsService;
  readonly #sharing: SharingRepository;
  readonly #audit: AuditRepository;
  readonly #events: EventBus;

  constructor(deps: {
    sql: Sql;
    reviews: ReviewsService;
    sharing: SharingRepository;
    audit: AuditRepository;
    events: EventBus;
  }) {
    this.#sql = deps.sql;
    this.#reviews = deps.reviews;
    this.#sharing = deps.sharing;
    this.#audit = deps.audit;
    this.#events = deps.events;
  }

  /** `GET /api/reviews/:id/sharing`: for anyone who may see the review; finding choices only for their readers. */
  async view(reviewId: string, actor: Actor): Promise<ReviewSharingView> {
    const view = await this.#reviews.view(reviewId, actor);
    return this.#viewOf(view);
  }

  async #viewOf(view: ReviewView): Promise<ReviewSharingView> {
    const readsFindings = atLeast(reviewAccess(view.access, 'findings'), 'read');
    const findings = readsFindings ? await this.#sharing.findings(view.row.id) : [];
    return {
      selfReviewWithChampion: view.row.sharing.selfReviewWithChampion,
      evidenceWithChampion: view.row.sharing.evidenceWithChampion,
      canChange: canChangeSharing(view.roles, view.row.state),
      findings: findings.map((f) => ({ findingId: f.findingId, shareable: f.shareable, setAt: f.setAt.toISOString() })),
    };
  }

  /** The host headteacher opens (or closes) the self-review and the raw evidence to the improvement champion. */
  async setReviewSharing(reviewId: string, actor: Actor, input: ReviewSharing): Promise<ReviewSharingView> {
    const view = await this.#reviews.view(reviewId, actor);
    const decision = decideSharingChange(view.roles, view.row.state);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    await this.#sql.begin(async (tx) => {
      await this.#sharing.setReviewSharing(reviewId, input, tx);
      await this.#audit.record(
        { actorUserId: actor.userId, action: 'review.sharing_changed', subjectId: reviewId, detail: { ...input } },
        tx,
      );
    });
    this.#events.publish('review.access_changed', { reviewId });
    return this.view(reviewId, actor);
  }

  /** The host headteacher decides whether one finding may be shared beyond the school. */
  async setFindingSharing(
    reviewId: string,
    findingId: string,
    actor: Actor,
    input: FindingSharingInput,
  ): Promise<ReviewSharingView> {
    const view = await this.#reviews.view(reviewId, actor);
    const decision = decideSharingChange(view.roles, view.row.state);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    await this.#sql.begin(async (tx) => {
      await this.#sharing.setFinding(reviewId, findingId, input.shareable, actor.userId, tx);
      await this.#audit.record(
        {
          actorUserId: actor.userId,
          action: 'review.finding_sharing_changed',
          subjectId: reviewId,
          detail: { findingId, shareable: input.shareable },
        },
        tx,
      );
    });
    this.#events.publish('review.access_changed', { reviewId });
    return this.view(reviewId, actor);
  }

  /** Ids of the findings the host headteacher marked "may be shared beyond the school" (for exports and lists). */
  async shareableFindingIds(reviewId: string): Promise<Set<string>> {
    const rows = await this.#sharing.findings(reviewId);
    return new Set(rows.filter((r) => r.shareable).map((r) => r.findingId));
  }
}
