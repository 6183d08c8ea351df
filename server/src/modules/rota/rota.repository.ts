import type { Rota, RotaPerson, RotaRole, RotaSchool } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

export interface RotaDraftRow {
  rota: Rota;
  updatedAt: Date;
  publishedAt: Date | null;
}

/** Drafts of the year's rota, the reviews publishing them created, and the schools and people a rota is made of. */
export class RotaRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async draft(
    partnershipId: string,
    academicYear: string,
    sql: Queryable = this.#sql,
    lock = false,
  ): Promise<RotaDraftRow | undefined> {
    const [row] = await sql<RotaDraftRow[]>`
      select rota, updated_at, published_at from rota_drafts
      where partnership_id = ${partnershipId} and academic_year = ${academicYear}
      ${lock ? sql`for update` : sql``}`;
    return row;
  }

  /** Stores the draft, replacing the previous one of that year (what it published stays published). */
  async saveDraft(partnershipId: string, rota: Rota, userId: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`
      insert into rota_drafts (partnership_id, academic_year, rota, updated_by)
      values (${partnershipId}, ${rota.academicYear}, ${sql.json(rota as never)}, ${userId})
      on conflict (partnership_id, academic_year)
      do update set rota = excluded.rota, updated_by = excluded.updated_by, updated_at = now()`;
  }

  async published(
    partnershipId: string,
    academicYear: string,
    sql: Queryable = this.#sql,
  ): Promise<{ hostSchoolId: string; reviewId: string }[]> {
    return sql<{ hostSchoolId: string; reviewId: string }[]>`
      select host_school_id, review_id from rota_reviews
      where partnership_id = ${partnershipId} and academic_year = ${academicYear}`;
  }

  async recordPublished(
    partnershipId: string,
    academicYear: string,
    hostSchoolId: string,
    reviewId: string,
    sql: Queryable,
  ): Promise<void> {
    await sql`
      insert into rota_reviews (partnership_id, academic_year, host_school_id, review_id)
      values (${partnershipId}, ${academicYear}, ${hostSchoolId}, ${reviewId})`;
  }

  /** The review's first history row, as for a review the partnership lead schedules by hand. */
  async recordScheduled(reviewId: string, actorUserId: string, sql: Queryable): Promise<void> {
    await sql`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, note)
      values (${reviewId}, null, 'draft', 'schedule', ${actorUserId}, 'From the published rota')`;
  }

  async markPublished(partnershipId: string, academicYear: string, userId: string, sql: Queryable): Promise<void> {
    await sql`
      update rota_drafts set published_at = now(), published_by = ${userId}
      where partnership_id = ${partnershipId} and academic_year = ${academicYear}`;
  }

  /** The partnership's member schools, with their phase and local authority. */
  async schools(partnershipId: string): Promise<RotaSchool[]> {
    return this.#sql<RotaSchool[]>`
      select s.id, s.name, s.phase, la.name as local_authority
      from partnership_schools ps join schools s on s.id = ps.school_id
      left join local_authorities la on la.id = s.local_authority_id
      where ps.partnership_id = ${partnershipId}
      order by s.name`;
  }

  /**
   * People who may serve on the partnership's reviews: trained as lead reviewer, peer reviewer or improvement
   * champion in it (their `partnership_members` roles), active, and on the staff of one of its schools (their home
   * school: the first by name when they work at several).
   */
  async people(partnershipId: string): Promise<RotaPerson[]> {
    const rows = await this.#sql<{ userId: string; displayName: string; schoolId: string | null; roles: RotaRole[] }[]>`
      select u.id as user_id, u.display_name,
        (select s.id from school_members sm join schools s on s.id = sm.school_id
          join partnership_schools ps on ps.school_id = s.id and ps.partnership_id = ${partnershipId}
          where sm.user_id = u.id order by s.name, s.id limit 1) as school_id,
        array_agg(pm.role order by pm.role) as roles
      from partnership_members pm join users u on u.id = pm.user_id
      where pm.partnership_id = ${partnershipId} and u.disabled_at is null
        and pm.role in ('lead_reviewer', 'peer_reviewer', 'improvement_champion')
      group by u.id, u.display_name
      order by u.display_name, u.id`;
    return rows.flatMap((row) => (row.schoolId === null ? [] : [{ ...row, schoolId: row.schoolId }]));
  }
}
