import type { SignOffList } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import {
  addReviewDay,
  recordFeedback,
  recordFinding,
  recordImpactHuddle,
  writeActionPlan,
  writeSelfReview,
} from '../support/lifecycle.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';
const PL = 'partnership.lead@crosswalk.demo';
const HOST = 'reviewer@hempshill.demo'; // Hempshill's head hosts this review
const LEAD = 'lead.reviewer@summercroft.demo';
const CHAMPION = 'champion@littlewaltham.demo';

/** Walks one new review through every guard of its lifecycle, on PostgreSQL or on the embedded database. */
export function lifecycleGuardsSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;
  const ids: Record<string, string> = {};
  const clients: Record<string, HttpClient> = {};
  const as = (email: string) => clients[email] as HttpClient;

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    await withDemoData(server);
    for (const row of await server.crosswalk.db.sql<{ id: string; email: string }[]>`select id, email from users`) {
      ids[row.email] = row.id;
    }
    for (const email of [PL, HOST, LEAD, CHAMPION]) {
      clients[email] = new HttpClient(server.url);
      await as(email).login(email, DEMO_PASSWORD);
    }
    // The day before the first review day: no test depends on the wall clock.
    server.crosswalk.services.reviews.useClock(() => new Date('2027-02-23T12:00:00Z'));
  });
  afterAll(() => server.close());

  describe(`a review walked from slot to closed, each step waiting for its work (${engine})`, () => {
    let reviewId = '';
    const step = (email: string, action: string, extra: Record<string, unknown> = {}) =>
      as(email).post(`/api/reviews/${reviewId}/transitions`, { action, ...extra });
    const take = async (email: string, action: string, extra: Record<string, unknown> = {}) => {
      const response = await step(email, action, extra);
      expect({ action, status: response.status, body: response.status === 200 ? null : response.body }).toEqual({
        action,
        status: 200,
        body: null,
      });
      return response.body as { state: string };
    };
    const refused = async (email: string, action: string, reason: RegExp) => {
      const response = await step(email, action);
      expect(response.status).toBe(409);
      expect((response.body as ErrorBody).error.message).toMatch(reason);
    };

    it('reaches the plan: self-review submitted, focus complete, team and a review day on a school day', async () => {
      const created = await as(PL).post('/api/reviews', {
        partnershipId: CLUSTER,
        hostSchoolId: HEMPSHILL,
        academicYear: '2026-27',
      });
      reviewId = (created.body as { id: string }).id;
      await take(HOST, 'accept_slot');
      await refused(HOST, 'submit_self_review', /every framework theme/);
      await writeSelfReview(server, reviewId);
      await take(HOST, 'submit_self_review');
      // The lead reviewer joins the team before writing the focus.
      for (const [email, role] of [
        [LEAD, 'lead_reviewer'],
        ['reviewer@princerock.demo', 'peer_reviewer'],
        ['host.head@fenbrook.demo', 'peer_reviewer'],
        [CHAMPION, 'improvement_champion'],
      ] as const) {
        await as(PL).post(`/api/reviews/${reviewId}/team`, { userId: ids[email], role });
      }
      await as(LEAD).request('PUT', `/api/reviews/${reviewId}/focus`, {
        question: 'To what extent is maths mastery embedded in KS2?',
        rationale: 'New scheme introduced last year.',
        subQuestions: ['Consistency of the model', 'Use of manipulatives'],
        outOfScope: ['Individual teacher appraisal'],
      });
      await take(HOST, 'agree_focus');
      await refused(LEAD, 'plan', /review day/);
      const day = await addReviewDay(as(LEAD), reviewId);
      await as(LEAD).post(`/api/reviews/${reviewId}/sessions/${day}/activities`, {
        kind: 'learning_walk',
        title: 'Learning walk',
        startsAt: '2027-02-24T09:00:00Z',
        endsAt: '2027-02-24T09:30:00Z',
      });
      await as(LEAD).post(`/api/reviews/${reviewId}/sessions`, {
        kind: 'improvement_workshop',
        title: 'Improvement workshop',
        startsAt: '2027-03-10T15:45:00Z',
        endsAt: '2027-03-10T17:00:00Z',
      });
      await take(LEAD, 'plan');
    });

    it('opens before the first review day only with the lead reviewer’s reason, recorded', async () => {
      await as(HOST).request('PATCH', `/api/reviews/${reviewId}/readiness`, {
        consentConfirmed: true,
        optOutListConfirmed: true,
        safeguardingBriefingDone: true,
        devicesTested: true,
      });
      await take(HOST, 'confirm_ready');
      await refused(LEAD, 'open_review', /first review day is 24 February 2027/);
      const detail = (await as(LEAD).get(`/api/reviews/${reviewId}`)).body as {
        nextActions: { action: string; overridable?: string }[];
      };
      expect(detail.nextActions.find((n) => n.action === 'open_review')?.overridable).toMatch(/24 February 2027/);
      await take(LEAD, 'open_review', {
        override: { reason: 'The school asked to start with a briefing the day before.' },
      });
      const history = (await as(LEAD).get(`/api/reviews/${reviewId}/history`)).body as {
        history: { action: string; note: string | null }[];
      };
      expect(history.history.at(-1)).toMatchObject({
        action: 'open_review',
        note: expect.stringContaining('briefing the day before') as string,
      });
      const [audit] = await server.crosswalk.db.sql<{ detail: { reason: string; firstReviewDay: string } }[]>`
      select detail from audit_events where action = 'review.opened_early' and subject_id = ${reviewId}`;
      expect(audit?.detail).toMatchObject({ firstReviewDay: '2027-02-24' });
    });

    it('gives feedback only with a finding linked to evidence and the feedback record', async () => {
      await take(LEAD, 'start_synthesis');
      await refused(LEAD, 'give_feedback', /Write at least one finding/);
      await recordFinding(server, reviewId, { id: ids[LEAD] ?? '', name: 'Lead Reviewer' });
      await refused(LEAD, 'give_feedback', /feedback record first: its date and who attended/);
      await recordFeedback(server, reviewId, '2027-02-24');
      await take(LEAD, 'give_feedback');
    });

    it('agrees the report when the host accepts it after the lead reviewer signed: one action, both signatures', async () => {
      await refused(HOST, 'accept_report', /lead reviewer has not signed/);
      expect((await as(LEAD).post(`/api/reviews/${reviewId}/sign-offs`, {})).status).toBe(201);
      expect((await take(HOST, 'accept_report')).state).toBe('report_agreed');
      const signOffs = (await as(HOST).get(`/api/reviews/${reviewId}/sign-offs`)).body as SignOffList;
      expect(signOffs.signOffs.map((s) => s.role).sort()).toEqual(['host_headteacher', 'lead_reviewer']);
      for (const signOff of signOffs.signOffs) {
        expect(signOff.version?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      }
    });

    it('publishes the action plan only when every action is complete, and closes with an impact checkpoint', async () => {
      await take(CHAMPION, 'schedule_workshop');
      await take(CHAMPION, 'hold_workshop');
      await refused(HOST, 'publish_action_plan', /at least one action/);
      await writeActionPlan(server, reviewId);
      expect((await take(HOST, 'publish_action_plan')).state).toBe('support_in_progress');
      await take(HOST, 'begin_impact_review');
      await refused(HOST, 'close', /Record an impact checkpoint first/);
      // Closing reads the impact checkpoints' records, not the document.
      server.crosswalk.services.impact.useClock(() => new Date('2027-06-30T16:30:00Z'));
      await recordImpactHuddle(as(HOST), reviewId, '2027-06-30');
      expect((await take(HOST, 'close')).state).toBe('closed');
    });
  });
}
