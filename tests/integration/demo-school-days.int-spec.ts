import { isSchoolDay } from '@crosswalk/shared';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { DEMO_REVIEW_ID } from '../../server/src/demo/demo-review.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { createLogger } from '../../server/src/logger.ts';
import { CalendarsRepository } from '../../server/src/modules/calendars/calendars.repository.ts';
import { createTestDatabase } from '../support/test-database.ts';

/** One week, Monday to Sunday, each at 10:00 London time (a winter week, so London is on UTC). */
const WEEK = [
  ['Monday', '2027-01-11'],
  ['Tuesday', '2027-01-12'],
  ['Wednesday', '2027-01-13'],
  ['Thursday', '2027-01-14'],
  ['Friday', '2027-01-15'],
  ['Saturday', '2027-01-16'],
  ['Sunday', '2027-01-17'],
] as const;

/**
 * The London weekday (ISO: 1 Monday … 7 Sunday) of every session and activity of the Fenbrook review under way, start
 * and end (the other reviews' are checked against their own hosts' calendars in demo-year.int-spec.ts).
 */
async function weekdaysOfDemo(today: Date) {
  const database = await createTestDatabase();
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined, transform: postgres.camel });
  try {
    await loadDemo(sql, createLogger('silent'), { today });
    const [review] = await sql<
      { hostSchoolId: string }[]
    >`select host_school_id from reviews where id = ${DEMO_REVIEW_ID}`;
    const calendar = await new CalendarsRepository(sql).calendarOf(review?.hostSchoolId ?? '');
    const rows = await sql<{ title: string; startsOn: string; startDay: number; endDay: number }[]>`
      select title, to_char(starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as "startsOn",
        extract(isodow from starts_at at time zone 'Europe/London')::int as "startDay",
        extract(isodow from ends_at at time zone 'Europe/London')::int as "endDay"
      from (select title, starts_at, ends_at from review_sessions where review_id = ${DEMO_REVIEW_ID}
            union all select a.title, a.starts_at, a.ends_at from review_activities a
              join review_sessions s on s.id = a.session_id where s.review_id = ${DEMO_REVIEW_ID}) as timed
      order by starts_at`;
    // Each is also a school day by the host school's stored calendar (its local authority's term dates).
    return rows.map((row) => ({ ...row, schoolDay: calendar ? isSchoolDay(calendar, row.startsOn).schoolDay : false }));
  } finally {
    await sql.end({ timeout: 5 });
    await database.drop();
  }
}

describe('the demo timetable', () => {
  it.each(WEEK)('puts every session on a school day when loaded on a %s', async (_weekday, date) => {
    const rows = await weekdaysOfDemo(new Date(`${date}T10:00:00Z`));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((row) => row.startDay >= 1 && row.endDay >= 1)).toBe(true);
    const offSchoolDays = rows.filter((row) => row.startDay > 5 || row.endDay > 5);
    expect(offSchoolDays.map((row) => `${row.title} on ${row.startsOn}`)).toEqual([]);
    expect(rows.filter((row) => !row.schoolDay).map((row) => `${row.title} on ${row.startsOn}`)).toEqual([]);
    // Loaded on a school day, the review is under way that day, so the dashboard has something current.
    const dayOne = rows.find((row) => row.title === 'Review day 1');
    if (WEEK.findIndex(([, d]) => d === date) < 5) {
      expect(dayOne?.startsOn).toBe(date);
    }
  });

  it('starts the review the day after a bank holiday, in term, when loaded on one', async () => {
    // Monday 31 May 2027 is the spring bank holiday (London is on summer time).
    const rows = await weekdaysOfDemo(new Date('2027-05-31T09:00:00Z'));
    expect(rows.find((row) => row.title === 'Review day 1')?.startsOn).toBe('2027-06-01');
    expect(rows.filter((row) => !row.schoolDay).map((row) => `${row.title} on ${row.startsOn}`)).toEqual([]);
  });
});
