import type { ReportSection } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

export interface AgreedVersionRow {
  versionId: string;
  label: string;
  createdAt: Date;
}

/** The report's own records: which version was agreed, and what the governors' version holds. */
export class ReportsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** The version saved by the host headteacher's latest sign-off: the agreed report. */
  async agreedVersion(reviewId: string): Promise<AgreedVersionRow | undefined> {
    const [row] = await this.#sql<AgreedVersionRow[]>`
      select v.id as version_id, v.label, v.created_at
      from review_sign_offs s join document_versions v on v.id = s.version_id
      where s.review_id = ${reviewId} and s.role = 'host_headteacher'
      order by s.signed_at desc, s.id desc limit 1`;
    return row;
  }

  async governorSections(reviewId: string): Promise<ReportSection[] | undefined> {
    const [row] = await this.#sql<{ governorSections: ReportSection[] }[]>`
      select governor_sections from review_report_settings where review_id = ${reviewId}`;
    return row?.governorSections;
  }

  async setGovernorSections(reviewId: string, sections: readonly ReportSection[], userId: string): Promise<void> {
    await this.#sql`
      insert into review_report_settings (review_id, governor_sections, updated_by)
      values (${reviewId}, ${this.#sql.array([...sections])}, ${userId})
      on conflict (review_id) do update
        set governor_sections = excluded.governor_sections, updated_by = excluded.updated_by, updated_at = now()`;
  }
}
