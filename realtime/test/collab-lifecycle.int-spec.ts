import { CollabMessageType, CollabQuery } from '@crosswalk/shared';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import type { RealtimeLogger } from '../src/types.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, usePostgresStore, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { createRecordingLogger } from './support/silent-logger.ts';
import { createGatedStore, type GatedStore } from './support/gated-store.ts';

const db = usePostgresStore();

/** Runs a test body against its own server on a gated store, closing everything afterwards. */
async function withServer(
  options: { compactAfterRows?: number; logger?: RealtimeLogger },
  body: (
    server: CollabTestServer,
    gated: GatedStore,
    connect: (name: string, ticket: string) => TestClient,
  ) => Promise<void>,
): Promise<void> {
  const gated = createGatedStore(db.store);
  const server = await startCollabTestServer({ store: gated.store, ...options });
  const clients: TestClient[] = [];
  try {
    await body(server, gated, (name, ticket) => {
      const client = connectClient(server.url, name, { ticket, acks: true });
      clients.push(client);
      return client;
    });
  } finally {
    gated.release();
    gated.releaseLoads();
    for (const client of clients) {
      client.destroy();
    }
    await server.close();
  }
}

async function logRows(name: string): Promise<number> {
  const [row] = await db.database.sql<{ count: string }[]>`select count(*) from collab_updates where name = ${name}`;
  return Number(row?.count ?? 0);
}

