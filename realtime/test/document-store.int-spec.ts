import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/src/db/embedded.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createLogWriter, type LogWriter } from '../src/storage/log-writer.ts';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { createPostgresStore } from '../src/storage/postgres-store.ts';
import { openTestDatabase, type TestDatabase } from './support/collab-harness.ts';
import { describeDocumentStoreContract } from './support/document-store-contract.ts';
import { uniqueDocumentName } from './support/document-names.ts';

let database: TestDatabase;
let camelSql: postgres.Sql;
let embedded: EmbeddedPostgres;
let embeddedSql: postgres.Sql;
let dataDir: string;
let logWriter: LogWriter;

beforeAll(async () => {
  database = await openTestDatabase();
  // The application's own `sql` transforms column names; the store must not depend on either setting.
  camelSql = postgres(database.url, { max: 4, transform: postgres.camel, onnotice: () => undefined });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-pglite-store-'));
  const logger = createLogger('silent');
  embedded = await startEmbeddedPostgres(dataDir, logger);
  embeddedSql = postgres({ path: embedded.socketPath, database: 'postgres', username: 'postgres', max: 1 });
  await migrate(embeddedSql, logger);
  logWriter = createLogWriter({ url: database.url, logger });
});
afterAll(async () => {
  await logWriter.close();
  await camelSql.end({ timeout: 5 });
  await database.close();
  await embeddedSql.end({ timeout: 5 });
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describeDocumentStoreContract('memory', () => createMemoryStore());
describeDocumentStoreContract('PostgreSQL 15', () => createPostgresStore(database.sql));
describeDocumentStoreContract('PostgreSQL 15, camelCase transform', () => createPostgresStore(camelSql));
describeDocumentStoreContract('PostgreSQL 15, appends from the log writer thread', () =>
  createPostgresStore(database.sql, { logWriter }),
);
describeDocumentStoreContract('PGlite (embedded)', () => createPostgresStore(embeddedSql));

describe('PostgreSQL store on a fresh client', () => {
  it('appends when the append is the first query the client makes', async () => {
    // The client fetches its array-type catalogue on its first connection; a query made before that finished
    // once went out with the wrong parameter type (porsager/postgres#789).
    const fresh = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      const plain = uniqueDocumentName();
      const awkward = `${uniqueDocumentName()} "quoted" back\\slash, {braces}`;
      const first = Y.encodeStateAsUpdate(textDoc('first'));
      const second = Y.encodeStateAsUpdate(textDoc('second'));
      await createPostgresStore(fresh).appendBatch([
        { name: plain, update: first },
        // A view into a larger buffer, as merged updates can be.
        { name: awkward, update: Uint8Array.of(9, 9, ...second).subarray(2) },
        { name: plain, update: Uint8Array.of(0, 0) },
      ]);
      const store = createPostgresStore(database.sql);
      const stored = await store.load(plain);
      // The batch's two updates of one document are written as one merged row.
      expect(stored.updates.map((update) => [...update])).toEqual([[...Y.mergeUpdates([first, Uint8Array.of(0, 0)])]]);
      expect((await store.load(awkward)).updates.map((update) => [...update])).toEqual([[...second]]);
    } finally {
      await fresh.end({ timeout: 5 });
    }
  });
});

describe('PostgreSQL store catch-up', () => {
  it('reads rows of a transaction that committed after a later one (out of sequence order)', async () => {
    const store = createPostgresStore(database.sql);
    const name = uniqueDocumentName();
    const early = Y.encodeStateAsUpdate(textDoc('early '));
    const late = Y.encodeStateAsUpdate(textDoc('late'));
    const { cursor } = await store.load(name);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => undefined;
    const insertedEarly = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // The slow transaction takes its sequence number (and transaction id) first but commits last.
    const slow = database.sql.begin(async (tx) => {
      await tx`insert into collab_updates (name, data) values (${name}, ${early})`;
      inserted();
      await held;
    });
    await insertedEarly;
    await store.appendBatch([{ name, update: late }]);
    const first = await store.readSince(name, cursor);
    expect(first.updates).toHaveLength(1);
    release();
    await slow;
    const second = await store.readSince(name, first.cursor);
    const doc = new Y.Doc();
    for (const update of [...first.updates, ...second.updates]) {
      Y.applyUpdate(doc, update);
    }
    expect(doc.getText('content').toJSON()).toContain('early');
    expect(doc.getText('content').toJSON()).toContain('late');
    doc.destroy();
  });
});

function textDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  return doc;
}
