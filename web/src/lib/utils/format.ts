import { londonDay, SCHOOL_TIME_ZONE } from '@crosswalk/shared';

/**
 * Dates and times as people in English schools read them: British English, always in London time, whatever
 * time zone the browser is in.
 */

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: SCHOOL_TIME_ZONE,
});
const shortDayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: SCHOOL_TIME_ZONE,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: SCHOOL_TIME_ZONE,
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: SCHOOL_TIME_ZONE,
});

/** A calendar day (YYYY-MM-DD) at midday UTC, which is the same day in London all year round. */
const calendarDay = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`);

/**
 * "Monday 23 November 2026" (GOV.UK style). Built from the parts because ICU versions differ on the comma
 * after the weekday.
 */
export function formatDay(isoDate: string): string {
  return dayFormat
    .formatToParts(calendarDay(isoDate))
    .filter((part) => part.type !== 'literal')
    .map((part) => part.value)
    .join(' ');
}

/** The review's days, or a plain note when they are not set yet. */
export function formatDays(startsOn: string | null, endsOn: string | null): string {
  if (!startsOn) {
    return 'Dates not set yet';
  }
  return !endsOn || endsOn === startsOn ? formatDay(startsOn) : `${formatDay(startsOn)} to ${formatDay(endsOn)}`;
}

/** "Mon 23 Nov 2026" for an instant, in London. */
export function formatShortDay(instant: string): string {
  return shortDayFormat.format(new Date(instant));
}

/** "09:00 to 10:30" in London. */
export function formatTimes(startsAt: string, endsAt: string): string {
  return `${timeFormat.format(new Date(startsAt))} to ${timeFormat.format(new Date(endsAt))}`;
}

/** "23 Nov 2026, 09:00" in London. */
export function formatDateTime(instant: string): string {
  return dateTimeFormat.format(new Date(instant));
}

/**
 * The English academic year containing `now`, which starts on 1 September: "2026-27" from September 2026 to
 * August 2027.
 */
export function academicYearOf(now: Date): string {
  const [year = 0, month = 1] = londonDay(now).split('-').map(Number);
  const first = month >= 9 ? year : year - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}

/** The academic year after `year` ("2026-27" → "2027-28"). */
export function nextAcademicYear(year: string): string {
  const first = Number(year.slice(0, 4)) + 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}
