import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMON_DAYS_HORIZON, commonSchoolDays, type TakingPart } from './common-days.ts';
import { addDays, daysBetween } from './dates.ts';
import { clashesWithKs2Tests } from './review-deadlines.ts';
import { CalendarEventKinds, isSchoolDay, type CalendarEvent } from './school-calendar.ts';

const host: TakingPart = {
  phase: 'primary',
  dayTimes: { startsAt: '08:50', endsAt: '15:20' },
  calendar: {
    layers: [
      {
        scope: 'local_authority',
        events: [
          { kind: 'term', from: '2026-01-05', to: '2026-03-27', label: 'Spring term' },
          { kind: 'half_term', from: '2026-02-16', to: '2026-02-20', label: 'February half term' },
        ],
      },
    ],
  },
};
const reviewerSchool: TakingPart = {
  phase: 'secondary',
  dayTimes: { startsAt: '08:30', endsAt: '15:00' },
  calendar: {
    layers: [
      { scope: 'school', events: [{ kind: 'inset_day', from: '2026-02-23', to: '2026-02-23', label: 'INSET' }] },
    ],
  },
};

describe('commonSchoolDays', () => {
  it('skips half term at the host, an INSET day at a reviewer’s school, weekends and busy days', () => {
    const days = commonSchoolDays([host, reviewerSchool], '2026-02-13', 3, new Set(['2026-02-24']));
    expect(days).toEqual([
      { day: '2026-02-13', startsAt: '08:50', endsAt: '15:00' },
      { day: '2026-02-25', startsAt: '08:50', endsAt: '15:00' },
      { day: '2026-02-26', startsAt: '08:50', endsAt: '15:00' },
    ]);
  });

  it('keeps primaries out of the KS2 test week', () => {
    const days = commonSchoolDays([{ ...host, calendar: { layers: [] } }], '2026-05-11', 1);
    expect(days.map((d) => d.day)).toEqual(['2026-05-15']);
  });

  it('finds nothing when the school days do not overlap in hours', () => {
    const late: TakingPart = { ...reviewerSchool, dayTimes: { startsAt: '15:30', endsAt: '17:00' } };
    expect(commonSchoolDays([host, late], '2026-01-05', 5)).toEqual([]);
  });

  const event = fc
    .record({
      kind: fc.constantFrom(...CalendarEventKinds),
      start: fc.integer({ min: 0, max: 120 }),
      length: fc.integer({ min: 0, max: 20 }),
    })
    .map(({ kind, start, length }): CalendarEvent => {
      const from = addDays('2026-01-01', start);
      return { kind, from, to: addDays(from, length), label: kind };
    });
  const school = fc.record({
    phase: fc.constantFrom('primary', 'secondary', 'all_through', 'special'),
    events: fc.array(event, { maxLength: 6 }),
    start: fc.constantFrom('08:30', '08:45', '09:00'),
    end: fc.constantFrom('15:00', '15:15', '15:30'),
  });

  it('answers the first days on which every school is open and nobody is busy, in order', () => {
    fc.assert(
      fc.property(
        fc.array(school, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 10 }),
        (drawn, offset, count, busyOffsets) => {
          const schools: TakingPart[] = drawn.map((s) => ({
            phase: s.phase,
            dayTimes: { startsAt: s.start, endsAt: s.end },
            calendar: { layers: [{ scope: 'school', events: s.events }] },
          }));
          const from = addDays('2026-01-01', offset);
          const busy = new Set(busyOffsets.map((o) => addDays('2026-01-01', o)));
          const days = commonSchoolDays(schools, from, count, busy);
          const fits = (day: string) =>
            !busy.has(day) &&
            schools.every((s) => isSchoolDay(s.calendar, day).schoolDay && !clashesWithKs2Tests(s.phase, day));
          expect(days.length).toBeLessThanOrEqual(count);
          const last = days.at(-1)?.day ?? addDays(from, COMMON_DAYS_HORIZON - 1);
          // Exactly the fitting days from `from` up to the last one answered: none skipped, none wrong.
          const expected: string[] = [];
          for (let i = 0; i <= daysBetween(from, last); i += 1) {
            const day = addDays(from, i);
            if (fits(day)) {
              expected.push(day);
            }
          }
          expect(days.map((d) => d.day)).toEqual(expected.slice(0, count));
          for (const d of days) {
            expect(d.startsAt).toBe(
              schools
                .map((s) => s.dayTimes.startsAt)
                .sort()
                .at(-1),
            );
            expect(d.endsAt).toBe(schools.map((s) => s.dayTimes.endsAt).sort()[0]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
