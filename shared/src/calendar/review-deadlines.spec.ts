import { describe, expect, it } from 'vitest';
import { dayInWords } from './dates.ts';
import {
  clashesWithKs2Tests,
  ks2TestWeekOf,
  planFixedBy,
  reportDeliveredBy,
  reportWrittenBy,
  selfEvaluationSharedBy,
} from './review-deadlines.ts';
import type { SchoolCalendar } from './school-calendar.ts';

const AUTUMN_2025: SchoolCalendar = {
  layers: [
    {
      scope: 'local_authority',
      events: [
        { kind: 'term', from: '2025-09-03', to: '2025-12-19', label: 'Autumn term' },
        { kind: 'half_term', from: '2025-10-27', to: '2025-10-31', label: 'Half term' },
      ],
    },
  ],
};

describe('review deadlines in working days', () => {
  it('places the plan, self-evaluation and report around the demo review of 18–19 November 2025', () => {
    expect(planFixedBy(AUTUMN_2025, '2025-11-18')).toBe('2025-11-04');
    expect(selfEvaluationSharedBy(AUTUMN_2025, '2025-11-18')).toBe('2025-11-11');
    expect(reportWrittenBy(AUTUMN_2025, '2025-11-19')).toBe('2025-11-26');
    expect(reportDeliveredBy(AUTUMN_2025, '2025-11-19')).toBe('2025-12-03');
  });

  it('skips half term when counting back', () => {
    // Ten school days before Monday 10 November: half term (27–31 October) does not count.
    expect(planFixedBy(AUTUMN_2025, '2025-11-10')).toBe('2025-10-20');
  });
});

describe('days in words', () => {
  it('writes a day as GOV.UK does, without a comma after the weekday', () => {
    expect(dayInWords('2029-09-08')).toBe('Saturday 8 September 2029');
  });
});

describe('KS2 test week', () => {
  it('is avoided for primaries only, and unknown years are not guessed', () => {
    expect(clashesWithKs2Tests('primary', '2026-05-12')).toBe(true);
    expect(clashesWithKs2Tests('primary', '2026-05-15')).toBe(false);
    expect(clashesWithKs2Tests('secondary', '2026-05-12')).toBe(false);
    expect(clashesWithKs2Tests('primary', '2025-05-12')).toBe(true);
    expect(ks2TestWeekOf('2027-05-11')).toBeUndefined();
  });
});
