import {
  addDays,
  clashesWithKs2Tests,
  daysBetween,
  isSchoolDay,
  isoWeekday,
  londonDateTime,
  londonDay,
  type CalendarDay,
  type Focus,
  type Rota,
  type RotaEntry,
  type ReviewState,
  type SchoolCalendar,
} from '@crosswalk/shared';
import type { Queryable } from '../db/client.ts';
import { academicYearOf, demoCalendar, demoSchoolCalendar } from './demo-calendar.ts';
import { demoPartnership, demoSchoolOf, demoSchools } from './demo-data.ts';

type SchoolName = (typeof demoSchools)[number]['name'];

/** A review of the cluster's year besides Fenbrook's (docs/domain.md g.1), with its team. */
export interface DemoYearReview {
  id: string;
  host: SchoolName;
  hostHead: string;
  state: ReviewState;
  /** Days after Fenbrook's first review day, as in the cluster's schedule (g.1); moved on to school days. */
  offset: number;
  /** Review days: one or two, as in g.1. */
  length: 1 | 2;
  lead: string;
  peers: string[];
  champion: string;
  focus?: Focus;
}

/** Fenbrook's team as the rota holds it (the link lead is the host's, not the rota's). */
export const fenbrookRotaTeam = {
  lead: 'lead.reviewer@summercroft.demo',
  peers: ['reviewer@hempshill.demo', 'reviewer@princerock.demo'],
  champion: 'champion@littlewaltham.demo',
};

/** Little Waltham's enquiry focus, agreed at its pre-review meeting. Entirely fictional. */
const littleWalthamFocus: Focus = {
  question:
    'To what extent does talk in Key Stage 1 mathematics lessons help pupils explain and justify their thinking?',
  rationale:
    'Pupils reach the expected standard in arithmetic, but few explain how they know an answer is right. Oracy is a priority of the school improvement plan this year.',
  themes: ['looking_inward', 'looking_forward'],
  subQuestions: [
    'How often do pupils talk in pairs about their methods, and how is that talk structured?',
    'How well do adults model mathematical vocabulary?',
    'What do pupils say about explaining their thinking?',
  ],
  successDescriptors:
    'Pupils in every Key Stage 1 class use full sentences and the right vocabulary to explain a method and say why it works.',
  outOfScope: ['Early Years', 'Individual teacher appraisal'],
};

/**
 * The other reviews of the year, in the order and spacing of g.1 (Little Waltham, Hempshill, Summercroft, Prince
 * Rock), then Northgate, the demo's sixth school, so that every school hosts. Teams keep the rota's rules
 * (docs/domain.md f): a trained lead reviewer and two peer reviewers from other local authorities, an improvement
 * champion from a school with no part in the review, and no two schools reviewing each other.
 */
export const demoYearReviews: DemoYearReview[] = [
  {
    id: '6b1d0000-0000-4000-8000-000000000202',
    host: 'Little Waltham CE Primary',
    hostHead: 'head@littlewaltham.demo',
    state: 'focus_agreed',
    offset: 70,
    length: 1,
    lead: 'lead.reviewer@summercroft.demo',
    peers: ['head@summercroft.demo', 'reviewer@hempshill.demo'],
    champion: 'head@princerock.demo',
    focus: littleWalthamFocus,
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000203',
    host: 'Hempshill Primary',
    hostHead: 'reviewer@hempshill.demo',
    state: 'self_review',
    offset: 98,
    length: 2,
    lead: 'head@princerock.demo',
    peers: ['reviewer@princerock.demo', 'head@northgate.demo'],
    champion: 'champion@littlewaltham.demo',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000204',
    host: 'Summercroft Primary',
    hostHead: 'head@summercroft.demo',
    state: 'self_review',
    offset: 119,
    length: 2,
    lead: 'deputy@northgate.demo',
    peers: ['reviewer@hempshill.demo', 'head@northgate.demo'],
    champion: 'champion@littlewaltham.demo',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000205',
    host: 'Prince Rock Primary',
    hostHead: 'head@princerock.demo',
    state: 'draft',
    offset: 203,
    length: 1,
    lead: 'head@littlewaltham.demo',
    peers: ['lead.reviewer@summercroft.demo', 'head@summercroft.demo'],
    champion: 'deputy@northgate.demo',
  },
  {
    id: '6b1d0000-0000-4000-8000-000000000206',
    host: 'Northgate Primary',
    hostHead: 'head@northgate.demo',
    // Accepted already, so Northgate's head has no slot waiting in the demo (the lifecycle's browser test offers them
    // one of its own to accept).
    state: 'self_review',
    offset: 217,
    length: 1,
    lead: 'head@princerock.demo',
    peers: ['reviewer@princerock.demo', 'head@littlewaltham.demo'],
    champion: 'head@summercroft.demo',
  },
];

