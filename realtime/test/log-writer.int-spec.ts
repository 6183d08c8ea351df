import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogWriter } from '../src/storage/log-writer.ts';
import { createPostgresStore } from '../src/storage/postgres-store.ts';
import { openTestDatabase, type TestDatabase } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { silentLogger } from './support/silent-logger.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const WRITER = 'crosswalk-log-writer';

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  const encoded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return encoded;
}

async function writerBackends(): Promise<number[]> {
  const rows = await database.sql<{ pid: number }[]>`
    select pid from pg_stat_activity where application_name = ${WRITER} and datname = current_database()`;
  return rows.map((row) => row.pid);
}

async function logOf(name: string): Promise<number[][]> {
  const stored = await createPostgresStore(database.sql).load(name);
  return stored.updates.map((entry) => [...entry]);
}

describe('log writer thread', () => {
  it('appends on a connection of its own, merged per document, and ends it on close', async () => {
    const writer = createLogWriter({ url: database.url, logger: silentLogger });
    const [name, other] = [uniqueDocumentName(), uniqueDocumentName()];
    const [first, second, alone] = [update('first'), update('second'), update('alone')];
    await writer.append([
      { name, update: first },
      { name: other, update: alone },
      { name, update: second },
    ]);
    // One row for each document: its updates of the batch, merged in order.
    expect(await logOf(name)).toEqual([[...Y.mergeUpdates([first, second])]]);
    expect(await logOf(other)).toEqual([[...alone]]);
    expect(writer.threadsStarted).toBe(1);
    expect(await writerBackends()).toHaveLength(1);

    await writer.close();
    await expect.poll(writerBackends).toEqual([]);
    await expect(writer.append([{ name, update: first }])).rejects.toThrow(/closed/);
  });

  it('goes on after the database ended its connection (as when PostgreSQL restarts)', async () => {
    const writer = createLogWriter({ url: database.url, logger: silentLogger });
    try {
      const name = uniqueDocumentName();
      const [before, after] = [update('before'), update('after')];
      await writer.append([{ name, update: before }]);
      const [pid] = await writerBackends();
      // Waits until the backend has exited: without a timeout, PostgreSQL only signals it, and on a busy machine
      // the next append could still be served by it and the one after meet its end.
      await database.sql`select pg_terminate_backend(${pid ?? 0}, 5000)`;
      // The append that meets the dead connection may fail (the group commit retries it); the next one reconnects.
      await writer.append([{ name, update: update('during') }]).catch(() => undefined);
      await writer.append([{ name, update: after }]);
      const log = await logOf(name);
      expect(log).toContainEqual([...before]);
      expect(log).toContainEqual([...after]);
      expect(await writerBackends()).not.toContain(pid);
      expect(writer.threadsStarted).toBe(1);
    } finally {
      await writer.close();
    }
  });

  it('reports a database it cannot reach as a failed append, without hanging', async () => {
    const writer = createLogWriter({ url: 'postgres://postgres@127.0.0.1:1/nowhere', logger: silentLogger });
    try {
      await expect(writer.append([{ name: uniqueDocumentName(), update: update('lost') }])).rejects.toThrow(
        /log writer failed/,
      );
    } finally {
      await writer.close();
    }
  });
});
