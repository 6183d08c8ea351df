import type { ReviewSharing } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

export interface FindingSharingRow {
  findingId: string;
  shareable: boolean;
  setAt: Date;
}

/** All SQL about what a review shares: the host's switches for the champion and per finding. */
export class SharingRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async setReviewSharing(reviewId: string, sharing: ReviewSharing, sql: Queryable = this.#sql): Promise<void> {
    await sql`update reviews set sharing = ${sql.json(sharing)}, updated_at = now() where id = ${reviewId}`;
  }

  async findings(reviewId: string, sql: Queryable = this.#sql): Promise<FindingSharingRow[]> {
    return sql<FindingSharingRow[]>`
      select finding_id, shareable, set_at from finding_sharing where review_id = ${reviewId} order by set_at`;
  }

  async setFinding(
    reviewId: string,
    findingId: string,
    shareable: boolean,
    setBy: string,
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`
      insert into finding_sharing (review_id, finding_id, shareable, set_by)
      values (${reviewId}, ${findingId}, ${shareable}, ${setBy})
      on conflict (review_id, finding_id)
      do update set shareable = excluded.shareable, set_by = excluded.set_by, set_at = now()`;
  }
}
