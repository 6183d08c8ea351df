import { londonDay } from '../time.ts';
import { EvaluationModel, levelOf, type LevelId, type StrandId } from './model.ts';

/** One stored rating, as the trend needs it (a school's own, or the partnership's agreed one when `schoolId` is null). */
export interface RatingPoint {
  academicYear: string;
  strand: StrandId;
  level: LevelId;
}

/** One year of one strand in the trend. Scores are the level's place on the scale (1 to 4). */
export interface StrandYear {
  academicYear: string;
  /** The partnership's agreed level that year, or null when none was agreed. */
  agreed: LevelId | null;
  agreedScore: number | null;
  /** The member schools' own ratings that year: how many, and their average score to one decimal place. */
  selfRatings: number;
  selfAverage: number | null;
}

export interface StrandTrend {
  strand: StrandId;
  years: StrandYear[];
}

/** `2026-27` from the year it starts in. */
export function academicYearStarting(first: number): string {
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The academic year (1 September to 31 August, London time) that `now` falls in. */
export function academicYearOf(now: Date): string {
  const [year = 0, month = 1] = londonDay(now).split('-').map(Number);
  return academicYearStarting(month >= 9 ? year : year - 1);
}

/** Whether `2026-27` names a real academic year (the second part is the year after the first). */
export function isAcademicYear(value: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  return match !== null && academicYearStarting(Number(match[1])) === value;
}

/** Every academic year from the first to the last given, in order, with no gaps (a year with no ratings still shows). */
export function yearSpan(years: readonly string[]): string[] {
  const firsts = years.filter(isAcademicYear).map((y) => Number(y.slice(0, 4)));
  if (firsts.length === 0) {
    return [];
  }
  const out: string[] = [];
  for (let first = Math.min(...firsts); first <= Math.max(...firsts); first++) {
    out.push(academicYearStarting(first));
  }
  return out;
}

/**
 * The yearly trend per strand: the agreed level, and the average of the schools' own ratings, for each year in
 * `years`. Pure, so the chart, its data table and the API all show the same numbers.
 */
export function strandTrends(input: {
  years: readonly string[];
  agreed: readonly RatingPoint[];
  selfRatings: readonly RatingPoint[];
}): StrandTrend[] {
  return EvaluationModel.strands.map((strand) => ({
    strand: strand.id,
    years: input.years.map((academicYear) => {
      const agreed = input.agreed.find((r) => r.strand === strand.id && r.academicYear === academicYear)?.level ?? null;
      const scores = input.selfRatings
        .filter((r) => r.strand === strand.id && r.academicYear === academicYear)
        .map((r): number => levelOf(r.level)?.score ?? 0)
        .filter((score) => score > 0);
      const total = scores.reduce((sum, score) => sum + score, 0);
      return {
        academicYear,
        agreed,
        agreedScore: agreed ? (levelOf(agreed)?.score ?? null) : null,
        selfRatings: scores.length,
        selfAverage: scores.length > 0 ? Math.round((total / scores.length) * 10) / 10 : null,
      };
    }),
  }));
}
