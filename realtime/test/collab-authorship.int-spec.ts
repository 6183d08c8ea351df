import { addEvidence, evidenceRecord, EvidenceAuthorFields, readEvidence, updateEvidence } from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';

// The test authorization names each user `Test <id>` (see support/test-authorize.ts).
let server: CollabTestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startCollabTestServer({
    store: createMemoryStore(),
    // As the host application does for its evidence documents; the last test's document has no author fields.
    authorFields: (documentName) => (documentName.includes('without-author-fields') ? null : EvidenceAuthorFields),
  });
});
afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
});
afterAll(async () => {
  await server.close();
});

async function connect(name: string, ticket: string): Promise<TestClient> {
  const client = connectClient(server.url, name, { ticket });
  clients.push(client);
  await client.synced();
  return client;
}

/** Waits until `check` passes: generously, as the machine may be busy. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 20_000 });

/** Waits until the server has closed the client's connection as forbidden (4403), then drops the client. */
async function expectRefused(client: TestClient): Promise<void> {
  await eventually(() => {
    expect(client.closeCodes).toContain(4403);
  });
  client.destroy();
}

const entry = (reviewerId: string, reviewerName: string) => ({
  activityType: 'lesson_visit' as const,
  reviewerId,
  reviewerName,
  source: 'Y4 class, history',
  observation: 'Pupils read the source aloud in pairs.',
});

/** What a newcomer reads from the server: only what the server stored. */
async function storedEvidence(name: string) {
  const reader = await connect(name, 'read:carol');
  return readEvidence(reader.doc).map(({ reviewerId, reviewerName, observation }) => ({
    reviewerId,
    reviewerName,
    observation,
  }));
}

describe('who wrote an evidence entry', () => {
  it('refuses an entry a writer attributes to a colleague, closing only that connection', async () => {
    const name = uniqueDocumentName();
    const alice = await connect(name, 'write:alice');
    const bob = await connect(name, 'write:bob');
    addEvidence(alice.doc, entry('bob', 'Test bob'));
    await expectRefused(alice);
    expect(await storedEvidence(name)).toEqual([]);
    expect(readEvidence(bob.doc)).toEqual([]);
    expect(bob.closeCodes).toEqual([]);
  });

  it("refuses an entry with the writer's own id but a colleague's name", async () => {
    const name = uniqueDocumentName();
    const alice = await connect(name, 'write:alice');
    addEvidence(alice.doc, entry('alice', 'Test bob'));
    await expectRefused(alice);
    expect(await storedEvidence(name)).toEqual([]);
  });

  it('stores an entry attributed to its writer, and lets colleagues edit it but not re-attribute it', async () => {
    const name = uniqueDocumentName();
    const alice = await connect(name, 'write:alice');
    const bob = await connect(name, 'write:bob');
    const id = addEvidence(alice.doc, entry('alice', 'Test alice'));
    await eventually(() => {
      expect(readEvidence(bob.doc)).toHaveLength(1);
    });
    // An ordinary edit of someone else's entry is fine…
    updateEvidence(bob.doc, id, { tag: 'strength' });
    await eventually(() => {
      expect(readEvidence(alice.doc)[0]?.tag).toBe('strength');
    });
    // …claiming it is not, even for oneself.
    evidenceRecord(bob.doc, id)?.set('reviewerId', 'bob');
    await expectRefused(bob);
    expect(await storedEvidence(name)).toEqual([
      { reviewerId: 'alice', reviewerName: 'Test alice', observation: 'Pupils read the source aloud in pairs.' },
    ]);
    expect(alice.closeCodes).toEqual([]);
  });

  it('leaves documents without author fields alone', async () => {
    const name = uniqueDocumentName();
    const alice = await connect(name, 'write:alice');
    const bob = await connect(name, 'write:bob');
    addEvidence(alice.doc, entry('bob', 'Test bob'));
    await eventually(() => {
      expect(readEvidence(bob.doc)).toHaveLength(1);
    });
    expect(alice.closeCodes).toEqual([]);
  });
});
