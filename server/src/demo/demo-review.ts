import {
  appendParagraphs,
  contextFragment,
  documentName,
  londonDateTime,
  londonDay,
  type ContextSection,
  type Focus,
  type ReviewState,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import type { Queryable } from '../db/client.ts';
import { loadDemoClosedReview } from './demo-closed-review.ts';
import { academicYearOf, demoAuthorityEvents, demoCalendar, yearBefore } from './demo-calendar.ts';
import { demoPartnership, demoSchools } from './demo-data.ts';
import { loadDemoYear, ROTA_PUBLISHED_DAYS_AGO } from './demo-year.ts';

export const DEMO_REVIEW_ID = '6b1d0000-0000-4000-8000-000000000201';
const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';

/** The enquiry focus of the sample review, entirely fictional. */
export const demoFocus: Focus = {
  question:
    'To what extent does our daily fluency routine in Years 3 and 4 help disadvantaged pupils read accurately and with stamina across the curriculum?',
  rationale:
    'Y3–4 disadvantaged pupils are falling behind their peers in reading fluency. A daily fluency routine began in September; its consistency has not yet been checked.',
  themes: ['looking_inward', 'our_impact'],
  subQuestions: [
    'How consistently is the routine taught across the two classes?',
    "How well do texts match pupils' reading accuracy?",
    'What do disadvantaged pupils say about reading, and how confident are they?',
    'How well do staff understand the routine, and what training have they had?',
  ],
  successDescriptors:
    'Every Y3–4 class teaches the full routine daily; disadvantaged pupils read texts they can decode at high accuracy and talk confidently about reading.',
  outOfScope: ['KS1 phonics', 'Individual teacher appraisal'],
};

/**
 * The host school's context and self-review (docs/domain.md c.2), written before the review as a host would: bands
 * and groups, never a pupil. Entirely fictional.
 */
export const demoContext: Record<ContextSection, string[]> = {
  schoolContext: [
    'Fenbrook is a one-form-entry primary school of 210 pupils with a 26-place nursery, on the edge of a market town. Around a third of pupils are eligible for the pupil premium, above the national average; 12% speak English as an additional language.',
    'The headteacher has been in post for three years. Most teachers are in their first five years of teaching, and the English lead took on the role last September.',
  ],
  priorities: [
    'Raise reading fluency in Years 3 and 4, especially for disadvantaged pupils.',
    'Make sure every pupil reads books matched to the sounds and words they know well.',
    'Develop middle leaders so that subject leads check the quality of teaching in their subjects.',
  ],
  our_impact: [
    'Key stage 2 reading results are in line with the national average overall, but disadvantaged pupils are about a year behind their peers by the end of Year 4 in our own termly assessments.',
    'Phonics outcomes in Year 1 have risen for three years running.',
  ],
  looking_forward: [
    'We want every pupil to leave Year 4 reading accurately and fluently enough to read widely across the curriculum. The daily fluency routine is the main step towards that this year.',
  ],
  looking_inward: [
    'The fluency routine (echo, choral and paired reading of a short text, 20 minutes a day) began in September in both Year 3 and Year 4. We have not yet checked how consistently it is taught, or whether the texts are pitched at the right level for the pupils who need it most.',
    'Teaching assistants lead the routine for small groups two days a week; their training was a single twilight session.',
  ],
  looking_outward: [
    "We visited a school in our cluster that has used a similar routine for two years, and we use the cluster's shared reading assessment each term.",
  ],
  previousActions: [
    "Last year's review looked at phonics in Key Stage 1. The actions (a single phonics scheme, weekly checks of pupils at risk of falling behind, and training for all staff) are complete, and the Year 1 results above show their impact.",
  ],
};

/** The context part's document, as it stands when the demo is loaded: one Yjs update. */
export function demoContextDocument(): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const [section, paragraphs] of Object.entries(demoContext) as [ContextSection, string[]][]) {
      appendParagraphs(contextFragment(doc, section), paragraphs);
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const TEAM: [string, string][] = [
  ['host.head@fenbrook.demo', 'host_headteacher'],
  ['link.lead@fenbrook.demo', 'host_link_lead'],
  ['lead.reviewer@summercroft.demo', 'lead_reviewer'],
  ['reviewer@hempshill.demo', 'peer_reviewer'],
  ['reviewer@princerock.demo', 'peer_reviewer'],
  ['champion@littlewaltham.demo', 'improvement_champion'],
];

const PATH: [ReviewState, string][] = [
  ['self_review', 'accept_slot'],
  ['self_review', 'submit_self_review'],
  ['focus_agreed', 'agree_focus'],
  ['planned', 'plan'],
  ['ready', 'confirm_ready'],
  ['in_review', 'open_review'],
];

/**
 * The demo's reviews: the Fenbrook review on its first review day, last year's finished one, and the rest of the
 * cluster's rota of the year (`demo-year.ts`). The Fenbrook review, on its first review day. Sessions are placed around the day the demo is first loaded
 * (London time), so the dashboard always has something current, and all on school days (`demo-calendar.ts`);
 * loading again changes nothing.
 */
export async function loadDemoReview(tx: Queryable, today: Date): Promise<void> {
  const [existing] = await tx`select 1 from reviews where id = ${DEMO_REVIEW_ID}`;
  if (existing) {
    return;
  }
  const day = (offset: number) => londonDay(today, offset);
  const calendar = demoCalendar(today);
  const academicYear = academicYearOf(calendar.reviewDay1);
  // Every local authority of the cluster gets its demo term dates (half terms and INSET days differ between them);
  // every session below is placed on a school day of them.
  for (const [index, school] of demoSchools.entries()) {
    for (const event of demoAuthorityEvents(today, index)) {
      await tx`
        insert into calendar_events (local_authority_id, kind, starts_on, ends_on, label)
        select id, ${event.kind}, ${event.from}::date, ${event.to}::date, ${event.label}
        from local_authorities where name = ${school.localAuthority}`;
    }
  }
  await tx`
    insert into reviews (id, partnership_id, host_school_id, academic_year, mode, state, starts_on, ends_on, focus, readiness)
    values (${DEMO_REVIEW_ID}, ${demoPartnership.id}, ${FENBROOK}, ${academicYear}, 'virtual', 'in_review', ${calendar.reviewDay1}, ${calendar.reviewDay2},
      ${tx.json(demoFocus)},
      ${tx.json({ consentConfirmed: true, optOutListConfirmed: true, safeguardingBriefingDone: true, devicesTested: true })})`;
  // The host wrote the context and self-review before the review; the rest of the document starts empty.
  await tx`
    insert into collab_documents (name, snapshot) values (${documentName(DEMO_REVIEW_ID, 'context')}, ${demoContextDocument()})
    on conflict (name) do nothing`;
  for (const [email, role] of TEAM) {
    await tx`
      insert into review_members (review_id, user_id, role)
      select ${DEMO_REVIEW_ID}, id, ${role} from users where email = ${email}`;
  }
  const lead = tx`(select id from users where email = 'partnership.lead@crosswalk.demo')`;
  await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, at)
    values (${DEMO_REVIEW_ID}, null, 'draft', 'schedule', ${lead}, ${londonDateTime(day(-ROTA_PUBLISHED_DAYS_AGO), '10:00')})`;
  let from: ReviewState = 'draft';
  for (const [index, [to, action]] of PATH.entries()) {
    const actorEmail =
      action === 'plan' || action === 'open_review'
        ? 'lead.reviewer@summercroft.demo'
        : action === 'confirm_ready'
          ? 'link.lead@fenbrook.demo'
          : 'host.head@fenbrook.demo';
    await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, at)
      values (${DEMO_REVIEW_ID}, ${from}, ${to}, ${action}, (select id from users where email = ${actorEmail}),
        ${londonDateTime(day(index === PATH.length - 1 ? 0 : -50 + index * 10), index === PATH.length - 1 ? '08:30' : '16:00')})`;
    from = to;
  }
  await tx`
    update reviews set self_review_submitted_at = (
      select at from review_transitions where review_id = ${DEMO_REVIEW_ID} and action = 'submit_self_review')
    where id = ${DEMO_REVIEW_ID}`;

  const session = async (kind: string, title: string, date: string, start: string, end: string) => {
    const [row] = await tx<{ id: string }[]>`
      insert into review_sessions (review_id, kind, title, starts_at, ends_at)
      values (${DEMO_REVIEW_ID}, ${kind}, ${title}, ${londonDateTime(date, start)}, ${londonDateTime(date, end)})
      returning id`;
    return row?.id ?? '';
  };
  const activity = async (
    sessionId: string,
    kind: string,
    title: string,
    date: string,
    start: string,
    end: string,
    mode: string,
  ) => {
    await tx`
      insert into review_activities (session_id, kind, title, starts_at, ends_at, media_mode)
      values (${sessionId}, ${kind}, ${title}, ${londonDateTime(date, start)}, ${londonDateTime(date, end)}, ${mode})`;
  };

  await session('pre_review_meeting', 'Pre-review meeting', calendar.preReviewMeeting, '15:30', '16:30');
  const day1 = await session('review_day', 'Review day 1', calendar.reviewDay1, '08:30', '16:00');
  await activity(
    day1,
    'leader_meeting',
    'Meeting with the headteacher and English lead',
    calendar.reviewDay1,
    '08:45',
    '09:30',
    'video',
  );
  await activity(
    day1,
    'learning_walk',
    'Learning walk: Y3 fluency slot (Class A)',
    calendar.reviewDay1,
    '09:40',
    '10:10',
    'teacher_and_board',
  );
  await activity(
    day1,
    'learning_walk',
    'Learning walk: Y4 fluency slot (Class B)',
    calendar.reviewDay1,
    '10:15',
    '10:45',
    'teacher_and_board',
  );
  await activity(
    day1,
    'work_scrutiny',
    'Reading records and books (names masked)',
    calendar.reviewDay1,
    '11:00',
    '11:45',
    'document_camera',
  );
  await activity(
    day1,
    'pupil_voice',
    'Pupil voice: six Y3–4 pupils, host TA present',
    calendar.reviewDay1,
    '13:15',
    '13:45',
    'audio_only',
  );
  await activity(
    day1,
    'staff_voice',
    'Staff voice: two teachers and three TAs',
    calendar.reviewDay1,
    '15:30',
    '16:00',
    'video',
  );
  const day2 = await session('review_day', 'Review day 2', calendar.reviewDay2, '08:30', '13:00');
  await activity(
    day2,
    'lesson_visit',
    'Y4 history lesson visit',
    calendar.reviewDay2,
    '09:00',
    '09:45',
    'teacher_and_board',
  );
  await activity(
    day2,
    'data_review',
    'Fluency data, aggregated by group',
    calendar.reviewDay2,
    '10:00',
    '10:45',
    'screen_share',
  );
  await session('feedback_meeting', 'Feedback meeting', calendar.reviewDay2, '14:00', '15:00');
  await session('improvement_workshop', 'Improvement workshop', calendar.improvementWorkshop, '15:45', '17:15');
  await session('impact_review', 'Impact review', calendar.impactReview, '16:00', '16:30');

  await loadDemoClosedReview(tx, today, yearBefore(academicYear));
  await loadDemoYear(tx, today, DEMO_REVIEW_ID);
}
