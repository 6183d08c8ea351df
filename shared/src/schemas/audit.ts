import { z } from './zod.ts';

/** The kinds of event the review's audit log can be narrowed to. */
export const ReviewAuditOnly = {
  /** Reading the report in Crosswalk, and taking a copy of it away. */
  report: ['report.viewed', 'report.exported'],
} as const satisfies Record<string, readonly string[]>;

/**
 * `GET /api/reviews/:id/audit` (and `/audit.csv`, which takes no page): newest first, `limit` at a time; `before`
 * is the `nextBefore` of the page before, for older events.
 */
export const ReviewAuditQuerySchema = z.strictObject({
  before: z
    .string()
    .regex(/^[0-9]{1,18}$/, { message: 'Use the nextBefore of the previous page' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  only: z.enum(Object.keys(ReviewAuditOnly) as ['report']).optional(),
});
export type ReviewAuditQuery = z.infer<typeof ReviewAuditQuerySchema>;

/**
 * One event of a review's audit log. A stable contract: `at` (ISO 8601), `actor` (the person's name as the account
 * has it now, "Crosswalk" for Crosswalk itself) and `action` (the action's code) keep their meaning; keys may be
 * added.
 */
export interface ReviewAuditEvent {
  at: string;
  actor: string;
  action: string;
  /** What happened, in plain words. */
  summary: string;
  /** The address the request came from, when it was recorded. */
  from: string | null;
}

/** `GET /api/reviews/:id/audit`. */
export interface ReviewAuditPage {
  events: ReviewAuditEvent[];
  /** Pass as `before` for the next, older page; null when there is none. */
  nextBefore: string | null;
}
