import {
  atLeast,
  canChangeSharing,
  decideSharingChange,
  documentName,
  isSharedPractice,
  readFindings,
  reviewAccess,
  seesOnlyTheBoard,
  type Actor,
  type SharedPracticeItem,
  type FindingSharingInput,
  type ReviewSharing,
  type ReviewSharingFlags,
  type ReviewSharingView,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { Refused, Unavailable, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import { recordSchoolDataRefused } from '../partnership-board/board-refusals.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { DirectoryRepository } from '../directory/directory.repository.ts';
import { partnershipSeenBy } from '../partnerships/partnership-seen-by.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { SharingRepository } from './sharing.repository.ts';

const SHARED_PRACTICE_REFUSAL =
  'Shared practice names the school each strength comes from, so it is for the partnership’s schools only. The board view shows the partnership as a whole.';

/** Every choice of the host, the associate's false where a review saved before them has none. */
function withAssociate(sharing: ReviewSharingFlags): Required<ReviewSharing> {
  return {
    selfReviewWithChampion: sharing.selfReviewWithChampion,
    evidenceWithChampion: sharing.evidenceWithChampion,
    selfReviewWithAssociate: sharing.selfReviewWithAssociate === true,
    focusWithAssociate: sharing.focusWithAssociate === true,
    findingsWithAssociate: sharing.findingsWithAssociate === true,
  };
}

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
  readonly #directory: DirectoryRepository;
  readonly #reviewRows: Pick<ReviewsRepository, 'inPartnership'>;
  readonly #logger: Logger | undefined;
  #live: LiveDocuments | undefined;

  constructor(deps: {
    sql: Sql;
    reviews: ReviewsService;
    sharing: SharingRepository;
    audit: AuditRepository;
    events: EventBus;
    directory: DirectoryRepository;
    reviewRows: Pick<ReviewsRepository, 'inPartnership'>;
    logger?: Logger;
  }) {
    this.#sql = deps.sql;
    this.#reviews = deps.reviews;
    this.#sharing = deps.sharing;
    this.#audit = deps.audit;
    this.#events = deps.events;
    this.#directory = deps.directory;
    this.#reviewRows = deps.reviewRows;
    this.#logger = deps.logger;
  }

  /** Connects the live documents (to read the findings' wording) once the realtime server is mounted here. */
  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
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
      ...withAssociate(view.row.sharing),
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
    // The associate's choices left out of the request stay as they were.
    const sharing = withAssociate({ ...view.row.sharing, ...input });
    await this.#sql.begin(async (tx) => {
      await this.#sharing.setReviewSharing(reviewId, sharing, tx);
      await this.#audit.record(
        {
          actorUserId: actor.userId,
          action: 'review.sharing_changed',
          subjectId: reviewId,
          reviewId,
          detail: { ...input },
        },
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
          reviewId,
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

  /**
   * `GET /api/partnerships/:id/shared-practice`: the strengths the host headteachers of the partnership's reviews
   * chose to share, from agreed reports: the only findings the partnership's other schools ever see.
   */
  async sharedPractice(partnershipId: string, actor: Actor): Promise<SharedPracticeItem[]> {
    const partnership = await partnershipSeenBy(this.#directory, partnershipId, actor);
    // Each item names its host school beside a finding: never for a local authority or board viewer.
    const memberSchools = (await this.#directory.schoolsIn(partnership.id)).map((s) => s.id);
    if (seesOnlyTheBoard(actor, partnership, memberSchools)) {
      await recordSchoolDataRefused(
        { audit: this.#audit, logger: this.#logger },
        actor,
        partnership.id,
        'shared_practice',
      );
      throw new Refused(SHARED_PRACTICE_REFUSAL);
    }
    const practice: SharedPracticeItem[] = [];
    for (const review of await this.#reviewRows.inPartnership(partnershipId)) {
      const shared = await this.shareableFindingIds(review.id);
      if (shared.size === 0 || !isSharedPractice({ kind: 'strength', shareable: true }, review.state)) {
        continue;
      }
      const live = this.#live;
      if (!live) {
        throw new Unavailable('Shared practice is not available on this server right now. Please try again shortly.');
      }
      const findings = await live.withDocument(documentName(review.id, 'findings'), (doc) => readFindings(doc));
      for (const finding of findings) {
        if (isSharedPractice({ kind: finding.kind, shareable: shared.has(finding.id) }, review.state)) {
          practice.push({
            reviewId: review.id,
            hostSchool: { id: review.hostSchoolId, name: review.hostSchoolName },
            academicYear: review.academicYear,
            findingId: finding.id,
            label: finding.label,
            text: finding.text,
          });
        }
      }
    }
    return practice;
  }
}
