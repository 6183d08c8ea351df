import type { LevelId, StrandId } from '../evaluation/model.ts';
import type { StrandTrend } from '../evaluation/trend.ts';
import { AcademicYearSchema } from '../rota/schemas.ts';
import { z } from './zod.ts';

/**
 * Strand and level are checked here only for shape: whether they belong to the evaluation model is the server's
 * rule (so a rating off the scale is refused with its reason, and logged, in one place).
 */
const StrandField = z.string().trim().min(1, { message: 'Choose a strand' }).max(80);
const LevelField = z.string().trim().min(1, { message: 'Choose a level' }).max(80);

/** `PUT /api/partnerships/:id/evaluation/self-ratings`: one school's own rating of one strand for one year. */
export const SelfRatingSaveSchema = z.strictObject({
  schoolId: z.uuid({ message: 'Choose the school this rating is for' }),
  academicYear: AcademicYearSchema,
  strand: StrandField,
  level: LevelField,
  /** What the school points to as evidence for its rating. */
  evidence: z.string().trim().max(4000, { message: 'Keep the evidence under 4,000 characters' }),
});
export type SelfRatingSave = z.infer<typeof SelfRatingSaveSchema>;

/** `PUT /api/partnerships/:id/evaluation/agreed-ratings`: the partnership's agreed rating of one strand for one year. */
export const AgreedRatingSaveSchema = z.strictObject({
  academicYear: AcademicYearSchema,
  strand: StrandField,
  level: LevelField,
  /** Why the partnership agreed this level (e.g. what the schools' evidence showed). */
  note: z.string().trim().max(4000, { message: 'Keep the note under 4,000 characters' }),
});
export type AgreedRatingSave = z.infer<typeof AgreedRatingSaveSchema>;

/** `GET /api/partnerships/:id/evaluation?year=2026-27`: the year to show (this academic year when left out). */
export const EvaluationQuerySchema = z.strictObject({ year: AcademicYearSchema.optional() });

export interface SelfRatingView {
  schoolId: string;
  schoolName: string;
  academicYear: string;
  strand: StrandId;
  level: LevelId;
  evidence: string;
  ratedBy: { id: string; displayName: string };
  ratedAt: string;
}

export interface AgreedRatingView {
  academicYear: string;
  strand: StrandId;
  level: LevelId;
  note: string;
  agreedBy: { id: string; displayName: string };
  agreedAt: string;
}

/** The partnership's evaluation for one year, as this person may see it. */
export interface PartnershipEvaluation {
  partnership: { id: string; name: string };
  model: { id: string; name: string };
  academicYear: string;
  /** The member schools whose self-ratings this person reads (every member school for the partnership lead). */
  schools: { id: string; name: string }[];
  selfRatings: SelfRatingView[];
  agreed: AgreedRatingView[];
  /** The schools this person rates for (their own, as headteacher or link lead). */
  ratesFor: { id: string; name: string }[];
  /** Whether this person records the agreed ratings (the partnership lead). */
  canAgree: boolean;
}

/**
 * The partnership's review activity in one academic year. `null` means Crosswalk does not record that figure yet
 * (the page says so), never zero.
 */
export interface YearActivity {
  academicYear: string;
  reviewsHeld: number;
  actionsCompleted: number | null;
  supportMatched: number | null;
}

/** `GET /api/partnerships/:id/evaluation/trend`: every year from the first rating or review to this one. */
export interface EvaluationTrend {
  model: { id: string; name: string };
  years: string[];
  /** Whose self-ratings the averages are drawn from: every member school (the lead), or the person's own schools. */
  selfRatingsFrom: 'all_member_schools' | 'own_schools';
  strands: StrandTrend[];
  activity: YearActivity[];
}
