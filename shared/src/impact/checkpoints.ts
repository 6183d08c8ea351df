import { addDays, easterSunday, type CalendarDay } from '../calendar/dates.ts';
import { schoolDayOnOrAfter, type SchoolCalendar } from '../calendar/school-calendar.ts';
import { termOf, type Term } from '../rota/year.ts';

/**
 * The impact review's checkpoints (docs/impact-review.md): termly by default, each a 30-minute "impact huddle" (format
 * C of the workshop agenda templates) that rates every action red, amber or green, notes one piece of impact evidence
 * and adjusts the plan.
 */

/** How long an impact huddle lasts. */
export const HUDDLE_MINUTES = 30;

/** When a default checkpoint meets, London time: after the school day, so staff can join. */
export const DEFAULT_HUDDLE_TIME = '15:45';

/** The limits the form and the server both keep to. */
export const ImpactLimits = { attendeesMax: 500, evidenceMax: 2000, adjustmentsMax: 2000, maxCheckpoints: 12 } as const;

/** The first year of the academic year (1 September to 31 August) a day falls in. */
export function academicYearStart(day: CalendarDay): number {
  const year = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 9 ? year : year - 1;
}

/**
 * Where in each term of the academic year starting in `first` the default checkpoint falls: late enough for the
 * term's work to show, before the term's last busy weeks. Autumn: 1 December; spring: three weeks before Easter
 * Sunday (the term ends around Easter); summer: 1 July.
 */
function termAnchors(first: number): { term: Term; day: CalendarDay }[] {
  return [
    { term: 'autumn', day: `${first}-12-01` },
    { term: 'spring', day: addDays(easterSunday(first + 1), -21) },
    { term: 'summer', day: `${first + 1}-07-01` },
  ];
}

/**
 * The default checkpoints: one in each school term still to come after `today` in this academic year, moved to a
 * school day of the host school's calendar (past half terms, INSET days, bank holidays and weekends). In the summer
 * holidays, when no term of the year is left, the three terms of the next academic year.
 */
export function defaultCheckpointDays(
  today: CalendarDay,
  calendar: SchoolCalendar,
): { term: Term; academicYear: string; day: CalendarDay }[] {
  const pick = (first: number) =>
    termAnchors(first)
      .map(({ term, day }) => ({ term, academicYear: yearLabel(first), day: schoolDayOnOrAfter(calendar, day) }))
      .filter((checkpoint) => checkpoint.day > today);
  const first = academicYearStart(today);
  const remaining = pick(first);
  return remaining.length > 0 ? remaining : pick(first + 1);
}

/** "2026-27" for the academic year starting in 2026. */
function yearLabel(first: number): string {
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The term and academic year a checkpoint's day belongs to, so the default set skips terms already covered. */
export function checkpointTerm(day: CalendarDay): { term: Term; academicYear: string } {
  return { term: termOf(day), academicYear: yearLabel(academicYearStart(day)) };
}
