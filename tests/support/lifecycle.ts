import {
  FrameworkThemes,
  addAction,
  addEvidence,
  addFinding,
  appendParagraphs,
  contextFragment,
  documentName,
  feedbackText,
  type ImpactOverview,
  setFeedbackDate,
  type DocumentPart,
} from '@crosswalk/shared';
import type * as Y from 'yjs';
import { DEMO_PASSWORD } from './fixtures.ts';
import { HttpClient } from './http-client.ts';
import type { TestServer } from './test-server.ts';

/** The demo's cross-regional cluster, and Hempshill, the school whose new reviews most lifecycle tests walk. */
export const DEMO_CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
export const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';
/** Hempshill's headteacher, who hosts its reviews. */
export const HEMPSHILL_HEAD = 'reviewer@hempshill.demo';
/** The people around a new Hempshill review in the lifecycle tests, by what each is to it: their demo emails. */
export const HEMPSHILL_PEOPLE = {
  host: HEMPSHILL_HEAD,
  lead: 'lead.reviewer@summercroft.demo',
  champion: 'champion@littlewaltham.demo',
  partnershipLead: 'partnership.lead@crosswalk.demo',
  /** The headteacher of a school in the cluster with no part in the review. */
  outsider: 'head@northgate.demo',
} as const;

/**
 * "Do the work of this step" for tests that walk a review through its lifecycle: each helper writes what the
 * people of that step would write in the enquiry document, through the server's own live documents (as every
 * editor's change arrives), so the lifecycle's guards read it exactly as they would in use.
 */
async function write<T>(
  server: TestServer,
  reviewId: string,
  part: DocumentPart,
  change: (doc: Y.Doc) => T,
): Promise<T> {
  const collab = server.crosswalk.live.realtime?.collab;
  if (!collab) {
    throw new Error('the test server does not serve the live documents (SERVICES needs realtime)');
  }
  return collab.withDocument(documentName(reviewId, part), (doc) => {
    let result: T | undefined;
    doc.transact(() => {
      result = change(doc);
    });
    return result as T;
  });
}

/** The host headteacher writes the self-review under the four framework themes (c.2). */
export async function writeSelfReview(server: TestServer, reviewId: string): Promise<void> {
  await write(server, reviewId, 'context', (doc) => {
    for (const theme of FrameworkThemes) {
      appendParagraphs(contextFragment(doc, theme), [`What we know about ${theme.replace(/_/g, ' ')}.`]);
    }
  });
}

/** The review team logs a piece of evidence and a finding linked to it (c.5, c.7); returns the finding's id. */
export async function recordFinding(server: TestServer, reviewId: string, reviewer: { id: string; name: string }) {
  const evidenceId = await write(server, reviewId, 'evidence', (doc) =>
    addEvidence(doc, {
      activityType: 'learning_walk',
      reviewerId: reviewer.id,
      reviewerName: reviewer.name,
      source: 'Y4 class, fluency slot',
      observation: 'Every pupil read the text aloud in pairs.',
      tag: 'strength',
    }),
  );
  return write(server, reviewId, 'findings', (doc) =>
    addFinding(doc, 'strength', 'The routine is taught consistently in Year 4.', [evidenceId]),
  );
}

/** The lead reviewer fills in the feedback record (c.8): its date and who attended. */
export async function recordFeedback(server: TestServer, reviewId: string, date: string): Promise<void> {
  await write(server, reviewId, 'findings', (doc) => {
    setFeedbackDate(doc, date);
    feedbackText(doc, 'attendees').insert(0, 'Headteacher, deputy head, the review team.');
  });
}

/** The host school writes a complete action (c.10): owner, start and due dates, success criteria. */
export async function writeActionPlan(server: TestServer, reviewId: string): Promise<void> {
  await write(server, reviewId, 'actions', (doc) =>
    addAction(doc, {
      action: 'Teach the fluency routine daily in every Y3–4 class',
      ownerRole: 'English lead',
      startsOn: '2027-01-04',
      dueOn: '2027-03-26',
      successCriteria: 'Seen daily in every class at two drop-ins',
    }),
  );
}

