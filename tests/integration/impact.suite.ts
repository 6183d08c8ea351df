import {
  addAction,
  documentName,
  readActions,
  type ActionPlanRecords,
  type ImpactOverview,
  type Notification,
} from '@crosswalk/shared';
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCast, withDemoData, type Cast, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { HEMPSHILL_PEOPLE, newHempshillReview, writeActionPlan } from '../support/lifecycle.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The impact review as a cycle of its own (docs/impact-review.md): the host headteacher schedules checkpoints (termly
 * by default), a huddle records a rating for every action, one piece of impact evidence and the plan's adjustments;
 * the last checkpoint recorded decides whether the host may close the review; and, like the actions, the checkpoints
 * outlive the document being restored to an old version.
 */

const STARTUP_TIMEOUT_MS = 180_000;

const EMAIL = { ...HEMPSHILL_PEOPLE, peer: 'reviewer@princerock.demo' };
type Who = keyof typeof EMAIL;

export function impactSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;
  let reviewId = '';
  let versionId = '';
  let cast: Cast<Who>;
  const as = (who: Who) => cast.clients[who];
  const sql = () => server.crosswalk.db.sql;
  const impact = async (who: Who = 'host') =>
    (await as(who).get(`/api/reviews/${reviewId}/impact`)).body as ImpactOverview;
  const path = (rest = '') => `/api/reviews/${reviewId}/impact/checkpoints${rest}`;
  const clock = (iso: string) => {
    server.crosswalk.services.impact.useClock(() => new Date(iso));
  };
  const step = (who: Who, action: string) => as(who).post(`/api/reviews/${reviewId}/transitions`, { action });
  const ratingsOf = async (rating: 'red' | 'amber' | 'green') =>
    Object.fromEntries((await impact()).actions.map((a) => [a.id, rating]));
  const huddle = (ratings: Record<string, string>) => ({
    attendees: 'Headteacher, lead reviewer and improvement champion.',
    ratings,
    evidence: 'Fluency scores rose in three of four classes.',
    adjustments: 'The fourth class starts after half term.',
  });
  const errorOf = (body: unknown) => (body as ErrorBody).error.message;

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    await withDemoData(server);
    cast = await signInCast(server.url, EMAIL);
    clock('2027-01-10T10:00:00Z');
    reviewId = await newHempshillReview(server, {
      state: 'workshop_held',
      team: { [EMAIL.lead]: 'lead_reviewer', [EMAIL.peer]: 'peer_reviewer', [EMAIL.champion]: 'improvement_champion' },
    });
    // A version saved before anyone wrote the action plan: restoring it later empties the plan in the document.
    const version = await as('host').post(`/api/reviews/${reviewId}/versions`, { label: 'Before the plan' });
    versionId = (version.body as { id: string }).id;
    await writeActionPlan(server, reviewId);
    await writeActionPlan(server, reviewId);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => server.close());

  describe(`impact checkpoints (${engine})`, () => {
    it('has nothing to review before the plan is published; then offers one checkpoint per remaining term', async () => {
      const before = await impact();
      expect(before).toMatchObject({ published: false, checkpoints: [], actions: [], canSchedule: false });
      expect((await step('host', 'publish_action_plan')).status).toBe(200);
      const after = await impact();
      expect(after.published).toBe(true);
      expect(after.canSchedule).toBe(true);
      expect(after.actions.map((a) => a.label)).toEqual(['A01', 'A02']);
      // 10 January 2027: the spring and summer terms are still to come.
      expect(after.suggested.map((c) => [c.term, c.academicYear, c.time])).toEqual([
        ['spring', '2026-27', '15:45'],
        ['summer', '2026-27', '15:45'],
      ]);
      expect(after.close.ready).toBe(false);
      expect(after.close.message).toMatch(/^Record an impact checkpoint first/);
    });

    it('schedules the default termly set once, then one by date; moves and removes one not yet met', async () => {
      const suggested = (await impact()).suggested;
      const defaults = await as('host').post(path('/default'));
      expect(defaults.status).toBe(201);
      const body = defaults.body as ImpactOverview;
      expect(body.checkpoints.map((c) => [c.label, c.date, c.time, c.record])).toEqual(
        suggested.map((c, i) => [`C0${i + 1}`, c.date, '15:45', null]),
      );
      expect(body.suggested).toEqual([]);
      const again = await as('host').post(path('/default'));
      expect(again.status).toBe(409);
      expect(errorOf(again.body)).toMatch(/Every remaining term already has a checkpoint/);

      const added = await as('host').post(path(), { date: '2027-02-01', time: '16:00' });
      expect(added.status).toBe(201);
      const extra = (added.body as ImpactOverview).checkpoints[0];
      // In date order: the new one comes first.
      expect([extra?.label, extra?.date, extra?.time]).toEqual(['C01', '2027-02-01', '16:00']);
      const moved = await as('host').request('PUT', path(`/${extra?.id ?? ''}`), { date: '2027-02-02', time: '08:15' });
      expect(moved.status).toBe(200);
      expect((moved.body as ImpactOverview).checkpoints[0]).toMatchObject({ date: '2027-02-02', time: '08:15' });
      // London time: 08:15 in February is 08:15 UTC.
      expect((moved.body as ImpactOverview).checkpoints[0]?.scheduledAt).toBe('2027-02-02T08:15:00.000Z');
      const removed = await as('host').request('DELETE', path(`/${extra?.id ?? ''}`));
      expect(removed.status).toBe(200);
      expect((removed.body as ImpactOverview).checkpoints).toHaveLength(suggested.length);
      const [audited] = await sql()<{ n: number }[]>`
        select count(*)::int as n from audit_events where subject_id = ${reviewId} and action like 'impact.checkpoint%'`;
      expect(audited?.n).toBe(4);
    });

    it('refuses bad dates and times with a clear reason', async () => {
      const notADay = await as('host').post(path(), { date: '2027-02-30', time: '16:00' });
      expect(notADay.status).toBe(400);
      expect(errorOf(notADay.body)).toMatch(/real day/);
      const badTime = await as('host').post(path(), { date: '2027-02-03', time: '25:00' });
      expect(badTime.status).toBe(400);
      expect(errorOf(badTime.body)).toMatch(/time like 15:45/);
      expect((await as('host').request('PUT', path('/not-an-id'), { date: '2027-02-03', time: '16:00' })).status).toBe(
        404,
      );
    });

    it('lets only the host headteacher schedule; a peer reviewer reads but cannot record; other schools get a 404', async () => {
      for (const who of ['lead', 'champion', 'peer'] as const) {
        const response = await as(who).post(path(), { date: '2027-02-03', time: '16:00' });
        expect(response.status, who).toBe(403);
        expect(errorOf(response.body)).toMatch(/Only the host headteacher schedules/);
      }
      const peer = await impact('peer');
      expect(peer).toMatchObject({ canSchedule: false, canRecord: false, suggested: [] });
      expect(peer.checkpoints.length).toBeGreaterThan(0);
      const first = peer.checkpoints[0]?.id ?? '';
      const recorded = await as('peer').post(path(`/${first}/record`), huddle(await ratingsOf('green')));
      expect(recorded.status).toBe(403);
      expect(errorOf(recorded.body)).toMatch(/lead reviewer and the improvement champion record/);
      for (const who of ['outsider', 'partnershipLead'] as const) {
        expect((await as(who).get(`/api/reviews/${reviewId}/impact`)).status, who).toBe(404);
        expect((await as(who).post(path(`/${first}/record`), huddle({}))).status, who).toBe(404);
      }
      expect((await new HttpClient(server.url).get(`/api/reviews/${reviewId}/impact`)).status).toBe(401);
      const [refused] = await sql()<{ n: number }[]>`
        select count(*)::int as n from audit_events where action = 'impact.update_refused' and subject_id = ${reviewId}`;
      expect(refused?.n).toBe(4);
    });

    it('reminds the people of a huddle the day before, once', async () => {
      const first = (await impact()).checkpoints[0];
      const at = new Date(first?.scheduledAt ?? '');
      const service = server.crosswalk.services.impact;
      expect(await service.sweepReminders(new Date(at.getTime() - 25 * 3_600_000))).toBe(0);
      expect(await service.sweepReminders(new Date(at.getTime() - 23 * 3_600_000))).toBe(1);
      expect(await service.sweepReminders(new Date(at.getTime() - 22 * 3_600_000))).toBe(0);
      const reminded = async (who: Who) =>
        ((await as(who).get('/api/notifications')).body as { notifications: Notification[] }).notifications.filter(
          (n) => n.kind === 'impact_huddle_reminder',
        );
      for (const who of ['host', 'lead', 'champion'] as const) {
        expect(
          (await reminded(who)).map((n) => n.text),
          who,
        ).toEqual([expect.stringMatching(/30-minute impact huddle of the peer review of Hempshill Primary meets on/)]);
      }
      expect(await reminded('peer')).toEqual([]);
    });

    it('records a huddle only on or after its day, with a rating for every action', async () => {
      const [first] = (await impact()).checkpoints;
      const early = await as('lead').post(path(`/${first?.id ?? ''}/record`), huddle(await ratingsOf('green')));
      expect(early.status).toBe(409);
      expect(errorOf(early.body)).toMatch(/Record the huddle on that day or after, or move the checkpoint/);
      // The host moves it to today; the lead reviewer records it.
      await as('host').request('PUT', path(`/${first?.id ?? ''}`), { date: '2027-01-10', time: '08:00' });
      const actions = (await impact()).actions;
      const partial = await as('lead').post(
        path(`/${first?.id ?? ''}/record`),
        huddle({ [actions[0]?.id ?? '']: 'green' }),
      );
      expect(partial.status).toBe(400);
      expect(errorOf(partial.body)).toMatch(/Rate every action in the plan red, amber or green \(not yet rated: A02\)/);
      const full = await as('lead').post(path(`/${first?.id ?? ''}/record`), huddle(await ratingsOf('green')));
      expect(full.status).toBe(201);
      const recorded = (full.body as ImpactOverview).checkpoints.find((c) => c.id === first?.id);
      expect(recorded?.record).toMatchObject({
        by: { id: cast.ids.lead },
        evidence: 'Fluency scores rose in three of four classes.',
        ratings: [
          { label: 'A01', rating: 'green' },
          { label: 'A02', rating: 'green' },
        ],
      });
      const badRating = await as('host').post(path(`/${first?.id ?? ''}/record`), huddle({ x: 'blue' }));
      expect(badRating.status).toBe(400);
      expect(errorOf(badRating.body)).toMatch(/red, amber or green/);
      // A recorded huddle is kept as it was.
      for (const attempt of [
        as('lead').post(path(`/${first?.id ?? ''}/record`), huddle(await ratingsOf('red'))),
        as('host').request('PUT', path(`/${first?.id ?? ''}`), { date: '2027-01-11', time: '08:00' }),
        as('host').request('DELETE', path(`/${first?.id ?? ''}`)),
      ]) {
        const response = await attempt;
        expect(response.status).toBe(409);
        expect(errorOf(response.body)).toMatch(/This huddle has been recorded/);
      }
      const [audit] = await sql()<{ detail: Record<string, unknown> }[]>`
        select detail from audit_events where action = 'impact.huddle_recorded' and subject_id = ${reviewId}`;
      expect(audit?.detail).toEqual({ checkpointId: first?.id, red: 0, amber: 0, green: 2 });
    });

    it('refuses to close until the last checkpoint recorded rates every action in the plan', async () => {
      expect((await step('host', 'begin_impact_review')).status).toBe(200);
      expect((await impact()).close.ready).toBe(true);
      // A third action joins the plan: the last huddle did not rate it.
      await server.crosswalk.live.realtime?.collab?.withDocument(documentName(reviewId, 'actions'), (doc: Y.Doc) => {
        addAction(doc, {
          action: 'Share the fluency routine with the Year 5 team',
          ownerRole: 'English lead',
          startsOn: '2027-01-11',
          dueOn: '2027-05-28',
          successCriteria: 'Seen in Year 5 at one drop-in',
        });
      });
      expect((await as('host').post(`/api/reviews/${reviewId}/action-plan/publish`)).status).toBe(200);
      const closing = await step('host', 'close');
      expect(closing.status).toBe(409);
      expect(errorOf(closing.body)).toBe(
        'The last impact checkpoint (10 January 2027) has no rating for A03. Record a checkpoint that rates every action in the plan.',
      );
      expect((await impact()).close).toEqual({ ready: false, message: errorOf(closing.body) });
      const detail = (await as('host').get(`/api/reviews/${reviewId}`)).body as {
        nextActions: { action: string; blockedBy: string | null }[];
      };
      expect(detail.nextActions.find((n) => n.action === 'close')?.blockedBy).toMatch(/no rating for A03/);
    });

    it('keeps the checkpoints and the actions when the document is restored to a version before the plan', async () => {
      const before = await impact();
      const plan = (await as('host').get(`/api/reviews/${reviewId}/action-plan`)).body as ActionPlanRecords;
      const restored = await as('host').post(`/api/reviews/${reviewId}/versions/${versionId}/restore`);
      expect(restored.status).toBe(200);
      const rows = await server.crosswalk.live.realtime?.collab?.withDocument(
        documentName(reviewId, 'actions'),
        (doc: Y.Doc) => readActions(doc),
      );
      expect(rows).toEqual([]);
      const after = await impact();
      expect(after.checkpoints).toEqual(before.checkpoints);
      expect(after.actions).toEqual(before.actions);
      const planAfter = (await as('host').get(`/api/reviews/${reviewId}/action-plan`)).body as ActionPlanRecords;
      expect(planAfter.actions.map((a) => [a.id, a.status])).toEqual(plan.actions.map((a) => [a.id, a.status]));
    });

    it('closes once a later huddle rates every action, even with the document restored; then nothing changes', async () => {
      const added = (await as('host').post(path(), { date: '2027-01-10', time: '15:45' })).body as ImpactOverview;
      const latest = added.checkpoints.find((c) => c.date === '2027-01-10' && c.record === null);
      const ratings = await ratingsOf('amber');
      expect(Object.keys(ratings)).toHaveLength(3);
      clock('2027-01-10T16:20:00Z');
      expect((await as('champion').post(path(`/${latest?.id ?? ''}/record`), huddle(ratings))).status).toBe(201);
      expect((await impact()).close.ready).toBe(true);
      const closed = await step('host', 'close');
      expect(closed.status).toBe(200);
      expect((closed.body as { state: string }).state).toBe('closed');
      const late = await as('host').post(path(), { date: '2027-03-01', time: '15:45' });
      expect(late.status).toBe(409);
      expect(errorOf(late.body)).toMatch(/finished/);
      // Still readable by the review, with both huddles.
      expect((await impact('lead')).checkpoints.filter((c) => c.record !== null)).toHaveLength(2);
    });
  });
}
