import { addEvidence, type CollabTicketAnswer, type DiffLine, type VersionStage } from '@crosswalk/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { useDemoServer } from '../support/demo-app.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
const PEER = 'reviewer@hempshill.demo';
const HEAD = 'host.head@fenbrook.demo';
const CHAMPION = 'champion@littlewaltham.demo';
const OUTSIDER = 'head@northgate.demo';
const demo = useDemoServer([LEAD, PEER, HEAD, CHAMPION, OUTSIDER]);
const clients: TestClient[] = [];

interface Listed {
  versions: { id: string; label: string; stage: VersionStage; createdBy: { displayName: string } | null }[];
}

afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
});

async function openEvidence(email: string): Promise<TestClient> {
  const collab = (await demo.as(email).get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
  const doc = collab.documents.find((d) => d.section === 'evidence');
  const client = connectClient(collab.url, doc?.name ?? '', { ticket: collab.ticket, acks: true });
  clients.push(client);
  await client.synced();
  return client;
}

const text = (line: DiffLine) => line.segments.map((segment) => segment.text).join('');

describe('a history that tells the story', () => {
  let named = '';
  let automatic = '';

  it('saves one version at a lifecycle transition, named after the state reached, in its stage', async () => {
    const saved = await demo.as(PEER).post(`/api/reviews/${REVIEW}/versions`, { label: 'Before the team meeting' });
    expect(saved.status).toBe(201);
    named = (saved.body as { id: string; stage: VersionStage }).id;
    expect((saved.body as { stage: VersionStage }).stage).toBe('draft');

    const editor = await openEvidence(PEER);
    const me = (await demo.as(PEER).get('/api/me')).body as { id: string; displayName: string };
    addEvidence(editor.doc, {
      activityType: 'pupil_voice',
      reviewerId: me.id,
      reviewerName: me.displayName,
      observation: 'Year 4 pupils said they enjoy writing about their own lives.',
    });
    await vi.waitFor(() => {
      expect(editor.ackedSeq).toBe(editor.sentSeq);
    });

    const moved = await demo.as(LEAD).post(`/api/reviews/${REVIEW}/transitions`, { action: 'start_synthesis' });
    expect(moved.status).toBe(200);
    // Saved after the transition commits, without holding up its answer: wait until it is listed.
    const listed = await vi.waitFor(
      async () => {
        const body = (await demo.as(HEAD).get(`/api/reviews/${REVIEW}/versions`)).body as Listed;
        const found = body.versions.filter((v) => v.label === 'Reached: Drawing together findings');
        expect(found).toHaveLength(1);
        return body;
      },
      { timeout: 10_000, interval: 50 },
    );
    const version = listed.versions.find((v) => v.label === 'Reached: Drawing together findings');
    expect(version).toMatchObject({ stage: 'draft', createdBy: { displayName: expect.any(String) as unknown } });
    automatic = version?.id ?? '';
    // Newest first.
    expect(listed.versions.map((v) => v.id).slice(0, 2)).toEqual([automatic, named]);
  });

  it('compares one part of two versions as readable lines, marking what was added', async () => {
    const answer = await demo
      .as(HEAD)
      .get(`/api/reviews/${REVIEW}/versions/compare?from=${named}&to=${automatic}&part=evidence`);
    expect(answer.status).toBe(200);
    const body = answer.body as { part: string; lines: DiffLine[] };
    expect(body.part).toBe('evidence');
    const added = body.lines.filter((line) => line.change === 'added');
    expect(added.find((line) => line.kind === 'heading' && /^E\d\d \(pupil voice\)$/.test(text(line)))).toBeTruthy();
    expect(added.map(text)).toContain('Year 4 pupils said they enjoy writing about their own lives.');
    expect(body.lines.every((line) => line.change !== 'removed')).toBe(true);

    const same = await demo
      .as(HEAD)
      .get(`/api/reviews/${REVIEW}/versions/compare?from=${named}&to=${named}&part=context`);
    expect((same.body as { lines: DiffLine[] }).lines.every((line) => line.change === 'same')).toBe(true);
  });

  it('refuses a part the reader may not read, and hides the review from outsiders', async () => {
    const query = `from=${named}&to=${automatic}`;
    const champion = await demo.as(CHAMPION).get(`/api/reviews/${REVIEW}/versions/compare?${query}&part=evidence`);
    expect(champion.status).toBe(403);
    expect(JSON.stringify(champion.body)).not.toContain('Year 4 pupils');
    expect((await demo.as(OUTSIDER).get(`/api/reviews/${REVIEW}/versions/compare?${query}&part=context`)).status).toBe(
      404,
    );
    expect((await demo.as(HEAD).get(`/api/reviews/${REVIEW}/versions/compare?${query}&part=nonsense`)).status).toBe(
      400,
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await demo.as(HEAD).get(`/api/reviews/${REVIEW}/versions/compare?from=${unknown}&to=${automatic}&part=context`))
        .status,
    ).toBe(404);
  });
});
