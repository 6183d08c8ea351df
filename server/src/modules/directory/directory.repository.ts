import type { Sql } from '../../db/client.ts';

export interface SchoolSummaryRow {
  id: string;
  name: string;
  county: string | null;
  partnershipIds: string[];
}

export interface PartnershipSummaryRow {
  id: string;
  name: string;
}

/** Schools and partnerships as plain lists; richer management arrives with the lifecycle. */
export class DirectoryRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async schools(): Promise<SchoolSummaryRow[]> {
    return this.#sql<SchoolSummaryRow[]>`
      select s.id, s.name, s.county,
        coalesce(array_agg(ps.partnership_id) filter (where ps.partnership_id is not null), '{}') as partnership_ids
      from schools s left join partnership_schools ps on ps.school_id = s.id
      group by s.id order by s.name`;
  }

  async school(id: string): Promise<SchoolSummaryRow | undefined> {
    const [row] = await this.#sql<SchoolSummaryRow[]>`
      select s.id, s.name, s.county,
        coalesce(array_agg(ps.partnership_id) filter (where ps.partnership_id is not null), '{}') as partnership_ids
      from schools s left join partnership_schools ps on ps.school_id = s.id
      where s.id = ${id} group by s.id`;
    return row;
  }

  async partnerships(): Promise<PartnershipSummaryRow[]> {
    return this.#sql<PartnershipSummaryRow[]>`select id, name from partnerships order by name`;
  }

  async partnership(id: string): Promise<PartnershipSummaryRow | undefined> {
    const [row] = await this.#sql<PartnershipSummaryRow[]>`select id, name from partnerships where id = ${id}`;
    return row;
  }
}
