import type { CalendarDay } from './dates.ts';
import { addWorkingDays, type SchoolCalendar } from './school-calendar.ts';

/** The domain's default lead and follow-up times, in working (school) days of the host school. */
export const ReviewDeadlineDays = {
  planFixedBefore: 10,
  selfEvaluationSharedBefore: 5,
  reportWrittenWithin: 5,
  reportDeliveredWithin: 10,
} as const;

/** The last day the review plan should be fixed: 10 working days before the first review day. */
export function planFixedBy(calendar: SchoolCalendar, firstReviewDay: CalendarDay): CalendarDay {
  return addWorkingDays(calendar, firstReviewDay, -ReviewDeadlineDays.planFixedBefore);
}

/** The last day the host's self-evaluation should be shared: 5 working days before the first review day. */
export function selfEvaluationSharedBy(calendar: SchoolCalendar, firstReviewDay: CalendarDay): CalendarDay {
  return addWorkingDays(calendar, firstReviewDay, -ReviewDeadlineDays.selfEvaluationSharedBefore);
}

/** The day the report should be written by: 5 working days after the last review day. */
export function reportWrittenBy(calendar: SchoolCalendar, lastReviewDay: CalendarDay): CalendarDay {
  return addWorkingDays(calendar, lastReviewDay, ReviewDeadlineDays.reportWrittenWithin);
}

/** The day the report should reach the host by: 10 working days after the last review day. */
export function reportDeliveredBy(calendar: SchoolCalendar, lastReviewDay: CalendarDay): CalendarDay {
  return addWorkingDays(calendar, lastReviewDay, ReviewDeadlineDays.reportDeliveredWithin);
}

/**
 * The national KS2 test week (Monday to Thursday) by calendar year, as the Standards and Testing Agency published it.
 * 2027 is not listed: its dates were not confirmed in the material available when this table was made; add it once
 * published. A year that is missing is treated as unknown, never as "no tests".
 */
export const KS2_TEST_WEEKS: Readonly<Record<number, { from: CalendarDay; to: CalendarDay }>> = {
  2024: { from: '2024-05-13', to: '2024-05-16' },
  2025: { from: '2025-05-12', to: '2025-05-15' },
  2026: { from: '2026-05-11', to: '2026-05-14' },
};

/** The KS2 test week of the day's year, or undefined when not known. */
export function ks2TestWeekOf(day: CalendarDay): { from: CalendarDay; to: CalendarDay } | undefined {
  return KS2_TEST_WEEKS[Number(day.slice(0, 4))];
}

/** Whether a review day would clash with the KS2 tests: only primaries (and all-through schools) sit them. */
export function clashesWithKs2Tests(phase: string, day: CalendarDay): boolean {
  if (phase !== 'primary' && phase !== 'all_through') {
    return false;
  }
  const week = ks2TestWeekOf(day);
  return week !== undefined && week.from <= day && day <= week.to;
}
