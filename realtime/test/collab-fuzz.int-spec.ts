import fc from 'fast-check';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../src/storage/postgres-store.ts';
import { isSettled, loadUpdates } from '../src/updates/settled-doc.ts';
import { startChildServer, type ChildServer } from './support/child-server.ts';
import { connectClient } from './support/collab-client.ts';
import { openTestDatabase, type TestDatabase } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { hostileBurst } from './support/hostile-frames.ts';
import { startFuzzSession, until } from './support/hostile-fuzz.ts';

/** Frames per CI run; `pnpm bench` (bench/collab-fuzz.ts) sends 100,000 with seeds of its own. */
const FRAMES = 10_000;
/** Fixed, so a failure replays exactly. */
const SEED = 20_261_204;
const BURSTS_PER_RUN = 25;

let database: TestDatabase;
let server: ChildServer;

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startChildServer(database.url, { ipc: true });
});
afterAll(async () => {
  await server.stop();
  await database.close();
});

it(`keeps every promise while a writer sends ${FRAMES} hostile frames`, { timeout: 600_000 }, async () => {
  const name = uniqueDocumentName();
  // y-protocols reports an update an honest client could not apply only on the console.
  const consoleErrors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const session = await startFuzzSession(server.url, name);
  try {
    await session.warmUp(fc.sample(hostileBurst, { numRuns: 200, seed: SEED - 1 }));
    const before = await server.memory();
    const warmUpFrames = session.frames;

    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileBurst, { minLength: BURSTS_PER_RUN, maxLength: BURSTS_PER_RUN }),
        async (bursts) => {
          if (session.frames - warmUpFrames >= FRAMES) {
            return;
          }
          for (const burst of bursts) {
            await session.attack(burst);
          }
          session.type();
          // Every acknowledged edit reaches the reader, and no honest connection was closed.
          await session.allAcknowledged();
          await until(() => session.missingFrom(session.reader.text.toJSON()).length === 0, 'the reader to catch up');
          expect(session.honestCloseCodes()).toEqual([]);
          // Nothing the server relayed broke an honest copy, or failed to apply there.
          expect([...session.writers, session.reader].every((client) => isSettled(client.doc))).toBe(true);
          expect(consoleErrors.mock.calls.map(([message]) => String(message))).toEqual([]);
          runs += 1;
          if (runs % 20 === 0) {
            // An honest writer can always connect and sync.
            expect(await session.newcomerMisses()).toEqual([]);
          }
        },
      ),
      { seed: SEED, numRuns: Math.ceil(FRAMES / BURSTS_PER_RUN), endOnFailure: true },
    );
    session.close();
    const after = await server.memory();
    const frames = session.frames - warmUpFrames;
    const growth = (after.heapUsed + after.external) / (before.heapUsed + before.external);
    console.info(
      `${frames} hostile frames on ${session.attackerConnections} connections; closes by code: ${JSON.stringify(
        Object.fromEntries(session.attackerCloseCodes),
      )}; ${session.acknowledged().length} markers acknowledged; heap+external ${mb(before)} → ${mb(after)} MB`,
    );
    expect(after.collected).toBe(true);
    expect(growth).toBeLessThan(1.1);
    expect(frames).toBeGreaterThanOrEqual(FRAMES * 0.9);

    // After a restart every acknowledged marker is still there, and the stored document loads whole.
    const acknowledged = session.acknowledged().length;
    await server.stop();
    server = await startChildServer(database.url, { ipc: true });
    const reader = connectClient(server.url, name, { ticket: 'read:after-restart' });
    try {
      await reader.synced();
      expect(session.missingFrom(reader.text.toJSON())).toEqual([]);
      expect(acknowledged).toBe(session.acknowledged().length);
    } finally {
      reader.destroy();
    }
    const store = createPostgresStore(database.sql);
    const stored = await store.load(name);
    const { rejected } = loadUpdates(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
    expect(rejected).toEqual([]);
    expect(await store.quarantinedCount()).toBe(0);
  } finally {
    session.close();
    consoleErrors.mockRestore();
  }
});

function mb(memory: { heapUsed: number; external: number }): string {
  return ((memory.heapUsed + memory.external) / 1024 / 1024).toFixed(1);
}
