import type { CheckContext, ReadinessCheckSummary } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_CLOSED_REVIEW_ID as CLOSED_REVIEW } from '../../server/src/demo/demo-closed-review.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { FENBROOK_PEOPLE } from '../support/workshop-fixtures.ts';

/**
 * The set-up check before a review: links by email that open the check for one person and one review only and
 * expire (on an injected clock), results kept per person and shown to the lead reviewer and the host school only,
 * and bad input refused.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201'; // Fenbrook, in_review
const STARTUP_TIMEOUT_MS = 180_000;

export type Engine = 'postgres' | 'embedded';

const EMAIL = FENBROOK_PEOPLE;
type Who = keyof typeof EMAIL;
const EVERYONE = Object.keys(EMAIL) as Who[];

const PASSING = {
  browser: { status: 'pass' },
  camera: { status: 'pass' },
  microphone: { status: 'pass' },
  speakers: { status: 'pass' },
  crosswalk: { status: 'pass' },
  websocket: { status: 'pass' },
  stun: { status: 'not_configured' },
  turn_udp: { status: 'not_configured' },
  turn_tcp: { status: 'not_configured' },
  turn_tls: { status: 'not_configured' },
  bandwidth: { status: 'pass', detail: 'Down 20000 kbit/s, up 8000 kbit/s' },
} as const;

export function readinessChecksSuite(engine: Engine): void {
  describe(`the set-up check before a review (${engine})`, () => {
    let server: TestServer;
    const as = {} as Record<Who, HttpClient>;
    let now = new Date();

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      for (const who of EVERYONE) {
        as[who] = new HttpClient(server.url);
        expect((await as[who].login(EMAIL[who], DEMO_PASSWORD)).status).toBe(200);
      }
      server.crosswalk.services.readinessChecks.useClock(() => now);
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    /** The newest set-up check link emailed to `email`, read from the outbox. */
    const linkTo = async (email: string): Promise<string> => {
      const [row] = await server.crosswalk.db.sql<{ bodyText: string }[]>`
        select body_text from mail_outbox
        where to_address = ${email} and subject like 'Check your set-up%' order by created_at desc, id desc limit 1`;
      const token = /\/check\/([\w-]+)/.exec(row?.bodyText ?? '')?.[1];
      if (!token) {
        throw new Error(`no set-up check link for ${email} in the outbox`);
      }
      return token;
    };
    const visitor = () => new HttpClient(server.url);
    const summary = async (who: Who) => as[who].get(`/api/reviews/${REVIEW}/checks`);

    it('emails everyone invited to the sessions their own link, sent by the host link lead', async () => {
      const sent = await as.linkLead.post(`/api/reviews/${REVIEW}/checks/links`);
      expect(sent.status).toBe(200);
      const people = ((await summary('linkLead')).body as ReadinessCheckSummary).people;
      expect((sent.body as { sent: number }).sent).toBe(people.length);
      expect(people.length).toBeGreaterThanOrEqual(5);
      const tokens = new Set<string>();
      for (const who of ['hostHead', 'linkLead', 'leadReviewer', 'peer'] as const) {
        tokens.add(await linkTo(EMAIL[who]));
      }
      // One secret per person: a link never opens someone else's check.
      expect(tokens.size).toBe(4);
      // Someone with no part in the review's sessions gets none.
      await expect(linkTo(EMAIL.clusterMember)).rejects.toThrow(/no set-up check link/);
    });

    it('opens the check from the link without signing in, and for nothing else', async () => {
      const token = await linkTo(EMAIL.peer);
      const guest = visitor();
      const opened = await guest.post('/api/checks/open', { token });
      expect(opened.status).toBe(200);
      const context = opened.body as CheckContext;
      expect(context).toMatchObject({ reviewId: REVIEW, hostSchoolName: 'Fenbrook Primary', transport: 'mesh' });
      expect(context.token).toBeUndefined();
      expect(new Date(context.expiresAt).getTime()).toBeGreaterThan(now.getTime());
      // The link is not a sign-in: the review, the person's account and the documents stay closed to it.
      expect((await guest.get(`/api/reviews/${REVIEW}`)).status).toBe(401);
      expect((await guest.get('/api/me')).status).toBe(401);
      for (const cookie of [`crosswalk_session=${token}`, `__Host-crosswalk_session=${token}`]) {
        const answer = await guest.request('GET', `/api/reviews/${REVIEW}`, undefined, { headers: { cookie } });
        expect(answer.status).toBe(401);
      }
      expect((await guest.request('GET', `/api/reviews/${REVIEW}/checks`)).status).toBe(401);
    });

    it('keeps the results of each person, shown to the lead reviewer and the host school only', async () => {
      const token = await linkTo(EMAIL.peer);
      const stored = await visitor().post('/api/checks/results', {
        token,
        checks: PASSING,
        downloadKbps: 20000,
        uploadKbps: 8000,
      });
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({ verdict: 'good', checkedAt: now.toISOString() });

      for (const who of ['leadReviewer', 'linkLead', 'hostHead'] as const) {
        const answer = await summary(who);
        expect(answer.status, who).toBe(200);
        const people = (answer.body as ReadinessCheckSummary).people;
        const peer = people.find((p) => p.roles.includes('peer_reviewer'));
        const checked = people.filter((p) => p.checkedAt !== null);
        expect(checked, who).toHaveLength(1);
        expect(checked[0]).toMatchObject({
          verdict: 'good',
          checks: { camera: 'pass', turn_udp: 'not_configured', bandwidth: 'pass' },
          downloadKbps: 20000,
        });
        expect(peer).toBeDefined();
        // Who has not checked yet is listed too.
        expect(people.filter((p) => p.checkedAt === null).length, who).toBeGreaterThan(0);
      }
      // Others who see the review are refused; those who may not see it are not told it exists.
      expect((await summary('peer')).status).toBe(403);
      expect((await summary('champion')).status).toBe(403);
      expect((await summary('partnershipLead')).status).toBe(403);
      expect((await summary('clusterMember')).status).toBe(404);
    });

    it('works out the verdict itself and keeps only the latest run', async () => {
      const token = await linkTo(EMAIL.peer);
      const failing = await visitor().post('/api/checks/results', {
        token,
        checks: { ...PASSING, turn_udp: { status: 'fail' }, turn_tls: { status: 'fail' }, stun: { status: 'fail' } },
        downloadKbps: 20000,
        uploadKbps: 8000,
      });
      expect(failing.body).toMatchObject({ verdict: 'fail' });
      const people = ((await summary('leadReviewer')).body as ReadinessCheckSummary).people;
      expect(people.filter((p) => p.checkedAt !== null)).toHaveLength(1);
      expect(people.find((p) => p.checkedAt !== null)).toMatchObject({ verdict: 'fail', checks: { stun: 'fail' } });
    });

    it('refuses bad input, and a result for anyone but the link’s own person and review', async () => {
      const token = await linkTo(EMAIL.peer);
      const guest = visitor();
      const bad: unknown[] = [
        {},
        { token: 'short' },
        { token, checks: {}, downloadKbps: null, uploadKbps: null },
        { token, checks: { webcam: { status: 'pass' } }, downloadKbps: null, uploadKbps: null },
        { token, checks: { camera: { status: 'great' } }, downloadKbps: null, uploadKbps: null },
        {
          token,
          checks: { camera: { status: 'pass', detail: 'x'.repeat(301) } },
          downloadKbps: null,
          uploadKbps: null,
        },
        { token, checks: { camera: { status: 'pass' } }, downloadKbps: -1, uploadKbps: null },
        // The link decides the person and the review: naming others is not accepted.
        { token, checks: PASSING, downloadKbps: null, uploadKbps: null, userId: REVIEW },
        { token, checks: PASSING, downloadKbps: null, uploadKbps: null, reviewId: CLOSED_REVIEW },
      ];
      for (const body of bad) {
        const answer = await guest.post('/api/checks/results', body);
        expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      }
      const unknown = await guest.post('/api/checks/results', {
        token: 'A'.repeat(43),
        checks: PASSING,
        downloadKbps: null,
        uploadKbps: null,
      });
      expect(unknown.status).toBe(404);
      expect((unknown.body as ErrorBody).error.id).toBe('check_link_invalid');
      expect((await guest.post('/api/checks/open', { token: 'B'.repeat(43) })).status).toBe(404);
      // Sending links is for the lead reviewer and the host school, and not once the review is over.
      expect((await as.peer.post(`/api/reviews/${REVIEW}/checks/links`)).status).toBe(403);
      expect((await as.clusterMember.post(`/api/reviews/${REVIEW}/checks/links`)).status).toBe(404);
      expect((await as.hostHead.post(`/api/reviews/${CLOSED_REVIEW}/checks/links`)).status).toBe(409);
    });

    it('times a download and an upload only with a working link', async () => {
      const token = await linkTo(EMAIL.peer);
      const down = await fetch(`${server.url}/api/checks/download`, { headers: { 'x-crosswalk-check': token } });
      expect(down.status).toBe(200);
      expect((await down.arrayBuffer()).byteLength).toBe(384 * 1024);
      expect((await fetch(`${server.url}/api/checks/download`)).status).toBe(404);
      const upload = (bytes: number, header: Record<string, string> = { 'x-crosswalk-check': token }) =>
        fetch(`${server.url}/api/checks/upload`, {
          method: 'POST',
          headers: { origin: server.url, 'content-type': 'application/octet-stream', ...header },
          body: new Uint8Array(bytes),
        });
      const up = await upload(256 * 1024);
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ bytes: 256 * 1024 });
      expect((await upload(1024, {})).status).toBe(404);
      expect((await upload(600 * 1024)).status).toBe(413);
    });

    it('gives a signed-in person invited to the sessions a check of their own, and nobody else', async () => {
      const answer = await as.leadReviewer.get(`/api/reviews/${REVIEW}/check`);
      expect(answer.status).toBe(200);
      const context = answer.body as CheckContext;
      expect(context.token).toMatch(/^[\w-]{43}$/);
      const stored = await visitor().post('/api/checks/results', {
        token: context.token,
        checks: { ...PASSING, speakers: { status: 'fail' } },
        downloadKbps: 5000,
        uploadKbps: 2000,
      });
      expect(stored.body).toMatchObject({ verdict: 'warn' });
      expect((await as.clusterMember.get(`/api/reviews/${REVIEW}/check`)).status).toBe(404);
      expect((await as.partnershipLead.get(`/api/reviews/${REVIEW}/check`)).status).toBe(403);
    });

    it('limits how often one link records results', async () => {
      const { token } = (await as.linkLead.get(`/api/reviews/${REVIEW}/check`)).body as CheckContext;
      const statuses: number[] = [];
      for (let i = 0; i < 31; i += 1) {
        const answer = await visitor().post('/api/checks/results', {
          token,
          checks: PASSING,
          downloadKbps: null,
          uploadKbps: null,
        });
        statuses.push(answer.status);
      }
      expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
      expect(statuses[30]).toBe(429);
    });

    it('sends the links by itself when a review becomes planned', async () => {
      const invited = ((await summary('leadReviewer')).body as ReadinessCheckSummary).people.length;
      const before = await server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from mail_outbox where subject like 'Check your set-up%'`;
      server.crosswalk.services.events.publish('review.state_changed', {
        reviewId: REVIEW,
        from: 'focus_agreed',
        to: 'planned',
        actorUserId: null,
      });
      await vi.waitFor(
        async () => {
          const after = await server.crosswalk.db.sql<{ n: number }[]>`
            select count(*)::int as n from mail_outbox where subject like 'Check your set-up%'`;
          // Every email written, so nothing of this send is still running when the next test moves the clock.
          expect(after[0]?.n).toBe((before[0]?.n ?? 0) + invited);
        },
        { timeout: 10_000 },
      );
    });

    it('expires the link after the review’s last day, on the clock', async () => {
      const token = await linkTo(EMAIL.peer);
      const opened = (await visitor().post('/api/checks/open', { token })).body as CheckContext;
      const expiresAt = new Date(opened.expiresAt);
      now = new Date(expiresAt.getTime() - 1000);
      expect((await visitor().post('/api/checks/open', { token })).status).toBe(200);
      now = expiresAt;
      const expired = await visitor().post('/api/checks/open', { token });
      expect(expired.status).toBe(404);
      expect((expired.body as ErrorBody).error.id).toBe('check_link_invalid');
      const late = await visitor().post('/api/checks/results', {
        token,
        checks: PASSING,
        downloadKbps: null,
        uploadKbps: null,
      });
      expect(late.status).toBe(404);
      expect(
        (await fetch(`${server.url}/api/checks/download`, { headers: { 'x-crosswalk-check': token } })).status,
      ).toBe(404);
      now = new Date();
    });

    it('stops a link working for someone taken off the review', async () => {
      const token = await linkTo(EMAIL.peer);
      const first = await visitor().post('/api/checks/open', { token });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      const detail = (await as.leadReviewer.get(`/api/reviews/${REVIEW}`)).body as {
        team: { userId: string; role: string }[];
      };
      const me = (await as.peer.get('/api/me')).body as { id: string };
      const member = detail.team.find((m) => m.userId === me.id);
      expect(member).toBeDefined();
      await server.crosswalk.db.sql`
        delete from review_members where review_id = ${REVIEW} and user_id = ${me.id}`;
      expect((await visitor().post('/api/checks/open', { token })).status).toBe(404);
    });
  });
}
