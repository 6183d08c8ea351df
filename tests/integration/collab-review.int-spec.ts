import {
  readEvidence,
  addEvidence,
  CloseCode,
  contextFragment,
  ContextSections,
  type CollabTicketAnswer,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import { demoContext } from '../../server/src/demo/demo-review.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import type { HttpClient } from '../support/http-client.ts';
import { upgradeStatus } from '../support/upgrade.ts';
import { useDemoServer } from '../support/demo-app.ts';

/**
 * The live enquiry document through the whole application: tickets from `GET /api/reviews/:id/collab`, the
 * permission matrix at the upgrade, read-only parts, lifecycle locks and removal, with real y-websocket clients.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const NORTHGATE_REVIEW_NAME = '6b1d0000-0000-4000-8000-0000000002ff.evidence';

const demo = useDemoServer([
  'reviewer@hempshill.demo',
  'reviewer@princerock.demo',
  'host.head@fenbrook.demo',
  'champion@littlewaltham.demo',
  'partnership.lead@crosswalk.demo',
  'lead.reviewer@summercroft.demo',
]);
const as = (email: string): HttpClient => demo.as(email);
const clients: TestClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
});

async function access(email: string): Promise<CollabTicketAnswer> {
  const response = await as(email).get(`/api/reviews/${REVIEW}/collab`);
  expect(response.status).toBe(200);
  return response.body as CollabTicketAnswer;
}

/** The signed-in person, as the editor names them on the evidence they add. */
async function me(email: string): Promise<{ reviewerId: string; reviewerName: string }> {
  const body = (await as(email).get('/api/me')).body as { id: string; displayName: string };
  return { reviewerId: body.id, reviewerName: body.displayName };
}

async function open(email: string, section: string): Promise<TestClient> {
  const collab = await access(email);
  const doc = collab.documents.find((d) => d.section === section);
  if (!doc) {
    throw new Error(`${email} has no ${section} document`);
  }
  const client = connectClient(collab.url, doc.name, { ticket: collab.ticket, acks: true });
  clients.push(client);
  await client.synced();
  return client;
}

describe('live enquiry document', () => {
  it('opens the demo review with the context and self-review the host wrote before it', async () => {
    const reviewer = await open('reviewer@princerock.demo', 'context');
    for (const section of ContextSections) {
      const paragraphs = contextFragment(reviewer.doc, section)
        .toArray()
        .map((node) =>
          node instanceof Y.XmlElement && node.nodeName === 'paragraph'
            ? node
                .toArray()
                .map((child) => (child instanceof Y.XmlText ? child.toJSON() : '?'))
                .join('')
            : null,
        );
      expect(paragraphs, section).toEqual(demoContext[section]);
    }
  });

  it('two reviewers in different counties converge on the evidence log, and edits are acknowledged as durable', async () => {
    const a = await open('reviewer@hempshill.demo', 'evidence');
    const b = await open('reviewer@princerock.demo', 'evidence');
    addEvidence(a.doc, {
      activityType: 'learning_walk',
      ...(await me('reviewer@hempshill.demo')),
      observation: 'Class A: full sequence',
    });
    addEvidence(b.doc, {
      activityType: 'work_scrutiny',
      ...(await me('reviewer@princerock.demo')),
      observation: '9 of 12 logged',
    });
    await vi.waitFor(() => {
      expect(
        readEvidence(a.doc)
          .map((e) => e.observation)
          .sort(),
      ).toEqual(['9 of 12 logged', 'Class A: full sequence']);
      expect(readEvidence(b.doc)).toEqual(readEvidence(a.doc));
    });
    await vi.waitFor(() => {
      expect(a.ackedSeq).toBe(a.sentSeq);
      expect(b.ackedSeq).toBe(b.sentSeq);
    });
    const [row] = await demo.server.crosswalk.db.sql<{ n: number }[]>`
      select count(*)::int as n from collab_updates where name = ${`${REVIEW}.evidence`}`;
    expect(row?.n).toBeGreaterThan(0);
  });

  it('refuses evidence a writer attributes to a colleague, and keeps evidence they sign as themselves', async () => {
    const forger = await open('reviewer@hempshill.demo', 'evidence');
    const colleague = await open('reviewer@princerock.demo', 'evidence');
    addEvidence(forger.doc, {
      activityType: 'lesson_visit',
      ...(await me('reviewer@princerock.demo')),
      observation: 'written by Hempshill in Prince Rock’s name',
    });
    await vi.waitFor(
      () => {
        expect(forger.closeCodes).toContain(CloseCode.forbidden);
      },
      { timeout: 20_000 },
    );
    forger.destroy();
    const honest = await open('reviewer@hempshill.demo', 'evidence');
    addEvidence(honest.doc, {
      activityType: 'lesson_visit',
      ...(await me('reviewer@hempshill.demo')),
      observation: 'written by Hempshill as Hempshill',
    });
    await vi.waitFor(() => {
      expect(honest.ackedSeq).toBe(honest.sentSeq);
    });
    const fresh = await open('reviewer@princerock.demo', 'evidence');
    const observations = readEvidence(fresh.doc).map((e) => e.observation);
    expect(observations).toContain('written by Hempshill as Hempshill');
    expect(observations).not.toContain('written by Hempshill in Prince Rock’s name');
    expect(colleague.closeCodes).toEqual([]);
  });

  it('drops a read-only editor’s changes and tells it so', async () => {
    const writer = await open('reviewer@hempshill.demo', 'evidence');
    const reader = await open('host.head@fenbrook.demo', 'evidence');
    addEvidence(reader.doc, {
      activityType: 'data_review',
      reviewerId: 'x',
      reviewerName: 'Host',
      observation: 'host tries to write',
    });
    await vi.waitFor(() => {
      expect(reader.permissionDenied.length).toBeGreaterThan(0);
    });
    // The server decided before it answered; a client that syncs now sees exactly what the server kept.
    const fresh = await open('reviewer@princerock.demo', 'evidence');
    expect(readEvidence(fresh.doc).some((e) => e.observation === 'host tries to write')).toBe(false);
    expect(readEvidence(writer.doc).some((e) => e.observation === 'host tries to write')).toBe(false);
  });

  it('refuses a ticket for another review’s document, a forged ticket and no ticket, before the upgrade', async () => {
    const collab = await access('reviewer@hempshill.demo');
    const url = (name: string, ticket: string) =>
      `${demo.server.url}/collab/${name}?ticket=${encodeURIComponent(ticket)}`;
    expect(await upgradeStatus(url(`${REVIEW}.evidence`, collab.ticket))).toBe(101);
    expect(await upgradeStatus(url(NORTHGATE_REVIEW_NAME, collab.ticket))).toBe(401);
    expect(await upgradeStatus(url(`${REVIEW}.evidence`, `${collab.ticket.slice(0, -4)}AAAA`))).toBe(401);
    expect(await upgradeStatus(url(`${REVIEW}.evidence`, ''))).toBe(401);
    expect(await upgradeStatus(`${demo.server.url}/collab/${REVIEW}.evidence`)).toBe(401);
    expect(await upgradeStatus(url(`${REVIEW}.evidence`, collab.ticket), { origin: 'https://evil.example' })).toBe(403);
  });

  it('refuses a part the person may not open (the champion and the evidence log)', async () => {
    const champion = await access('champion@littlewaltham.demo');
    expect(champion.documents.map((d) => d.section).sort()).toEqual(['actions', 'workshop']);
    const url = `${demo.server.url}/collab/${REVIEW}.evidence?ticket=${encodeURIComponent(champion.ticket)}`;
    expect(await upgradeStatus(url)).toBe(401);
  });

  it('locks the evidence log when the review moves to synthesis, for editors already connected', async () => {
    const reviewer = await open('reviewer@hempshill.demo', 'evidence');
    const response = await as('lead.reviewer@summercroft.demo').post(`/api/reviews/${REVIEW}/transitions`, {
      action: 'start_synthesis',
    });
    expect((response.body as { state: string }).state).toBe('synthesis');
    // Edits made before the lock reaches this connection are accepted; once it does, they are refused.
    let refused: string | undefined;
    const author = await me('reviewer@hempshill.demo');
    for (let attempt = 0; attempt < 100 && !refused; attempt += 1) {
      const deniedBefore = reviewer.permissionDenied.length;
      const observation = `attempt ${attempt}`;
      addEvidence(reviewer.doc, { activityType: 'leader_meeting', ...author, observation });
      await vi.waitFor(() => {
        expect(reviewer.ackedSeq === reviewer.sentSeq || reviewer.permissionDenied.length > deniedBefore).toBe(true);
      });
      if (reviewer.permissionDenied.length > deniedBefore) {
        refused = observation;
      }
    }
    expect(refused).toBeDefined();
    const fresh = await open('reviewer@princerock.demo', 'evidence');
    expect(readEvidence(fresh.doc).some((e) => e.observation === refused)).toBe(false);
    expect((await access('reviewer@princerock.demo')).documents.find((d) => d.section === 'evidence')?.access).toBe(
      'read',
    );
  });

  it('disconnects a member within moments of their removal from the team', async () => {
    const member = await open('reviewer@princerock.demo', 'findings');
    const userId = ((await as('reviewer@princerock.demo').get('/api/me')).body as { id: string }).id;
    await as('partnership.lead@crosswalk.demo').request('DELETE', `/api/reviews/${REVIEW}/team/${userId}`);
    await vi.waitFor(() => {
      expect(member.closeCodes).toContain(4403);
    });
    expect((await as('reviewer@princerock.demo').get(`/api/reviews/${REVIEW}/collab`)).status).toBe(404);
  });
});
