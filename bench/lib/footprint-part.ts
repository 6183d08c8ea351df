/**
 * One part of the embedded default's footprint, alone in a fresh process: `node footprint-part.ts <part> [dir]`
 * prints `{"rss": bytes, "ms": milliseconds}` once the part is loaded (bench/embedded-footprint.ts runs it).
 *
 * - `node`: nothing loaded (Node and type stripping of this file);
 * - `server-modules`: the server's modules imported, nothing started;
 * - `server-modules-eager`: the same after importing what the server loads only when configured (LiveKit's SDK,
 *   ioredis and socket.io's Redis adapter, nodemailer), as it did at start before it deferred them;
 * - `pglite-defaults` / `pglite-ours`: PGlite opened on the database in `dir` with PGlite's own start parameters,
 *   or with ours (`server/src/db/embedded.ts`), and one query run;
 * - `web`: the built SvelteKit handler loaded.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [part, dir = ''] = process.argv.slice(2);
const started = performance.now();
/** What the server imports only when LiveKit, Redis or SMTP is configured. */
const DEFERRED = ['livekit-server-sdk', 'ioredis', 'nodemailer'];

if (part === 'server-modules') {
  await import('../../server/src/crosswalk.ts');
} else if (part === 'server-modules-eager') {
  const fromServer = createRequire(new URL('../../server/package.json', import.meta.url));
  const fromRealtime = createRequire(new URL('../../realtime/package.json', import.meta.url));
  for (const name of DEFERRED) {
    await import(pathToFileURL(fromServer.resolve(name)).href);
  }
  await import(pathToFileURL(fromRealtime.resolve('@socket.io/redis-adapter')).href);
  await import('../../server/src/crosswalk.ts');
} else if (part === 'pglite-defaults' || part === 'pglite-ours') {
  // PGlite is the server's dependency, not this package's: resolve it from there.
  const fromServer = createRequire(new URL('../../server/package.json', import.meta.url));
  const { PGlite } = (await import(pathToFileURL(fromServer.resolve('@electric-sql/pglite')).href)) as {
    PGlite: {
      create(options: { dataDir: string; startParams: string[] }): Promise<{
        query(sql: string): Promise<unknown>;
        close(): Promise<void>;
      }>;
    };
  };
  const { embeddedStartParams } = await import('../../server/src/db/embedded.ts');
  const db = await PGlite.create({
    dataDir: dir,
    startParams: part === 'pglite-ours' ? embeddedStartParams() : embeddedStartParams([]),
  });
  await db.query('select count(*) from users');
  process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, ms: performance.now() - started })}\n`);
  await db.close();
  process.exit(0);
} else if (part === 'web') {
  const { loadWebHandler } = await import('../../server/src/http/web-handler.ts');
  await loadWebHandler();
} else if (part !== 'node') {
  throw new Error(`unknown part ${String(part)}`);
}
process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, ms: performance.now() - started })}\n`);
