import type { AuditPage, ReviewAuditEvent, ReviewAuditPage } from '@crosswalk/shared';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../server/src/db/client.ts';
import { migrate, MIGRATIONS_DIR } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import { adminUrl, databaseUrl } from '../support/pg-urls.ts';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { addAccount, signInPeople, withDemoData } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { recordFeedback, recordFinding } from '../support/lifecycle.ts';
import { connectSessionSocket } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { upgradeStatus } from '../support/upgrade.ts';

/**
 * The audit log as a school reads it: each kind of event is produced by doing the real thing through the API, then
 * read back through `GET /api/reviews/:id/audit` (host headteacher and administrators only, 404 for everyone else),
 * its CSV, and the administrators' filtered log.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201'; // Fenbrook, in_review
const CLOSED = DEMO_CLOSED_REVIEW_ID; // Fenbrook's agreed review of last year

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

type Who = 'hostHead' | 'leadReviewer' | 'peer' | 'champion' | 'partnershipLead' | 'clusterHead' | 'admin';
const EMAIL: Record<Who, string> = {
  hostHead: 'host.head@fenbrook.demo',
  leadReviewer: 'lead.reviewer@summercroft.demo',
  peer: 'reviewer@hempshill.demo',
  champion: 'champion@littlewaltham.demo',
  partnershipLead: 'partnership.lead@crosswalk.demo',
  clusterHead: 'head@northgate.demo',
  admin: 'admin@crosswalk.demo',
};

/** The client's address as the server sees it over loopback (IPv4, or IPv4 mapped into IPv6). */
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$/;

interface AuditRow {
  action: string;
  actorUserId: string | null;
  subjectId: string | null;
  reviewId: string | null;
  detail: Record<string, unknown>;
  from: string | null;
}

