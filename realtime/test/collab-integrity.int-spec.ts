import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CloseCode } from '@crosswalk/shared';
import postgres from 'postgres';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/src/db/embedded.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import type { DocumentStore } from '../src/storage/document-store.ts';
import { createPostgresStore } from '../src/storage/postgres-store.ts';
import { encodeUpdate } from '../src/yjs/messages.ts';
import type { CollabLimits } from '../src/yjs/types.ts';
import { BRICKING_UPDATE, POISONING_SEQUENCES } from './support/absurd-updates.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { openTestDatabase, startCollabTestServer, type TestDatabase } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { openRawSocket } from './support/raw-socket.ts';
import { createRecordingLogger } from './support/silent-logger.ts';
import { textOf } from './support/stored-text.ts';

/** Generous: on a busy 2-core machine a sync and a group commit can take seconds. */
const WAIT = { timeout: 15_000, interval: 20 };

let database: TestDatabase;
let embedded: EmbeddedPostgres;
let embeddedSql: postgres.Sql;
let dataDir: string;

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-integrity-'));
  embedded = await startEmbeddedPostgres(dataDir, createLogger('silent'));
  embeddedSql = postgres({ path: embedded.socketPath, database: 'postgres', username: 'postgres', max: 1 });
  await migrate(embeddedSql, createLogger('silent'));
});
afterAll(async () => {
  await embeddedSql.end({ timeout: 5 });
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
  await database.close();
});

const engines: [string, () => DocumentStore][] = [
  ['PostgreSQL', () => createPostgresStore(database.sql)],
  ['the embedded database', () => createPostgresStore(embeddedSql)],
];

/** What the store holds of a document, as text: what a restarted server would load. */
const storedText = async (store: DocumentStore, name: string): Promise<string> => textOf(await store.load(name));

/** Sends each update as a sync update frame on a hostile writer's socket; resolves with how the server answered. */
async function sendHostileUpdates(url: string, name: string, updates: readonly Uint8Array[]): Promise<'open' | number> {
  const raw = await openRawSocket(url, name, 'write:mallory');
  for (const update of updates) {
    raw.ws.send(encodeUpdate(update));
  }
  const outcome = await raw.probe();
  await raw.close();
  return outcome;
}

async function typeAndWaitForAck(client: TestClient, token: string): Promise<void> {
  const seq = client.edit((text) => {
    text.insert(text.length, token);
  });
  await vi.waitFor(() => {
    expect(client.ackedSeq).toBeGreaterThanOrEqual(seq);
  }, WAIT);
}