describe('document lifecycle', () => {
  it('loads a document once for concurrent first connections', async () => {
    await withServer({}, async (server, gated, connect) => {
      const name = uniqueDocumentName();
      gated.holdLoads();
      const editors = Array.from({ length: 5 }, (_, index) => connect(name, `write:user-${index}`));
      await vi.waitFor(() => {
        expect(gated.loadsWaiting).toBe(1);
      });
      gated.releaseLoads();
      await Promise.all(editors.map((editor) => editor.synced()));
      expect(gated.calls.load).toBe(1);
      expect(server.collab.loadedDocuments()).toContain(name);
    });
  });

  it('refuses a flood of messages sent while the document loads', async () => {
    await withServer({}, async (server, gated) => {
      gated.holdLoads();
      const ws = new WebSocket(`${server.url}/${uniqueDocumentName()}?${CollabQuery.ticket}=write:mallory`);
      const closed = new Promise<number>((resolve) => ws.on('close', resolve));
      await new Promise((resolve) => ws.once('open', resolve));
      for (let index = 0; index < 300; index++) {
        ws.send(Uint8Array.of(CollabMessageType.queryAwareness));
      }
      expect(await closed).toBe(4429);
    });
  });

  it('unloads a document only once its last connection is gone and its writes are durable', async () => {
    await withServer({}, async (server, gated, connect) => {
      const name = uniqueDocumentName('held');
      const writer = connect(name, 'write:alice');
      await writer.synced();
      gated.hold();
      writer.edit((text) => {
        text.insert(0, 'pending at close');
      });
      await vi.waitFor(() => {
        expect(gated.waiting).toBe(1);
      });
      writer.destroy();
      // A document closed later than ours unloads: its grace period is over, so ours is over too.
      const other = uniqueDocumentName('other');
      const visitor = connect(other, 'write:bob');
      await visitor.synced();
      visitor.destroy();
      await vi.waitFor(() => {
        expect(server.collab.loadedDocuments()).not.toContain(other);
      });
      expect(server.collab.loadedDocuments()).toContain(name);

      gated.release();
      await vi.waitFor(() => {
        expect(server.collab.loadedDocuments()).not.toContain(name);
      });
      const reader = connect(name, 'read:carol');
      await reader.synced();
      expect(reader.text.toJSON()).toBe('pending at close');
    });
  });

  it('discards a document unwritten: its editors closed, its queued writes stored first, no compaction after', async () => {
    await withServer({}, async (server, gated, connect) => {
      const name = uniqueDocumentName('discarded');
      const kept = uniqueDocumentName('kept');
      const writer = connect(name, 'write:alice');
      const other = connect(kept, 'write:bob');
      await Promise.all([writer.synced(), other.synced()]);
      // The kept document has a log, so its unload compacts it: the control for the discarded one's lack of it.
      const keptSeq = other.edit((text) => {
        text.insert(0, 'kept');
      });
      await vi.waitFor(() => {
        expect(other.ackedSeq).toBe(keptSeq);
      });
      gated.hold();
      writer.edit((text) => {
        text.insert(0, 'queued before the discard');
      });
      await vi.waitFor(() => {
        expect(gated.waiting).toBe(1);
      });
      const compactions = gated.calls.compact;
      // The discard waits for the queued write, so the host deletes rows that are all there already.
      const discarding = server.collab.discard((documentName) => documentName === name);
      gated.release();
      expect(await discarding).toEqual([name]);
      expect(server.collab.loadedDocuments()).not.toContain(name);
      expect(server.collab.loadedDocuments()).toContain(kept);
      await vi.waitFor(() => {
        expect(writer.closeCodes).toContain(4404);
      });
      expect(await logRows(name)).toBe(1);
      // Rows deleted by the host right after the discard stay deleted: nothing is written back on the way out.
      await db.database.sql`delete from collab_updates where name = ${name}`;
      await db.database.sql`delete from collab_documents where name = ${name}`;
      other.destroy();
      await vi.waitFor(() => {
        expect(server.collab.loadedDocuments()).not.toContain(kept);
      });
      expect(gated.calls.compact).toBe(compactions + 1);
      expect(await logRows(name)).toBe(0);
      const [snapshot] = await db.database.sql<{ count: string }[]>`
        select count(*) from collab_documents where name = ${name}`;
      expect(Number(snapshot?.count)).toBe(0);
      // Discarding twice, or what is not loaded, does nothing.
      expect(await server.collab.discard((documentName) => documentName === name)).toEqual([]);
    });
  });

  it('compacts the log past its threshold and when the document unloads', async () => {
    await withServer({ compactAfterRows: 10 }, async (server, gated, connect) => {
      const name = uniqueDocumentName();
      const writer = connect(name, 'write:alice');
      await writer.synced();
      // Each edit committed on its own: a row each.
      for (let index = 0; index < 25; index++) {
        const seq = writer.edit((text) => {
          text.insert(text.length, `${index} `);
        });
        await vi.waitFor(() => {
          expect(writer.ackedSeq).toBe(seq);
        });
      }
      await vi.waitFor(async () => {
        expect(gated.calls.compact).toBeGreaterThanOrEqual(2);
        expect(await logRows(name)).toBeLessThan(10);
      });
      writer.destroy();
      await vi.waitFor(async () => {
        expect(server.collab.loadedDocuments()).not.toContain(name);
        expect(await logRows(name)).toBe(0);
      });
      const stored = await db.store.load(name);
      expect(stored.updates).toEqual([]);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.snapshot ?? new Uint8Array());
      expect(doc.getText('content').toJSON()).toBe(Array.from({ length: 25 }, (_, index) => `${index} `).join(''));
      doc.destroy();
    });
  });

  it('counts the log in rows: a burst the group commit writes as one row does not bring compaction forward', async () => {
    await withServer({ compactAfterRows: 10 }, async (_server, gated, connect) => {
      const name = uniqueDocumentName();
      const writer = connect(name, 'write:alice');
      await writer.synced();
      // 30 updates in one burst: the group commit merges them into one row (two if they straddle a commit).
      let seq = 0;
      for (let index = 0; index < 30; index++) {
        seq = writer.edit((text) => {
          text.insert(text.length, 'x');
        });
      }
      await vi.waitFor(() => {
        expect(writer.ackedSeq).toBe(seq);
      });
      const burstRows = await logRows(name);
      expect(burstRows).toBeGreaterThanOrEqual(1);
      expect(burstRows).toBeLessThanOrEqual(2);
      const single = async () => {
        const sent = writer.edit((text) => {
          text.insert(text.length, 'y');
        });
        await vi.waitFor(() => {
          expect(writer.ackedSeq).toBe(sent);
        });
      };
      // Up to one row short of the threshold: no compaction.
      for (let rows = burstRows; rows < 9; rows++) {
        await single();
      }
      expect(await logRows(name)).toBe(9);
      expect(gated.calls.compact).toBe(0);
      // The tenth row brings it, and it merges everything.
      await single();
      await vi.waitFor(async () => {
        expect(gated.calls.compact).toBe(1);
        expect(await logRows(name)).toBe(0);
      });
      // And the next one waits for ten more rows.
      for (let rows = 0; rows < 5; rows++) {
        await single();
      }
      expect(gated.calls.compact).toBe(1);
      expect(await logRows(name)).toBe(5);
    });
  });

  it('recovers offline edits through the sync handshake, even when a later edit arrives first', async () => {
    const logger = createRecordingLogger();
    await withServer({ logger }, async (server, gated, connect) => {
      const name = uniqueDocumentName();
      const first = connect(name, 'write:alice');
      await first.synced();
      first.edit((text) => {
        text.insert(0, 'base');
      });
      await server.collab.flush();
      // Bob's replica holds the base plus an edit the server never received (as after a server crash).
      const bobState = new Y.Doc();
      Y.applyUpdate(bobState, Y.encodeStateAsUpdate(first.doc));
      bobState.getText('content').insert(4, ' offline');
      first.destroy();
      await vi.waitFor(() => {
        expect(server.collab.loadedDocuments()).not.toContain(name);
      });

      gated.holdLoads();
      const bob = connect(name, 'write:bob');
      Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(bobState));
      bobState.destroy();
      await new Promise<void>((resolve) => {
        bob.provider.on('status', ({ status }) => {
          if (status === 'connected') {
            resolve();
          }
        });
      });
      // Sent before the server's sync step 1 reaches Bob: it depends on the offline edit the server lacks.
      bob.edit((text) => {
        text.insert(text.length, ' typed');
      });
      await vi.waitFor(() => {
        expect(gated.loadsWaiting).toBe(1);
      });
      gated.releaseLoads();
      const carol = connect(name, 'read:carol');
      await vi.waitFor(() => {
        expect(carol.text.toJSON()).toBe('base offline typed');
      });
      await vi.waitFor(() => {
        expect(bob.ackedSeq).toBe(bob.sentSeq);
      });
      expect(logger.records.map((record) => record.msg)).toContain('collab update deferred');
    });
  });

  it('on close, flushes pending writes and acknowledges them before closing sockets with goingAway', async () => {
    await withServer({}, async (server, gated, connect) => {
      // Two documents in the last commit: the writers of both hear it is durable before their sockets close.
      const names = [uniqueDocumentName('a'), uniqueDocumentName('b')];
      const writers = names.map((name) => connect(name, 'write:alice'));
      await Promise.all(writers.map((writer) => writer.synced()));
      gated.hold();
      const seqs = writers.map((writer) =>
        writer.edit((text) => {
          text.insert(0, 'flushed at shutdown');
        }),
      );
      await vi.waitFor(() => {
        expect(gated.waiting).toBe(1);
      });
      const acked: number[] = [];
      for (const writer of writers) {
        const ws = writer.provider.ws as unknown as WebSocket;
        ws.addEventListener('close', () => acked.push(writer.ackedSeq));
      }
      const closing = server.collab.close();
      expect(writers.flatMap((writer) => writer.closeCodes)).toEqual([]);
      gated.release();
      await closing;
      await vi.waitFor(() => {
        for (const writer of writers) {
          expect(writer.closeCodes).toContain(1001);
        }
      });
      expect(acked).toEqual(seqs);
      for (const [index, name] of names.entries()) {
        writers[index]?.provider.disconnect();
        const stored = await db.store.load(name);
        const doc = new Y.Doc();
        for (const update of stored.updates) {
          Y.applyUpdate(doc, update);
        }
        expect(doc.getText('content').toJSON()).toBe('flushed at shutdown');
        doc.destroy();
      }
    });
  });
});
