/**
 * Heavy work on the embedded database, alone in a fresh process (bench/embedded-heavy.ts runs it with and without
 * `node --liftoff-only`): `node heavy-part.ts <dataDir> <keystrokes>` prints one JSON line of milliseconds.
 *
 * - `demoMs`: migrating a new database and loading the demo year;
 * - `appendMs`: appending a very large document's keystrokes to the update log, 20 keystrokes to a row as a busy
 *   document's group commits write them;
 * - `compactMs`: compacting that log into the snapshot, as the live document does (the same store, the same merge);
 * - `loadMs`: loading the compacted document again;
 * - `docxMs` / `pdfMs`: exporting the demo's closed review's full report, median of 5 each.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { createPostgresStore } from '../../realtime/src/storage/postgres-store.ts';
import { parseConfig } from '../../server/src/config.ts';
import { createDatabase } from '../../server/src/db/client.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createServices } from '../../server/src/services.ts';
import { percentile } from './stats.ts';

const [dataDir = '', keystrokesArg = '20000'] = process.argv.slice(2);
const keystrokes = Number(keystrokesArg);
const logger = createLogger('silent');
const time = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

const config = parseConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', PUBLIC_URL: 'http://localhost:3000' });
const db = await createDatabase({ databaseUrl: undefined, dataDir, poolSize: 1, logger });
const [, demoMs] = await time(async () => {
  await migrate(db.sql, logger);
  await loadDemo(db.sql, logger);
});

// A long document typed one keystroke at a time at places spread through it, with one deletion in ten.
const doc = new Y.Doc();
const text = doc.getText('body');
const updates: Uint8Array[] = [];
doc.on('update', (update: Uint8Array) => updates.push(update));
const random = randomBytes(keystrokes * 2);
for (let i = 0; i < keystrokes; i += 1) {
  const at = text.length === 0 ? 0 : random.readUInt16BE(i * 2) % (text.length + 1);
  if (i % 10 === 9 && text.length > 0) {
    text.delete(Math.min(at, text.length - 1), 1);
  } else {
    text.insert(at, 'abcdefghijklmnopqrstuvwxyz '.charAt(i % 27));
  }
}
// A group commit writes one merged row per document per commit: a busy document's typing lands as rows of a few
// dozen keystrokes each.
const KEYSTROKES_PER_COMMIT = 20;
const store = createPostgresStore(db.sql);
const name = 'bench:large-document';
const [, appendMs] = await time(async () => {
  for (let i = 0; i < updates.length; i += KEYSTROKES_PER_COMMIT) {
    await store.appendBatch(updates.slice(i, i + KEYSTROKES_PER_COMMIT).map((update) => ({ name, update })));
  }
});
const [compaction, compactMs] = await time(() => store.compact(name, (parts) => Y.mergeUpdates(parts)));
const [, loadMs] = await time(() => store.load(name));

const services = createServices(config, db, logger, { realtime: randomBytes(32) });
// The report reads the workshop and action plan as they are now: here straight from storage, as a process with no
// editor connected would load them.
services.reports.attach({
  async withDocument(documentName, change) {
    const stored = await store.load(documentName);
    const live = new Y.Doc();
    for (const update of [stored.snapshot, ...stored.updates]) {
      if (update) {
        Y.applyUpdate(live, update);
      }
    }
    return change(live);
  },
});
const [host] = await db.sql<{ id: string }[]>`select id from users where email = 'host.head@fenbrook.demo'`;
const actor = await services.auth.actorForUser(host?.id ?? '');
if (!actor) {
  throw new Error('the demo has no host headteacher of Fenbrook');
}
const exportTimes = async (format: 'docx' | 'pdf') => {
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    times.push((await time(() => services.reports.export(DEMO_CLOSED_REVIEW_ID, actor, 'full', format)))[1]);
  }
  return percentile(times, 50);
};
const docxMs = await exportTimes('docx');
const pdfMs = await exportTimes('pdf');

process.stdout.write(
  `${JSON.stringify({
    demoMs,
    appendMs,
    compactMs,
    loadMs,
    docxMs,
    pdfMs,
    mergedUpdates: compaction.mergedUpdates,
    snapshotBytes: compaction.snapshotBytes,
    rss: process.memoryUsage().rss,
  })}\n`,
);
await db.close();
process.exit(0);
