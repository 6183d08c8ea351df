import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';

const commits: { updates: number; waitedMs: number }[] = [];
const acknowledged: number[] = [];
let server: CollabTestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startCollabTestServer({
    store: createMemoryStore(),
    observer: {
      groupCommitted: (batch) => commits.push(batch),
      acknowledged: (lagMs) => acknowledged.push(lagMs),
    },
  });
});
afterAll(async () => {
  for (const client of clients) {
    client.destroy();
  }
  await server.close();
});

describe('the collab observer hooks', () => {
  it('sees each group commit and the lag of each acknowledged update, without the host importing anything', async () => {
    const writer = connectClient(server.url, uniqueDocumentName(), { ticket: 'write:alice', acks: true });
    clients.push(writer);
    await writer.synced();
    const commitsBefore = commits.length;
    const acksBefore = acknowledged.length;
    let seq = 0;
    for (let index = 0; index < 3; index++) {
      seq = writer.edit((text) => {
        text.insert(text.length, `[${index}]`);
      });
    }
    await expect.poll(() => writer.ackedSeq).toBe(seq);
    // Each of the three updates was acknowledged once, after it arrived; one or more batches made them durable.
    expect(acknowledged.length - acksBefore).toBe(3);
    expect(acknowledged.slice(acksBefore).every((lag) => lag >= 0 && lag < 10_000)).toBe(true);
    const newCommits = commits.slice(commitsBefore);
    expect(newCommits.reduce((sum, batch) => sum + batch.updates, 0)).toBeGreaterThanOrEqual(3);
    expect(newCommits.every((batch) => batch.waitedMs >= 0)).toBe(true);
  });

  it('is told nothing of the updates of a connection that did not ask for acknowledgements', async () => {
    const writer = connectClient(server.url, uniqueDocumentName(), { ticket: 'write:bob' });
    clients.push(writer);
    await writer.synced();
    const acksBefore = acknowledged.length;
    const commitsBefore = commits.length;
    writer.edit((text) => {
      text.insert(0, 'quiet');
    });
    await expect.poll(() => commits.length).toBeGreaterThan(commitsBefore);
    expect(acknowledged.length).toBe(acksBefore);
  });
});
