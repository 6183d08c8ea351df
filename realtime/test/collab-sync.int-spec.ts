import { CollabMessageType } from '@crosswalk/shared';
import type { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, usePostgresStore, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { createGatedStore } from './support/gated-store.ts';
import { rawUpgrade } from './support/raw-socket.ts';
import { textOf } from './support/stored-text.ts';
import { TEST_COLOUR } from './support/test-authorize.ts';

const db = usePostgresStore();
let server: CollabTestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startCollabTestServer({ store: db.store });
});
afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
});
afterAll(async () => {
  await server.close();
});

function client(documentName: string, ticket: string, acks = false): TestClient {
  const created = connectClient(server.url, documentName, { ticket, acks });
  clients.push(created);
  return created;
}

/**
 * A round trip on the client's current socket: resolves when the server has answered a `queryAwareness` sent
 * now, so everything the server sent before handling it has arrived.
 */
function roundTrip(target: TestClient): Promise<void> {
  const ws = target.provider.ws as unknown as WebSocket;
  return new Promise((resolve) => {
    const onMessage = (event: { data: unknown }) => {
      if (event.data instanceof ArrayBuffer && new Uint8Array(event.data)[0] === CollabMessageType.awareness) {
        ws.removeEventListener('message', onMessage);
        resolve();
      }
    };
    ws.addEventListener('message', onMessage);
    ws.send(Uint8Array.of(CollabMessageType.queryAwareness));
  });
}

/** The document as PostgreSQL holds it, read through the store. */
const storedText = async (documentName: string): Promise<string> => textOf(await db.store.load(documentName));

