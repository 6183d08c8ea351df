import {
  addDays,
  isoWeekday,
  londonDay,
  schoolDayOnOrAfter,
  type CalendarDay,
  type CalendarEvent,
  type SchoolCalendar,
} from '@crosswalk/shared';
import { demoSchools } from './demo-data.ts';

/** Days of term the demo's local authorities have before and after the day the demo is loaded. */
const TERM_BEFORE_DAYS = 70;
const TERM_AFTER_DAYS = 250;
/** Last year's terms, for the review finished end to end a year before the one under way. */
const LAST_YEAR_FROM_DAYS = -440;
const LAST_YEAR_TO_DAYS = -150;

/** The academic year a day falls in ("2026-27" runs from 1 September 2026 to 31 August 2027). */
export function academicYearOf(day: CalendarDay): string {
  const year = Number(day.slice(0, 4));
  const first = Number(day.slice(5, 7)) >= 9 ? year : year - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The academic year before `academicYear`. */
export function yearBefore(academicYear: string): string {
  const first = Number(academicYear.slice(0, 4)) - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The Monday on or after `day`. */
function mondayOnOrAfter(day: CalendarDay): CalendarDay {
  return addDays(day, (8 - isoWeekday(day)) % 7);
}

/** The weekday on or after `day`. */
function weekdayOnOrAfter(day: CalendarDay): CalendarDay {
  const weekday = isoWeekday(day);
  return weekday <= 5 ? day : addDays(day, 8 - weekday);
}

function week(monday: CalendarDay, label: string): CalendarEvent {
  return { kind: 'half_term', from: monday, to: addDays(monday, 4), label };
}

/**
 * The term dates the demo gives the local authority of the `index`th demo school: this year's term placed around the
 * day the demo is loaded (real term dates would put a demo loaded in August in the summer holiday), last year's for
 * the finished review, and half terms and INSET days that differ between authorities, as real ones do. Every one of
 * them is at least five weeks from the load day, so the review under way that day is never moved; the other sessions
 * are placed on school days of these calendars (`demo-year.ts`).
 */
export function demoAuthorityEvents(today: Date, index: number): CalendarEvent[] {
  const day = londonDay(today);
  const at = (offset: number) => addDays(day, offset);
  const events: CalendarEvent[] = [
    {
      kind: 'term',
      from: at(LAST_YEAR_FROM_DAYS),
      to: at(LAST_YEAR_TO_DAYS),
      label: 'Demo terms of last year (placed from the day the demo was loaded)',
    },
    {
      kind: 'term',
      from: at(-TERM_BEFORE_DAYS),
      to: at(TERM_AFTER_DAYS),
      label: 'Demo term (placed around the day the demo was loaded)',
    },
    week(mondayOnOrAfter(at(LAST_YEAR_FROM_DAYS + 100 + 7 * (index % 3))), 'Half term (last year)'),
    week(mondayOnOrAfter(at(35 + 7 * (index % 3))), 'Half term'),
    week(mondayOnOrAfter(at(140 + 7 * (index % 2))), 'Half term'),
  ];
  if (index % 2 === 0) {
    const inset = weekdayOnOrAfter(at(63 + index));
    events.push({ kind: 'inset_day', from: inset, to: inset, label: 'INSET day' });
  }
  if (index % 3 === 1) {
    const inset = weekdayOnOrAfter(at(180 + index));
    events.push({ kind: 'inset_day', from: inset, to: inset, label: 'INSET day: whole-school reading training' });
  }
  return events;
}

/** A demo school's calendar: its local authority's demo term dates, with weekends and bank holidays. */
export function demoSchoolCalendar(today: Date, schoolName = 'Fenbrook Primary'): SchoolCalendar {
  const index = demoSchools.findIndex((s) => s.name === schoolName);
  return { layers: [{ scope: 'local_authority', events: demoAuthorityEvents(today, Math.max(index, 0)) }] };
}

/** The dates of a Fenbrook review's sessions (London calendar dates). */
export interface DemoCalendar {
  preReviewMeeting: string;
  reviewDay1: string;
  /** The school day after review day 1 (a Friday's is the Monday after). */
  reviewDay2: string;
  improvementWorkshop: string;
  impactReview: string;
}

function sessionsAround(calendar: SchoolCalendar, reviewDay1: CalendarDay): DemoCalendar {
  const onOrAfter = (day: string) => schoolDayOnOrAfter(calendar, day);
  return {
    preReviewMeeting: onOrAfter(addDays(reviewDay1, -40)),
    reviewDay1,
    reviewDay2: onOrAfter(addDays(reviewDay1, 1)),
    improvementWorkshop: onOrAfter(addDays(reviewDay1, 14)),
    impactReview: onOrAfter(addDays(reviewDay1, 120)),
  };
}

/**
 * Where the demo's sessions fall, from the day it is loaded: review day 1 is that day, or the next school day when it
 * is loaded at a weekend or on a bank holiday, and every session falls on a school day of the demo calendar.
 */
export function demoCalendar(today: Date): DemoCalendar {
  const calendar = demoSchoolCalendar(today);
  return sessionsAround(calendar, schoolDayOnOrAfter(calendar, londonDay(today)));
}

/** The previous year's Fenbrook review: a year (52 weeks) before this year's, on school days of last year's terms. */
export function demoPreviousCalendar(today: Date): DemoCalendar {
  const calendar = demoSchoolCalendar(today);
  return sessionsAround(calendar, schoolDayOnOrAfter(calendar, addDays(demoCalendar(today).reviewDay1, -364)));
}
