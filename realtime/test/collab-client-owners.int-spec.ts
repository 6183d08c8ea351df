import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import type { CollabAuthorship } from '../src/yjs/types.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';

/**
 * The live-document server's report of who writes under which Yjs client ids (`CollabAuthorship`): once per
 * connection and client id, acknowledged only once the host has recorded it, and one writer per client id.
 */

interface Recorded {
  documentName: string;
  userId: string;
  clientIds: readonly number[];
}

/** An in-memory host record whose writes can be held back, or answered as contested, by the test. */
class TestAuthorship implements CollabAuthorship {
  readonly records: Recorded[] = [];
  readonly owners = new Map<string, [number, string][]>();
  gate: Promise<void> = Promise.resolve();
  contested: number[] = [];
  load(documentName: string) {
    return Promise.resolve(this.owners.get(documentName) ?? []);
  }
  async record(write: Recorded) {
    await this.gate;
    this.records.push(write);
    return this.contested;
  }
}

let server: CollabTestServer;
const authorship = new TestAuthorship();
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startCollabTestServer({ store: createMemoryStore(), authorship });
});
afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
  authorship.gate = Promise.resolve();
  authorship.contested = [];
});
afterAll(async () => {
  await server.close();
});

async function connect(name: string, user: string): Promise<TestClient> {
  const client = connectClient(server.url, name, { ticket: `write:${user}`, acks: true });
  clients.push(client);
  await client.synced();
  return client;
}

const eventually = (check: () => void) => vi.waitFor(check, { timeout: 20_000 });

/** Writes in `doc` under `clientId` (as someone else's browser would), as an update sent by `client`. */
function writeAs(client: TestClient, clientId: number, text: string): void {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(client.doc));
  forged.clientID = clientId;
  const before = Y.encodeStateVector(forged);
  forged.getText('content').insert(0, text);
  Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(forged, before));
  forged.destroy();
}

describe('who writes under which client ids', () => {
  it('reports a connection’s client id once, and acknowledges its edits only once the record is durable', async () => {
    const name = uniqueDocumentName();
    let open = (): void => undefined;
    authorship.gate = new Promise((resolve) => (open = resolve));
    const alice = await connect(name, 'alice');
    const first = alice.edit((text) => {
      text.insert(0, 'one ');
    });
    const second = alice.edit((text) => {
      text.insert(4, 'two');
    });
    await server.collab.flush();
    // Durable in the store, but not acknowledged while the record of who wrote it is not.
    expect(alice.ackedSeq).toBeLessThan(first);
    open();
    await eventually(() => {
      expect(alice.ackedSeq).toBe(second);
    });
    alice.edit((text) => {
      text.insert(0, 'three ');
    });
    await eventually(() => {
      expect(alice.ackedSeq).toBe(second + 1);
    });
    expect(authorship.records.filter((r) => r.documentName === name)).toEqual([
      { documentName: name, userId: 'alice', clientIds: [alice.doc.clientID] },
    ]);
  });

  it('closes a connection that writes under a client id recorded for someone else, before applying it', async () => {
    const name = uniqueDocumentName();
    const alice = await connect(name, 'alice');
    const mine = alice.edit((text) => {
      text.insert(0, 'mine');
    });
    await eventually(() => {
      expect(alice.ackedSeq).toBe(mine);
    });
    const bob = await connect(name, 'bob');
    writeAs(bob, alice.doc.clientID, 'not yours ');
    await eventually(() => {
      expect(bob.closeCodes).toContain(4403);
    });
    expect(await server.collab.withDocument(name, (doc) => doc.getText('content').toJSON())).toBe('mine');
    expect(authorship.records.filter((r) => r.documentName === name && r.userId === 'bob')).toEqual([]);
  });

  it('refuses a client id recorded before the document loaded (after a restart)', async () => {
    const name = uniqueDocumentName();
    authorship.owners.set(name, [[424242, 'alice']]);
    const bob = await connect(name, 'bob');
    writeAs(bob, 424242, 'pretending ');
    await eventually(() => {
      expect(bob.closeCodes).toContain(4403);
    });
  });

  it('closes a connection whose client id the host found recorded for someone else meanwhile', async () => {
    const name = uniqueDocumentName();
    const carol = await connect(name, 'carol');
    authorship.contested = [carol.doc.clientID];
    const raced = carol.edit((text) => {
      text.insert(0, 'raced');
    });
    await eventually(() => {
      expect(carol.closeCodes).toContain(4403);
    });
    expect(carol.ackedSeq).toBeLessThan(raced);
  });
});