export interface PlacedReview extends DemoYearReview {
  days: CalendarDay[];
}

export interface DemoYearPlan {
  academicYear: string;
  fenbrookDay: CalendarDay;
  reviews: PlacedReview[];
}

/** Searching further than this for a slot means the calendars are wrong. */
const MAX_SEARCH_DAYS = 400;

/**
 * Where the year's reviews fall when the demo is loaded `today`: after Fenbrook's, at g.1's spacing, each moved on to
 * the first days that are school days for the host and every reviewer's school, outside the KS2 test week, with two
 * review days in the same week. Loaded late in the year, the spacing shrinks so the reviews end by 15 July, keeping
 * a week between them.
 */
export function demoYearPlan(today: Date): DemoYearPlan {
  const fenbrook = demoCalendar(today);
  const academicYear = academicYearOf(fenbrook.reviewDay1);
  const windowEnd = `${Number(academicYear.slice(0, 4)) + 1}-07-15`;
  const lastOffset = Math.max(...demoYearReviews.map((r) => r.offset));
  const scale = Math.min(1, Math.max(0, daysBetween(fenbrook.reviewDay1, windowEnd)) / lastOffset);
  const calendars = new Map<string, SchoolCalendar>(
    demoSchools.map((s) => [s.name, demoSchoolCalendar(today, s.name)]),
  );
  const open = (school: string, day: CalendarDay) =>
    isSchoolDay(calendars.get(school) ?? { layers: [] }, day).schoolDay && !clashesWithKs2Tests('primary', day);

  let previousStart = fenbrook.reviewDay1;
  let previousEnd = fenbrook.reviewDay2;
  const reviews: PlacedReview[] = [];
  for (const review of demoYearReviews) {
    const schools = new Set([review.host, ...[review.lead, ...review.peers].map((e) => demoSchoolOf(e)?.name ?? '')]);
    const fits = (start: CalendarDay) =>
      (review.length === 1 || isoWeekday(start) <= 4) &&
      Array.from({ length: review.length }, (_, i) => addDays(start, i)).every((day) =>
        [...schools].every((school) => open(school, day)),
      );
    const candidates = [
      addDays(fenbrook.reviewDay1, Math.round(review.offset * scale)),
      addDays(previousStart, 7),
      addDays(previousEnd, 1),
    ].sort();
    let start = candidates.at(-1) ?? previousEnd;
    for (let i = 0; i < MAX_SEARCH_DAYS && !fits(start); i += 1) {
      start = addDays(start, 1);
    }
    const days = Array.from({ length: review.length }, (_, i) => addDays(start, i));
    reviews.push({ ...review, days });
    previousStart = start;
    previousEnd = days.at(-1) ?? start;
  }
  return { academicYear, fenbrookDay: fenbrook.reviewDay1, reviews };
}

/** Days before the load day that the partnership lead published the rota (g.2: "draft, 15 Sep"). */
export const ROTA_PUBLISHED_DAYS_AGO = 60;

/**
 * The cluster's rota of the year, published, and the reviews it created in their states, teams and review days.
 * Loaded once, with the Fenbrook review (`demo-review.ts`) whose id the rota also records.
 */
