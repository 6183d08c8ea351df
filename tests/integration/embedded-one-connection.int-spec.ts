import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnTransactionError } from '../../server/src/db/transaction-guard.ts';
import { withDemoData } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * The embedded database serves one connection: while a transaction holds it, every other statement waits. These
 * tests hold it open on purpose and check that nothing waits for itself and that health checks still answer.
 */

const CHAMPION = 'champion@littlewaltham.demo';

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

/** Opens a transaction that holds the one connection until `release` is called. */
async function holdConnection(): Promise<{ release: () => void; ended: Promise<unknown> }> {
  const held = deferred();
  const gate = deferred();
  const ended = server.crosswalk.db.sql.begin(async (tx) => {
    await tx`select 1`;
    held.resolve();
    await gate.promise;
  });
  await held.promise;
  return { release: gate.resolve, ended };
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

  it('answers /api/health and readiness while a transaction holds the connection and a command waits behind it', async () => {
    const { services } = server.crosswalk;
    const sessionId = await workshopSessionId(server);
    const champion = await services.auth.actorForUser((await services.users.findByEmail(CHAMPION))?.id ?? '');
    if (!champion) {
      throw new Error('the demo champion is missing');
    }
    const client = new HttpClient(server.url);
    const { release, ended } = await holdConnection();
    let commandAnswered = false;
    const command = services.workshops.command(sessionId, champion, { type: 'lock', locked: true }).finally(() => {
      commandAnswered = true;
    });
    try {
      const health = await client.get('/api/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: 'embedded' });
      expect((await client.get('/api/health/ready')).body).toEqual({ status: 'ready' });
      // Both answered while the transaction still held the connection and the command was still waiting for it.
      expect(commandAnswered).toBe(false);
    } finally {
      release();
    }
    await ended;
    expect(await command).toBeGreaterThan(0);
    // And once the connection is free again, health checks go back to asking the database itself.
    expect((await client.get('/api/health')).status).toBe(200);
  });
});
