import { addEvidence, readEvidence, type CollabTicketAnswer } from '@crosswalk/shared';
import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import type { HttpClient } from '../support/http-client.ts';
import { useDemoServer } from '../support/demo-app.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const demo = useDemoServer([
  'reviewer@hempshill.demo',
  'host.head@fenbrook.demo',
  'partnership.lead@crosswalk.demo',
  'head@northgate.demo',
]);
const as = (email: string): HttpClient => demo.as(email);
const clients: TestClient[] = [];

afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
});

async function openEvidence(email: string): Promise<TestClient> {
  const collab = (await as(email).get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
  const doc = collab.documents.find((d) => d.section === 'evidence');
  const client = connectClient(collab.url, doc?.name ?? '', { ticket: collab.ticket, acks: true });
  clients.push(client);
  await client.synced();
  return client;
}

describe('named versions of the enquiry document', () => {
  it('saves a version, restores it as a new change that open editors receive, and keeps the history', async () => {
    const editor = await openEvidence('reviewer@hempshill.demo');
    const me = (await as('reviewer@hempshill.demo').get('/api/me')).body as { id: string; displayName: string };
    const hempshill = { reviewerId: me.id, reviewerName: me.displayName };
    addEvidence(editor.doc, {
      activityType: 'learning_walk',
      ...hempshill,
      observation: 'before the version',
    });
    await vi.waitFor(() => {
      expect(editor.ackedSeq).toBe(editor.sentSeq);
    });
    const saved = await as('reviewer@hempshill.demo').post(`/api/reviews/${REVIEW}/versions`, {
      label: 'Draft findings agreed 14:30',
    });
    expect(saved.status).toBe(201);
    const version = saved.body as { id: string; label: string; createdBy: { displayName: string } };
    expect(version).toMatchObject({
      label: 'Draft findings agreed 14:30',
      createdBy: { displayName: 'Peer Reviewer (Hempshill)' },
    });

    addEvidence(editor.doc, {
      activityType: 'pupil_voice',
      ...hempshill,
      observation: 'after the version',
    });
    await vi.waitFor(() => {
      expect(editor.ackedSeq).toBe(editor.sentSeq);
    });
    const [before] = await demo.server.crosswalk.db.sql<
      { n: number }[]
    >`select count(*)::int as n from collab_updates where name = ${`${REVIEW}.evidence`}`;

    const listed = (await as('host.head@fenbrook.demo').get(`/api/reviews/${REVIEW}/versions`)).body as {
      versions: { id: string }[];
    };
    expect(listed.versions.map((v) => v.id)).toEqual([version.id]);

    const viewed = (await as('host.head@fenbrook.demo').get(`/api/reviews/${REVIEW}/versions/${version.id}`)).body as {
      parts: { section: string; state: string }[];
    };
    const old = new Y.Doc();
    Y.applyUpdate(old, Buffer.from(viewed.parts.find((p) => p.section === 'evidence')?.state ?? '', 'base64'));
    expect(readEvidence(old).map((e) => e.observation)).toEqual(['before the version']);

    const restored = await as('reviewer@hempshill.demo').post(`/api/reviews/${REVIEW}/versions/${version.id}/restore`);
    expect((restored.body as { restored: string[] }).restored).toEqual(
      expect.arrayContaining(['evidence', 'findings']),
    );
    await vi.waitFor(() => {
      expect(readEvidence(editor.doc).map((e) => e.observation)).toEqual(['before the version']);
    });
    const [after] = await demo.server.crosswalk.db.sql<
      { n: number }[]
    >`select count(*)::int as n from collab_updates where name = ${`${REVIEW}.evidence`}`;
    expect(after?.n ?? 0).toBeGreaterThanOrEqual(before?.n ?? 0);
    const fresh = await openEvidence('reviewer@hempshill.demo');
    expect(readEvidence(fresh.doc).map((e) => e.observation)).toEqual(['before the version']);
  });

  it('restores only the parts the person may write', async () => {
    const listed = (await as('host.head@fenbrook.demo').get(`/api/reviews/${REVIEW}/versions`)).body as {
      versions: { id: string }[];
    };
    const restored = await as('host.head@fenbrook.demo').post(
      `/api/reviews/${REVIEW}/versions/${listed.versions[0]?.id ?? ''}/restore`,
    );
    expect((restored.body as { restored: string[] }).restored.sort()).toEqual(['actions', 'context', 'workshop']);
  });

  it('keeps versions from people without the document, and hides them from outsiders', async () => {
    expect((await as('partnership.lead@crosswalk.demo').get(`/api/reviews/${REVIEW}/versions`)).status).toBe(403);
    expect(
      (await as('partnership.lead@crosswalk.demo').post(`/api/reviews/${REVIEW}/versions`, { label: 'x' })).status,
    ).toBe(403);
    expect((await as('head@northgate.demo').get(`/api/reviews/${REVIEW}/versions`)).status).toBe(404);
    const noLabel = await as('reviewer@hempshill.demo').post(`/api/reviews/${REVIEW}/versions`, { label: '  ' });
    expect(noLabel.status).toBe(400);
  });
});
