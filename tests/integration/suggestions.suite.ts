import {
  addEvidence,
  addFinding,
  anchorRange,
  documentName,
  feedbackText,
  findingRecord,
  readFeedbackRecord,
  readFindings,
  setFeedbackDate,
  suggestionText,
  type Suggestion,
  type SuggestionList,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { signInPeople, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { connectSessionSocket, type SessionClient } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { FENBROOK_REVIEW as REVIEW } from '../support/workshop-fixtures.ts';

const LEAD = 'lead.reviewer@summercroft.demo';
const HOST_HEAD = 'host.head@fenbrook.demo';
const PEER = 'reviewer@hempshill.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const CHAMPION = 'champion@littlewaltham.demo';
const OUTSIDER = 'head@northgate.demo';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

export type Engine = 'postgres' | 'embedded';

const FINDING = 'Year 5 pupils explained their reasoning in mathematics confidently.';

/**
 * Factual-accuracy mode through HTTP: the host headteacher proposes corrections once feedback is given, the lead
 * reviewer accepts or rejects each, accepted ones are applied to the live findings and listed in the factual
 * corrections made, an outdated one is never applied, and nobody else proposes or decides.
 */
export function suggestionsSuite(engine: Engine): void {
  describe(`factual corrections (${engine})`, () => {
    let server: TestServer;
    let as: Record<string, HttpClient> = {};
    let findingId = '';
    let follower: SessionClient | undefined;
    const client = (email: string) => as[email] as HttpClient;

    const withFindings = <T>(change: (doc: Y.Doc) => T): Promise<T> => {
      const collab = server.crosswalk.live.realtime?.collab;
      if (!collab) {
        throw new Error('no realtime documents in this server');
      }
      return collab.withDocument(documentName(REVIEW, 'findings'), change);
    };
    /** A proposal as the browser makes it: the selected passage anchored in the finding's text. */
    const passage = (
      target: { kind: 'finding'; findingId: string } | { kind: 'feedback'; field: string },
      original: string,
    ) =>
      withFindings((doc) => {
        const text = suggestionText(doc, target) as Y.Text;
        const from = text.toJSON().indexOf(original);
        const range = anchorRange(text, from, from + original.length);
        return { target, ...range, original };
      });
    const propose = async (email: string, body: unknown) =>
      client(email).post(`/api/reviews/${REVIEW}/suggestions`, body);
    const decide = (email: string, id: string, decision: 'accept' | 'reject') =>
      client(email).post(`/api/reviews/${REVIEW}/suggestions/${id}/${decision}`, {});
    const list = async (email: string) =>
      (await client(email).get(`/api/reviews/${REVIEW}/suggestions`)).body as SuggestionList;
    const finding = () => withFindings((doc) => readFindings(doc).find((f) => f.id === findingId)?.text);
    const feedback = () => withFindings((doc) => readFeedbackRecord(doc));

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      as = (await signInPeople(server.url, [LEAD, HOST_HEAD, PEER, LINK_LEAD, CHAMPION, OUTSIDER])).clients;
      // The findings and feedback record as the review team would have written them by feedback.
      const collab = server.crosswalk.live.realtime?.collab;
      const evidenceId = await collab?.withDocument(documentName(REVIEW, 'evidence'), (doc) =>
        addEvidence(doc, {
          activityType: 'lesson_visit',
          reviewerId: 'r',
          reviewerName: 'Reviewer',
          observation: 'Pupils explained their reasoning.',
        }),
      );
      findingId = await withFindings((doc) => {
        const id = addFinding(doc, 'strength', FINDING, evidenceId ? [evidenceId] : []);
        setFeedbackDate(doc, '2027-03-12');
        feedbackText(doc, 'attendees').insert(0, 'Headteacher, deputy head, the review team, the chair of governors.');
        feedbackText(doc, 'hostResponse').insert(0, 'We recognise the strengths in mathematics.');
        return id;
      });
    }, STARTUP_TIMEOUT_MS);
    afterAll(async () => {
      follower?.disconnect();
      await server.close();
    });

    it('is not open before feedback has been given (409), and nothing is recorded', async () => {
      const response = await propose(HOST_HEAD, {
        ...(await passage({ kind: 'finding', findingId }, 'Year 5')),
        replacement: 'Year 6',
      });
      expect(response.status).toBe(409);
      expect((response.body as ErrorBody).error.message).toMatch(/after feedback has been given/);
      const mine = await list(HOST_HEAD);
      expect(mine.suggestions).toEqual([]);
      expect(mine.mayPropose).toMatchObject({ ok: false });
    });

    it('lets only the host headteacher propose, on findings and the two feedback fields', async () => {
      for (const action of ['start_synthesis', 'give_feedback']) {
        const moved = await client(LEAD).post(`/api/reviews/${REVIEW}/transitions`, { action });
        expect({ action, status: moved.status }).toEqual({ action, status: 200 });
      }
      expect((await list(HOST_HEAD)).mayPropose).toEqual({ ok: true });
      expect((await list(LEAD)).mayDecide).toEqual({ ok: true });
      const body = await passage({ kind: 'finding', findingId }, 'Year 5');
      for (const email of [PEER, LINK_LEAD, CHAMPION, LEAD]) {
        const response = await propose(email, { ...body, replacement: 'Year 6' });
        expect({ email, status: response.status }).toEqual({ email, status: 403 });
      }
      expect((await propose(OUTSIDER, { ...body, replacement: 'Year 6' })).status).toBe(404);
      // The record of corrections is Crosswalk's own: refused, logged and in the audit trail.
      const corrections = await propose(HOST_HEAD, {
        ...body,
        target: { kind: 'feedback', field: 'corrections' },
        replacement: 'x',
      });
      expect(corrections.status).toBe(403);
      const audit = await server.crosswalk.db.sql<{ action: string }[]>`
        select action from audit_events where action = 'review.correction_refused' and subject_id = ${REVIEW}`;
      expect(audit.length).toBeGreaterThanOrEqual(1);
      // A passage that does not read what the browser says it does.
      expect((await propose(HOST_HEAD, { ...body, original: 'Year 7', replacement: 'Year 6' })).status).toBe(409);
      expect((await propose(HOST_HEAD, { ...body, start: 'not an anchor!', replacement: 'Year 6' })).status).toBe(400);
      expect((await list(PEER)).suggestions).toEqual([]);
    });

    let accepted: Suggestion;
    let rejected: Suggestion;

    it('records two proposals, and tells the pages that follow the review', async () => {
      follower = await connectSessionSocket(server.url, client(LEAD).cookieHeader);
      expect(await follower.emitWithAck('suggestions.follow', { reviewId: REVIEW })).toEqual({ ok: true });
      const outsiderSocket = await connectSessionSocket(server.url, client(CHAMPION).cookieHeader);
      expect(await outsiderSocket.emitWithAck('suggestions.follow', { reviewId: REVIEW })).toMatchObject({ ok: false });
      outsiderSocket.disconnect();
      const told = new Promise<{ reviewId: string }>((resolve) => {
        follower?.once('suggestions.changed', resolve);
      });

      const first = await propose(HOST_HEAD, {
        ...(await passage({ kind: 'finding', findingId }, 'Year 5')),
        replacement: 'Year 6',
      });
      expect(first.status).toBe(201);
      accepted = first.body as Suggestion;
      expect(accepted).toMatchObject({
        status: 'pending',
        targetLabel: 'Finding S01',
        original: 'Year 5',
        replacement: 'Year 6',
        proposedBy: { displayName: 'Headteacher (Fenbrook)' },
        decidedBy: null,
      });
      expect(await told).toEqual({ reviewId: REVIEW });

      const second = await propose(HOST_HEAD, {
        ...(await passage({ kind: 'feedback', field: 'attendees' }, ', the chair of governors')),
        replacement: '',
      });
      expect(second.status).toBe(201);
      rejected = second.body as Suggestion;
      expect((await list(PEER)).suggestions.map((s) => s.id)).toEqual([accepted.id, rejected.id]);
      expect(await server.crosswalk.services.suggestions.pendingCount(REVIEW)).toBe(2);
    });

    it('keeps the report from being accepted while corrections wait for the lead reviewer', async () => {
      expect((await client(LEAD).post(`/api/reviews/${REVIEW}/sign-offs`, {})).status).toBe(201);
      const accept = await client(HOST_HEAD).post(`/api/reviews/${REVIEW}/transitions`, { action: 'accept_report' });
      expect(accept.status).toBe(409);
      expect((accept.body as ErrorBody).error.message).toBe(
        "2 factual corrections are waiting for the lead reviewer's decision.",
      );
    });

    it('lets nobody but the lead reviewer decide', async () => {
      for (const email of [HOST_HEAD, PEER, LINK_LEAD, CHAMPION]) {
        const response = await decide(email, accepted.id, 'accept');
        expect({ email, status: response.status }).toEqual({ email, status: 403 });
      }
      expect((await decide(OUTSIDER, accepted.id, 'reject')).status).toBe(404);
      expect(await finding()).toBe(FINDING);
    });

    it('applies an accepted correction to the live findings and lists it in the factual corrections made', async () => {
      const response = await decide(LEAD, accepted.id, 'accept');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'accepted',
        decidedBy: { displayName: expect.stringContaining('Lead Reviewer') as string },
        textBefore: FINDING,
        textAfter: FINDING.replace('Year 5', 'Year 6'),
      });
      expect(await finding()).toBe(FINDING.replace('Year 5', 'Year 6'));
      const record = await feedback();
      expect(record.corrections).toMatch(
        /^Finding S01: "Year 5" corrected to "Year 6" \(proposed by Headteacher \(Fenbrook\), accepted by .*Lead Reviewer.*, \d{1,2} \w+ \d{4}\)$/,
      );
      expect((await decide(LEAD, accepted.id, 'reject')).status).toBe(409);
    });

    it('leaves a rejected correction out of the text and out of the record', async () => {
      const response = await decide(LEAD, rejected.id, 'reject');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'rejected', textBefore: null, textAfter: null });
      const record = await feedback();
      expect(record.attendees).toContain('the chair of governors');
      expect(record.corrections.split('\n')).toHaveLength(1);
      expect(await server.crosswalk.services.suggestions.pendingCount(REVIEW)).toBe(0);
    });

    it('marks a correction whose passage has changed as outdated (409) and changes nothing', async () => {
      const proposed = await propose(HOST_HEAD, {
        ...(await passage({ kind: 'finding', findingId }, 'mathematics')),
        replacement: 'maths and science',
      });
      expect(proposed.status).toBe(201);
      const id = (proposed.body as Suggestion).id;
      // A reviewer rewrites the passage before the lead decides.
      await withFindings((doc) => {
        const text = findingRecord(doc, findingId)?.get('text') as Y.Text;
        const at = text.toJSON().indexOf('mathematics');
        text.delete(at, 'mathematics'.length);
        text.insert(at, 'mathematical problem solving');
      });
      const before = await finding();
      const recordBefore = await feedback();
      const response = await decide(LEAD, id, 'accept');
      expect(response.status).toBe(409);
      expect((response.body as ErrorBody).error.message).toMatch(/has changed since .* marked as outdated/);
      expect(await finding()).toBe(before);
      expect(await feedback()).toEqual(recordBefore);
      const listed = (await list(HOST_HEAD)).suggestions.find((s) => s.id === id);
      expect(listed).toMatchObject({ status: 'outdated', textBefore: null, textAfter: null });
      expect(await server.crosswalk.services.suggestions.pendingCount(REVIEW)).toBe(0);
    });

    it('applies a correction once when two decisions arrive together', async () => {
      const proposed = await propose(HOST_HEAD, {
        ...(await passage({ kind: 'finding', findingId }, 'confidently')),
        replacement: 'with confidence',
      });
      expect(proposed.status).toBe(201);
      const id = (proposed.body as Suggestion).id;
      const answers = await Promise.all([decide(LEAD, id, 'accept'), decide(LEAD, id, 'accept')]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect((await finding())?.match(/with confidence/g)).toHaveLength(1);
      expect((await feedback()).corrections.match(/"confidently" corrected to "with confidence"/g)).toHaveLength(1);
    });

    it('records every proposal and decision in the audit trail, without the text', async () => {
      const rows = await server.crosswalk.db.sql<{ action: string; detail: Record<string, unknown> }[]>`
        select action, detail from audit_events where action like 'review.correction_%' and subject_id = ${REVIEW}
        order by id`;
      expect(rows.map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'review.correction_proposed',
          'review.correction_accepted',
          'review.correction_rejected',
        ]),
      );
      expect(JSON.stringify(rows)).not.toContain('Year 6');
    });

    it('closes once the report is agreed, which every decision made possible', async () => {
      const accept = await client(HOST_HEAD).post(`/api/reviews/${REVIEW}/transitions`, { action: 'accept_report' });
      expect(accept.status).toBe(200);
      const response = await propose(HOST_HEAD, {
        ...(await passage({ kind: 'finding', findingId }, 'pupils')),
        replacement: 'children',
      });
      expect(response.status).toBe(409);
      expect((await list(LEAD)).mayDecide).toMatchObject({ ok: false });
    });
  });
}
