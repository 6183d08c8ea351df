import { z } from '../schemas/zod.ts';
import { isCalendarDay, type CalendarDay } from '../calendar/dates.ts';
import type { SchoolDayAnswer } from '../calendar/school-calendar.ts';
import { TeamLimits } from '../domain/review-states.ts';

/** An academic year as Crosswalk writes it: "2026-27" runs from September 2026 to August 2027. */
export const AcademicYearSchema = z
  .string()
  .regex(/^\d{4}-\d{2}$/, { message: 'Use a year like 2026-27' })
  .refine((v) => (Number(v.slice(0, 4)) + 1) % 100 === Number(v.slice(5)), {
    message: 'The second year must follow the first, like 2026-27',
  });

const day = z.string().refine(isCalendarDay, { message: 'Use a date like 2026-11-23' });

/** How the partnership lead wants the year's reviews (docs/domain.md f). */
export const RotaOptionsSchema = z.strictObject({
  /** Peer reviewers on each review, besides the lead reviewer. */
  peerReviewers: z.number().int().min(TeamLimits.minPeerReviewers).max(TeamLimits.maxPeerReviewers).default(3),
  /** Review days per review (1 or 2, on consecutive school days). */
  reviewDays: z.number().int().min(1).max(2).default(1),
  /** Whether reviewers may come from the host's own local authority (not by default: cross-regional clusters). */
  allowSameLocalAuthority: z.boolean().default(false),
  /** Another seed gives another rota from the same people. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});
export type RotaOptions = z.infer<typeof RotaOptionsSchema>;

/** One review of the rota: its host, its days, its team and its improvement champion. */
export const RotaEntrySchema = z.strictObject({
  hostSchoolId: z.string().min(1),
  days: z.array(day).min(1).max(2),
  leadReviewerId: z.string().min(1).nullable(),
  peerReviewerIds: z.array(z.string().min(1)).max(TeamLimits.maxPeerReviewers),
  championId: z.string().min(1).nullable(),
});
export type RotaEntry = z.infer<typeof RotaEntrySchema>;

export interface Rota {
  academicYear: string;
  options: RotaOptions;
  entries: RotaEntry[];
}

/** `POST /api/partnerships/:id/rota/generate`. */
export const RotaGenerateSchema = z.strictObject({
  academicYear: AcademicYearSchema,
  options: RotaOptionsSchema.default({ peerReviewers: 3, reviewDays: 1, allowSameLocalAuthority: false, seed: 1 }),
});
export type RotaGenerate = z.infer<typeof RotaGenerateSchema>;

/** `PATCH /api/partnerships/:id/rota/entries/:schoolId`: what changes in one review of the draft. */
export const RotaEntryEditSchema = z.strictObject({
  academicYear: AcademicYearSchema,
  days: z.array(day).min(1).max(2).optional(),
  leadReviewerId: z.string().min(1).nullable().optional(),
  peerReviewerIds: z.array(z.string().min(1)).max(TeamLimits.maxPeerReviewers).optional(),
  championId: z.string().min(1).nullable().optional(),
});
export type RotaEntryEdit = z.infer<typeof RotaEntryEditSchema>;

/** `POST /api/partnerships/:id/rota/publish`. */
export const RotaPublishSchema = z.strictObject({ academicYear: AcademicYearSchema });

export const RotaYearQuerySchema = z.strictObject({ year: AcademicYearSchema });

/** The roles a person is trained for, as far as the rota is concerned. */
export const RotaRoles = ['lead_reviewer', 'peer_reviewer', 'improvement_champion'] as const;
export type RotaRole = (typeof RotaRoles)[number];

export interface RotaSchool {
  id: string;
  name: string;
  phase: string;
  /** The local authority's name, or null when not known (then the same-authority rule cannot apply). */
  localAuthority: string | null;
}

export interface RotaPerson {
  userId: string;
  displayName: string;
  /** The member school they work at. */
  schoolId: string;
  roles: RotaRole[];
}

/** Everything the generator and the checker know: pure data and a school-day oracle built from calendars. */
export interface RotaInput {
  academicYear: string;
  schools: RotaSchool[];
  people: RotaPerson[];
  /** Whether `day` is a school day at the school (built with `isSchoolDay` over its calendar layers). */
  schoolDay: (schoolId: string, day: CalendarDay) => SchoolDayAnswer;
  options: RotaOptions;
  /**
   * The first day the generator may place a review (the server gives two weeks from today, so nothing lands in the
   * past or too soon to plan). The checker ignores it: a published rota's past reviews are not conflicts.
   */
  earliest?: CalendarDay;
}

/** The rules a rota must keep; each conflict and each reason a rota cannot be made names one. */
export const RotaRuleIds = [
  'every_school_hosts',
  'unknown_school',
  'review_length',
  'outside_year',
  'school_day',
  'ks2_tests',
  'lead_reviewer',
  'team_size',
  'trained',
  'one_role_each',
  'own_school',
  'same_local_authority',
  'champion',
  'reciprocal',
  'double_booked',
] as const;
export type RotaRuleId = (typeof RotaRuleIds)[number];

/** A rule an edited rota breaks, on the review it concerns (the host school's row). */
export interface RotaConflict {
  rule: RotaRuleId;
  hostSchoolId: string;
  message: string;
}

/** Why no rota could be made: the rule and the school it fails for. */
export interface RotaProblem {
  rule: RotaRuleId;
  schoolId: string;
  message: string;
}

export type RotaResult = { ok: true; rota: Rota } | { ok: false; problems: RotaProblem[] };

/** `GET /api/partnerships/:id/rota?year=`: the draft (if any), what is wrong with it, and who can be chosen. */
export interface RotaView {
  partnership: { id: string; name: string; kind: string };
  academicYear: string;
  schools: RotaSchool[];
  people: RotaPerson[];
  draft: {
    rota: Rota;
    conflicts: RotaConflict[];
    updatedAt: string;
    publishedAt: string | null;
    /** Host schools whose review already exists from publishing this rota, with the review. */
    published: { hostSchoolId: string; reviewId: string }[];
  } | null;
}

/** `POST /api/partnerships/:id/rota/publish` answer. */
export interface RotaPublishResult {
  created: { hostSchoolId: string; reviewId: string }[];
  alreadyPublished: { hostSchoolId: string; reviewId: string }[];
}
