import {
  documentName,
  readActions,
  readPlanPublication,
  type ActionDetail,
  type ActionPlanRecords,
  type CarriedActions,
  type Notification,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, signInCast, withDemoData, type Cast, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import {
  HEMPSHILL,
  HEMPSHILL_PEOPLE,
  newHempshillReview,
  recordImpactHuddle,
  writeActionPlan,
} from '../support/lifecycle.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Actions as records that outlive the enquiry document: publishing the plan makes them, the host school updates
 * them with a history, the review's document can be restored to an old version without losing them, and overdue
 * and at-risk actions reach their owner and the host headteacher once.
 */

const STARTUP_TIMEOUT_MS = 180_000;

// The owner is on Hempshill's staff, added below.
const EMAIL = { ...HEMPSHILL_PEOPLE, owner: 'maths.lead@hempshill.test' };
type Who = keyof typeof EMAIL;

export function actionsSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;
  let reviewId = '';
  let versionId = '';
  let cast: Cast<Who>;
  const as = (who: Who) => cast.clients[who];
  const sql = () => server.crosswalk.db.sql;
  const plan = async (who: Who = 'host') =>
    (await as(who).get(`/api/reviews/${reviewId}/action-plan`)).body as ActionPlanRecords;
  const notices = async (who: Who, kind: string) =>
    ((await as(who).get('/api/notifications')).body as { notifications: Notification[] }).notifications.filter(
      (n) => n.kind === kind,
    );

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    await withDemoData(server);
    const owner = await addAccount(server, EMAIL.owner, 'Maths Lead (Hempshill)');
    await sql()`insert into school_members (school_id, user_id, role) values (${HEMPSHILL}, ${owner}, 'teacher')`;
    cast = await signInCast(server.url, EMAIL);
    // The plan's due dates are in March 2027: "today" is set, never the wall clock.
    server.crosswalk.services.actions.useClock(() => new Date('2027-01-10T10:00:00Z'));

    // A new review of Hempshill, taken to the workshop's end (the earlier steps have their own tests).
    reviewId = await newHempshillReview(server, {
      state: 'workshop_held',
      team: { [EMAIL.lead]: 'lead_reviewer', [EMAIL.champion]: 'improvement_champion' },
    });
    // A version saved before anyone wrote the action plan: restoring it later empties the plan in the document.
    const version = await as('host').post(`/api/reviews/${reviewId}/versions`, { label: 'Before the plan' });
    expect(version.status).toBe(201);
    versionId = (version.body as { id: string }).id;
    await writeActionPlan(server, reviewId);
    await writeActionPlan(server, reviewId);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => server.close());

  describe(`the published action plan (${engine})`, () => {
    it('has no records before the plan is published, then one per action of the document', async () => {
      expect((await as('host').get(`/api/reviews/${reviewId}/actions`)).body).toEqual({ actions: [] });
      expect((await plan()).published).toBe(false);
      const published = await as('host').post(`/api/reviews/${reviewId}/transitions`, {
        action: 'publish_action_plan',
      });
      expect(published.status).toBe(200);
      expect((published.body as { state: string }).state).toBe('support_in_progress');
      const records = await plan();
      expect(records.published).toBe(true);
      expect(records.actions.map((a) => [a.label, a.status, a.dueDate, a.startDate])).toEqual([
        ['A01', 'not_started', '2027-03-26', '2027-01-04'],
        ['A02', 'not_started', '2027-03-26', '2027-01-04'],
      ]);
      const [audit] = await sql()<{ detail: { actions: number; created: number } }[]>`
        select detail from audit_events where action = 'action_plan.published' and subject_id = ${reviewId}`;
      expect(audit?.detail).toMatchObject({ actions: 2, created: 2 });
      // Pages already open on the plan are told, live, through the document itself (after the commit).
      const collab = server.crosswalk.live.realtime?.collab;
      await expect
        .poll(() => collab?.withDocument(documentName(reviewId, 'actions'), readPlanPublication))
        .toBe('2027-01-10T10:00:00.000Z');
    });

    it('answers GET /api/reviews/:id/actions with exactly the contract’s keys, for every member of the review', async () => {
      for (const who of ['host', 'lead', 'champion'] as const) {
        const response = await as(who).get(`/api/reviews/${reviewId}/actions`);
        expect(response.status).toBe(200);
        const body = response.body as { actions: Record<string, unknown>[] };
        expect(Object.keys(body)).toEqual(['actions']);
        expect(body.actions).toHaveLength(2);
        for (const action of body.actions) {
          expect(Object.keys(action).sort()).toEqual(['dueDate', 'id', 'ownerRole', 'status', 'text']);
          expect(action).toMatchObject({
            text: 'Teach the fluency routine daily in every Y3–4 class',
            ownerRole: 'English lead',
            status: 'not_started',
            dueDate: '2027-03-26',
          });
        }
      }
    });

    it('is a 404 for anyone who may not see the action plan, and a 401 without signing in', async () => {
      for (const who of ['partnershipLead', 'outsider'] as const) {
        expect((await as(who).get(`/api/reviews/${reviewId}/actions`)).status, who).toBe(404);
        expect((await as(who).get(`/api/reviews/${reviewId}/action-plan`)).status, who).toBe(404);
      }
      expect((await new HttpClient(server.url).get(`/api/reviews/${reviewId}/actions`)).status).toBe(401);
    });

    it('records a status change and an evidence note in the action’s history, audited', async () => {
      const [first] = (await plan()).actions;
      const response = await as('host').post(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}/updates`, {
        status: 'on_track',
        note: 'Seen daily in three of four classes at the first drop-in.',
      });
      expect(response.status).toBe(201);
      const detail = response.body as ActionDetail;
      expect(detail.action.status).toBe('on_track');
      expect(detail.history).toEqual([
        expect.objectContaining({
          fromStatus: 'not_started',
          toStatus: 'on_track',
          note: 'Seen daily in three of four classes at the first drop-in.',
          author: { id: cast.ids.host, displayName: 'Peer Reviewer (Hempshill)' },
        }),
      ]);
      const noteOnly = await as('host').post(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}/updates`, {
        note: 'Fourth class started after half-term.',
      });
      expect((noteOnly.body as ActionDetail).history.map((h) => [h.toStatus, h.note])).toEqual([
        [null, 'Fourth class started after half-term.'],
        ['on_track', 'Seen daily in three of four classes at the first drop-in.'],
      ]);
      const audits = await sql()<{ detail: Record<string, string> }[]>`
        select detail from audit_events where action = 'action.status_changed' and subject_id = ${reviewId}`;
      expect(audits.map((a) => a.detail)).toEqual([{ actionId: first?.id, from: 'not_started', to: 'on_track' }]);
      // The review team reads the same record and its history.
      const read = await as('lead').get(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}`);
      expect((read.body as ActionDetail).history).toHaveLength(2);
      expect((read.body as ActionDetail).action.canUpdate).toBe(false);
    });

    it('refuses updates from outside the host school, with the reason, audited and logged', async () => {
      const [first] = (await plan()).actions;
      for (const who of ['lead', 'champion'] as const) {
        const response = await as(who).post(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}/updates`, {
          status: 'complete',
        });
        expect(response.status, who).toBe(403);
        expect((response.body as ErrorBody).error.message).toMatch(/headteacher, its link lead and the action’s owner/);
      }
      expect(
        (
          await as('outsider').post(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}/updates`, {
            status: 'complete',
          })
        ).status,
      ).toBe(404);
      const [refused] = await sql()<{ n: number }[]>`
        select count(*)::int as n from audit_events where action = 'action.update_refused' and subject_id = ${reviewId}`;
      expect(refused?.n).toBe(2);
      expect((await plan()).actions[0]?.status).toBe('on_track');
    });

    it('refuses bad input with a clear reason', async () => {
      const [first] = (await plan()).actions;
      const path = `/api/reviews/${reviewId}/actions/${first?.id ?? ''}/updates`;
      const unknown = await as('host').post(path, { status: 'done' });
      expect(unknown.status).toBe(400);
      expect((unknown.body as ErrorBody).error.message).toMatch(/not started, on track, at risk or complete/);
      const long = await as('host').post(path, { note: 'x'.repeat(2001) });
      expect(long.status).toBe(400);
      expect((long.body as ErrorBody).error.message).toMatch(/under 2000 characters/);
      const empty = await as('host').post(path, {});
      expect(empty.status).toBe(400);
      expect((empty.body as ErrorBody).error.message).toMatch(/new status or write an evidence note/);
      expect((await as('host').post(`/api/reviews/${reviewId}/actions/not-an-id/updates`, { note: 'x' })).status).toBe(
        404,
      );
      const notStaff = await as('host').request('PUT', `/api/reviews/${reviewId}/actions/${first?.id ?? ''}/owner`, {
        userId: cast.ids.lead,
      });
      expect(notStaff.status).toBe(400);
    });

    it('lets a named owner update their action; at risk reaches them and the host headteacher once', async () => {
      const second = (await plan()).actions[1];
      const path = `/api/reviews/${reviewId}/actions/${second?.id ?? ''}`;
      expect((await as('owner').post(`${path}/updates`, { status: 'on_track' })).status).toBe(403);
      const named = await as('host').request('PUT', `${path}/owner`, { userId: cast.ids.owner });
      expect(named.status).toBe(200);
      expect((named.body as ActionDetail).action.owner).toEqual({
        id: cast.ids.owner,
        displayName: 'Maths Lead (Hempshill)',
      });
      expect((await as('owner').post(`${path}/updates`, { status: 'at_risk' })).status).toBe(201);
      for (const who of ['owner', 'host'] as const) {
        expect(
          (await notices(who, 'action_at_risk')).map((n) => n.text),
          who,
        ).toEqual([expect.stringMatching(/^Action A02 .* Hempshill Primary is now at risk/)]);
      }
      expect(await notices('lead', 'action_at_risk')).toEqual([]);
      // Back on track and at risk again: still one notice for this action.
      await as('owner').post(`${path}/updates`, { status: 'on_track' });
      await as('owner').post(`${path}/updates`, { status: 'at_risk' });
      expect(await notices('host', 'action_at_risk')).toHaveLength(1);
    });

    it('publishes again after a correction: new words, the same statuses and history', async () => {
      const collab = server.crosswalk.live.realtime?.collab;
      await collab?.withDocument(documentName(reviewId, 'actions'), (doc: Y.Doc) => {
        const row = doc.getArray<Y.Map<unknown>>('actions').get(0);
        const text = row.get('action') as Y.Text;
        text.insert(text.length, ' (corrected)');
      });
      expect((await as('lead').post(`/api/reviews/${reviewId}/action-plan/publish`)).status).toBe(403);
      const again = await as('host').post(`/api/reviews/${reviewId}/action-plan/publish`);
      expect(again.status).toBe(200);
      const records = (again.body as ActionPlanRecords).actions;
      expect(records.map((a) => [a.label, a.status, a.inPlan, a.owner?.id ?? null])).toEqual([
        ['A01', 'on_track', true, null],
        ['A02', 'at_risk', true, cast.ids.owner],
      ]);
      expect(records[0]?.text).toMatch(/\(corrected\)$/);
      expect(records[1]?.text).not.toMatch(/corrected/);
      const history = (await as('host').get(`/api/reviews/${reviewId}/actions/${records[0]?.id ?? ''}`))
        .body as ActionDetail;
      expect(history.history).toHaveLength(2);
    });

    it('keeps every record, status and history when the document is restored to a version before the plan', async () => {
      const before = await plan();
      const restored = await as('host').post(`/api/reviews/${reviewId}/versions/${versionId}/restore`);
      expect(restored.status).toBe(200);
      expect((restored.body as { restored: string[] }).restored).toContain('actions');
      const collab = server.crosswalk.live.realtime?.collab;
      const rows = await collab?.withDocument(documentName(reviewId, 'actions'), (doc: Y.Doc) => readActions(doc));
      expect(rows).toEqual([]);
      const after = await plan();
      expect(after.actions.map((a) => [a.id, a.status, a.inPlan])).toEqual(
        before.actions.map((a) => [a.id, a.status, true]),
      );
      const first = before.actions[0];
      expect(
        ((await as('host').get(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}`)).body as ActionDetail).history,
      ).toHaveLength(2);
    });

    it('tells of overdue actions once, from a sweep run at a given time', async () => {
      const actions = server.crosswalk.services.actions;
      // 26 March is the due date: not yet passed on that day in London.
      expect(await actions.sweepOverdue(new Date('2027-03-26T22:30:00Z'))).toBe(0);
      expect(await actions.sweepOverdue(new Date('2027-03-27T09:00:00Z'))).toBe(2);
      expect(await actions.sweepOverdue(new Date('2027-03-28T09:00:00Z'))).toBe(0);
      const overdue = await notices('host', 'action_overdue');
      expect(overdue.map((n) => n.text).sort()).toEqual([
        expect.stringMatching(/^Action A01 .* is overdue: it was due on Friday 26 March 2027/),
        expect.stringMatching(/^Action A02 .* is overdue/),
      ]);
      // The owner of A02 only hears of their own action.
      expect((await notices('owner', 'action_overdue')).map((n) => n.text)).toEqual([
        expect.stringMatching(/^Action A02 /),
      ]);
      // A complete action is never overdue.
      const [first] = (await plan()).actions;
      await as('host').post(`/api/reviews/${reviewId}/actions/${first?.id ?? ''}/updates`, { status: 'complete' });
      actions.useClock(() => new Date('2027-03-28T09:00:00Z'));
      expect((await plan()).actions.map((a) => [a.status, a.overdue])).toEqual([
        ['complete', false],
        ['at_risk', true],
      ]);
    });
  });

  describe(`checking back: the next review starts with these actions (${engine})`, () => {
    let nextId = '';
    const carried = async (who: Who) => as(who).get(`/api/reviews/${nextId}/previous-actions`);

    beforeAll(async () => {
      // Two more notes on the second action: the newest is the one carried forward.
      const second = (await plan()).actions[1];
      const path = `/api/reviews/${reviewId}/actions/${second?.id ?? ''}/updates`;
      expect((await as('host').post(path, { note: 'Two classes started the routine in February.' })).status).toBe(201);
      expect((await as('host').post(path, { note: 'All four classes use the routine daily.' })).status).toBe(201);
      // An impact huddle in the spring term rated every action green.
      server.crosswalk.services.impact.useClock(() => new Date('2027-03-28T16:30:00Z'));
      await recordImpactHuddle(as('host'), reviewId, '2027-03-24');
      nextId = await newHempshillReview(server, {
        state: 'self_review',
        academicYear: '2027-28',
        team: { [EMAIL.outsider]: 'lead_reviewer' },
      });
    });

    it('shows the host school last year’s actions as they ended, read from the records', async () => {
      const response = await carried('host');
      expect(response.status).toBe(200);
      const { previous } = response.body as CarriedActions;
      expect(previous).toMatchObject({
        reviewId,
        academicYear: '2026-27',
        state: 'support_in_progress',
        canOpen: true,
      });
      expect(previous?.actions.map((a) => [a.label, a.status, a.ownerRole, a.dueDate])).toEqual([
        ['A01', 'complete', 'English lead', '2027-03-26'],
        ['A02', 'at_risk', 'English lead', '2027-03-26'],
      ]);
      expect(previous?.actions[0]?.text).toBe('Teach the fluency routine daily in every Y3–4 class (corrected)');
      expect(previous?.actions[0]?.lastNote?.text).toBe('Fourth class started after half-term.');
      expect(previous?.actions[1]?.lastNote?.text).toBe('All four classes use the routine daily.');
      expect(previous?.actions.map((a) => a.lastRating)).toEqual(['green', 'green']);
      expect(previous?.impact).toEqual([
        {
          at: '2027-03-24T15:45:00.000Z',
          evidence: 'Fluency scores rose in every Year 3 and 4 class.',
          adjustments: 'None this term.',
        },
      ]);
      // The earlier review has none before it.
      expect(
        ((await as('host').get(`/api/reviews/${reviewId}/previous-actions`)).body as CarriedActions).previous,
      ).toBe(null);
    });

    it('goes where the self-review goes: the new lead reviewer once the focus is agreed, never the partnership lead', async () => {
      expect((await carried('outsider')).status).toBe(404);
      await sql()`update reviews set state = 'focus_agreed' where id = ${nextId}`;
      const seen = await carried('outsider');
      expect(seen.status).toBe(200);
      // This year's lead reviewer reads what was carried forward but cannot open last year's review itself.
      expect((seen.body as CarriedActions).previous).toMatchObject({ reviewId, canOpen: false });
      expect((await carried('partnershipLead')).status).toBe(404);
      expect((await carried('champion')).status).toBe(404);
    });

    it('is read-only: nothing in the new review changes last year’s actions', async () => {
      const before = (await carried('host')).body as CarriedActions;
      expect((await as('host').post(`/api/reviews/${nextId}/action-plan/publish`)).status).toBe(409);
      expect((await carried('host')).body).toEqual(before);
    });
  });
}