describe.each(engines)('a hostile writer on %s', (_engine, makeStore) => {
  async function scenario(limits: Partial<CollabLimits> = {}) {
    const store = makeStore();
    const logger = createRecordingLogger();
    const server = await startCollabTestServer({ store, logger, limits });
    const name = uniqueDocumentName();
    const writer = connectClient(server.url, name, { ticket: 'write:alice', acks: true });
    const reader = connectClient(server.url, name, { ticket: 'read:bob' });
    await Promise.all([writer.synced(), reader.synced()]);
    await typeAndWaitForAck(writer, 'before ');
    return {
      store,
      logger,
      server,
      name,
      writer,
      reader,
      async close() {
        writer.destroy();
        reader.destroy();
        await server.close();
      },
    };
  }

  /** Sends the sequence as a hostile writer, which is refused; then an honest edit is acknowledged, stored and relayed. */
  async function attackThenEditSurvives(
    s: Awaited<ReturnType<typeof scenario>>,
    sequence: readonly Uint8Array[],
  ): Promise<void> {
    expect(await sendHostileUpdates(s.server.url, s.name, sequence)).toBe(CloseCode.malformedMessage);
    await typeAndWaitForAck(s.writer, 'after');
    expect(await storedText(s.store, s.name)).toBe('before after');
    await vi.waitFor(() => {
      expect(s.reader.text.toJSON()).toBe('before after');
    }, WAIT);
  }

  it.each(POISONING_SEQUENCES.map((sequence, index) => [index + 1, sequence] as const))(
    'cannot make the server acknowledge an edit it did not store (sequence %i)',
    async (_index, sequence) => {
      const s = await scenario();
      try {
        await attackThenEditSurvives(s, sequence);
      } finally {
        await s.close();
      }
    },
  );

  it('cannot brick a document with one small update', async () => {
    const s = await scenario();
    try {
      expect(BRICKING_UPDATE.byteLength).toBeLessThan(200);
      expect(await sendHostileUpdates(s.server.url, s.name, [BRICKING_UPDATE])).toBe(CloseCode.malformedMessage);
      const newcomer = connectClient(s.server.url, s.name, { ticket: 'write:carol', acks: true });
      const newReader = connectClient(s.server.url, s.name, { ticket: 'read:dave' });
      try {
        await vi.waitFor(() => {
          expect(newcomer.provider.synced).toBe(true);
          expect(newReader.text.toJSON()).toBe('before ');
        }, WAIT);
        await typeAndWaitForAck(newcomer, 'later');
        expect(await storedText(s.store, s.name)).toBe('before later');
        // A named version is the document encoded whole: it must decode again.
        const version = await s.server.collab.withDocument(s.name, (doc) => Y.encodeStateAsUpdate(doc));
        const restored = new Y.Doc();
        Y.applyUpdate(restored, version);
        expect(restored.getText('content').toJSON()).toBe('before later');
      } finally {
        newcomer.destroy();
        newReader.destroy();
      }
    } finally {
      await s.close();
    }
  });

  it('loses nothing when an update that passed every check still fails to apply', async () => {
    // With the clock bound lifted, the poisoning sequence reaches Yjs: the server must notice the half-applied
    // document, put it back from what is stored, keep serving the honest connections and close only the sender.
    const s = await scenario({ maxClock: 2 ** 64 });
    try {
      await attackThenEditSurvives(s, POISONING_SEQUENCES[0] ?? []);
      expect(s.writer.closeCodes).toEqual([]);
      expect(s.reader.closeCodes).toEqual([]);
      expect(s.logger.records.some((record) => record.msg === 'collab document reloaded after a failed update')).toBe(
        true,
      );
    } finally {
      await s.close();
    }
  });

  it('sets aside a stored update that cannot be applied, and keeps loading and compacting', async () => {
    const store = makeStore();
    const name = uniqueDocumentName();
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    author.getText('content').insert(0, 'kept');
    const [poison] = POISONING_SEQUENCES[0] ?? [];
    // As a server without today's checks would have stored them: an absurd update between two good ones.
    await store.appendBatch([{ name, update: updates[0] ?? new Uint8Array() }]);
    await store.appendBatch([{ name, update: poison ?? new Uint8Array() }]);
    await store.appendBatch([{ name, update: BRICKING_UPDATE }]);
    author.getText('content').insert(4, ' too');
    await store.appendBatch([{ name, update: updates[1] ?? new Uint8Array() }]);
    const quarantinedBefore = await store.quarantinedCount();

    const logger = createRecordingLogger();
    const server = await startCollabTestServer({ store, logger });
    const writer = connectClient(server.url, name, { ticket: 'write:alice', acks: true });
    try {
      await writer.synced();
      expect(writer.text.toJSON()).toBe('kept too');
      await typeAndWaitForAck(writer, '!');
      writer.destroy();
      // The last connection gone, the document leaves memory and is compacted.
      await vi.waitFor(async () => {
        expect(server.collab.loadedDocuments()).not.toContain(name);
        expect((await store.load(name)).updates).toHaveLength(0);
      }, WAIT);
      expect(await storedText(store, name)).toBe('kept too!');
      expect((await store.quarantinedCount()) - quarantinedBefore).toBe(2);
      const setAside = logger.records.filter((r) => r.msg === 'collab stored update could not be applied; set aside');
      expect(setAside).toHaveLength(2);
      expect(setAside.every((r) => 'row' in r.obj && 'documentName' in r.obj)).toBe(true);
    } finally {
      writer.destroy();
      await server.close();
    }
  });
});
