import { addDays, londonDay, schoolDayOnOrAfter, type CalendarEvent, type SchoolCalendar } from '@crosswalk/shared';

/** Days of term the demo's local authorities have before and after the day the demo is loaded. */
const TERM_BEFORE_DAYS = 70;
const TERM_AFTER_DAYS = 200;

/**
 * The term every demo local authority is given: placed around the day the demo is loaded, so the demo's sessions
 * are in term whatever day that is (real term dates would put a demo loaded in August in the summer holiday).
 */
export function demoTerm(today: Date): CalendarEvent {
  const day = londonDay(today);
  return {
    kind: 'term',
    from: addDays(day, -TERM_BEFORE_DAYS),
    to: addDays(day, TERM_AFTER_DAYS),
    label: 'Demo term (placed around the day the demo was loaded)',
  };
}

/** The host school's calendar in the demo: its authority's demo term, with weekends and bank holidays. */
export function demoSchoolCalendar(today: Date): SchoolCalendar {
  return { layers: [{ scope: 'local_authority', events: [demoTerm(today)] }] };
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
 * Where the demo's sessions fall, from the day it is loaded: review day 1 is that day, or the next school day when it
 * is loaded at a weekend or on a bank holiday, and every session falls on a school day of the demo calendar.
 */
export function demoCalendar(today: Date): DemoCalendar {
  const calendar = demoSchoolCalendar(today);
  const onOrAfter = (day: string) => schoolDayOnOrAfter(calendar, day);
  const reviewDay1 = onOrAfter(londonDay(today));
  return {
    preReviewMeeting: onOrAfter(addDays(reviewDay1, -40)),
    reviewDay1,
    reviewDay2: onOrAfter(addDays(reviewDay1, 1)),
    improvementWorkshop: onOrAfter(addDays(reviewDay1, 14)),
    impactReview: onOrAfter(addDays(reviewDay1, 120)),
  };
}
