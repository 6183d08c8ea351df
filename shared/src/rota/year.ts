import { addDays, easterSunday, type CalendarDay } from '../calendar/dates.ts';

/** The first year of "2026-27". */
export function firstYearOf(academicYear: string): number {
  return Number(academicYear.slice(0, 4));
}

/** The whole academic year: 1 September to 31 August. */
export function academicYearSpan(academicYear: string): { from: CalendarDay; to: CalendarDay } {
  const first = firstYearOf(academicYear);
  return { from: `${first}-09-01`, to: `${first + 1}-08-31` };
}

/**
 * Where the generator places reviews (docs/domain.md f): from 1 October, so the host has its first weeks of the year
 * for its self-review and the plan is fixed 10 working days ahead, to 15 July, before the year winds down.
 */
export function reviewWindow(academicYear: string): { from: CalendarDay; to: CalendarDay } {
  const first = firstYearOf(academicYear);
  return { from: `${first}-10-01`, to: `${first + 1}-07-15` };
}

export const Terms = ['autumn', 'spring', 'summer'] as const;
export type Term = (typeof Terms)[number];

export const TermLabel: Record<Term, string> = { autumn: 'autumn term', spring: 'spring term', summer: 'summer term' };

/**
 * The term a day falls in, the same for every school (term dates differ by a few days between authorities, which
 * does not matter for spreading reviews): autumn to 31 December, spring to Easter Monday, summer after.
 */
export function termOf(day: CalendarDay): Term {
  const month = Number(day.slice(5, 7));
  if (month >= 9) {
    return 'autumn';
  }
  const easterMonday = addDays(easterSunday(Number(day.slice(0, 4))), 1);
  return day <= easterMonday ? 'spring' : 'summer';
}
