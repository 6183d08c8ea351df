import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonDateTime, londonDay } from '../time.ts';
import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.ts';
import { addDays, daysBetween, easterSunday, isCalendarDay, isoWeekday } from './dates.ts';
import {
  CalendarEventKinds,
  WEEKDAYS_ONLY,
  addWorkingDays,
  isSchoolDay,
  nonSchoolWeekdays,
  schoolDayOnOrAfter,
  workingDaysBetween,
  type CalendarEvent,
  type SchoolCalendar,
} from './school-calendar.ts';

/** A fictional local authority's 2025–26 autumn term, with a trust and a school overlaying it. */
const AUTUMN: SchoolCalendar = {
  layers: [
    {
      scope: 'local_authority',
      events: [
        { kind: 'term', from: '2025-09-03', to: '2025-12-19', label: 'Autumn term' },
        { kind: 'half_term', from: '2025-10-27', to: '2025-10-31', label: 'Autumn half term' },
        { kind: 'term', from: '2026-01-05', to: '2026-03-27', label: 'Spring term' },
      ],
    },
    { scope: 'trust', events: [{ kind: 'inset_day', from: '2025-11-14', to: '2025-11-14', label: 'Trust INSET' }] },
    {
      scope: 'school',
      events: [
        { kind: 'closure', from: '2025-12-01', to: '2025-12-01', label: 'Polling station' },
        // The school opens on the Friday of half term for a catch-up day.
        { kind: 'term', from: '2025-10-31', to: '2025-10-31', label: 'Catch-up day' },
      ],
    },
  ],
};

/** Last Sunday of a month: the clock changes in London on those of March and October. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0, 12)).toISOString().slice(0, 10);
  return addDays(last, -(isoWeekday(last) % 7));
}

/** Days within three weeks of a clock change, 2024–2030. */
const dayNearClockChange = fc
  .record({
    year: fc.integer({ min: 2024, max: 2030 }),
    month: fc.constantFrom(3, 10),
    offset: fc.integer({ min: -21, max: 21 }),
  })
  .map(({ year, month, offset }) => addDays(lastSunday(year, month), offset));

/** Random calendars: a few events per layer, within the months around a clock change. */
const eventNear = (base: string): fc.Arbitrary<CalendarEvent> =>
  fc
    .record({
      kind: fc.constantFrom(...CalendarEventKinds),
      start: fc.integer({ min: -60, max: 60 }),
      length: fc.integer({ min: 0, max: 40 }),
    })
    .map(({ kind, start, length }) => ({
      kind,
      from: addDays(base, start),
      to: addDays(base, start + length),
      label: '',
    }));

const calendarNear = (base: string): fc.Arbitrary<SchoolCalendar> =>
  fc
    .tuple(
      fc.array(eventNear(base), { maxLength: 4 }),
      fc.array(eventNear(base), { maxLength: 2 }),
      fc.array(eventNear(base), { maxLength: 3 }),
    )
    .map(([la, trust, school]) => ({
      layers: [
        { scope: 'local_authority', events: la },
        { scope: 'trust', events: trust },
        { scope: 'school', events: school },
      ],
    }));

const calendarAndDay = dayNearClockChange.chain((day) => fc.tuple(calendarNear(day), fc.constant(day)));

describe('isSchoolDay', () => {
  it('says why a day is not a school day, the highest layer deciding', () => {
    expect(isSchoolDay(AUTUMN, '2025-09-13')).toEqual({ schoolDay: false, reason: 'weekend' });
    expect(isSchoolDay(AUTUMN, '2025-09-02')).toEqual({ schoolDay: true }); // before the first known term day
    expect(isSchoolDay(AUTUMN, '2025-09-03')).toEqual({ schoolDay: true });
    expect(isSchoolDay(AUTUMN, '2025-10-28')).toEqual({
      schoolDay: false,
      reason: 'half_term',
      label: 'Autumn half term',
    });
    expect(isSchoolDay(AUTUMN, '2025-10-31')).toEqual({ schoolDay: true });
    expect(isSchoolDay(AUTUMN, '2025-11-14')).toEqual({ schoolDay: false, reason: 'inset_day', label: 'Trust INSET' });
    expect(isSchoolDay(AUTUMN, '2025-12-01')).toEqual({
      schoolDay: false,
      reason: 'closure',
      label: 'Polling station',
    });
    expect(isSchoolDay(AUTUMN, '2025-12-22')).toEqual({ schoolDay: false, reason: 'holiday' });
    expect(isSchoolDay(AUTUMN, '2025-12-25')).toEqual({
      schoolDay: false,
      reason: 'bank_holiday',
      label: 'Christmas Day',
    });
    expect(isSchoolDay(AUTUMN, '2026-04-01')).toEqual({ schoolDay: true }); // after the last known term day
  });

  it('without term dates, counts every weekday that is not a bank holiday', () => {
    expect(isSchoolDay(WEEKDAYS_ONLY, '2026-05-04')).toMatchObject({ schoolDay: false, reason: 'bank_holiday' });
    expect(isSchoolDay(WEEKDAYS_ONLY, '2026-05-05')).toEqual({ schoolDay: true });
    expect(nonSchoolWeekdays(WEEKDAYS_ONLY, '2026-12-21', '2027-01-03').map((d) => d.day)).toEqual([
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
    ]);
  });

  it('never makes a weekend or a bank holiday a school day, whatever the layers say', () => {
    fc.assert(
      fc.property(calendarAndDay, ([calendar, day]) => {
        const answer = isSchoolDay(calendar, day);
        if (isoWeekday(day) > 5) {
          expect(answer).toEqual({ schoolDay: false, reason: 'weekend' });
        } else if (ENGLAND_AND_WALES_BANK_HOLIDAYS[day]) {
          expect(answer).toMatchObject({ schoolDay: false, reason: 'bank_holiday' });
        }
      }),
    );
  });

  it("lets the school's own term event open any other weekday", () => {
    fc.assert(
      fc.property(calendarAndDay, ([calendar, day]) => {
        fc.pre(isoWeekday(day) <= 5 && !ENGLAND_AND_WALES_BANK_HOLIDAYS[day]);
        const opened: SchoolCalendar = {
          layers: [...calendar.layers, { scope: 'school', events: [{ kind: 'term', from: day, to: day, label: '' }] }],
        };
        expect(isSchoolDay(opened, day)).toEqual({ schoolDay: true });
      }),
    );
  });
});

