import type {
  Notification,
  PartnershipSupport,
  ReviewSupport,
  SupportRequestForPartners,
  SupportStatusBoard,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount, signInCast, withDemoData, type Cast, type ErrorBody } from '../support/fixtures.ts';
import {
  DEMO_CLUSTER as CLUSTER,
  HEMPSHILL,
  hostTakes,
  newHempshillReview,
  recordFinding,
  writeActionPlan,
} from '../support/lifecycle.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * School-to-school support: the host school asks for support on an action of its published plan, partner schools
 * see the request (never the action's words, the findings or anything else of the review) and offer, the host accepts
 * one offer, and both schools follow it to done. The partnership lead sees status only; an offer from outside the
 * partnership is refused, logged and audited.
 */

const SUMMERCROFT = '6b1d0000-0000-4000-8000-000000000101';
const LITTLE_WALTHAM = '6b1d0000-0000-4000-8000-000000000102';
const STARTUP_TIMEOUT_MS = 180_000;

type Who = 'host' | 'summercroft' | 'summercroftHead' | 'littleWaltham' | 'partnershipLead' | 'outsider';
const EMAIL: Record<Who, string> = {
  host: 'reviewer@hempshill.demo', // Hempshill's headteacher
  summercroft: 'lead.reviewer@summercroft.demo', // a senior leader at Summercroft
  summercroftHead: 'head@summercroft.demo',
  littleWaltham: 'champion@littlewaltham.demo', // a senior leader at Little Waltham
  partnershipLead: 'partnership.lead@crosswalk.demo',
  outsider: 'head@outwood.test', // headteacher of a school outside the partnership, added below
};

/** What the review holds that partner schools must never read: the action's words, its criteria, the findings. */
const REVIEW_WORDS = ['fluency routine', 'Teach the', 'Seen daily', 'taught consistently', 'read the text aloud'];
const NEED = 'A teacher who has led number talks to model one with our Year 3 team';

export function supportSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;
  let reviewId = '';
  let requestId = '';
  let outwoodId = '';
  const logLines: string[] = [];
  let cast: Cast<Who>;
  const as = (who: Who) => cast.clients[who];
  const sql = () => server.crosswalk.db.sql;
  const hostSupport = async () => (await as('host').get(`/api/reviews/${reviewId}/support`)).body as ReviewSupport;
  const board = async (who: Who) =>
    (await as(who).get(`/api/partnerships/${CLUSTER}/support`)).body as PartnershipSupport;
  const notices = async (who: Who, kind: string) =>
    ((await as(who).get('/api/notifications')).body as { notifications: Notification[] }).notifications.filter(
      (n) => n.kind === kind,
    );
  const audits = async (action: string) =>
    sql()<{ detail: Record<string, unknown> }[]>`
      select detail from audit_events where action = ${action} and subject_id = ${reviewId} order by id`;

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded', log: (line) => logLines.push(line) });
    await withDemoData(server);
    const outsiderId = await addAccount(server, EMAIL.outsider, 'Headteacher (Outwood)');
    const [outwood] = await sql()<{ id: string }[]>`
      insert into schools (name, phase, county) values ('Outwood Primary', 'primary', 'Cumbria') returning id`;
    outwoodId = outwood?.id ?? '';
    await sql()`insert into school_members (school_id, user_id, role) values (${outwoodId}, ${outsiderId}, 'headteacher')`;
    cast = await signInCast(server.url, EMAIL);
    // "Today" is set, never the wall clock: the plan's actions are due in March 2027.
    server.crosswalk.services.support.useClock(() => new Date('2027-01-10T10:00:00Z'));

    // A new review of Hempshill with a finding and two actions, its plan published (earlier steps have their tests).
    reviewId = await newHempshillReview(server, { state: 'workshop_held' });
    await recordFinding(server, reviewId, { id: 'someone', name: 'Lead Reviewer (Summercroft)' });
    await writeActionPlan(server, reviewId);
    await writeActionPlan(server, reviewId);
    await hostTakes(server, reviewId, 'publish_action_plan');
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => server.close());

  describe(`school-to-school support (${engine})`, () => {
    it('lets the host ask for support on an action: what is needed and by when, one open request per action', async () => {
      const before = await hostSupport();
      expect(before.requests).toEqual([]);
      expect(before.canAskOn).toHaveLength(2);
      const [first] = before.canAskOn;
      const path = `/api/reviews/${reviewId}/actions/${first ?? ''}/support`;
      const asked = await as('host').post(path, { whatIsNeeded: NEED, neededBy: '2027-02-26' });
      expect(asked.status).toBe(201);
      const body = asked.body as ReviewSupport;
      expect(body.requests).toEqual([
        expect.objectContaining({
          actionLabel: 'A01',
          whatIsNeeded: NEED,
          neededBy: '2027-02-26',
          status: 'requested',
          requestedBy: 'Peer Reviewer (Hempshill)',
          offers: [],
          matchedSchool: null,
          canWithdraw: true,
        }),
      ]);
      requestId = body.requests[0]?.id ?? '';
      expect(body.canAskOn).toEqual([before.canAskOn[1]]);
      const again = await as('host').post(path, { whatIsNeeded: 'More', neededBy: '2027-02-26' });
      expect(again.status).toBe(409);
      expect((again.body as ErrorBody).error.message).toMatch(/already has an open request/);
      expect(await audits('support.requested')).toEqual([{ detail: { actionId: first, requestId } }]);
    });

    it('tells the partner schools’ headteachers of the request, naming only the school, the action and the date', async () => {
      const told = await notices('summercroftHead', 'support_requested');
      expect(told.map((n) => [n.text, n.href])).toEqual([
        [
          'Hempshill Primary has asked the partnership for support with action A01 of its action plan, needed by Friday 26 February 2027. See what is needed, and offer help if your school can, on the partnership’s support page.',
          `/partnerships/${CLUSTER}/support`,
        ],
      ]);
      // Not the host school itself, nor a school outside the partnership.
      expect(await notices('host', 'support_requested')).toEqual([]);
      expect(await notices('outsider', 'support_requested')).toEqual([]);
    });

    it('refuses bad input with a clear reason, and hides the review from other schools', async () => {
      const [second] = (await hostSupport()).canAskOn;
      const path = `/api/reviews/${reviewId}/actions/${second ?? ''}/support`;
      const noDate = await as('host').post(path, { whatIsNeeded: NEED, neededBy: 'soon' });
      expect(noDate.status).toBe(400);
      expect((noDate.body as ErrorBody).error.message).toMatch(/Choose a date/);
      const past = await as('host').post(path, { whatIsNeeded: NEED, neededBy: '2026-12-01' });
      expect(past.status).toBe(400);
      expect((past.body as ErrorBody).error.message).toMatch(/from today onwards/);
      const empty = await as('host').post(path, { whatIsNeeded: '  ', neededBy: '2027-02-26' });
      expect(empty.status).toBe(400);
      expect((empty.body as ErrorBody).error.message).toMatch(/Say what support the school needs/);
      for (const who of ['summercroft', 'partnershipLead', 'outsider'] as const) {
        expect((await as(who).get(`/api/reviews/${reviewId}/support`)).status, who).toBe(404);
        expect((await as(who).post(path, { whatIsNeeded: NEED, neededBy: '2027-02-26' })).status, who).toBe(404);
      }
    });

    it('shows partner schools the request, never the action’s words, the findings or the document', async () => {
      const response = await as('summercroft').get(`/api/partnerships/${CLUSTER}/support`);
      expect(response.status).toBe(200);
      const body = response.body as PartnershipSupport;
      expect(body.offerFrom).toEqual([{ id: SUMMERCROFT, name: 'Summercroft Primary' }]);
      expect(body.open).toHaveLength(1);
      const request = body.open[0] as SupportRequestForPartners;
      expect(Object.keys(request).sort()).toEqual(
        [
          'actionLabel',
          'canOfferFrom',
          'canUpdate',
          'createdAt',
          'hostSchool',
          'id',
          'matchedSchool',
          'neededBy',
          'notes',
          'ourOffers',
          'ownerRole',
          'status',
          'whatIsNeeded',
        ].sort(),
      );
      expect(request).toMatchObject({
        id: requestId,
        hostSchool: { id: HEMPSHILL, name: 'Hempshill Primary' },
        actionLabel: 'A01',
        ownerRole: 'English lead',
        whatIsNeeded: NEED,
        neededBy: '2027-02-26',
        status: 'requested',
        canOfferFrom: [{ id: SUMMERCROFT, name: 'Summercroft Primary' }],
      });
      const text = JSON.stringify(body);
      for (const words of REVIEW_WORDS) {
        expect(text, words).not.toContain(words);
      }
      // The host school sees its own request among its own, not as one to offer on.
      const host = await board('host');
      expect(host.open).toEqual([]);
      expect(host.ours.map((r) => [r.actionLabel, r.status, r.reviewId])).toEqual([['A01', 'requested', reviewId]]);
      // Outside the partnership: nothing at all.
      expect((await as('outsider').get(`/api/partnerships/${CLUSTER}/support`)).status).toBe(404);
    });

    it('refuses an offer from outside the partnership with the reason, logged and audited', async () => {
      const before = logLines.length;
      const offer = { message: 'We can help.', offeredBy: 'Our deputy head' };
      const outside = await as('outsider').post(`/api/support-requests/${requestId}/offers`, {
        ...offer,
        schoolId: outwoodId,
      });
      expect(outside.status).toBe(403);
      expect((outside.body as ErrorBody).error.message).toBe(
        'Only schools in this partnership can offer support to its schools.',
      );
      // Nor on behalf of a member school they do not lead, nor the host school on its own request.
      const borrowed = await as('outsider').post(`/api/support-requests/${requestId}/offers`, {
        ...offer,
        schoolId: SUMMERCROFT,
      });
      expect(borrowed.status).toBe(403);
      expect((borrowed.body as ErrorBody).error.message).toMatch(/headteacher or a senior leader/);
      const own = await as('host').post(`/api/support-requests/${requestId}/offers`, { ...offer, schoolId: HEMPSHILL });
      expect(own.status).toBe(403);
      const warnings = logLines
        .slice(before)
        .filter((line) => line.includes('support offer refused'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(warnings).toHaveLength(3);
      expect(warnings[0]).toMatchObject({ level: 40, requestId, schoolId: outwoodId });
      expect(JSON.stringify(warnings)).not.toContain('We can help.');
      const refused = await audits('support.offer_refused');
      expect(refused.map((a) => a.detail)).toEqual([
        {
          requestId,
          schoolId: outwoodId,
          reason: 'Only schools in this partnership can offer support to its schools.',
        },
        expect.objectContaining({ schoolId: SUMMERCROFT }),
        expect.objectContaining({ schoolId: HEMPSHILL }),
      ]);
      expect((await hostSupport()).requests[0]?.offers).toEqual([]);
    });

    it('takes offers from partner schools and tells the host of each, naming only the schools', async () => {
      const first = await as('summercroft').post(`/api/support-requests/${requestId}/offers`, {
        schoolId: SUMMERCROFT,
        message: 'Our Year 4 teacher runs number talks daily and can model two sessions in February.',
        offeredBy: 'Ms Patel, Year 4 teacher',
      });
      expect(first.status).toBe(201);
      expect(first.body as SupportRequestForPartners).toMatchObject({
        status: 'offered',
        ourOffers: [expect.objectContaining({ status: 'open', offeredBy: 'Ms Patel, Year 4 teacher' })],
        canOfferFrom: [],
      });
      const second = await as('littleWaltham').post(`/api/support-requests/${requestId}/offers`, {
        schoolId: LITTLE_WALTHAM,
        message: 'We could host a visit to see number talks in our Year 3.',
        offeredBy: 'Mr Shaw, maths lead',
      });
      expect(second.status).toBe(201);
      const twice = await as('summercroft').post(`/api/support-requests/${requestId}/offers`, {
        schoolId: SUMMERCROFT,
        message: 'Again',
        offeredBy: 'Ms Patel',
      });
      expect(twice.status).toBe(409);
      const request = (await hostSupport()).requests[0];
      expect(request?.status).toBe('offered');
      expect(request?.offers.map((o) => [o.school.name, o.status])).toEqual([
        ['Summercroft Primary', 'open'],
        ['Little Waltham CE Primary', 'open'],
      ]);
      expect(request?.canAccept).toBe(true);
      const offered = await notices('host', 'support_offered');
      expect(offered.map((n) => n.text).sort()).toEqual([
        expect.stringMatching(/^Little Waltham CE Primary has offered support for action A01 of Hempshill Primary/),
        expect.stringMatching(/^Summercroft Primary has offered support for action A01 of Hempshill Primary/),
      ]);
      expect(JSON.stringify(offered)).not.toMatch(/number talks|Ms Patel/);
      expect(await audits('support.offered')).toHaveLength(2);
    });

    it('shows the partnership lead status only: schools, dates and statuses, no words', async () => {
      const response = await as('partnershipLead').get(`/api/partnerships/${CLUSTER}/support/status`);
      expect(response.status).toBe(200);
      const status = response.body as SupportStatusBoard;
      expect(status.counts).toMatchObject({ requested: 0, offered: 1, matched: 0, done: 0 });
      expect(status.requests).toEqual([
        {
          id: requestId,
          hostSchool: { id: HEMPSHILL, name: 'Hempshill Primary' },
          academicYear: '2026-27',
          status: 'offered',
          requestedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
          neededBy: '2027-02-26',
          offers: [
            {
              school: { id: SUMMERCROFT, name: 'Summercroft Primary' },
              status: 'open',
              offeredOn: expect.any(String) as string,
            },
            {
              school: { id: LITTLE_WALTHAM, name: 'Little Waltham CE Primary' },
              status: 'open',
              offeredOn: expect.any(String) as string,
            },
          ],
          matchedSchool: null,
          matchedOn: null,
        },
      ]);
      const text = JSON.stringify(status);
      for (const words of [...REVIEW_WORDS, NEED, 'number talks', 'Ms Patel', 'A01', 'English lead']) {
        expect(text, words).not.toContain(words);
      }
      // The lead offers nothing on the schools' board, and the review's actions stay hidden from them.
      const lead = await board('partnershipLead');
      expect(lead).toMatchObject({ open: [], offered: [], ours: [], offerFrom: [], seesStatus: true });
      expect((await as('partnershipLead').get(`/api/reviews/${reviewId}/actions`)).status).toBe(404);
      // Other members are refused the status view; outsiders do not find it.
      expect((await as('summercroft').get(`/api/partnerships/${CLUSTER}/support/status`)).status).toBe(403);
      expect((await as('outsider').get(`/api/partnerships/${CLUSTER}/support/status`)).status).toBe(404);
    });

    it('lets the host accept one offer: the others are declined, each school is told, both see the match', async () => {
      const request = (await hostSupport()).requests[0];
      const [summercroft, littleWaltham] = request?.offers ?? [];
      const path = `/api/support-requests/${requestId}/offers/${summercroft?.id ?? ''}/accept`;
      expect((await as('littleWaltham').post(path)).status).toBe(404);
      const accepted = await as('host').post(path);
      expect(accepted.status).toBe(200);
      const matched = (accepted.body as ReviewSupport).requests[0];
      expect(matched).toMatchObject({
        status: 'matched',
        matchedSchool: { id: SUMMERCROFT, name: 'Summercroft Primary' },
        canAccept: false,
        canUpdate: true,
      });
      expect(matched?.offers.map((o) => o.status)).toEqual(['accepted', 'declined']);
      // Accepting again, or the declined offer, is a conflict.
      const late = `/api/support-requests/${requestId}/offers/${littleWaltham?.id ?? ''}/accept`;
      expect((await as('host').post(late)).status).toBe(409);

      for (const who of ['summercroft', 'summercroftHead'] as const) {
        expect(
          (await notices(who, 'support_accepted')).map((n) => n.text),
          who,
        ).toEqual([
          expect.stringMatching(/^Hempshill Primary has accepted your school’s offer of support for action A01/),
        ]);
      }
      expect((await notices('littleWaltham', 'support_declined')).map((n) => n.text)).toEqual([
        expect.stringMatching(/^Hempshill Primary has accepted another school’s offer of support for action A01/),
      ]);
      expect(await notices('littleWaltham', 'support_accepted')).toEqual([]);

      const ours = (await board('summercroft')).offered[0];
      expect(ours).toMatchObject({
        status: 'matched',
        matchedSchool: { name: 'Summercroft Primary' },
        canUpdate: true,
      });
      const theirs = (await board('littleWaltham')).offered[0];
      expect(theirs).toMatchObject({
        status: 'matched',
        matchedSchool: { name: 'Summercroft Primary' },
        canUpdate: false,
      });
      expect(theirs?.ourOffers.map((o) => o.status)).toEqual(['declined']);
      expect((await board('summercroft')).open).toEqual([]);
      expect((await audits('support.accepted')).map((a) => a.detail)).toEqual([
        { requestId, offerId: summercroft?.id, schoolId: SUMMERCROFT, declined: 1 },
      ]);
    });

    it('lets both schools track it to done with notes; anyone else is refused, logged and audited', async () => {
      const path = `/api/support-requests/${requestId}/updates`;
      const started = await as('summercroft').post(path, {
        status: 'in_progress',
        note: 'First visit booked for 3 February.',
      });
      expect(started.status).toBe(201);
      expect(started.body).toEqual({ id: requestId, status: 'in_progress' });
      const before = logLines.length;
      const declined = await as('littleWaltham').post(path, { note: 'Can we join?' });
      expect(declined.status).toBe(403);
      expect((declined.body as ErrorBody).error.message).toMatch(/host school and the school matched to help/);
      expect(logLines.slice(before).some((line) => line.includes('support change refused'))).toBe(true);
      expect(await audits('support.update_refused')).toHaveLength(1);
      expect((await as('host').post(path, { note: 'The Year 3 team watched two number talks.' })).status).toBe(201);
      expect((await as('host').post(path, { status: 'done' })).status).toBe(201);
      expect((await as('summercroft').post(path, { note: 'One more thing' })).status).toBe(409);
      expect((await as('host').post(path, { status: 'finished' })).status).toBe(400);

      const request = (await hostSupport()).requests[0];
      expect(request?.status).toBe('done');
      expect(request?.notes.map((n) => [n.school.name, n.toStatus, n.note])).toEqual([
        ['Hempshill Primary', 'done', null],
        ['Hempshill Primary', null, 'The Year 3 team watched two number talks.'],
        ['Summercroft Primary', 'in_progress', 'First visit booked for 3 February.'],
        ['Hempshill Primary', 'matched', null],
      ]);
      const partner = (await board('summercroft')).offered[0];
      expect(partner?.status).toBe('done');
      expect(partner?.notes).toHaveLength(4);
      expect((await board('littleWaltham')).offered[0]?.notes).toEqual([]);
      const status = (await as('partnershipLead').get(`/api/partnerships/${CLUSTER}/support/status`))
        .body as SupportStatusBoard;
      expect(status.counts).toMatchObject({ done: 1, offered: 0 });
      expect(status.requests[0]?.matchedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((await audits('support.status_changed')).map((a) => a.detail)).toEqual([
        { requestId, from: 'matched', to: 'in_progress' },
        { requestId, from: 'in_progress', to: 'done' },
      ]);
      // Once done, the action may ask again.
      expect((await hostSupport()).canAskOn).toHaveLength(2);
    });

    it('lets the host withdraw a request nobody has taken up', async () => {
      const [, second] = (await hostSupport()).canAskOn;
      const asked = await as('host').post(`/api/reviews/${reviewId}/actions/${second ?? ''}/support`, {
        whatIsNeeded: 'Someone to look at our reading records',
        neededBy: '2027-03-01',
      });
      const id = (asked.body as ReviewSupport).requests.find((r) => r.actionLabel === 'A02')?.id ?? '';
      expect((await as('summercroft').post(`/api/support-requests/${id}/withdraw`)).status).toBe(404);
      const withdrawn = await as('host').post(`/api/support-requests/${id}/withdraw`);
      expect(withdrawn.status).toBe(200);
      expect((withdrawn.body as ReviewSupport).requests.find((r) => r.id === id)?.status).toBe('withdrawn');
      expect((await board('summercroft')).open).toEqual([]);
    });
  });
}