/**
 * The host headteacher schedules an impact checkpoint on `date` and records its huddle with every action in the plan
 * rated green (docs/impact-review.md), through the API as the page does. The impact clock must have reached `date`.
 */
export async function recordImpactHuddle(host: HttpClient, reviewId: string, date: string): Promise<void> {
  const scheduled = await host.post(`/api/reviews/${reviewId}/impact/checkpoints`, { date, time: '15:45' });
  if (scheduled.status !== 201) {
    throw new Error(`scheduling the checkpoint answered ${scheduled.status}: ${JSON.stringify(scheduled.body)}`);
  }
  const overview = scheduled.body as ImpactOverview;
  const checkpoint = overview.checkpoints.find((c) => c.date === date && c.record === null);
  const recorded = await host.post(`/api/reviews/${reviewId}/impact/checkpoints/${checkpoint?.id ?? ''}/record`, {
    attendees: 'Headteacher, lead reviewer and improvement champion.',
    ratings: Object.fromEntries(overview.actions.map((action) => [action.id, 'green'])),
    evidence: 'Fluency scores rose in every Year 3 and 4 class.',
    adjustments: 'None this term.',
  });
  if (recorded.status !== 201) {
    throw new Error(`recording the huddle answered ${recorded.status}: ${JSON.stringify(recorded.body)}`);
  }
}

/**
 * A new review of Hempshill in the demo cluster, created by the partnership lead as the app does, with `team` added
 * (email → role) and put straight into `state`: the steps before it have tests of their own. Returns its id.
 */
export async function newHempshillReview(
  server: TestServer,
  options: { state?: string; team?: Record<string, string>; academicYear?: string } = {},
): Promise<string> {
  const lead = new HttpClient(server.url);
  await lead.login('partnership.lead@crosswalk.demo', DEMO_PASSWORD);
  const created = await lead.post('/api/reviews', {
    partnershipId: DEMO_CLUSTER,
    hostSchoolId: HEMPSHILL,
    academicYear: options.academicYear ?? '2026-27',
  });
  if (created.status !== 201) {
    throw new Error(`creating the review answered ${created.status}: ${JSON.stringify(created.body)}`);
  }
  const reviewId = (created.body as { id: string }).id;
  const sql = server.crosswalk.db.sql;
  for (const [email, role] of Object.entries(options.team ?? {})) {
    await sql`insert into review_members (review_id, user_id, role)
      select ${reviewId}, id, ${role} from users where email = ${email}`;
  }
  if (options.state) {
    await sql`update reviews set state = ${options.state} where id = ${reviewId}`;
  }
  return reviewId;
}

/** The host headteacher takes each lifecycle step in turn (e.g. publishing the plan); every one must succeed. */
export async function hostTakes(server: TestServer, reviewId: string, ...actions: string[]): Promise<void> {
  const host = new HttpClient(server.url);
  await host.login(HEMPSHILL_HEAD, DEMO_PASSWORD);
  for (const action of actions) {
    const answer = await host.post(`/api/reviews/${reviewId}/transitions`, { action });
    if (answer.status !== 200) {
      throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
  }
}

/** The lead reviewer adds "Review day 1" (24 February 2027, 08:30–16:00) to the timetable; returns its session id. */
export async function addReviewDay(lead: HttpClient, reviewId: string): Promise<string> {
  const added = await lead.post(`/api/reviews/${reviewId}/sessions`, {
    kind: 'review_day',
    title: 'Review day 1',
    startsAt: '2027-02-24T08:30:00Z',
    endsAt: '2027-02-24T16:00:00Z',
  });
  const day = (added.body as { sessions?: { id: string; kind: string }[] }).sessions?.find(
    (s) => s.kind === 'review_day',
  );
  if (!day) {
    throw new Error(`adding the review day answered ${added.status}: ${JSON.stringify(added.body)}`);
  }
  return day.id;
}

/** A new review of Hempshill (with `team`) whose host headteacher has published its one-action plan; returns its id. */
export async function hempshillPlanPublished(server: TestServer, team: Record<string, string> = {}): Promise<string> {
  const reviewId = await newHempshillReview(server, { state: 'workshop_held', team });
  await writeActionPlan(server, reviewId);
  await hostTakes(server, reviewId, 'publish_action_plan');
  return reviewId;
}