describe('working days across the clock changes', () => {
  it('steps calendar days the same whatever the clocks do', () => {
    fc.assert(
      fc.property(dayNearClockChange, fc.integer({ min: -400, max: 400 }), (day, n) => {
        const moved = addDays(day, n);
        expect(isCalendarDay(moved)).toBe(true);
        expect(addDays(moved, -n)).toBe(day);
        expect(daysBetween(day, moved)).toBe(n);
        expect(isoWeekday(moved)).toBe(((((isoWeekday(day) - 1 + n) % 7) + 7) % 7) + 1);
      }),
    );
  });

  it('reads the London day of every instant of a clock-change weekend as that day', () => {
    fc.assert(
      fc.property(dayNearClockChange, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (day, h, m) => {
        const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        // 01:xx on the March change does not exist in London; londonDateTime moves it an hour, within the day.
        const instant = londonDateTime(day, time);
        expect(londonDay(instant)).toBe(day);
        expect(isSchoolDay(WEEKDAYS_ONLY, londonDay(instant)).schoolDay).toBe(
          isSchoolDay(WEEKDAYS_ONLY, day).schoolDay,
        );
      }),
    );
  });

  it('adds and counts working days as inverses', () => {
    fc.assert(
      fc.property(calendarAndDay, fc.integer({ min: -40, max: 40 }), ([calendar, day], n) => {
        const moved = addWorkingDays(calendar, day, n);
        if (n !== 0) {
          expect(isSchoolDay(calendar, moved).schoolDay).toBe(true);
          expect(n > 0 ? moved > day : moved < day).toBe(true);
        }
        // Counting back lands on the last school day before a weekend or holiday, so from such a day the count is
        // one short: the inverse holds counting forward, and counting back from a school day (as deadlines do).
        if (n >= 0 || isSchoolDay(calendar, day).schoolDay) {
          expect(workingDaysBetween(calendar, day, moved)).toBe(n);
        }
      }),
    );
  });

  it('counts working days additively over any middle day', () => {
    fc.assert(
      fc.property(
        calendarAndDay,
        fc.integer({ min: -30, max: 30 }),
        fc.integer({ min: -30, max: 30 }),
        ([calendar, a], x, y) => {
          const b = addDays(a, x);
          const c = addDays(a, y);
          expect(workingDaysBetween(calendar, a, c)).toBe(
            workingDaysBetween(calendar, a, b) + workingDaysBetween(calendar, b, c),
          );
        },
      ),
    );
  });

  it('skips the clock-change weekend, half term and bank holidays in examples', () => {
    // Friday 24 October 2025, the clocks go back on Sunday 26th; half term is the week after.
    expect(addWorkingDays(AUTUMN, '2025-10-24', 1)).toBe('2025-10-31');
    expect(addWorkingDays(AUTUMN, '2025-10-31', -1)).toBe('2025-10-24');
    expect(workingDaysBetween(AUTUMN, '2025-10-24', '2025-11-03')).toBe(2);
    expect(schoolDayOnOrAfter(AUTUMN, '2025-12-20')).toBe('2026-01-05');
    // Thursday 2 April 2026 to Tuesday 7 April 2026 over Easter, no term dates: Good Friday and Easter Monday skipped.
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-04-02', 1)).toBe('2026-04-07');
  });
});

describe('the bank holiday table', () => {
  it('has eight weekday holidays a year with Easter in the right place', () => {
    for (let year = BANK_HOLIDAY_YEARS.first; year <= BANK_HOLIDAY_YEARS.last; year += 1) {
      const days = Object.keys(ENGLAND_AND_WALES_BANK_HOLIDAYS).filter((d) => d.startsWith(`${year}-`));
      expect(days, String(year)).toHaveLength(8);
      expect(days.every((d) => isCalendarDay(d) && isoWeekday(d) <= 5)).toBe(true);
      const easter = easterSunday(year);
      expect(ENGLAND_AND_WALES_BANK_HOLIDAYS[addDays(easter, -2)]).toBe('Good Friday');
      expect(ENGLAND_AND_WALES_BANK_HOLIDAYS[addDays(easter, 1)]).toBe('Easter Monday');
    }
  });
});
