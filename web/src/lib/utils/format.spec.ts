import { describe, expect, it } from 'vitest';
import { academicYearOf, formatDays, formatTimes, nextAcademicYear } from './format.ts';

describe('academic years', () => {
  it('start on 1 September in London', () => {
    expect(academicYearOf(new Date('2026-11-15T10:00:00Z'))).toBe('2026-27');
    expect(academicYearOf(new Date('2027-08-31T22:30:00Z'))).toBe('2026-27');
    // 23:30 UTC on 31 August is already 1 September in London (BST).
    expect(academicYearOf(new Date('2027-08-31T23:30:00Z'))).toBe('2027-28');
    expect(academicYearOf(new Date('2099-12-01T12:00:00Z'))).toBe('2099-00');
  });

  it('follow one another', () => {
    expect(nextAcademicYear('2026-27')).toBe('2027-28');
    expect(nextAcademicYear('2099-00')).toBe('2100-01');
  });
});

describe('dates and times', () => {
  it('show review days in words, or say they are not set', () => {
    expect(formatDays('2026-11-23', '2026-11-24')).toBe('Monday 23 November 2026 to Tuesday 24 November 2026');
    expect(formatDays('2026-11-23', '2026-11-23')).toBe('Monday 23 November 2026');
    expect(formatDays(null, null)).toBe('Dates not set yet');
  });

  it('show times in London, in summer and in winter', () => {
    expect(formatTimes('2026-07-01T08:00:00Z', '2026-07-01T09:30:00Z')).toBe('09:00 to 10:30');
    expect(formatTimes('2026-11-23T08:00:00Z', '2026-11-23T09:30:00Z')).toBe('08:00 to 09:30');
  });
});
