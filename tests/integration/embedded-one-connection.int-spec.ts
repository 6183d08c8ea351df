import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnTransactionError } from '../../server/src/db/transaction-guard.ts';
import { withDemoData } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The embedded database serves one connection: while a transaction holds it, every other statement waits. These
 * tests check that nothing can wait for the connection its own transaction holds.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ embedded: true });
  await withDemoData(server);
  // PGlite and the demo data take tens of seconds to start on a busy machine.
}, 180_000);
afterAll(() => server.close());

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('one connection, never waited for by its own holder', () => {
  it('refuses at once a statement sent through the shared connection inside a transaction', async () => {
    const { sql } = server.crosswalk.db;
    await expect(
      sql.begin(async () => {
        await sql`select 1`;
      }),
    ).rejects.toBeInstanceOf(OwnTransactionError);
    await expect(sql.begin(() => sql.begin(() => 1))).rejects.toBeInstanceOf(OwnTransactionError);
    await expect(
      sql.begin(async () => {
        await sql.unsafe('select 1');
      }),
    ).rejects.toBeInstanceOf(OwnTransactionError);
    // A second connection does not exist here: asking for one fails rather than waiting for ever.
    expect(() => sql.reserve()).toThrow(/connection of its own/);
    expect(() => sql.listen('crosswalk_test', () => undefined)).toThrow(/connection of its own/);

    // Work a transaction starts that runs after it has ended may use the shared connection.
    const ended = deferred();
    let later: Promise<unknown> = Promise.resolve();
    await sql.begin(async (tx) => {
      await tx`select 1`;
      later = ended.promise.then(() => sql<{ two: number }[]>`select 2 as two`);
    });
    ended.resolve();
    expect(await later).toEqual([{ two: 2 }]);
    // Every refused statement left the connection free.
    expect(await sql<{ one: number }[]>`select 1 as one`).toEqual([{ one: 1 }]);
  });
});
