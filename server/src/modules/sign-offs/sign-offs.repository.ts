import type { ReviewState, SignOffRole } from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';

export interface SignOffRow {
  id: string;
  role: SignOffRole;
  signedById: string;
  signedByName: string;
  signedAt: Date;
  reviewState: ReviewState;
  versionId: string | null;
  versionLabel: string | null;
  versionFingerprint: string | null;
  note: string | null;
}

/** Signatures of the enquiry document. Rows are only ever inserted (the table refuses updates and deletes). */
export class SignOffsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** The review's state, with its row locked until the transaction ends, so a signature and a transition never race. */
  async lockReviewState(reviewId: string, sql: Tx): Promise<ReviewState | undefined> {
    const [row] = await sql<{ state: ReviewState }[]>`select state from reviews where id = ${reviewId} for update`;
    return row?.state;
  }

  async insert(
    signOff: {
      reviewId: string;
      role: SignOffRole;
      signedBy: string;
      reviewState: ReviewState;
      versionId: string | null;
      note: string | null;
    },
    sql: Queryable = this.#sql,
  ): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into review_sign_offs (review_id, role, signed_by, review_state, version_id, note)
      values (${signOff.reviewId}, ${signOff.role}, ${signOff.signedBy}, ${signOff.reviewState}, ${signOff.versionId},
        ${signOff.note})
      returning id`;
    if (!row) {
      throw new Error('insert into review_sign_offs returned no row');
    }
    return row.id;
  }

  /** The roles that have signed this review. */
  async signedRoles(reviewId: string, sql: Queryable = this.#sql): Promise<SignOffRole[]> {
    const rows = await sql<{ role: SignOffRole }[]>`
      select distinct role from review_sign_offs where review_id = ${reviewId}`;
    return rows.map((r) => r.role);
  }

  async list(reviewId: string, only?: string): Promise<SignOffRow[]> {
    return this.#sql<SignOffRow[]>`
      select s.id, s.role, s.signed_by as signed_by_id, u.display_name as signed_by_name, s.signed_at,
        s.review_state, s.version_id, v.label as version_label,
        v.fingerprint as version_fingerprint, s.note
      from review_sign_offs s
        join users u on u.id = s.signed_by
        left join document_versions v on v.id = s.version_id
      where s.review_id = ${reviewId} ${only ? this.#sql`and s.id = ${only}` : this.#sql``}
      order by s.signed_at desc, s.id`;
  }
}
