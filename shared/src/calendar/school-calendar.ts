import { bankHolidayOn } from './bank-holidays.ts';
import { addDays, isWeekend, type CalendarDay } from './dates.ts';

/** What a dated entry in a calendar says about the days it covers (from and to inclusive). */
export const CalendarEventKinds = ['term', 'half_term', 'holiday', 'inset_day', 'closure'] as const;
export type CalendarEventKind = (typeof CalendarEventKinds)[number];

export const CalendarEventKindLabel: Record<CalendarEventKind, string> = {
  term: 'Term',
  half_term: 'Half term',
  holiday: 'School holiday',
  inset_day: 'INSET day',
  closure: 'Closure',
};

export interface CalendarEvent {
  kind: CalendarEventKind;
  from: CalendarDay;
  to: CalendarDay;
  label: string;
}

/** Who a layer of a school's calendar belongs to, from the broadest to the school itself. */
export const CalendarScopes = ['local_authority', 'trust', 'school'] as const;
export type CalendarScope = (typeof CalendarScopes)[number];

/**
 * A school's calendar: the local authority's events, overlaid by its trust's, overlaid by the school's own. For any
 * day, the highest layer with an event covering it decides (so a school can open during its authority's half term by
 * adding a term event for those days). Weekends and bank holidays are never school days.
 */
export interface SchoolCalendar {
  layers: { scope: CalendarScope; events: CalendarEvent[] }[];
}

export type NonSchoolDayReason = 'weekend' | 'bank_holiday' | 'half_term' | 'holiday' | 'inset_day' | 'closure';
export const NonSchoolDayReasons: readonly NonSchoolDayReason[] = [
  'weekend',
  'bank_holiday',
  'half_term',
  'holiday',
  'inset_day',
  'closure',
];

export type SchoolDayAnswer = { schoolDay: true } | { schoolDay: false; reason: NonSchoolDayReason; label?: string };

/** Within one layer, the more particular entry wins over the term around it. */
const PRECEDENCE: Record<CalendarEventKind, number> = {
  closure: 5,
  inset_day: 4,
  half_term: 3,
  holiday: 2,
  term: 1,
};

/** A calendar with weekends and bank holidays only (no term dates known). */
export const WEEKDAYS_ONLY: SchoolCalendar = { layers: [] };

function covers(event: CalendarEvent, day: CalendarDay): boolean {
  return event.from <= day && day <= event.to;
}

/** The first and last day covered by term dates in any layer, or undefined when none are known. */
function knownTermSpan(calendar: SchoolCalendar): { from: CalendarDay; to: CalendarDay } | undefined {
  let span: { from: CalendarDay; to: CalendarDay } | undefined;
  for (const layer of calendar.layers) {
    for (const event of layer.events) {
      if (event.kind === 'term') {
        span = span
          ? { from: event.from < span.from ? event.from : span.from, to: event.to > span.to ? event.to : span.to }
          : { from: event.from, to: event.to };
      }
    }
  }
  return span;
}

/**
 * Whether `day` is a school day, and if not, why. A weekday outside every term is a holiday only between the first
 * and last known term days: beyond them nothing is known, so the day counts as a school day rather than blocking
 * schools whose calendars have not been entered.
 */
export function isSchoolDay(calendar: SchoolCalendar, day: CalendarDay): SchoolDayAnswer {
  if (isWeekend(day)) {
    return { schoolDay: false, reason: 'weekend' };
  }
  const bankHoliday = bankHolidayOn(day);
  if (bankHoliday) {
    return { schoolDay: false, reason: 'bank_holiday', label: bankHoliday };
  }
  for (let i = calendar.layers.length - 1; i >= 0; i -= 1) {
    const layer = calendar.layers[i];
    let decider: CalendarEvent | undefined;
    for (const event of layer?.events ?? []) {
      if (covers(event, day) && (!decider || PRECEDENCE[event.kind] > PRECEDENCE[decider.kind])) {
        decider = event;
      }
    }
    if (decider) {
      return decider.kind === 'term'
        ? { schoolDay: true }
        : { schoolDay: false, reason: decider.kind, ...(decider.label ? { label: decider.label } : {}) };
    }
  }
  const span = knownTermSpan(calendar);
  if (span && span.from <= day && day <= span.to) {
    return { schoolDay: false, reason: 'holiday' };
  }
  return { schoolDay: true };
}

/** A safety bound: no real calendar has a year without school days. */
const MAX_SEARCH_DAYS = 3660;

function stepToSchoolDay(calendar: SchoolCalendar, day: CalendarDay, step: 1 | -1): CalendarDay {
  let at = day;
  for (let i = 0; i < MAX_SEARCH_DAYS; i += 1) {
    at = addDays(at, step);
    if (isSchoolDay(calendar, at).schoolDay) {
      return at;
    }
  }
  throw new Error(`no school day within ${MAX_SEARCH_DAYS} days of ${day}`);
}

/**
 * The school day `count` working (school) days after `day` (before it when negative). `count` 0 gives `day` itself,
 * school day or not.
 */
export function addWorkingDays(calendar: SchoolCalendar, day: CalendarDay, count: number): CalendarDay {
  let at = day;
  const step = count < 0 ? -1 : 1;
  for (let i = 0; i < Math.abs(count); i += 1) {
    at = stepToSchoolDay(calendar, at, step);
  }
  return at;
}

/**
 * Working (school) days from `from` to `to`: those after `from` up to and including `to`, negative when `to` is
 * earlier (then minus those after `to` up to and including `from`), so counts add up over any middle day. Counting
 * forward, `addWorkingDays(c, from, workingDaysBetween(c, from, to))` is `to` whenever `to` is a school day.
 */
export function workingDaysBetween(calendar: SchoolCalendar, from: CalendarDay, to: CalendarDay): number {
  if (to < from) {
    return 0 - workingDaysBetween(calendar, to, from);
  }
  let count = 0;
  for (let at = addDays(from, 1); at <= to; at = addDays(at, 1)) {
    if (isSchoolDay(calendar, at).schoolDay) {
      count += 1;
    }
  }
  return count;
}

/** The day itself when it is a school day, else the next school day. */
export function schoolDayOnOrAfter(calendar: SchoolCalendar, day: CalendarDay): CalendarDay {
  return isSchoolDay(calendar, day).schoolDay ? day : stepToSchoolDay(calendar, day, 1);
}

/** Every weekday from `from` to `to` (inclusive) that is not a school day, with why. Weekends are left out. */
export function nonSchoolWeekdays(
  calendar: SchoolCalendar,
  from: CalendarDay,
  to: CalendarDay,
): { day: CalendarDay; reason: NonSchoolDayReason; label?: string }[] {
  const days: { day: CalendarDay; reason: NonSchoolDayReason; label?: string }[] = [];
  for (let at = from; at <= to; at = addDays(at, 1)) {
    const answer = isSchoolDay(calendar, at);
    if (!answer.schoolDay && answer.reason !== 'weekend') {
      days.push({ day: at, reason: answer.reason, ...(answer.label ? { label: answer.label } : {}) });
    }
  }
  return days;
}

/** Why a day is not a school day, in plain words for a sentence ("it is half term"). */
export const NonSchoolDayReasonWords: Record<NonSchoolDayReason, string> = {
  weekend: 'it is a weekend',
  bank_holiday: 'it is a bank holiday',
  half_term: 'it is half term',
  holiday: 'it is in the school holidays',
  inset_day: 'it is an INSET (staff training) day',
  closure: 'the school is closed',
};
