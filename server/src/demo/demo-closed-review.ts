import {
  addAction,
  addEvidence,
  addFinding,
  appendParagraphs,
  contextFragment,
  documentName,
  feedbackText,
  londonDateTime,
  addDays,
  isWeekend,
  readActions,
  readFindings,
  setFeedbackDate,
  updateFinding,
  workshopFragment,
  type ActivityKind,
  type ContextSection,
  type DocumentPart,
  type EvidenceTag,
  type FindingKind,
  type Focus,
  type ReviewState,
  type WorkshopSection,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import type { Queryable } from '../db/client.ts';
import { demoPreviousCalendar, type DemoCalendar } from './demo-calendar.ts';
import { demoPartnership, demoSchools } from './demo-data.ts';

/**
 * Last year's review of Fenbrook, finished end to end (docs/domain.md b.2 states 1 to 14): the phonics review that
 * this year's self-review refers to ("Last year's review looked at phonics in Key Stage 1"). Entirely fictional.
 */
export const DEMO_CLOSED_REVIEW_ID = '6b1d0000-0000-4000-8000-000000000210';
const FENBROOK = demoSchools.find((s) => s.name === 'Fenbrook Primary')?.id ?? '';

const HOST_HEAD = 'host.head@fenbrook.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const LEAD_REVIEWER = 'lead.reviewer@summercroft.demo';
const CHAMPION = 'champion@littlewaltham.demo';

const TEAM: [string, string][] = [
  [HOST_HEAD, 'host_headteacher'],
  [LINK_LEAD, 'host_link_lead'],
  [LEAD_REVIEWER, 'lead_reviewer'],
  ['reviewer@hempshill.demo', 'peer_reviewer'],
  ['reviewer@princerock.demo', 'peer_reviewer'],
  [CHAMPION, 'improvement_champion'],
];

export const demoClosedFocus: Focus = {
  question:
    'To what extent does our phonics teaching in Key Stage 1 help the pupils who fall behind to catch up quickly?',
  rationale:
    'Year 1 phonics outcomes dipped two years running, and pupils who fell behind in Reception rarely caught up by the end of Year 2.',
  themes: ['our_impact', 'looking_inward'],
  subQuestions: [
    'How consistently is the phonics scheme taught across Reception, Year 1 and Year 2?',
    'How quickly are pupils at risk of falling behind identified and helped?',
    'How confident are all staff, including teaching assistants, in teaching phonics?',
  ],
  successDescriptors:
    'Every class follows one scheme with the same routines; pupils at risk are checked weekly and catch up within a term.',
  outOfScope: ['Key Stage 2 reading', 'Individual teacher appraisal'],
};

const context: Partial<Record<ContextSection, string[]>> = {
  schoolContext: [
    'Fenbrook is a one-form-entry primary school of around 200 pupils with a nursery, on the edge of a market town. Around a third of pupils are eligible for the pupil premium.',
  ],
  priorities: ['Raise phonics outcomes in Key Stage 1, especially for pupils who fall behind in Reception.'],
  our_impact: ['The share of Year 1 pupils meeting the phonics check standard fell for two years.'],
  looking_forward: [
    'We want every pupil to read fluently by the end of Year 2, so that they can read to learn in Key Stage 2.',
  ],
  looking_inward: [
    'Two phonics schemes are in use across Reception and Key Stage 1, and checks of pupils at risk happen once a half term.',
  ],
  looking_outward: [
    "We compare our phonics results with the cluster's each year, and visited one school's Reception class.",
  ],
  previousActions: [
    'Our first review with the cluster looked at writing in Key Stage 2; its actions (shared marking guidance and a termly moderation meeting) are part of our routine now.',
  ],
};

/** The evidence log (c.5), by the review team; E01… in order. */
const evidence: { activity: ActivityKind; by: string; source: string; observation: string; tag: EvidenceTag }[] = [
  {
    activity: 'leader_meeting',
    by: LEAD_REVIEWER,
    source: 'Headteacher and phonics lead',
    observation: 'Two schemes in use: Reception follows one, Years 1 and 2 another, with different sound cards.',
    tag: 'context',
  },
  {
    activity: 'learning_walk',
    by: 'reviewer@hempshill.demo',
    source: 'Reception, phonics session',
    observation: 'Brisk session; every pupil says the sound and blends with the teacher; actions used consistently.',
    tag: 'strength',
  },
  {
    activity: 'learning_walk',
    by: 'reviewer@princerock.demo',
    source: 'Year 1, phonics session',
    observation: 'Different sound cards from Reception; some pupils hesitate over the new grapheme names.',
    tag: 'development',
  },
  {
    activity: 'work_scrutiny',
    by: LEAD_REVIEWER,
    source: 'Year 1 and 2 reading records (names masked)',
    observation: 'Pupils at risk are checked once a half term; several had no check recorded since September.',
    tag: 'development',
  },
  {
    activity: 'staff_voice',
    by: 'reviewer@hempshill.demo',
    source: 'Teaching assistants, Key Stage 1',
    observation: 'Teaching assistants lead catch-up groups but have not been trained in either scheme.',
    tag: 'development',
  },
  {
    activity: 'pupil_voice',
    by: 'reviewer@princerock.demo',
    source: 'Six Year 2 pupils',
    observation: 'Pupils enjoy the reading books and can sound out unfamiliar words; two say the books are too hard.',
    tag: 'mixed',
  },
  {
    activity: 'data_review',
    by: LEAD_REVIEWER,
    source: 'Phonics tracking, aggregated by group',
    observation: 'Pupils in the catch-up groups made less progress than their peers over the autumn term.',
    tag: 'development',
  },
  {
    activity: 'lesson_visit',
    by: 'reviewer@hempshill.demo',
    source: 'Year 2, spelling lesson',
    observation: 'Teacher links spelling to the sounds taught, so pupils apply phonics in writing.',
    tag: 'strength',
  },
];

/** Findings (c.7), citing evidence by its position in the log (0 is E01). */
const findings: { kind: FindingKind; text: string; evidence: number[]; shareable?: boolean }[] = [
  {
    kind: 'strength',
    text: 'Reception phonics sessions are brisk and consistent, and every pupil takes part.',
    evidence: [1],
    shareable: true,
  },
  { kind: 'strength', text: 'Pupils apply what they learn in phonics to spelling and writing.', evidence: [7, 5] },
  {
    kind: 'development',
    text: 'Two schemes with different sound cards confuse some pupils moving from Reception to Year 1.',
    evidence: [0, 2],
  },
  {
    kind: 'development',
    text: 'Pupils at risk of falling behind are checked too rarely to be helped quickly.',
    evidence: [3, 6],
  },
  { kind: 'development', text: 'Teaching assistants who lead catch-up groups are untrained.', evidence: [4] },
  {
    kind: 'question',
    text: 'How can reading books be matched more closely to the sounds each pupil knows?',
    evidence: [5],
  },
];

const workshop: Record<WorkshopSection, string[]> = {
  focus: ['How might we make sure every pupil who falls behind in phonics catches up within a term?'],
  attendees: ['Headteacher, deputy head, phonics lead, two Key Stage 1 teachers and three teaching assistants.'],
  rootCauses: [
    'The second scheme was kept when the school changed schemes, to save the cost of new books.',
    'Checks of pupils at risk were planned half-termly, so gaps went unseen for weeks.',
    'Training was for teachers only.',
  ],
  ideas: [
    'One scheme from Reception to Year 2.',
    'Weekly five-minute checks of pupils at risk.',
    'Train every adult who teaches phonics.',
    'Swap reading books between classes.',
  ],
  priorities: ['One scheme throughout.', 'Weekly checks of pupils at risk.', 'Training for all staff.'],
  commitments: [
    'Phonics lead: audit the books against the scheme by half term.',
    'Each teaching assistant: observe one Reception session before leading a group.',
  ],
};

/** The action plan (c.10): the three actions this year's self-review reports as complete. */
const actions = [
  {
    action: 'Move Years 1 and 2 to the Reception phonics scheme, with its sound cards and matched books',
    ownerRole: 'Phonics lead',
    support: 'Summercroft shares its book-banding list (fictional)',
    successCriteria: 'One scheme and one set of sound cards in every class by the spring half term',
  },
  {
    action: 'Check pupils at risk of falling behind every week and adjust their group',
    ownerRole: 'Deputy head',
    support: '',
    successCriteria: 'A weekly check recorded for every pupil at risk; catch-up within a term for most',
  },
  {
    action: 'Train every teacher and teaching assistant who teaches phonics',
    ownerRole: 'Phonics lead',
    support: 'Hempshill hosts a virtual observation (fictional)',
    successCriteria: 'All staff trained and seen teaching the scheme in a drop-in',
  },
];

function encode(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    write(doc);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The five parts of the finished enquiry document, as the team left them. */
export function demoClosedDocuments(
  people: { id: (email: string) => string; name: (email: string) => string },
  dates: DemoCalendar,
): Record<DocumentPart, Uint8Array> {
  const evidenceIds: string[] = [];
  const evidenceDoc = encode((doc) => {
    for (const entry of evidence) {
      evidenceIds.push(
        addEvidence(doc, {
          activityType: entry.activity,
          reviewerId: people.id(entry.by),
          reviewerName: people.name(entry.by),
          source: entry.source,
          observation: entry.observation,
          tag: entry.tag,
        }),
      );
    }
  });
  return {
    context: encode((doc) => {
      for (const [section, paragraphs] of Object.entries(context) as [ContextSection, string[]][]) {
        appendParagraphs(contextFragment(doc, section), paragraphs);
      }
    }),
    evidence: evidenceDoc,
    findings: encode((doc) => {
      for (const finding of findings) {
        const id = addFinding(
          doc,
          finding.kind,
          finding.text,
          finding.evidence.map((i) => evidenceIds[i] ?? ''),
        );
        updateFinding(doc, id, { strength: 'some' });
      }
      setFeedbackDate(doc, dates.reviewDay2);
      feedbackText(doc, 'attendees').insert(0, 'Headteacher, deputy head (link lead), the review team.');
      feedbackText(doc, 'hostResponse').insert(
        0,
        'The headteacher accepted the findings and asked for the workshop to focus on catching pupils up.',
      );
      feedbackText(doc, 'corrections').insert(
        0,
        'One factual correction: checks of pupils at risk are half-termly, not termly.',
      );
    }),
    workshop: encode((doc) => {
      for (const [section, paragraphs] of Object.entries(workshop) as [WorkshopSection, string[]][]) {
        appendParagraphs(workshopFragment(doc, section), paragraphs);
      }
    }),
    // The action plan as published. Its progress and the impact checkpoints are records (loadDemoFollowThrough).
    actions: encode((doc) => {
      actions.forEach((row, i) =>
        addAction(doc, {
          ...row,
          startsOn: dates.improvementWorkshop,
          dueOn: dates.impactReview,
          resources: i === 0 ? 'New sound cards for Years 1 and 2' : '',
          status: 'complete',
        }),
      );
    }),
  };
}

/** The states in order, the action that reached each, who took it and when (days after review day 1, or a date). */
function history(dates: DemoCalendar): { to: ReviewState; action: string; by: string; at: Date }[] {
  const day = (offset: number) => {
    const d = new Date(`${dates.reviewDay1}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + offset);
    return d.toISOString().slice(0, 10);
  };
  return [
    { to: 'self_review', action: 'accept_slot', by: HOST_HEAD, at: londonDateTime(day(-57), '16:00') },
    { to: 'self_review', action: 'submit_self_review', by: HOST_HEAD, at: londonDateTime(day(-50), '16:00') },
    { to: 'focus_agreed', action: 'agree_focus', by: HOST_HEAD, at: londonDateTime(dates.preReviewMeeting, '16:45') },
    { to: 'planned', action: 'plan', by: LEAD_REVIEWER, at: londonDateTime(day(-18), '16:00') },
    { to: 'ready', action: 'confirm_ready', by: LINK_LEAD, at: londonDateTime(day(-7), '16:00') },
    { to: 'in_review', action: 'open_review', by: LEAD_REVIEWER, at: londonDateTime(dates.reviewDay1, '08:30') },
    { to: 'synthesis', action: 'start_synthesis', by: LEAD_REVIEWER, at: londonDateTime(dates.reviewDay2, '13:00') },
    { to: 'feedback_given', action: 'give_feedback', by: LEAD_REVIEWER, at: londonDateTime(dates.reviewDay2, '15:00') },
    { to: 'report_agreed', action: 'accept_report', by: HOST_HEAD, at: londonDateTime(day(8), '16:00') },
    { to: 'workshop_scheduled', action: 'schedule_workshop', by: CHAMPION, at: londonDateTime(day(9), '16:00') },
    {
      to: 'workshop_held',
      action: 'hold_workshop',
      by: CHAMPION,
      at: londonDateTime(dates.improvementWorkshop, '17:15'),
    },
    { to: 'action_plan_published', action: 'publish_action_plan', by: HOST_HEAD, at: londonDateTime(day(22), '16:00') },
    { to: 'support_in_progress', action: 'start_support', by: HOST_HEAD, at: londonDateTime(day(22), '16:01') },
    {
      to: 'impact_review',
      action: 'begin_impact_review',
      by: HOST_HEAD,
      at: londonDateTime(dates.impactReview, '16:00'),
    },
    { to: 'closed', action: 'close', by: HOST_HEAD, at: londonDateTime(day(200), '16:00') },
  ];
}

/**
 * Loads last year's review, closed: team, every state change, sessions on school days of last year's demo terms,
 * both sign-offs and the five parts of its enquiry document. Loaded once, with the rest of the demo's reviews.
 */
export async function loadDemoClosedReview(tx: Queryable, today: Date, academicYear: string): Promise<void> {
  const dates = demoPreviousCalendar(today);
  const users = await tx<{ id: string; email: string; displayName: string }[]>`
    select id, email, display_name from users where email like '%.demo'`;
  const user = (email: string) => users.find((u) => u.email === email);
  const id = (email: string) => user(email)?.id ?? '';
  await tx`
    insert into reviews (id, partnership_id, host_school_id, academic_year, mode, state, starts_on, ends_on, focus, readiness, created_by, created_at)
    values (${DEMO_CLOSED_REVIEW_ID}, ${demoPartnership.id}, ${FENBROOK}, ${academicYear}, 'virtual', 'closed',
      ${dates.reviewDay1}, ${dates.reviewDay2}, ${tx.json(demoClosedFocus)},
      ${tx.json({ consentConfirmed: true, optOutListConfirmed: true, safeguardingBriefingDone: true, devicesTested: true })},
      ${id('partnership.lead@crosswalk.demo')}, ${londonDateTime(dates.preReviewMeeting, '09:00')})`;
  for (const [email, role] of TEAM) {
    await tx`insert into review_members (review_id, user_id, role) values (${DEMO_CLOSED_REVIEW_ID}, ${id(email)}, ${role})`;
  }
  const steps = history(dates);
  await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, at)
    values (${DEMO_CLOSED_REVIEW_ID}, null, 'draft', 'schedule', ${id('partnership.lead@crosswalk.demo')},
      ${new Date((steps[0]?.at.getTime() ?? 0) - 7 * 86_400_000)})`;
  let from: ReviewState = 'draft';
  for (const step of steps) {
    await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id, at)
      values (${DEMO_CLOSED_REVIEW_ID}, ${from}, ${step.to}, ${step.action}, ${id(step.by)}, ${step.at})`;
    from = step.to;
  }
  const sessions: [string, string, string, string, string][] = [
    ['pre_review_meeting', 'Pre-review meeting', dates.preReviewMeeting, '15:30', '16:30'],
    ['review_day', 'Review day 1', dates.reviewDay1, '08:30', '16:00'],
    ['review_day', 'Review day 2', dates.reviewDay2, '08:30', '13:00'],
    ['feedback_meeting', 'Feedback meeting', dates.reviewDay2, '14:00', '15:00'],
    ['improvement_workshop', 'Improvement workshop', dates.improvementWorkshop, '15:45', '17:15'],
    ['impact_review', 'Impact review', dates.impactReview, '16:00', '16:30'],
  ];
  for (const [kind, title, date, start, end] of sessions) {
    await tx`
      insert into review_sessions (review_id, kind, title, starts_at, ends_at)
      values (${DEMO_CLOSED_REVIEW_ID}, ${kind}, ${title}, ${londonDateTime(date, start)}, ${londonDateTime(date, end)})`;
  }
  const submitted = steps.find((s) => s.action === 'submit_self_review')?.at ?? null;
  await tx`update reviews set self_review_submitted_at = ${submitted} where id = ${DEMO_CLOSED_REVIEW_ID}`;
  const agreed = steps.find((s) => s.to === 'report_agreed')?.at ?? new Date();
  const documents = demoClosedDocuments({ id, name: (email) => user(email)?.displayName ?? email }, dates);
  // Each signature saved the document as it stood: findings and feedback done, workshop and action plan still empty.
  const signed: Record<DocumentPart, Uint8Array> = {
    ...documents,
    workshop: encode(() => {}),
    actions: encode(() => {}),
  };
  const signatures = [
    {
      role: 'lead_reviewer',
      by: LEAD_REVIEWER,
      state: 'feedback_given',
      note: null,
      at: new Date(agreed.getTime() - 3_600_000),
    },
    {
      role: 'host_headteacher',
      by: HOST_HEAD,
      state: 'report_agreed',
      note: 'Agreed, with the correction about half-termly checks.',
      at: agreed,
    },
  ] as const;
  for (const signature of signatures) {
    const label = signature.role === 'lead_reviewer' ? 'lead reviewer' : 'host headteacher';
    const [version] = await tx<{ id: string }[]>`
      insert into document_versions (review_id, label, created_by, created_at)
      values (${DEMO_CLOSED_REVIEW_ID}, ${`Signed off by the ${label}`}, ${id(signature.by)}, ${signature.at})
      returning id`;
    for (const [part, state] of Object.entries(signed) as [DocumentPart, Uint8Array][]) {
      await tx`insert into document_version_parts (version_id, part, state) values (${version?.id ?? null}, ${part}, ${state})`;
    }
    await tx`
      insert into review_sign_offs (review_id, role, signed_by, review_state, version_id, note, signed_at)
      values (${DEMO_CLOSED_REVIEW_ID}, ${signature.role}, ${id(signature.by)}, ${signature.state}, ${version?.id ?? null},
        ${signature.note}, ${signature.at})`;
  }
  for (const [part, snapshot] of Object.entries(documents) as [DocumentPart, Uint8Array][]) {
    await tx`
      insert into collab_documents (name, snapshot) values (${documentName(DEMO_CLOSED_REVIEW_ID, part)}, ${snapshot})
      on conflict (name) do nothing`;
  }
  // The host headteacher chose which strengths may be shared beyond the school (kept by the server, not the document).
  const findingsDoc = new Y.Doc();
  Y.applyUpdate(findingsDoc, documents.findings);
  for (const finding of readFindings(findingsDoc)) {
    if (findings.some((f) => f.shareable === true && f.text === finding.text)) {
      await tx`
        insert into finding_sharing (review_id, finding_id, shareable, set_by, set_at)
        values (${DEMO_CLOSED_REVIEW_ID}, ${finding.id}, true, ${id(HOST_HEAD)}, ${agreed})
        on conflict do nothing`;
    }
  }
  findingsDoc.destroy();
  await loadDemoFollowThrough(tx, documents.actions, dates, id);
}

/** The weekday on or after a day (an online huddle needs no school calendar, only a working day). */
function weekdayOnOrAfter(day: string): string {
  return isWeekend(day) ? weekdayOnOrAfter(addDays(day, 1)) : day;
}

/**
 * The plan followed through the year, as records (docs/actions.md, docs/impact-review.md): each action published,
 * on track after its first weeks and complete by the impact review; two impact huddles, the last rating every
 * action green, which is what let the host headteacher close the review.
 */
async function loadDemoFollowThrough(
  tx: Queryable,
  actionsPart: Uint8Array,
  dates: DemoCalendar,
  id: (email: string) => string,
): Promise<void> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, actionsPart);
  const rows = readActions(doc);
  doc.destroy();
  const offset = (days: number) => addDays(dates.reviewDay1, days);
  const published = londonDateTime(offset(22), '16:00');
  const onTrack = londonDateTime(weekdayOnOrAfter(offset(45)), '16:30');
  const complete = londonDateTime(weekdayOnOrAfter(offset(110)), '16:30');
  for (const [position, row] of rows.entries()) {
    await tx`
      insert into review_actions (review_id, id, label, position, text, owner_role, starts_on, due_on,
        success_criteria, support_needed, status, created_at, updated_at)
      values (${DEMO_CLOSED_REVIEW_ID}, ${row.id}, ${row.label}, ${position}, ${row.action}, ${row.ownerRole},
        ${row.startsOn}, ${row.dueOn}, ${row.successCriteria}, ${row.support}, 'complete', ${published}, ${complete})`;
    await tx`
      insert into review_action_updates (review_id, action_id, author_user_id, from_status, to_status, note, created_at)
      values
        (${DEMO_CLOSED_REVIEW_ID}, ${row.id}, ${id(HOST_HEAD)}, 'not_started', 'on_track',
          ${position === 1 ? 'Weekly checks recorded for every pupil at risk since the first week back.' : null}, ${onTrack}),
        (${DEMO_CLOSED_REVIEW_ID}, ${row.id}, ${id(HOST_HEAD)}, 'on_track', 'complete', null, ${complete})`;
  }
  const huddles = [
    {
      at: londonDateTime(weekdayOnOrAfter(offset(70)), '15:45'),
      by: HOST_HEAD,
      attendees: 'Headteacher, phonics lead and improvement champion (video call).',
      evidence: 'Nine of the twelve pupils in the catch-up groups now read the week’s sounds at the expected pace.',
      adjustments: 'Staff training moves to the INSET day, so every teaching assistant is trained before Easter.',
      ratings: ['green', 'green', 'amber'] as const,
    },
    {
      at: londonDateTime(dates.impactReview, '16:00'),
      by: HOST_HEAD,
      attendees: 'Headteacher, lead reviewer and improvement champion (video call).',
      evidence:
        'All three actions are complete. Pupils in the catch-up groups now make the same progress as their peers, and the Year 1 phonics check results rose.',
      adjustments: "Keep the weekly checks; look at reading fluency in Years 3 and 4 in next year's review.",
      ratings: ['green', 'green', 'green'] as const,
    },
  ];
  for (const huddle of huddles) {
    const [checkpoint] = await tx<{ id: string }[]>`
      insert into impact_checkpoints (review_id, scheduled_at, scheduled_by, created_at, recorded_at, recorded_by,
        attendees, evidence, adjustments)
      values (${DEMO_CLOSED_REVIEW_ID}, ${huddle.at}, ${id(HOST_HEAD)}, ${published},
        ${new Date(huddle.at.getTime() + 30 * 60_000)}, ${id(huddle.by)}, ${huddle.attendees}, ${huddle.evidence},
        ${huddle.adjustments})
      returning id`;
    for (const [i, row] of rows.entries()) {
      await tx`
        insert into impact_ratings (checkpoint_id, review_id, action_id, rating)
        values (${checkpoint?.id ?? null}, ${DEMO_CLOSED_REVIEW_ID}, ${row.id}, ${huddle.ratings[i] ?? 'green'})`;
    }
  }
}
