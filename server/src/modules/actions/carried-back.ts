import {
  canSeeActionRecords,
  canSeeCarriedActions,
  type Actor,
  type ActionStatus,
  type CarriedActions,
  type ProgressRating,
  type ReviewState,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { NotFound } from '../../errors/domain-errors.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';

interface PreviousRow {
  id: string;
  academicYear: string;
  state: ReviewState;
}

interface CarriedRow {
  id: string;
  label: string;
  text: string;
  ownerRole: string;
  successCriteria: string;
  dueOn: string;
  status: ActionStatus;
  lastNote: string | null;
  lastNoteAt: Date | null;
  lastRating: ProgressRating | null;
}

interface ImpactRow {
  scheduledAt: Date;
  evidence: string;
  adjustments: string;
}

/** Reads a school's earlier review with a published plan, and that plan's actions as they ended. */
export class CarriedBackRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * The host school's latest review before this one (by academic year, then by when it was scheduled) whose
   * action plan was published. A cancelled review carries nothing forward.
   */
  async previousReview(reviewId: string): Promise<PreviousRow | undefined> {
    const [row] = await this.#sql<PreviousRow[]>`
      select p.id, p.academic_year, p.state
      from reviews r join reviews p on p.host_school_id = r.host_school_id and p.id <> r.id
      where r.id = ${reviewId} and p.state <> 'cancelled'
        and (p.academic_year < r.academic_year or (p.academic_year = r.academic_year and p.created_at < r.created_at))
        and exists (select 1 from review_actions a where a.review_id = p.id and a.in_plan)
      order by p.academic_year desc, p.created_at desc
      limit 1`;
    return row;
  }

  /** The plan's actions in order, each with its latest evidence note and its rating at the last huddle. */
  async actions(reviewId: string): Promise<CarriedRow[]> {
    return this.#sql<CarriedRow[]>`
      select a.id, a.label, a.text, a.owner_role, a.success_criteria, to_char(a.due_on, 'YYYY-MM-DD') as due_on,
        a.status, n.note as last_note, n.created_at as last_note_at, g.rating as last_rating
      from review_actions a
      left join lateral (
        select u.note, u.created_at from review_action_updates u
        where u.review_id = a.review_id and u.action_id = a.id and u.note is not null
        order by u.created_at desc, u.seq desc limit 1
      ) n on true
      left join lateral (
        select r.rating from impact_ratings r join impact_checkpoints c on c.id = r.checkpoint_id
        where r.review_id = a.review_id and r.action_id = a.id and c.recorded_at is not null
        order by c.scheduled_at desc limit 1
      ) g on true
      where a.review_id = ${reviewId} and a.in_plan
      order by a.position`;
  }

  /** The impact huddles recorded, oldest first. */
  async impact(reviewId: string): Promise<ImpactRow[]> {
    return this.#sql<ImpactRow[]>`
      select scheduled_at, evidence, adjustments from impact_checkpoints
      where review_id = ${reviewId} and recorded_at is not null
      order by scheduled_at`;
  }
}

/**
 * "Checking back" (docs/actions.md): a school's next review starts with its previous review's actions, as they
 * ended, carried into the self-review read-only. They are read from the records each time, so they always say
 * what the previous review's records say, and nobody edits them from the new review.
 */
export class CarriedBackService {
  readonly #reviews: Pick<ReviewsService, 'view'>;
  readonly #repository: CarriedBackRepository;
  constructor(deps: { reviews: Pick<ReviewsService, 'view'>; repository: CarriedBackRepository }) {
    this.#reviews = deps.reviews;
    this.#repository = deps.repository;
  }

  async forReview(reviewId: string, actor: Actor): Promise<CarriedActions> {
    const view = await this.#reviews.view(reviewId, actor);
    if (!canSeeCarriedActions(view.access)) {
      throw new NotFound('review');
    }
    const previous = await this.#repository.previousReview(reviewId);
    if (!previous) {
      return { previous: null };
    }
    const [rows, impact] = await Promise.all([
      this.#repository.actions(previous.id),
      this.#repository.impact(previous.id),
    ]);
    return {
      previous: {
        reviewId: previous.id,
        academicYear: previous.academicYear,
        state: previous.state,
        canOpen: await this.#mayOpen(previous.id, actor),
        actions: rows.map((row) => ({
          id: row.id,
          label: row.label,
          text: row.text,
          ownerRole: row.ownerRole,
          successCriteria: row.successCriteria,
          dueDate: row.dueOn,
          status: row.status,
          lastNote: row.lastNote && row.lastNoteAt ? { at: row.lastNoteAt.toISOString(), text: row.lastNote } : null,
          lastRating: row.lastRating,
        })),
        impact: impact.map((huddle) => ({
          at: huddle.scheduledAt.toISOString(),
          evidence: huddle.evidence,
          adjustments: huddle.adjustments,
        })),
      },
    };
  }

  /** Whether the person could open the previous review's action plan themselves (a reviewer of this year may not). */
  async #mayOpen(reviewId: string, actor: Actor): Promise<boolean> {
    try {
      return canSeeActionRecords((await this.#reviews.view(reviewId, actor)).access);
    } catch (error) {
      if (error instanceof NotFound) {
        return false;
      }
      throw error;
    }
  }
}
