/**
 * A collab server on PostgreSQL in a process of its own, for tests that kill it: `node collab-server-process.ts
 * <databaseUrl>` prints `listening <port>` once ready, and exits cleanly on SIGTERM.
 */
import postgres from 'postgres';
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
const collab = createCollabServer({ store: createPostgresStore(sql), logger: silentLogger, authorize: testAuthorize });
const http = await listenCollab(collab, silentLogger);
process.stdout.write(`listening ${http.port}\n`);
process.once('SIGTERM', () => {
  void http
    .close()
    .then(() => sql.end({ timeout: 5 }))
    .then(() => process.exit(0));
});
