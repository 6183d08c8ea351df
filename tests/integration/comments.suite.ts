import type { CommentList, CommentThreadView } from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInPeople, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { collect, sessionSockets } from '../support/session-socket.ts';
import { FENBROOK_PEOPLE, FENBROOK_REVIEW } from '../support/workshop-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const REVIEW = FENBROOK_REVIEW;
const P = FENBROOK_PEOPLE;

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

const passage = {
  kind: 'passage',
  field: 'context.our_impact',
  start: 'AQID',
  end: 'BAUG',
  quote: 'Reading at home is patchy',
} as const;
const evidenceRecord = { kind: 'record', record: 'evidence', recordId: 'e-1', label: 'E01' } as const;
const findingRecord = { kind: 'record', record: 'finding', recordId: 'f-1', label: 'F01' } as const;

/** Comments through HTTP, on PostgreSQL or on the embedded database (the writes run in transactions). */
export function commentsSuite(engine: 'postgres' | 'embedded'): void {
  describe(`comments on the enquiry document (${engine})`, () => {
    let server: TestServer;
    let clients: Record<string, HttpClient> = {};
    let userIds: Record<string, string> = {};
    const as = (email: string): HttpClient => clients[email] as HttpClient;
    const url = `/api/reviews/${REVIEW}/comments`;
    const list = async (email: string) => (await as(email).get(url)).body as CommentList;
    const start = (email: string, body: unknown) => as(email).post(url, body);
    const setState = async (state: string) => {
      await server.crosswalk.db.sql`update reviews set state = ${state} where id = ${REVIEW}`;
    };
    const counts = async () => {
      const [row] = await server.crosswalk.db.sql<{ threads: number; comments: number }[]>`
        select (select count(*)::int from comment_threads) as threads, (select count(*)::int from comments) as comments`;
      return row;
    };
    let evidenceThread: CommentThreadView;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      ({ clients, userIds } = await signInPeople(server.url, Object.values(P)));
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());
    const sockets = sessionSockets();
    afterEach(() => {
      sockets.closeAll();
    });

    it('starts a thread on an evidence entry, stamped by the server with who and when', async () => {
      const before = Date.now();
      const response = await start(P.peer, { part: 'evidence', anchor: evidenceRecord, body: '  Is this Y4 or Y5? ' });
      expect(response.status).toBe(201);
      evidenceThread = response.body as CommentThreadView;
      expect(evidenceThread).toMatchObject({
        part: 'evidence',
        anchor: evidenceRecord,
        createdBy: { id: userIds[P.peer] },
        resolvedBy: null,
        resolvedAt: null,
        comments: [{ author: { id: userIds[P.peer] }, body: 'Is this Y4 or Y5?' }],
        canResolve: true,
      });
      expect(Date.parse(evidenceThread.createdAt)).toBeGreaterThanOrEqual(before - 5_000);
      // Who and when never come from the body.
      const forged = await start(P.peer, {
        part: 'evidence',
        anchor: evidenceRecord,
        body: 'Forged',
        author: userIds[P.leadReviewer],
        createdAt: '2020-01-01T00:00:00Z',
      });
      expect(forged.status).toBe(400);
    });

    it('lets the lead reviewer reply, resolve, and the author reopen', async () => {
      const replied = await as(P.leadReviewer).post(`${url}/${evidenceThread.id}/replies`, {
        body: 'Year 4, history.',
      });
      expect(replied.status).toBe(201);
      expect((replied.body as CommentThreadView).comments.map((c) => [c.author.id, c.body])).toEqual([
        [userIds[P.peer], 'Is this Y4 or Y5?'],
        [userIds[P.leadReviewer], 'Year 4, history.'],
      ]);
      const resolved = await as(P.leadReviewer).post(`${url}/${evidenceThread.id}/resolve`, {});
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({
        resolvedBy: { id: userIds[P.leadReviewer] },
        resolvedAt: expect.any(String) as string,
      });
      const reopened = await as(P.peer).post(`${url}/${evidenceThread.id}/reopen`, {});
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ resolvedBy: null, resolvedAt: null });
      const seen = await list(P.leadReviewer);
      expect(seen.threads.find((t) => t.id === evidenceThread.id)?.comments).toHaveLength(2);
    });

    it('tells open document pages that comments changed, with no content, and only people who see the review', async () => {
      const following = await sockets.connect(server.url, as(P.leadReviewer).cookieHeader);
      expect(await following.emitWithAck('comments.follow', { reviewId: REVIEW })).toEqual({ ok: true });
      const heard = collect(following, 'comments.changed');
      const outsider = await sockets.connect(server.url, as(P.clusterMember).cookieHeader);
      expect(await outsider.emitWithAck('comments.follow', { reviewId: REVIEW })).toMatchObject({ ok: false });
      const outsiderHeard = collect(outsider, 'comments.changed');

      await as(P.peer).post(`${url}/${evidenceThread.id}/replies`, { body: 'Checked with the class teacher.' });
      await expect.poll(() => heard).toEqual([{ reviewId: REVIEW }]);
      expect(outsiderHeard).toEqual([]);
    });

    it('refuses a reader who may not comment with 403 and the reason, logs it and stores nothing', async () => {
      const before = await counts();
      const refused = await as(P.linkLead).post(`${url}/${evidenceThread.id}/replies`, { body: 'Not mine to say' });
      expect(refused.status).toBe(403);
      expect((refused.body as ErrorBody).error.message).toMatch(/does not include commenting/);
      expect((await as(P.linkLead).post(`${url}/${evidenceThread.id}/resolve`, {})).status).toBe(403);
      expect(await counts()).toEqual(before);
      const audit = await server.crosswalk.db.sql<{ actorUserId: string; detail: Record<string, unknown> }[]>`
        select actor_user_id, detail from audit_events where action = 'comment.refused' order by id`;
      expect(audit.at(-2)).toMatchObject({ actorUserId: userIds[P.linkLead], detail: { part: 'evidence' } });
      expect(JSON.stringify(audit)).not.toContain('Not mine to say');
    });

    it('lets the host headteacher comment on the findings from feedback_given, but not before', async () => {
      const before = await counts();
      const early = await start(P.hostHead, { part: 'findings', anchor: findingRecord, body: 'A factual point' });
      expect(early.status).toBe(403);
      expect((early.body as ErrorBody).error.message).toMatch(/once the lead reviewer has given feedback/);
      expect(await counts()).toEqual(before);
      expect((await list(P.hostHead)).parts.find((p) => p.part === 'findings')).toMatchObject({ canComment: false });

      await setState('feedback_given');
      const now = await start(P.hostHead, { part: 'findings', anchor: findingRecord, body: 'A factual point' });
      expect(now.status).toBe(201);
      const onEvidence = await start(P.hostHead, { part: 'evidence', anchor: evidenceRecord, body: 'We agree.' });
      expect(onEvidence.status).toBe(201);
      expect((await list(P.hostHead)).parts.every((p) => p.canComment)).toBe(true);
    });

    it('shows threads only to people who may read their part', async () => {
      const passageThread = await start(P.hostHead, { part: 'context', anchor: passage, body: 'Which year group?' });
      expect(passageThread.status).toBe(201);
      expect((passageThread.body as CommentThreadView).anchor).toEqual(passage);

      const parts = async (email: string) => [...new Set((await list(email)).threads.map((t) => t.part))].sort();
      expect(await parts(P.leadReviewer)).toEqual(['context', 'evidence', 'findings']);
      // The champion reads the findings only once the report is agreed, and neither evidence nor self-review
      // unless the host opts in; the partnership lead reads no part of the document.
      expect(await parts(P.champion)).toEqual([]);
      expect(await parts(P.partnershipLead)).toEqual([]);
      await setState('report_agreed');
      expect(await parts(P.champion)).toEqual(['findings']);

      // A thread on a part they may not read does not exist for them.
      expect((await as(P.champion).post(`${url}/${evidenceThread.id}/replies`, { body: 'Hello' })).status).toBe(404);
      expect((await start(P.champion, { part: 'evidence', anchor: evidenceRecord, body: 'Hello' })).status).toBe(403);
    });

    it('answers 404 to people who may not see the review, and stores nothing', async () => {
      const before = await counts();
      expect((await as(P.clusterMember).get(url)).status).toBe(404);
      expect((await start(P.clusterMember, { part: 'evidence', anchor: evidenceRecord, body: 'Hello' })).status).toBe(
        404,
      );
      expect((await as(P.clusterMember).post(`${url}/${evidenceThread.id}/resolve`, {})).status).toBe(404);
      expect(await counts()).toEqual(before);
    });

    it('refuses bad input field by field', async () => {
      const before = await counts();
      const tooLong = await start(P.leadReviewer, { part: 'findings', anchor: findingRecord, body: 'x'.repeat(2001) });
      expect(tooLong.status).toBe(400);
      expect((await start(P.leadReviewer, { part: 'findings', anchor: findingRecord, body: '   ' })).status).toBe(400);
      expect(
        (await start(P.leadReviewer, { part: 'findings', anchor: evidenceRecord, body: 'Wrong part' })).status,
      ).toBe(400);
      expect(
        (await start(P.leadReviewer, { part: 'findings', anchor: passage, body: 'No rich text here' })).status,
      ).toBe(400);
      expect(
        (await start(P.hostHead, { part: 'context', anchor: { ...passage, start: 'not base64!' }, body: 'x' })).status,
      ).toBe(400);
      expect((await as(P.leadReviewer).post(`${url}/not-a-uuid/replies`, { body: 'x' })).status).toBe(404);
      expect(await counts()).toEqual(before);
    });

    it('closes commenting for everyone once the review has closed', async () => {
      await setState('closed');
      const response = await start(P.hostHead, { part: 'findings', anchor: findingRecord, body: 'Late' });
      expect(response.status).toBe(403);
      expect((await list(P.hostHead)).threads.length).toBeGreaterThan(0);
    });
  });
}