export async function loadDemoYear(tx: Queryable, today: Date, fenbrookReviewId: string): Promise<void> {
  const plan = demoYearPlan(today);
  const users = await tx<{ id: string; email: string }[]>`select id, email from users where email like '%.demo'`;
  const idOf = (email: string) => {
    const id = users.find((u) => u.email === email)?.id;
    if (!id) {
      throw new Error(`demo account ${email} is missing`);
    }
    return id;
  };
  const schoolId = (name: string) => demoSchools.find((s) => s.name === name)?.id ?? '';
  const partnershipLead = idOf('partnership.lead@crosswalk.demo');
  const publishedAt = londonDateTime(londonDay(today, -ROTA_PUBLISHED_DAYS_AGO), '10:00');

  for (const [index, review] of plan.reviews.entries()) {
    const first = review.days[0] ?? plan.fenbrookDay;
    await tx`
      insert into reviews (id, partnership_id, host_school_id, academic_year, mode, state, starts_on, ends_on, focus, created_by, created_at)
      values (${review.id}, ${demoPartnership.id}, ${schoolId(review.host)}, ${plan.academicYear}, 'virtual', ${review.state},
        ${first}, ${review.days.at(-1) ?? first}, ${review.focus ? tx.json(review.focus) : null}, ${partnershipLead}, ${publishedAt})`;
    const team: [string, string][] = [
      [review.hostHead, 'host_headteacher'],
      [review.lead, 'lead_reviewer'],
      ...review.peers.map((email): [string, string] => [email, 'peer_reviewer']),
      [review.champion, 'improvement_champion'],
    ];
    for (const [email, role] of team) {
      await tx`
        insert into review_members (review_id, user_id, role, added_by, added_at)
        values (${review.id}, ${idOf(email)}, ${role}, ${partnershipLead}, ${publishedAt})`;
    }
    await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, note, at)
      values (${review.id}, null, 'draft', 'schedule', ${partnershipLead}, 'From the published rota', ${publishedAt})`;
    // The host head accepted the slot a few weeks after the rota came out; Little Waltham's focus was then agreed at
    // its pre-review meeting, held online on a school day of the host and the lead reviewer.
    const meeting = pastMeetingDay(today, [review.host, demoSchoolOf(review.lead)?.name ?? review.host]);
    const steps: { state: ReviewState; action: string; at: Date }[] = [
      { state: 'self_review', action: 'accept_slot', at: londonDateTime(londonDay(today, -50 + index * 2), '16:30') },
      { state: 'focus_agreed', action: 'agree_focus', at: londonDateTime(meeting, '17:00') },
    ];
    let from: ReviewState = 'draft';
    for (const step of steps.slice(0, ['draft', 'self_review', 'focus_agreed'].indexOf(review.state))) {
      if (step.state === 'focus_agreed') {
        // The self-review was submitted the day before the pre-review meeting.
        const submitted = new Date(step.at.getTime() - 86_400_000);
        await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, at)
          values (${review.id}, 'self_review', 'self_review', 'submit_self_review', ${idOf(review.hostHead)}, ${submitted})`;
        await tx`update reviews set self_review_submitted_at = ${submitted} where id = ${review.id}`;
      }
      await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, at)
        values (${review.id}, ${from}, ${step.state}, ${step.action}, ${idOf(review.hostHead)}, ${step.at})`;
      from = step.state;
    }
    if (review.state === 'focus_agreed') {
      await tx`
        insert into review_sessions (review_id, kind, title, starts_at, ends_at)
        values (${review.id}, 'pre_review_meeting', 'Pre-review meeting', ${londonDateTime(meeting, '15:45')}, ${londonDateTime(meeting, '16:45')})`;
    }
    for (const [i, day] of review.days.entries()) {
      await tx`
        insert into review_sessions (review_id, kind, title, starts_at, ends_at)
        values (${review.id}, 'review_day', ${review.days.length > 1 ? `Review day ${i + 1}` : 'Review day'},
          ${londonDateTime(day, '08:30')}, ${londonDateTime(day, i === 0 ? '15:30' : '13:00')})`;
    }
  }

  const entries: RotaEntry[] = [
    {
      hostSchoolId: schoolId('Fenbrook Primary'),
      days: [plan.fenbrookDay],
      leadReviewerId: idOf(fenbrookRotaTeam.lead),
      peerReviewerIds: fenbrookRotaTeam.peers.map(idOf),
      championId: idOf(fenbrookRotaTeam.champion),
    },
    ...plan.reviews.map((review) => ({
      hostSchoolId: schoolId(review.host),
      // The rota holds each review's first day; a second review day is the review's own session (g.1 mixes one- and
      // two-day reviews, and the rota's reviews all have one length).
      days: [review.days[0] ?? plan.fenbrookDay],
      leadReviewerId: idOf(review.lead),
      peerReviewerIds: review.peers.map(idOf),
      championId: idOf(review.champion),
    })),
  ];
  const rota: Rota = {
    academicYear: plan.academicYear,
    options: { peerReviewers: 2, reviewDays: 1, allowSameLocalAuthority: false, seed: 1 },
    entries,
  };
  await tx`
    insert into rota_drafts (partnership_id, academic_year, rota, updated_by, updated_at, published_at, published_by)
    values (${demoPartnership.id}, ${plan.academicYear}, ${tx.json(rota as never)}, ${partnershipLead}, ${publishedAt},
      ${publishedAt}, ${partnershipLead})`;
  const published: [string, string][] = [
    [schoolId('Fenbrook Primary'), fenbrookReviewId],
    ...plan.reviews.map((r): [string, string] => [schoolId(r.host), r.id]),
  ];
  for (const [hostSchoolId, reviewId] of published) {
    await tx`
      insert into rota_reviews (partnership_id, academic_year, host_school_id, review_id)
      values (${demoPartnership.id}, ${plan.academicYear}, ${hostSchoolId}, ${reviewId})`;
  }
}

/** A school day of every one of `schools` about two weeks before the load day. */
function pastMeetingDay(today: Date, schools: string[]): CalendarDay {
  let day = londonDay(today, -16);
  for (let i = 0; i < MAX_SEARCH_DAYS; i += 1, day = addDays(day, 1)) {
    if (schools.every((school) => isSchoolDay(demoSchoolCalendar(today, school), day).schoolDay)) {
      return day;
    }
  }
  return day;
}
