import type { ActionStatus, ReviewState } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

/** One review of the partnership as the board counts it: never its content beyond the focus's framework areas. */
export interface BoardReviewRow {
  id: string;
  hostSchoolId: string;
  state: ReviewState;
  pausedFrom: ReviewState | null;
  startsOn: string | null;
  /** The framework areas of its enquiry focus (empty when none is recorded). */
  themes: string[];
  hasFocus: boolean;
}

export interface BoardActionRow {
  reviewId: string;
  status: ActionStatus;
}

/** The counts behind the board view (docs/board-view.md): reviews, their focus areas and their actions' status. */
export class PartnershipBoardRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async reviews(partnershipId: string, academicYear: string): Promise<BoardReviewRow[]> {
    return this.#sql<BoardReviewRow[]>`
      select id, host_school_id, state, paused_from, to_char(starts_on, 'YYYY-MM-DD') as starts_on,
        coalesce(array(select jsonb_array_elements_text(coalesce(focus -> 'themes', '[]'::jsonb))), '{}') as themes,
        focus is not null as has_focus
      from reviews where partnership_id = ${partnershipId} and academic_year = ${academicYear}`;
  }

  /** The published actions still in the plan of these reviews. */
  async actions(reviewIds: readonly string[]): Promise<BoardActionRow[]> {
    if (reviewIds.length === 0) {
      return [];
    }
    return this.#sql<BoardActionRow[]>`
      select review_id, status from review_actions where in_plan and review_id in ${this.#sql([...reviewIds])}`;
  }

  /** Every academic year the partnership has a review in. */
  async years(partnershipId: string): Promise<string[]> {
    const rows = await this.#sql<{ academicYear: string }[]>`
      select distinct academic_year from reviews where partnership_id = ${partnershipId} order by academic_year`;
    return rows.map((row) => row.academicYear);
  }
}
