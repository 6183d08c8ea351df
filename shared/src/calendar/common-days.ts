import { addDays, type CalendarDay } from './dates.ts';
import { clashesWithKs2Tests } from './review-deadlines.ts';
import type { SchoolDayTimes } from './schemas.ts';
import { isSchoolDay, type SchoolCalendar } from './school-calendar.ts';

/** One school whose people take part: its calendar, phase and the hours of its school day. */
export interface TakingPart {
  calendar: SchoolCalendar;
  phase: string;
  dayTimes: SchoolDayTimes;
}

/** A day every school taking part is open, and the hours all of them are in school. */
export interface CommonDay {
  day: CalendarDay;
  startsAt: string;
  endsAt: string;
}

/** How far ahead to look at most: past a school year, a longer search would find nothing a person wants. */
export const COMMON_DAYS_HORIZON = 366;

/**
 * The first `count` days from `from` (inclusive) on which every school is open, no one is already busy (`busy`:
 * days someone taking part has another session), and no primary school taking part sits the KS2 tests; with the
 * hours every school is in (the latest start to the earliest finish). Fewer when the horizon runs out.
 */
export function commonSchoolDays(
  schools: readonly TakingPart[],
  from: CalendarDay,
  count: number,
  busy: ReadonlySet<CalendarDay> = new Set(),
): CommonDay[] {
  const startsAt = schools.reduce(
    (latest, s) => (s.dayTimes.startsAt > latest ? s.dayTimes.startsAt : latest),
    '00:00',
  );
  const endsAt = schools.reduce(
    (earliest, s) => (s.dayTimes.endsAt < earliest ? s.dayTimes.endsAt : earliest),
    '23:59',
  );
  const days: CommonDay[] = [];
  if (endsAt <= startsAt) {
    return days;
  }
  for (let i = 0; i < COMMON_DAYS_HORIZON && days.length < count; i += 1) {
    const day = addDays(from, i);
    const open = schools.every((s) => isSchoolDay(s.calendar, day).schoolDay && !clashesWithKs2Tests(s.phase, day));
    if (open && !busy.has(day)) {
      days.push({ day, startsAt, endsAt });
    }
  }
  return days;
}