describe('live document sync', () => {
  it('makes two writers converge', async () => {
    const name = uniqueDocumentName();
    const alice = client(name, 'write:alice');
    const bob = client(name, 'write:bob');
    await Promise.all([alice.synced(), bob.synced()]);
    alice.edit((text) => {
      text.insert(0, 'Hello');
    });
    bob.edit((text) => {
      text.insert(0, 'World ');
    });
    await vi.waitFor(() => {
      expect(alice.text.toJSON()).toBe(bob.text.toJSON());
      expect(alice.text.length).toBe(11);
    });
    await server.collab.flush();
    expect(await storedText(name)).toBe(alice.text.toJSON());
  });

  it('converges when several writers send bursts at once', async () => {
    const name = uniqueDocumentName();
    const writers = ['alice', 'bob', 'carol'].map((user) => client(name, `write:${user}`));
    await Promise.all(writers.map((writer) => writer.synced()));
    writers.forEach((writer, index) => {
      for (let edit = 0; edit < 50; edit++) {
        writer.edit((text) => {
          text.insert(Math.floor(text.length / 2), `${index}.${edit};`);
        });
      }
    });
    const expectedLength = writers.reduce(
      (sum, _writer, index) =>
        sum + Array.from({ length: 50 }, (_, edit) => `${index}.${edit};`.length).reduce((a, b) => a + b, 0),
      0,
    );
    await vi.waitFor(() => {
      const texts = writers.map((writer) => writer.text.toJSON());
      expect(texts[0]?.length).toBe(expectedLength);
      expect(new Set(texts).size).toBe(1);
    });
    await server.collab.flush();
    expect(await storedText(name)).toBe(writers[0]?.text.toJSON());
  });

  it('gives a late joiner the document from storage', async () => {
    const name = uniqueDocumentName();
    const writer = client(name, 'write:alice');
    await writer.synced();
    writer.edit((text) => {
      text.insert(0, 'persisted');
    });
    await server.collab.flush();
    writer.destroy();
    await vi.waitFor(() => {
      expect(server.collab.loadedDocuments()).not.toContain(name);
    });
    const reader = client(name, 'read:carol');
    await reader.synced();
    expect(reader.text.toJSON()).toBe('persisted');
  });

  it("drops a read-only client's edits, never stores them, and tells the client", async () => {
    const name = uniqueDocumentName();
    const writer = client(name, 'write:alice', true);
    const reader = client(name, 'read:carol');
    await Promise.all([writer.synced(), reader.synced()]);
    writer.edit((text) => {
      text.insert(0, 'shared ');
    });
    await vi.waitFor(() => {
      expect(reader.text.toJSON()).toBe('shared ');
    });
    reader.edit((text) => {
      text.insert(0, 'forged ');
    });
    await vi.waitFor(() => {
      expect(reader.permissionDenied).toHaveLength(1);
    });
    const seq = writer.edit((text) => {
      text.insert(writer.text.length, 'text');
    });
    await vi.waitFor(() => {
      expect(writer.ackedSeq).toBeGreaterThanOrEqual(seq);
    });
    await vi.waitFor(() => {
      expect(reader.text.toJSON()).toContain('shared text');
    });
    expect(writer.text.toJSON()).toBe('shared text');
    expect(await storedText(name)).toBe('shared text');
    expect(reader.closeCodes).toEqual([]);
  });

  it('refuses a missing or bad ticket with HTTP 401 before any document byte', async () => {
    const name = uniqueDocumentName();
    for (const query of ['', '?ticket=', '?ticket=admin:mallory', '?ticket=write:']) {
      const response = await rawUpgrade(server.httpUrl, `/collab/${name}${query}`);
      expect(response.status).toBe(401);
      expect(response.body.byteLength).toBe(0);
    }
    expect((await rawUpgrade(server.httpUrl, `/collab/${name}?ticket=forbidden:mallory`)).status).toBe(403);
    expect((await rawUpgrade(server.httpUrl, `/collab/bad%2Fname?ticket=write:alice`)).status).toBe(404);
    expect(server.collab.loadedDocuments()).not.toContain(name);
  });

  it('rewrites awareness so nobody can pose as someone else', async () => {
    const name = uniqueDocumentName();
    const mallory = client(name, 'write:mallory');
    const alice = client(name, 'read:alice');
    await Promise.all([mallory.synced(), alice.synced()]);
    mallory.provider.awareness.setLocalStateField('user', { name: 'Head Teacher', colour: '#ff0000', userId: 'head' });
    mallory.provider.awareness.setLocalStateField('cursor', { index: 3 });
    await vi.waitFor(() => {
      const seen = alice.provider.awareness.getStates().get(mallory.doc.clientID);
      expect(seen).toEqual({
        user: { name: 'Test mallory', colour: TEST_COLOUR, userId: 'mallory' },
        cursor: { index: 3 },
      });
    });
  });

  it('removes awareness states when their connection closes', async () => {
    const name = uniqueDocumentName();
    const leaving = client(name, 'write:bob');
    const staying = client(name, 'write:alice');
    await Promise.all([leaving.synced(), staying.synced()]);
    leaving.provider.awareness.setLocalStateField('cursor', { index: 1 });
    await vi.waitFor(() => {
      expect(staying.provider.awareness.getStates().has(leaving.doc.clientID)).toBe(true);
    });
    leaving.provider.disconnect();
    await vi.waitFor(() => {
      expect(staying.provider.awareness.getStates().has(leaving.doc.clientID)).toBe(false);
    });
  });

  it('acknowledges an edit only after its rows are in PostgreSQL', async () => {
    const gated = createGatedStore(db.store);
    const local = await startCollabTestServer({ store: gated.store });
    const name = uniqueDocumentName();
    const writer = connectClient(local.url, name, { ticket: 'write:alice', acks: true });
    try {
      await writer.synced();
      gated.hold();
      const seq = writer.edit((text) => {
        text.insert(0, 'durable');
      });
      await vi.waitFor(() => {
        expect(gated.waiting).toBe(1);
      });
      await roundTrip(writer);
      expect(writer.ackedSeq).toBeLessThan(seq);
      expect(await storedText(name)).toBe('');
      const rows = await db.database.sql<{ count: string }[]>`select count(*) from collab_updates where name = ${name}`;
      expect(rows[0]?.count).toBe('0');

      gated.release();
      await vi.waitFor(() => {
        expect(writer.ackedSeq).toBe(seq);
      });
      expect(await storedText(name)).toBe('durable');
    } finally {
      gated.release();
      writer.destroy();
      await local.close();
    }
  });

  it('acknowledges the writers of every document one group commit made durable', async () => {
    const gated = createGatedStore(db.store);
    const local = await startCollabTestServer({ store: gated.store });
    const names = [uniqueDocumentName('a'), uniqueDocumentName('b'), uniqueDocumentName('c')];
    // Two writers on each document, so each document is told once and acknowledges each of its connections.
    const writers = names.flatMap((name) =>
      ['alice', 'bob'].map((user) => connectClient(local.url, name, { ticket: `write:${user}`, acks: true })),
    );
    try {
      await Promise.all(writers.map((writer) => writer.synced()));
      gated.hold();
      const seqs = writers.map((writer, index) =>
        writer.edit((text) => {
          text.insert(0, `edit ${index} `);
        }),
      );
      await vi.waitFor(() => {
        expect(gated.waiting).toBe(1);
      });
      // Everything typed while the first write is held goes into the next one, as one batch.
      await Promise.all(writers.map((writer) => roundTrip(writer)));
      gated.release();
      await vi.waitFor(() => {
        expect(writers.map((writer) => writer.ackedSeq)).toEqual(seqs);
      });
      for (const name of names) {
        expect(await storedText(name)).toMatch(/^(edit \d+ ){2}$/);
      }
    } finally {
      gated.release();
      for (const writer of writers) {
        writer.destroy();
      }
      await local.close();
    }
  });

  it('sends acknowledgements only to connections that asked for them', async () => {
    const name = uniqueDocumentName();
    const plain = client(name, 'write:alice');
    await plain.synced();
    plain.edit((text) => {
      text.insert(0, 'no acks');
    });
    await server.collab.flush();
    await roundTrip(plain);
    expect(plain.ackedSeq).toBe(0);
  });
});
