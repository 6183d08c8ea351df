import { londonDay } from '@crosswalk/shared';

/** A calendar date (`YYYY-MM-DD`) moved by `days`. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Whether a calendar date (`YYYY-MM-DD`) is Monday to Friday. */
export function isSchoolDay(date: string): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date itself if it is a school day, else the Monday after. */
export function schoolDayOnOrAfter(date: string): string {
  let day = date;
  while (!isSchoolDay(day)) {
    day = addDays(day, 1);
  }
  return day;
}

/** The dates of the demo review's sessions (London calendar dates). */
export interface DemoCalendar {
  preReviewMeeting: string;
  reviewDay1: string;
  /** The school day after review day 1 (a Friday's is the Monday after). */
  reviewDay2: string;
  improvementWorkshop: string;
  impactReview: string;
}

/**
 * Where the demo's sessions fall, from the day it is loaded: review day 1 is that day, or the Monday after when it
 * is loaded at a weekend, and every session falls on a school day whatever day the demo is loaded.
 */
export function demoCalendar(today: Date): DemoCalendar {
  const reviewDay1 = schoolDayOnOrAfter(londonDay(today));
  return {
    preReviewMeeting: schoolDayOnOrAfter(addDays(reviewDay1, -40)),
    reviewDay1,
    reviewDay2: schoolDayOnOrAfter(addDays(reviewDay1, 1)),
    improvementWorkshop: schoolDayOnOrAfter(addDays(reviewDay1, 14)),
    impactReview: schoolDayOnOrAfter(addDays(reviewDay1, 120)),
  };
}
