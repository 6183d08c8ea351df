import type { AgreedRatingView, LevelId, SelfRatingView, StrandId } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

interface SelfRatingRow {
  schoolId: string;
  schoolName: string;
  academicYear: string;
  strand: StrandId;
  level: LevelId;
  evidence: string;
  ratedById: string | null;
  ratedByName: string | null;
  ratedAt: Date;
}

interface AgreedRatingRow {
  academicYear: string;
  strand: StrandId;
  level: LevelId;
  note: string;
  agreedById: string | null;
  agreedByName: string | null;
  agreedAt: Date;
}

const someone = (id: string | null, name: string | null) => ({ id: id ?? '', displayName: name ?? 'A former user' });

function selfView(row: SelfRatingRow): SelfRatingView {
  return {
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    academicYear: row.academicYear,
    strand: row.strand,
    level: row.level,
    evidence: row.evidence,
    ratedBy: someone(row.ratedById, row.ratedByName),
    ratedAt: row.ratedAt.toISOString(),
  };
}

function agreedView(row: AgreedRatingRow): AgreedRatingView {
  return {
    academicYear: row.academicYear,
    strand: row.strand,
    level: row.level,
    note: row.note,
    agreedBy: someone(row.agreedById, row.agreedByName),
    agreedAt: row.agreedAt.toISOString(),
  };
}

/** Filters the rows a query reads: one year, or every year (for the trend). */
type Years = { year: string } | 'all';

/** Self-ratings and agreed ratings of the partnership evaluation, and the review counts beside them. */
export class EvaluationsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async selfRatings(
    partnershipId: string,
    model: string,
    schoolIds: string[],
    years: Years,
  ): Promise<SelfRatingView[]> {
    if (schoolIds.length === 0) {
      return [];
    }
    const sql = this.#sql;
    const rows = await sql<SelfRatingRow[]>`
      select r.school_id, s.name as school_name, r.academic_year, r.strand, r.level, r.evidence,
        r.rated_by as rated_by_id, u.display_name as rated_by_name, r.rated_at
      from evaluation_self_ratings r join schools s on s.id = r.school_id left join users u on u.id = r.rated_by
      where r.partnership_id = ${partnershipId} and r.model = ${model} and r.school_id in ${sql(schoolIds)}
        ${years === 'all' ? sql`` : sql`and r.academic_year = ${years.year}`}
      order by r.academic_year, s.name, r.strand`;
    return rows.map(selfView);
  }

  async agreedRatings(partnershipId: string, model: string, years: Years): Promise<AgreedRatingView[]> {
    const sql = this.#sql;
    const rows = await sql<AgreedRatingRow[]>`
      select r.academic_year, r.strand, r.level, r.note, r.agreed_by as agreed_by_id,
        u.display_name as agreed_by_name, r.agreed_at
      from evaluation_agreed_ratings r left join users u on u.id = r.agreed_by
      where r.partnership_id = ${partnershipId} and r.model = ${model}
        ${years === 'all' ? sql`` : sql`and r.academic_year = ${years.year}`}
      order by r.academic_year, r.strand`;
    return rows.map(agreedView);
  }

  /** Stores the school's rating of the strand for the year, replacing any earlier one. */
  async saveSelfRating(
    input: {
      partnershipId: string;
      schoolId: string;
      academicYear: string;
      model: string;
      strand: StrandId;
      level: LevelId;
      evidence: string;
      ratedBy: string;
      at: Date;
    },
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`
      insert into evaluation_self_ratings
        (partnership_id, school_id, academic_year, model, strand, level, evidence, rated_by, rated_at)
      values (${input.partnershipId}, ${input.schoolId}, ${input.academicYear}, ${input.model}, ${input.strand},
        ${input.level}, ${input.evidence}, ${input.ratedBy}, ${input.at})
      on conflict (partnership_id, school_id, academic_year, model, strand) do update set
        level = excluded.level, evidence = excluded.evidence, rated_by = excluded.rated_by, rated_at = excluded.rated_at`;
  }

  async saveAgreedRating(
    input: {
      partnershipId: string;
      academicYear: string;
      model: string;
      strand: StrandId;
      level: LevelId;
      note: string;
      agreedBy: string;
      at: Date;
    },
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`
      insert into evaluation_agreed_ratings
        (partnership_id, academic_year, model, strand, level, note, agreed_by, agreed_at)
      values (${input.partnershipId}, ${input.academicYear}, ${input.model}, ${input.strand}, ${input.level},
        ${input.note}, ${input.agreedBy}, ${input.at})
      on conflict (partnership_id, academic_year, model, strand) do update set
        level = excluded.level, note = excluded.note, agreed_by = excluded.agreed_by, agreed_at = excluded.agreed_at`;
  }

  /**
   * Reviews held per academic year: those whose review days have begun (state `in_review` or any later state of the
   * main cycle), listed by the caller's states so the rule lives in one place.
   */
  async reviewsHeld(partnershipId: string, heldStates: readonly string[]): Promise<Map<string, number>> {
    const sql = this.#sql;
    const rows = await sql<{ academicYear: string; held: number }[]>`
      select academic_year, count(*)::int as held from reviews
      where partnership_id = ${partnershipId} and state in ${sql([...heldStates])}
      group by academic_year`;
    return new Map(rows.map((row) => [row.academicYear, row.held]));
  }
}
