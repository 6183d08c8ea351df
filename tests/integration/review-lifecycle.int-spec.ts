import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { addReviewDay, writeActionPlan, writeSelfReview } from '../support/lifecycle.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const SUMMERCROFT = '6b1d0000-0000-4000-8000-000000000101';
const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';

let server: TestServer;
const ids: Record<string, string> = {};
const as: Record<string, HttpClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  const rows = await server.crosswalk.db.sql<{ id: string; email: string }[]>`select id, email from users`;
  for (const row of rows) {
    ids[row.email] = row.id;
  }
  for (const email of [
    'partnership.lead@crosswalk.demo',
    'reviewer@hempshill.demo',
    'lead.reviewer@summercroft.demo',
    'reviewer@princerock.demo',
    'champion@littlewaltham.demo',
    'head@northgate.demo',
    'host.head@fenbrook.demo',
  ]) {
    as[email] = new HttpClient(server.url);
    await as[email].login(email, DEMO_PASSWORD);
  }
});
afterAll(() => server.close());

interface Detail {
  id: string;
  state: string;
  team: { userId: string; role: string }[];
  nextActions: { action: string; blockedBy: string | null }[];
}

describe('a review from slot to plan, through the API', () => {
  let reviewId: string;
  const lead = () => as['partnership.lead@crosswalk.demo'] as HttpClient;
  const hostHead = () => as['reviewer@hempshill.demo'] as HttpClient; // Hempshill's head hosts this review
  const transition = (client: HttpClient, action: string) =>
    client.post(`/api/reviews/${reviewId}/transitions`, { action });

  it('the partnership lead schedules a slot; the host school head joins the team automatically', async () => {
    const created = await lead().post('/api/reviews', {
      partnershipId: CLUSTER,
      hostSchoolId: HEMPSHILL,
      academicYear: '2026-27',
      startsOn: '2027-02-24',
      endsOn: '2027-02-25',
    });
    expect(created.status).toBe(201);
    const body = created.body as Detail;
    reviewId = body.id;
    expect(body.state).toBe('draft');
    expect(body.team).toEqual([
      expect.objectContaining({ userId: ids['reviewer@hempshill.demo'], role: 'host_headteacher' }),
    ]);
  });

  it('refuses to schedule for anyone but the partnership lead, or a school outside the cluster', async () => {
    const body = { partnershipId: CLUSTER, hostSchoolId: HEMPSHILL, academicYear: '2026-27' };
    expect((await (as['host.head@fenbrook.demo'] as HttpClient).post('/api/reviews', body)).status).toBe(403);
    const [outside] = await server.crosswalk.db.sql<{ id: string }[]>`
      insert into schools (name, phase) values ('Elsewhere Academy', 'secondary') returning id`;
    const response = await lead().post('/api/reviews', { ...body, hostSchoolId: outside?.id });
    expect((response.body as ErrorBody).error.fields?.[0]?.path).toBe('hostSchoolId');
  });

  it('the host head accepts the slot; repeating it is a 409 with the reason', async () => {
    expect((await transition(hostHead(), 'accept_slot')).status).toBe(200);
    const again = await transition(hostHead(), 'accept_slot');
    expect(again.status).toBe(409);
    expect((again.body as ErrorBody).error.message).toMatch(/Self-review/);
  });

  it('builds the team with the right checks', async () => {
    const add = (userId: string | undefined, role: string) =>
      lead().post(`/api/reviews/${reviewId}/team`, { userId, role });
    expect((await add(ids['lead.reviewer@summercroft.demo'], 'lead_reviewer')).status).toBe(201);
    expect((await add(ids['reviewer@princerock.demo'], 'peer_reviewer')).status).toBe(201);
    const duplicate = await add(ids['reviewer@princerock.demo'], 'peer_reviewer');
    expect(duplicate.status).toBe(409);
    expect((duplicate.body as ErrorBody).error.message).toMatch(/already on this review/);
    const secondLead = await add(ids['head@northgate.demo'], 'lead_reviewer');
    expect(secondLead.status).toBe(409);
    const hostReviewing = await add(ids['host.head@fenbrook.demo'], 'peer_reviewer');
    expect(hostReviewing.status).toBe(201);
    // The champion is from a school not involved: fine. A champion from a reviewer's school is not.
    expect((await add(ids['champion@littlewaltham.demo'], 'improvement_champion')).status).toBe(201);
    const [summercroftStaff] = await server.crosswalk.db.sql<{ id: string }[]>`
      insert into users (email, display_name) values ('another@summercroft.demo', 'Another Summercroft Leader') returning id`;
    await server.crosswalk.db
      .sql`insert into school_members (school_id, user_id, role) values (${SUMMERCROFT}, ${summercroftStaff?.id ?? ''}, 'senior_leader')`;
    await lead().request('DELETE', `/api/reviews/${reviewId}/team/${ids['champion@littlewaltham.demo'] ?? ''}`);
    const conflicted = await add(summercroftStaff?.id, 'improvement_champion');
    expect(conflicted.status).toBe(409);
    expect((conflicted.body as ErrorBody).error.message).toMatch(/not involved/);
  });

  it('the lead reviewer records the focus; the host head cannot approve an incomplete one', async () => {
    const leadReviewer = as['lead.reviewer@summercroft.demo'] as HttpClient;
    const incomplete = await leadReviewer.request('PUT', `/api/reviews/${reviewId}/focus`, {
      question: 'To what extent is maths mastery embedded?',
    });
    expect(incomplete.status).toBe(200);
    // The focus waits for the self-review, which waits for every framework theme.
    const unsubmitted = await transition(hostHead(), 'agree_focus');
    expect(unsubmitted.status).toBe(409);
    expect((unsubmitted.body as ErrorBody).error.message).toMatch(/not submitted the self-review/);
    const empty = await transition(hostHead(), 'submit_self_review');
    expect(empty.status).toBe(409);
    expect((empty.body as ErrorBody).error.message).toMatch(/still empty: Our Impact, Looking Forward/);
    await writeSelfReview(server, reviewId);
    const submitted = await transition(hostHead(), 'submit_self_review');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'self_review', selfReviewSubmittedAt: expect.any(String) as string });
    expect((await transition(hostHead(), 'submit_self_review')).status).toBe(409);
    const blocked = await transition(hostHead(), 'agree_focus');
    expect(blocked.status).toBe(409);
    expect((blocked.body as ErrorBody).error.message).toMatch(/rationale/);
    const badFocus = await leadReviewer.request('PUT', `/api/reviews/${reviewId}/focus`, {
      question: '',
      subQuestions: ['1', '2', '3', '4', '5', '6'],
    });
    expect((badFocus.body as ErrorBody).error.fields?.map((f) => f.path).sort()).toEqual(['question', 'subQuestions']);
    await leadReviewer.request('PUT', `/api/reviews/${reviewId}/focus`, {
      question: 'To what extent is maths mastery embedded in KS2?',
      rationale: 'New scheme introduced last year.',
      themes: ['looking_inward'],
      subQuestions: ['Consistency of the model', 'Use of manipulatives'],
      outOfScope: ['Individual teacher appraisal'],
    });
    const approved = await transition(hostHead(), 'agree_focus');
    expect((approved.body as Detail).state).toBe('focus_agreed');
    // Once approved, the lead reviewer can no longer change it.
    expect(
      (await leadReviewer.request('PUT', `/api/reviews/${reviewId}/focus`, { question: 'Something else?' })).status,
    ).toBe(403);
  });

  it('planning needs a review day with activities; pupil voice is always audio only', async () => {
    const leadReviewer = as['lead.reviewer@summercroft.demo'] as HttpClient;
    const blocked = await transition(leadReviewer, 'plan');
    expect((blocked.body as ErrorBody).error.message).toMatch(/review day/);
    const day = await addReviewDay(leadReviewer, reviewId);
    const withActivity = await leadReviewer.post(`/api/reviews/${reviewId}/sessions/${day}/activities`, {
      kind: 'pupil_voice',
      title: 'Pupil voice',
      startsAt: '2027-02-24T13:00:00Z',
      endsAt: '2027-02-24T13:30:00Z',
      mediaMode: 'video',
    });
    const activity = (withActivity.body as { sessions: { activities: { mediaMode: string }[] }[] }).sessions
      .flatMap((s) => s.activities)
      .at(0);
    expect(activity?.mediaMode).toBe('audio_only');
    const planned = await transition(leadReviewer, 'plan');
    expect((planned.body as Detail).state).toBe('planned');
  });

  it('records every step in an append-only history', async () => {
    const history = (await lead().get(`/api/reviews/${reviewId}/history`)).body as {
      history: { from: string | null; to: string; actor: { displayName: string } | null }[];
    };
    expect(history.history.map((h) => [h.from, h.to])).toEqual([
      [null, 'draft'],
      ['draft', 'self_review'],
      ['self_review', 'self_review'],
      ['self_review', 'focus_agreed'],
      ['focus_agreed', 'planned'],
    ]);
    expect(history.history[1]?.actor?.displayName).toBe('Peer Reviewer (Hempshill)');
  });

  it('serves a calendar invitation in UTC', async () => {
    const detail = (await lead().get(`/api/reviews/${reviewId}`)).body as { sessions: { id: string }[] };
    const response = await lead().request(
      'GET',
      `/api/reviews/${reviewId}/sessions/${detail.sessions[0]?.id ?? ''}/invitation.ics`,
    );
    expect(response.headers.get('content-type')).toContain('text/calendar');
    expect(String(response.body)).toMatch(/BEGIN:VEVENT[\s\S]*DTSTART:20270224T083000Z[\s\S]*END:VCALENDAR/);
  });

  it('pauses and resumes where it was', async () => {
    expect(((await transition(lead(), 'pause')).body as Detail).state).toBe('paused');
    expect(((await transition(lead(), 'resume')).body as Detail).state).toBe('planned');
  });

  it('publishing the action plan moves on to support by itself', async () => {
    await server.crosswalk.db.sql`update reviews set state = 'workshop_held' where id = ${reviewId}`;
    const empty = await transition(hostHead(), 'publish_action_plan');
    expect((empty.body as ErrorBody).error.message).toMatch(/at least one action/);
    await writeActionPlan(server, reviewId);
    const published = await transition(as['host.head@fenbrook.demo'] as HttpClient, 'publish_action_plan');
    expect(published.status).toBe(403); // Fenbrook's head is a peer reviewer here, not the host
    const byHost = await transition(hostHead(), 'publish_action_plan');
    expect((byHost.body as Detail).state).toBe('support_in_progress');
    const history = (await lead().get(`/api/reviews/${reviewId}/history`)).body as {
      history: { to: string; actor: unknown }[];
    };
    expect(history.history.slice(-2).map((h) => [h.to, h.actor === null])).toEqual([
      ['action_plan_published', false],
      ['support_in_progress', true],
    ]);
  });
});
