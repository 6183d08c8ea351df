/**
 * A collab server on PostgreSQL in a process of its own, for tests that kill it: `node collab-server-process.ts
 * <databaseUrl>` prints `listening <port>` once ready, and exits cleanly on SIGTERM. Appends go through the log
 * writer thread, as in production on a PostgreSQL server.
 */
import postgres from 'postgres';
import { createLogWriter } from '../../src/storage/log-writer.ts';
import { createPostgresStore } from '../../src/storage/postgres-store.ts';
import { createCollabServer } from '../../src/yjs/collab-server.ts';
import { listenCollab } from './collab-http.ts';
import { silentLogger } from './silent-logger.ts';
import { testAuthorize } from './test-authorize.ts';

const databaseUrl = process.argv[2];
if (!databaseUrl) {
  throw new Error('usage: collab-server-process.ts <databaseUrl>');
}
const sql = postgres(databaseUrl, { max: 4, onnotice: () => undefined });
// As in production on a PostgreSQL server: the update log is written from a thread of its own.
const store = createPostgresStore(sql, { logWriter: createLogWriter({ url: databaseUrl, logger: silentLogger }) });
const collab = createCollabServer({ store, logger: silentLogger, authorize: testAuthorize });
const http = await listenCollab(collab, silentLogger);
process.stdout.write(`listening ${http.port}\n`);
// With an IPC channel (`startChildServer(url, { ipc: true })`): reports its memory after a full collection.
process.on('message', (message: unknown) => {
  if (message === 'memory') {
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    collect?.();
    const { heapUsed, external, arrayBuffers, rss } = process.memoryUsage();
    process.send?.({ heapUsed, external, arrayBuffers, rss, collected: collect !== undefined });
  }
});
process.once('SIGTERM', () => {
  void http
    .close()
    .then(() => sql.end({ timeout: 5 }))
    .then(() => process.exit(0));
});
