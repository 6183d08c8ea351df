/**
 * Fuzzing benchmark of the live-document server (issue: keep every promise under attack). A hostile writer sends
 * FUZZ_FRAMES (default 100,000) generated frames (absurd Yjs updates, mutated sync and awareness messages, noise)
 * to one document on a server in a process of its own on PostgreSQL, while two honest writers type markers with
 * durable acknowledgements and a reader watches. Prints what a reviewer asks: did the server crash, was any
 * acknowledged marker lost (at the reader, at a newcomer, after a restart), and does memory come back.
 *
 * Nothing passes or fails on time; the CI keeps a 10,000-frame run of the same invariants as a property test
 * (realtime/test/collab-fuzz.int-spec.ts).
 */
import fc from 'fast-check';
import { createPostgresStore } from '../realtime/src/storage/postgres-store.ts';
import { loadUpdates } from '../realtime/src/updates/settled-doc.ts';
import { startChildServer, type ChildServer, type ServerMemory } from '../realtime/test/support/child-server.ts';
import { connectClient } from '../realtime/test/support/collab-client.ts';
import { hostileBurst } from '../realtime/test/support/hostile-frames.ts';
import { startFuzzSession, until } from '../realtime/test/support/hostile-fuzz.ts';
import { createDatabase } from '../server/src/db/client.ts';
import { createLogger } from '../server/src/logger.ts';
import { withDatabase } from './lib/bench-database.ts';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Honest markers are typed, and invariants checked, after this many bursts. */
const BURSTS_PER_CHECK = 25;

const mb = (memory: ServerMemory) => ((memory.heapUsed + memory.external) / 1024 / 1024).toFixed(1);

await withDatabase(async (url) => {
  let server: ChildServer = await startChildServer(url, { ipc: true });
  let crashes = 0;
  const name = `fuzz-${SEED}`;
  const session = await startFuzzSession(server.url, name);
  let lostAtReader = 0;
  let newcomerFailures = 0;
  const started = performance.now();
  try {
    await session.warmUp(fc.sample(hostileBurst, { numRuns: 200, seed: SEED - 1 }));
    const before = await server.memory();
    const start = session.frames;
    let checks = 0;
    let chunk = 0;
    while (session.frames - start < FRAMES) {
      for (const burst of fc.sample(hostileBurst, { numRuns: BURSTS_PER_CHECK, seed: SEED + chunk })) {
        await session.attack(burst);
      }
      chunk += 1;
      if (server.process.exitCode !== null || server.process.signalCode !== null) {
        crashes += 1;
        server = await startChildServer(url, { ipc: true });
      }
      session.type();
      await session.allAcknowledged();
      try {
        await until(() => session.missingFrom(session.reader.text.toJSON()).length === 0, 'the reader', 5000);
      } catch {
        lostAtReader = Math.max(lostAtReader, session.missingFrom(session.reader.text.toJSON()).length);
      }
      checks += 1;
      if (checks % 50 === 0) {
        newcomerFailures += (await session.newcomerMisses().catch(() => ['unsynced'])).length > 0 ? 1 : 0;
        process.stderr.write(`  ${session.frames - start} frames…\n`);
      }
    }
    session.close();
    const after = await server.memory();
    const frames = session.frames - start;
    const seconds = (performance.now() - started) / 1000;

    await server.stop();
    server = await startChildServer(url, { ipc: true });
    const reader = connectClient(server.url, name, { ticket: 'read:after-restart' });
    await reader.synced();
    const lostAfterRestart = session.missingFrom(reader.text.toJSON()).length;
    reader.destroy();
    const db = await createDatabase({ databaseUrl: url, dataDir: '', poolSize: 1, logger: createLogger('silent') });
    const store = createPostgresStore(db.sql);
    const stored = await store.load(name);
    const { rejected } = loadUpdates(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates);
    const quarantined = await store.quarantinedCount();
    await db.close();

    console.log(`\nLive document under a hostile writer (seed ${SEED})`);
    console.log(
      `  frames handled            ${frames} in ${seconds.toFixed(0)} s, on ${session.attackerConnections} hostile connections`,
    );
    console.log(`  hostile closes by code    ${JSON.stringify(Object.fromEntries(session.attackerCloseCodes))}`);
    console.log(`  server crashes            ${crashes}`);
    console.log(`  honest connections closed ${session.honestCloseCodes().length}`);
    console.log(`  markers acknowledged      ${session.acknowledged().length}`);
    console.log(`  lost at the reader        ${lostAtReader}`);
    console.log(`  newcomer sync failures    ${newcomerFailures}`);
    console.log(`  lost after a restart      ${lostAfterRestart}`);
    console.log(`  stored parts unloadable   ${rejected.length} (quarantined ${quarantined})`);
    console.log(
      `  server heap+external      ${mb(before)} MB → ${mb(after)} MB after the run (×${(
        (after.heapUsed + after.external) /
        (before.heapUsed + before.external)
      ).toFixed(2)}), rss ${(after.rss / 1024 / 1024).toFixed(0)} MB`,
    );
  } finally {
    session.close();
    await server.stop();
  }
});