export function auditLogSuite(engine: 'postgres' | 'embedded'): void {
  describe(`the audit log (${engine})`, () => {
    let server: TestServer;
    let as: Record<Who, HttpClient>;
    let ids: Record<Who, string>;
    const rows = async (action: string, reviewId?: string) =>
      server.crosswalk.db.sql<AuditRow[]>`
        select action, actor_user_id, subject_id, review_id, detail, host(client_address) as "from"
        from audit_events
        where action = ${action} ${reviewId === undefined ? server.crosswalk.db.sql`` : server.crosswalk.db.sql`and review_id = ${reviewId}`}
        order by id`;
    const reviewLog = async (who: Who, query = '', reviewId = REVIEW) => {
      const answer = await as[who].get(`/api/reviews/${reviewId}/audit${query}`);
      expect(answer.status, who).toBe(200);
      return answer.body as ReviewAuditPage;
    };
    const transition = async (who: Who, action: string) => {
      const answer = await as[who].post(`/api/reviews/${REVIEW}/transitions`, { action });
      expect(answer.status, `${who} ${action}`).toBe(200);
    };

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      const signedIn = await signInPeople(server.url, Object.values(EMAIL));
      as = Object.fromEntries(
        (Object.keys(EMAIL) as Who[]).map((who) => [who, signedIn.clients[EMAIL[who]] as HttpClient]),
      ) as Record<Who, HttpClient>;
      ids = Object.fromEntries(
        (Object.keys(EMAIL) as Who[]).map((who) => [who, signedIn.userIds[EMAIL[who]] ?? '']),
      ) as Record<Who, string>;
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('records every sign-in with where it came from, ignoring a forwarded address without TRUST_PROXY', async () => {
      const signIns = await rows('auth.login');
      expect(signIns.map((row) => row.actorUserId)).toEqual(expect.arrayContaining(Object.values(ids)));
      for (const row of signIns) {
        expect(row.from).toMatch(LOOPBACK);
      }
      const before = (await rows('auth.login')).length;
      const again = await as.peer.request(
        'POST',
        '/api/auth/login',
        { email: EMAIL.peer, password: 'crosswalk-demo' },
        { headers: { 'x-forwarded-for': '203.0.113.9' } },
      );
      expect(again.status).toBe(200);
      const latest = (await rows('auth.login')).slice(before);
      expect(latest).toHaveLength(1);
      expect(latest[0]?.from).toMatch(LOOPBACK);
    });

    it('lets only the host headteacher and administrators read the review’s log; to anyone else it does not exist', async () => {
      for (const who of ['peer', 'leadReviewer', 'champion', 'partnershipLead', 'clusterHead'] as const) {
        expect((await as[who].get(`/api/reviews/${REVIEW}/audit`)).status, who).toBe(404);
        expect((await as[who].get(`/api/reviews/${REVIEW}/audit.csv`)).status, who).toBe(404);
      }
      expect((await as.hostHead.get(`/api/reviews/${REVIEW}/audit`)).status).toBe(200);
      expect((await as.admin.get(`/api/reviews/${REVIEW}/audit`)).status).toBe(200);
      // Another school's headteacher is no host of this review; nor is a review that does not exist anyone's.
      expect((await as.hostHead.get('/api/reviews/6b1d0000-0000-4000-8000-00000000ffff/audit')).status).toBe(404);
    });

    it('records a refused request once, with its method, route, status, review and address', async () => {
      const answer = await as.peer.request('PUT', `/api/reviews/${REVIEW}/sharing`, {
        selfReviewWithChampion: true,
        evidenceWithChampion: true,
      });
      expect(answer.status).toBe(403);
      const refused = (await rows('access.refused', REVIEW)).filter((row) => row.actorUserId === ids.peer);
      expect(refused).toContainEqual(
        expect.objectContaining({
          detail: { method: 'PUT', route: '/api/reviews/:id/sharing', status: 403 },
          reviewId: REVIEW,
          from: expect.stringMatching(LOOPBACK) as string,
        }),
      );
      // The 404s of the log itself, above, are refusals too.
      expect(refused).toContainEqual(
        expect.objectContaining({ detail: { method: 'GET', route: '/api/reviews/:id/audit', status: 404 } }),
      );
      // A live document the person's ticket does not open is refused before the upgrade, and recorded.
      const champion = (await as.champion.get(`/api/reviews/${REVIEW}/collab`)).body as { ticket: string };
      const evidence = `${server.url}/collab/${REVIEW}.evidence?ticket=${encodeURIComponent(champion.ticket)}`;
      expect(await upgradeStatus(evidence)).toBe(401);
      const live = (await rows('access.refused', REVIEW)).filter((row) => row.detail.channel !== undefined);
      expect(live).toEqual([
        expect.objectContaining({
          actorUserId: ids.champion,
          detail: { channel: 'live_document' },
          from: expect.stringMatching(LOOPBACK) as string,
        }),
      ]);
      // A video room refused over the socket is recorded with the socket's address (the handler idiom's context).
      const [day] = await server.crosswalk.db.sql<{ id: string }[]>`
        select id from review_sessions where review_id = ${REVIEW} and kind = 'review_day' order by starts_at limit 1`;
      const socket = await connectSessionSocket(server.url, as.clusterHead.cookieHeader);
      try {
        expect(await socket.emitWithAck('room.join', { sessionId: day?.id ?? '' })).toMatchObject({
          ok: false,
          reason: 'not_found',
        });
      } finally {
        socket.disconnect();
      }
      expect((await rows('access.refused')).filter((row) => row.actorUserId === ids.clusterHead)).toContainEqual(
        expect.objectContaining({
          subjectId: day?.id,
          detail: { channel: 'video_room' },
          from: expect.stringMatching(LOOPBACK) as string,
        }),
      );
      // Asking without a sign-in is a 401, not a refusal of this person: nothing is recorded.
      const before = (await rows('access.refused')).length;
      const anonymous = await fetch(`${server.url}/api/reviews/${REVIEW}/sharing`);
      expect(anonymous.status).toBe(401);
      expect(await rows('access.refused')).toHaveLength(before);
    });

    it('records each visit to the report once, however many tickets the page asks for', async () => {
      expect((await as.leadReviewer.get(`/api/reviews/${REVIEW}/collab`)).status).toBe(200);
      expect((await as.leadReviewer.get(`/api/reviews/${REVIEW}/collab`)).status).toBe(200);
      const views = (await rows('report.viewed', REVIEW)).filter((row) => row.actorUserId === ids.leadReviewer);
      expect(views).toHaveLength(1);
      expect(views[0]?.from).toMatch(LOOPBACK);
      const log = await reviewLog('hostHead', '?only=report');
      expect(log.events).toContainEqual({
        at: expect.any(String) as string,
        actor: 'Lead Reviewer (Summercroft)',
        action: 'report.viewed',
        summary: 'Lead Reviewer (Summercroft) opened the review’s report',
        from: expect.stringMatching(LOOPBACK) as string,
      });
      expect(log.events.every((event) => event.action.startsWith('report.'))).toBe(true);
    });

    it('records a download of the agreed report under its review', async () => {
      const file = await fetch(`${server.url}/api/reviews/${CLOSED}/report.docx`, {
        headers: { cookie: as.hostHead.cookieHeader },
      });
      expect(file.status).toBe(200);
      const [exported] = await rows('report.exported', CLOSED);
      expect(exported).toMatchObject({ actorUserId: ids.hostHead, reviewId: CLOSED });
      expect(exported?.from).toMatch(LOOPBACK);
      const log = await reviewLog('admin', '', CLOSED);
      expect(log.events.map((event) => event.action)).toContain('report.exported');
    });

    it('records a change of team, a sharing switch, transitions and sign-offs under the review', async () => {
      const candidates = (await as.partnershipLead.get(`/api/reviews/${REVIEW}/candidates?role=peer_reviewer`))
        .body as { people: { userId: string }[] };
      const newcomer = candidates.people[0]?.userId ?? '';
      expect(newcomer).not.toBe('');
      const added = await as.partnershipLead.post(`/api/reviews/${REVIEW}/team`, {
        userId: newcomer,
        role: 'peer_reviewer',
      });
      expect(added.status).toBe(201);
      const sharing = await as.hostHead.request('PUT', `/api/reviews/${REVIEW}/sharing`, {
        selfReviewWithChampion: true,
        evidenceWithChampion: false,
      });
      expect(sharing.status).toBe(200);

      await transition('leadReviewer', 'start_synthesis');
      await recordFinding(server, REVIEW, { id: ids.leadReviewer, name: 'Lead Reviewer (Summercroft)' });
      await recordFeedback(server, REVIEW, '2026-11-24');
      await transition('leadReviewer', 'give_feedback');
      const signed = await as.leadReviewer.post(`/api/reviews/${REVIEW}/sign-offs`, {});
      expect(signed.status).toBe(201);
      // Reading the version the sign-off saved is reading the report as it stood then.
      const versionId = (signed.body as { version: { id: string } }).version.id;
      expect((await as.peer.get(`/api/reviews/${REVIEW}/versions/${versionId}`)).status).toBe(200);
      expect((await rows('report.viewed', REVIEW)).filter((row) => row.actorUserId === ids.peer)).toEqual([
        expect.objectContaining({ detail: { versionId, parts: expect.any(String) as string } }),
      ]);

      const concerning = async (action: string) => rows(action, REVIEW);
      expect(await concerning('review.member_added')).toEqual([
        expect.objectContaining({ actorUserId: ids.partnershipLead, from: expect.stringMatching(LOOPBACK) as string }),
      ]);
      expect(await concerning('review.sharing_changed')).toEqual([
        expect.objectContaining({ actorUserId: ids.hostHead, from: expect.stringMatching(LOOPBACK) as string }),
      ]);
      expect((await concerning('review.state_changed')).map((row) => row.detail)).toEqual([
        { transition: 'start_synthesis', from: 'in_review', to: 'synthesis' },
        { transition: 'give_feedback', from: 'synthesis', to: 'feedback_given' },
      ]);
      expect(await concerning('review.signed_off')).toEqual([
        expect.objectContaining({ actorUserId: ids.leadReviewer, from: expect.stringMatching(LOOPBACK) as string }),
      ]);

      const actions = (await reviewLog('hostHead', '?limit=200')).events.map((event) => event.action);
      for (const action of [
        'review.member_added',
        'review.sharing_changed',
        'review.state_changed',
        'review.signed_off',
      ]) {
        expect(actions, action).toContain(action);
      }
    });

    it('records a safeguarding concern as its time and the role of who raised it, and nothing else', async () => {
      const [day] = await server.crosswalk.db.sql<{ id: string }[]>`
        select id from review_sessions where review_id = ${REVIEW} and kind = 'review_day' order by starts_at limit 1`;
      const raised = await as.peer.post(`/api/sessions/${day?.id ?? ''}/safeguarding-concerns`, {});
      expect(raised.status).toBe(201);
      expect(await rows('safeguarding.concern_raised')).toEqual([
        {
          action: 'safeguarding.concern_raised',
          actorUserId: null,
          subjectId: null,
          reviewId: REVIEW,
          detail: { role: 'Peer reviewer' },
          from: null,
        },
      ]);
      const event = (await reviewLog('hostHead')).events.find((e) => e.action === 'safeguarding.concern_raised');
      expect(event).toEqual({
        at: expect.any(String) as string,
        actor: 'Not recorded',
        action: 'safeguarding.concern_raised',
        summary: 'A safeguarding concern was raised by someone in the role of Peer reviewer',
        from: null,
      });
    });

    it('pages newest first with a cursor, every event once', async () => {
      const all = (await reviewLog('hostHead', '?limit=200')).events;
      expect(all.length).toBeGreaterThan(4);
      const times = all.map((event) => Date.parse(event.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const paged: ReviewAuditEvent[] = [];
      let before: string | null = '';
      while (before !== null) {
        const page = await reviewLog('hostHead', `?limit=2${before ? `&before=${before}` : ''}`);
        expect(page.events.length).toBeLessThanOrEqual(2);
        paged.push(...page.events);
        before = page.nextBefore;
      }
      // The pages were read after `all`: the log reads of the host are not events, so nothing new came in between.
      expect(paged).toEqual(all);
    });

    it('downloads the review’s log as CSV with its rows, and audits the download', async () => {
      const all = (await reviewLog('hostHead', '?limit=200')).events;
      const file = await fetch(`${server.url}/api/reviews/${REVIEW}/audit.csv`, {
        headers: { cookie: as.hostHead.cookieHeader },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const records = parse<Record<string, string>>(await file.text(), { bom: true, columns: true });
      expect(Object.keys(records[0] ?? {})).toEqual(['When', 'Who', 'Role', 'What', 'From where']);
      expect(records.map((record) => record.When)).toEqual(all.map((event) => event.at));
      expect(records).toContainEqual({
        When: expect.any(String) as string,
        Who: 'Lead Reviewer (Summercroft)',
        Role: 'Lead reviewer',
        What: 'Lead Reviewer (Summercroft) opened the review’s report',
        'From where': expect.stringMatching(LOOPBACK) as string,
      });
      expect(records).toContainEqual(
        expect.objectContaining({ Who: 'Not recorded', Role: 'Peer reviewer', 'From where': '' }),
      );
      expect(await rows('review.audit_exported', REVIEW)).toEqual([
        expect.objectContaining({ actorUserId: ids.hostHead, detail: { events: records.length, only: null } }),
      ]);
    });

    it('records an administrator’s action and finds it with the administrators’ filters and CSV', async () => {
      const personId = await addAccount(server, `leaver.${engine}@fenbrook.test`, 'Leaver');
      expect((await as.admin.post(`/api/people/${personId}/deactivate`)).status).toBe(204);
      const [deactivated] = await rows('account.deactivated');
      expect(deactivated).toMatchObject({ actorUserId: ids.admin, subjectId: personId });
      expect(deactivated?.from).toMatch(LOOPBACK);

      const filtered = (
        await as.admin.get(`/api/admin/audit?action=account.deactivated&fromDay=2000-01-01&toDay=2999-12-31`)
      ).body as AuditPage;
      expect(filtered.entries.map((entry) => entry.subject?.id)).toEqual([personId]);
      expect(filtered.entries[0]?.from).toMatch(LOOPBACK);
      const none = (await as.admin.get(`/api/admin/audit?action=account.deactivated&toDay=2000-01-01`))
        .body as AuditPage;
      expect(none.entries).toEqual([]);
      const ofReview = (await as.admin.get(`/api/admin/audit?review=${REVIEW}&action=report.viewed`)).body as AuditPage;
      // Newest first: the peer's reading of a saved version, the lead reviewer's visit, and before it the
      // champion's, who asked for a ticket above.
      expect(ofReview.entries.map((entry) => [entry.reviewId, entry.actor?.id])).toEqual([
        [REVIEW, ids.peer],
        [REVIEW, ids.leadReviewer],
        [REVIEW, ids.champion],
      ]);

      const file = await fetch(`${server.url}/api/admin/audit.csv?review=${REVIEW}`, {
        headers: { cookie: as.admin.cookieHeader },
      });
      expect(file.status).toBe(200);
      const records = parse<Record<string, string>>(await file.text(), { bom: true, columns: true });
      expect(records.length).toBe((await reviewLog('admin', '?limit=200')).events.length);
      expect(await rows('audit.exported')).toEqual([
        expect.objectContaining({
          actorUserId: ids.admin,
          detail: expect.objectContaining({ review: REVIEW }) as object,
        }),
      ]);
      expect((await as.hostHead.get('/api/admin/audit.csv')).status).toBe(403);
    });
  });

  describe(`migration 0036 (${engine})`, () => {
    it(
      'names the review of events recorded before it, from their subject or their detail',
      async () => {
        const logger = createLogger('silent');
        const scratch = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-audit-migration-'));
        const name = `cw_a_${inject('runId')}_${randomBytes(4).toString('hex')}`;
        if (engine === 'postgres') {
          const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
          await admin.unsafe(`create database ${name}`);
          await admin.end();
        }
        const db = await createDatabase({
          databaseUrl: engine === 'postgres' ? databaseUrl(name) : undefined,
          dataDir: path.join(scratch, 'data'),
          poolSize: 1,
          logger,
        });
        try {
          // Every migration before this one, then events as they were recorded then, then this one.
          const dir = path.join(scratch, 'migrations');
          await cp(MIGRATIONS_DIR, dir, {
            recursive: true,
            filter: (source) => !path.basename(source).startsWith('0036_'),
          });
          await migrate(db.sql, logger, dir);
          const sql = db.sql;
          const [school] = await sql<{ id: string }[]>`
          insert into schools (name, phase) values ('Backfill Primary', 'primary') returning id`;
          const [partnership] = await sql<{ id: string }[]>`
          insert into partnerships (name, kind) values ('Backfill cluster', 'local') returning id`;
          const [review] = await sql<{ id: string }[]>`
          insert into reviews (partnership_id, host_school_id, academic_year)
          values (${partnership?.id ?? ''}, ${school?.id ?? ''}, '2025-26') returning id`;
          const reviewId = review?.id ?? '';
          await sql`
          insert into audit_events (action, subject_id, detail) values
            ('review.created', ${reviewId}, '{}'),
            ('session.muted', 'someone', ${sql.json({ reviewId })}),
            ('auth.login', 'someone', '{}'),
            ('board.view_refused', 'x', ${sql.json({ reviewId: 'not-a-review' })})`;
          await cp(MIGRATIONS_DIR, dir, { recursive: true });
          expect(await migrate(db.sql, logger, dir)).toEqual([expect.stringMatching(/^0036_/) as string]);
          expect(
            await sql<{ action: string; reviewId: string | null; clientAddress: string | null }[]>`
            select action, review_id, client_address from audit_events order by id`,
          ).toEqual([
            { action: 'review.created', reviewId, clientAddress: null },
            { action: 'session.muted', reviewId, clientAddress: null },
            { action: 'auth.login', reviewId: null, clientAddress: null },
            { action: 'board.view_refused', reviewId: null, clientAddress: null },
          ]);
        } finally {
          await db.close();
          if (engine === 'postgres') {
            const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
            await admin.unsafe(`drop database if exists ${name} with (force)`);
            await admin.end();
          }
          await rm(scratch, { recursive: true, force: true });
        }
      },
      STARTUP_TIMEOUT_MS,
    );
  });
}
