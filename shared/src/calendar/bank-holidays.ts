import type { CalendarDay } from './dates.ts';

/**
 * Bank holidays in England and Wales, 2024–2030, shipped as data so nothing is fetched at run time.
 *
 * Source: GOV.UK's bank holidays data (www.gov.uk/bank-holidays.json, division "england-and-wales"), which lists the
 * announced years (to 2027 when this table was made). 2028–2030 follow the same statutory pattern (New Year's Day,
 * Good Friday, Easter Monday, early May, spring and summer bank holidays, Christmas and Boxing Day, each moved to the
 * next weekday when it falls at a weekend) and must be checked against GOV.UK when announced: one-off holidays
 * (such as 2023's coronation) are added by proclamation and cannot be predicted.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: Readonly<Record<CalendarDay, string>> = {
  '2024-01-01': "New Year's Day",
  '2024-03-29': 'Good Friday',
  '2024-04-01': 'Easter Monday',
  '2024-05-06': 'Early May bank holiday',
  '2024-05-27': 'Spring bank holiday',
  '2024-08-26': 'Summer bank holiday',
  '2024-12-25': 'Christmas Day',
  '2024-12-26': 'Boxing Day',
  '2025-01-01': "New Year's Day",
  '2025-04-18': 'Good Friday',
  '2025-04-21': 'Easter Monday',
  '2025-05-05': 'Early May bank holiday',
  '2025-05-26': 'Spring bank holiday',
  '2025-08-25': 'Summer bank holiday',
  '2025-12-25': 'Christmas Day',
  '2025-12-26': 'Boxing Day',
  '2026-01-01': "New Year's Day",
  '2026-04-03': 'Good Friday',
  '2026-04-06': 'Easter Monday',
  '2026-05-04': 'Early May bank holiday',
  '2026-05-25': 'Spring bank holiday',
  '2026-08-31': 'Summer bank holiday',
  '2026-12-25': 'Christmas Day',
  '2026-12-28': 'Boxing Day (substitute day)',
  '2027-01-01': "New Year's Day",
  '2027-03-26': 'Good Friday',
  '2027-03-29': 'Easter Monday',
  '2027-05-03': 'Early May bank holiday',
  '2027-05-31': 'Spring bank holiday',
  '2027-08-30': 'Summer bank holiday',
  '2027-12-27': 'Christmas Day (substitute day)',
  '2027-12-28': 'Boxing Day (substitute day)',
  '2028-01-03': "New Year's Day (substitute day)",
  '2028-04-14': 'Good Friday',
  '2028-04-17': 'Easter Monday',
  '2028-05-01': 'Early May bank holiday',
  '2028-05-29': 'Spring bank holiday',
  '2028-08-28': 'Summer bank holiday',
  '2028-12-25': 'Christmas Day',
  '2028-12-26': 'Boxing Day',
  '2029-01-01': "New Year's Day",
  '2029-03-30': 'Good Friday',
  '2029-04-02': 'Easter Monday',
  '2029-05-07': 'Early May bank holiday',
  '2029-05-28': 'Spring bank holiday',
  '2029-08-27': 'Summer bank holiday',
  '2029-12-25': 'Christmas Day',
  '2029-12-26': 'Boxing Day',
  '2030-01-01': "New Year's Day",
  '2030-04-19': 'Good Friday',
  '2030-04-22': 'Easter Monday',
  '2030-05-06': 'Early May bank holiday',
  '2030-05-27': 'Spring bank holiday',
  '2030-08-26': 'Summer bank holiday',
  '2030-12-25': 'Christmas Day',
  '2030-12-26': 'Boxing Day',
};

/** The first and last year the table covers. */
export const BANK_HOLIDAY_YEARS: { first: number; last: number } = { first: 2024, last: 2030 };

/** The bank holiday's name, or undefined when `day` is not one. */
export function bankHolidayOn(day: CalendarDay): string | undefined {
  return ENGLAND_AND_WALES_BANK_HOLIDAYS[day];
}
