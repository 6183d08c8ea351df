import type { SuggestionStatus } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

export interface SuggestionRow {
  id: string;
  reviewId: string;
  targetKind: 'finding' | 'feedback';
  findingId: string | null;
  field: 'text' | 'attendees' | 'hostResponse';
  targetLabel: string;
  startPosition: string;
  endPosition: string;
  original: string;
  replacement: string;
  status: SuggestionStatus;
  proposedById: string;
  proposedByName: string;
  proposedAt: Date;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  textBefore: string | null;
  textAfter: string | null;
}

export type NewSuggestion = Pick<
  SuggestionRow,
  | 'reviewId'
  | 'targetKind'
  | 'findingId'
  | 'field'
  | 'targetLabel'
  | 'startPosition'
  | 'endPosition'
  | 'original'
  | 'replacement'
> & { proposedBy: string };

/** Proposed corrections of fact and the lead reviewer's decisions on them. */
export class SuggestionsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async insert(suggestion: NewSuggestion): Promise<string> {
    const [row] = await this.#sql<{ id: string }[]>`
      insert into review_suggestions (review_id, target_kind, finding_id, field, target_label, start_position,
        end_position, original, replacement, proposed_by)
      values (${suggestion.reviewId}, ${suggestion.targetKind}, ${suggestion.findingId}, ${suggestion.field},
        ${suggestion.targetLabel}, ${suggestion.startPosition}, ${suggestion.endPosition}, ${suggestion.original},
        ${suggestion.replacement}, ${suggestion.proposedBy})
      returning id`;
    if (!row) {
      throw new Error('insert into review_suggestions returned no row');
    }
    return row.id;
  }

  async list(reviewId: string, only?: string): Promise<SuggestionRow[]> {
    return this.#sql<SuggestionRow[]>`
      select s.id, s.review_id, s.target_kind, s.finding_id, s.field, s.target_label, s.start_position,
        s.end_position, s.original, s.replacement, s.status, s.proposed_by as proposed_by_id,
        p.display_name as proposed_by_name, s.proposed_at, s.decided_by as decided_by_id,
        d.display_name as decided_by_name, s.decided_at, s.text_before, s.text_after
      from review_suggestions s
        join users p on p.id = s.proposed_by
        left join users d on d.id = s.decided_by
      where s.review_id = ${reviewId} ${only ? this.#sql`and s.id = ${only}` : this.#sql``}
      order by s.proposed_at, s.id`;
  }

  async find(reviewId: string, id: string): Promise<SuggestionRow | undefined> {
    const [row] = await this.list(reviewId, id);
    return row;
  }

  /**
   * Takes the decision on a pending suggestion for this person: true if it was still pending (so exactly one
   * decision wins when two arrive at once), false if someone decided first.
   */
  async claim(id: string, status: 'accepted' | 'rejected', decidedBy: string): Promise<boolean> {
    const rows = await this.#sql`
      update review_suggestions set status = ${status}, decided_by = ${decidedBy}, decided_at = now()
      where id = ${id} and status = 'pending'
      returning id`;
    return rows.length === 1;
  }

  /** Records what an accepted correction changed, and the target's name at that moment. */
  async recordApplied(id: string, change: { before: string; after: string; targetLabel: string }): Promise<void> {
    await this.#sql`
      update review_suggestions
      set text_before = ${change.before}, text_after = ${change.after}, target_label = ${change.targetLabel}
      where id = ${id}`;
  }

  /** A claimed suggestion that turned out not to apply any more. */
  async markOutdated(id: string): Promise<void> {
    await this.#sql`update review_suggestions set status = 'outdated' where id = ${id}`;
  }

  /** Gives a claim back (the change could not be attempted at all). */
  async release(id: string): Promise<void> {
    await this.#sql`
      update review_suggestions set status = 'pending', decided_by = null, decided_at = null where id = ${id}`;
  }

  async pendingCount(reviewId: string): Promise<number> {
    const [row] = await this.#sql<{ count: number }[]>`
      select count(*)::int as count from review_suggestions where review_id = ${reviewId} and status = 'pending'`;
    return row?.count ?? 0;
  }
}
