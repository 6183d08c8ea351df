import { describe, expect, it } from 'vitest';
import { WEEKDAYS_ONLY, type SchoolCalendar } from '../calendar/school-calendar.ts';
import { checkpointTerm, defaultCheckpointDays } from './checkpoints.ts';

describe('the default impact checkpoints: one per school term still to come', () => {
  it('after a plan published in January: spring and summer of the same academic year, on school days', () => {
    // Easter Sunday 2027 is 28 March: three weeks before is Sunday 7 March, so Monday 8 March.
    expect(defaultCheckpointDays('2027-01-10', WEEKDAYS_ONLY)).toEqual([
      { term: 'spring', academicYear: '2026-27', day: '2027-03-08' },
      { term: 'summer', academicYear: '2026-27', day: '2027-07-01' },
    ]);
  });

  it('in the autumn: all three terms; the term already past is left out', () => {
    expect(defaultCheckpointDays('2026-10-05', WEEKDAYS_ONLY).map((c) => c.day)).toEqual([
      '2026-12-01',
      '2027-03-08',
      '2027-07-01',
    ]);
    expect(defaultCheckpointDays('2026-12-01', WEEKDAYS_ONLY).map((c) => c.term)).toEqual(['spring', 'summer']);
  });

  it('in the summer holidays: the next academic year’s three terms', () => {
    expect(defaultCheckpointDays('2027-08-10', WEEKDAYS_ONLY)).toEqual([
      { term: 'autumn', academicYear: '2027-28', day: '2027-12-01' },
      // Easter 2028 is 16 April: 26 March is a Sunday, so Monday 27 March.
      { term: 'spring', academicYear: '2027-28', day: '2028-03-27' },
      { term: 'summer', academicYear: '2027-28', day: '2028-07-03' },
    ]);
  });

  it('moves a checkpoint off a day the host school is closed (its own calendar)', () => {
    const calendar: SchoolCalendar = {
      layers: [
        { scope: 'school', events: [{ kind: 'inset_day', from: '2027-07-01', to: '2027-07-02', label: 'INSET' }] },
      ],
    };
    // 1 and 2 July are INSET days, 3 and 4 a weekend.
    expect(defaultCheckpointDays('2027-05-01', calendar)).toEqual([
      { term: 'summer', academicYear: '2026-27', day: '2027-07-05' },
    ]);
  });

  it('names the term and academic year of any day', () => {
    expect(checkpointTerm('2027-03-08')).toEqual({ term: 'spring', academicYear: '2026-27' });
    expect(checkpointTerm('2026-11-30')).toEqual({ term: 'autumn', academicYear: '2026-27' });
    expect(checkpointTerm('2027-06-30')).toEqual({ term: 'summer', academicYear: '2026-27' });
  });
});
