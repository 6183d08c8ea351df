import { z } from './zod.ts';
import {
  MAX_CONTENT_RETENTION_MONTHS,
  MAX_SAFEGUARDING_RETENTION_MONTHS,
  MIN_CONTENT_RETENTION_MONTHS,
  MIN_SAFEGUARDING_RETENTION_MONTHS,
} from '../permissions/retention.ts';

/** `PUT /api/partnerships/:id/retention`: months after a review closes until its content is deleted. */
export const ContentRetentionSchema = z.strictObject({
  contentRetentionMonths: z
    .number({ message: 'Enter a number of months' })
    .int({ message: 'Enter a whole number of months' })
    .min(MIN_CONTENT_RETENTION_MONTHS, { message: `At least ${String(MIN_CONTENT_RETENTION_MONTHS)} months (a year)` })
    .max(MAX_CONTENT_RETENTION_MONTHS, {
      message: `At most ${String(MAX_CONTENT_RETENTION_MONTHS)} months (20 years)`,
    }),
});
export type ContentRetention = z.infer<typeof ContentRetentionSchema>;

/**
 * `PUT /api/schools/:id/safeguarding-retention`: months a record of a safeguarding concern is kept after it was
 * raised, or null to keep records until the school decides otherwise (the default).
 */
export const SafeguardingRetentionSchema = z.strictObject({
  safeguardingRetentionMonths: z
    .number({ message: 'Enter a number of months' })
    .int({ message: 'Enter a whole number of months' })
    .min(MIN_SAFEGUARDING_RETENTION_MONTHS, {
      message: `At least ${String(MIN_SAFEGUARDING_RETENTION_MONTHS)} months (a year)`,
    })
    .max(MAX_SAFEGUARDING_RETENTION_MONTHS, {
      message: `At most ${String(MAX_SAFEGUARDING_RETENTION_MONTHS)} months (100 years)`,
    })
    .nullable(),
});
export type SafeguardingRetention = z.infer<typeof SafeguardingRetentionSchema>;

/** What one day's retention pass did (the job's answer, for logs and tests). */
export interface RetentionPass {
  day: string;
  notices: number;
  reviewsDeleted: number;
  safeguardingDeleted: number;
}
