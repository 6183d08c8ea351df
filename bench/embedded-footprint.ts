/**
 * The embedded default's footprint: what `pnpm start` with no configuration (PGlite in DATA_DIR, every service
 * on) costs in resident memory and time to listen, on a fresh data directory and on one with the demo loaded,
 * then where that memory goes, each part alone in a fresh process, with PGlite opened both with its own start
 * parameters and with ours (`server/src/db/embedded.ts`), in the same run. Needs `pnpm build` (the web pages).
 *
 * The starts with the demo loaded are repeated, alternately, without Node's compile cache (the reference: how
 * every start ran before `server/src/main.ts` enabled it) and with `node --liftoff-only` (V8 then never recompiles
 * PGlite's WebAssembly with its optimising compiler, whose code is what grows the memory as requests come in), to
 * show what that flag would save; it is not what `pnpm start` runs. The server's modules are also imported alone
 * with and without what it imports only when LiveKit, Redis or SMTP is configured.
 *
 *   node bench/embedded-footprint.ts         # BENCH_FOOTPRINT_STARTS=3 starts with the demo loaded
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_REVIEW_ID } from '../server/src/demo/demo-review.ts';
import { signInCookie } from './lib/demo-crosswalk.ts';
import { startCrosswalkProcess, type CrosswalkProcess } from './lib/crosswalk-process.ts';
import { median } from './lib/stats.ts';

const STARTS = Number(process.env.BENCH_FOOTPRINT_STARTS ?? 3);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Resident and peak resident memory of a process, from /proc (what an operator's `top` shows). */
async function residentMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** How a start differs from `pnpm start`: Node flags, environment. */
interface Variant {
  flags?: string[];
  env?: Record<string, string>;
}

/** `pnpm start` without configuration: every service, the embedded database in `dataDir`, and no test flags. */
async function start(
  dataDir: string,
  { flags = [], env = {} }: Variant = {},
): Promise<{ server: CrosswalkProcess; ms: number }> {
  const begin = performance.now();
  const server = await startCrosswalkProcess({ DATA_DIR: dataDir, SERVICES: 'api,web,realtime', ...env }, flags, {
    probe: false,
  });
  return { server, ms: performance.now() - begin };
}

async function run(command: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [command], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`${command} exited with ${String(code)}`);
  }
}

/** A person's first minute: sign in, their dashboard's API calls, the review and its documents, a page. */
async function someRequests(baseUrl: string): Promise<string> {
  const cookie = await signInCookie(baseUrl, 'host.head@fenbrook.demo');
  for (const url of [
    '/api/me',
    '/api/reviews',
    `/api/reviews/${DEMO_REVIEW_ID}`,
    `/api/reviews/${DEMO_REVIEW_ID}/collab`,
    '/',
    `/reviews/${DEMO_REVIEW_ID}`,
  ]) {
    const response = await fetch(`${baseUrl}${url}`, { headers: { cookie } });
    await response.arrayBuffer();
  }
  return cookie;
}

/** Requests one at a time for a while after the first minute: how fast the database answers once warm. */
const SPEED_REQUESTS = 200;

/** Median milliseconds of `GET /api/reviews/:id` (several queries), one request at a time. */
async function querySpeed(baseUrl: string, cookie: string): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < SPEED_REQUESTS; index++) {
    const begin = performance.now();
    const response = await fetch(`${baseUrl}/api/reviews/${DEMO_REVIEW_ID}`, { headers: { cookie } });
    await response.arrayBuffer();
    times.push(performance.now() - begin);
  }
  return median(times);
}

/** Loads one part of the footprint alone in a fresh process (see lib/footprint-part.ts). */
async function part(name: string, dir = ''): Promise<{ rss: number; ms: number }> {
  const child = spawn(process.execPath, [new URL('./lib/footprint-part.ts', import.meta.url).pathname, name, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await once(child, 'exit');
  return JSON.parse(out.trim().split('\n')[0] ?? '{}') as { rss: number; ms: number };
}

const root = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-footprint-'));
try {
  const dataDir = path.join(root, 'data');
  console.log(`Crosswalk embedded default's footprint · node ${process.version} · load average ${load()}`);

  const fresh = await start(dataDir);
  const freshMemory = await residentMemory(fresh.server.pid);
  await fresh.server.stop();
  console.log(
    `first start (new data directory):   listening after ${fresh.ms.toFixed(0)} ms, rss ${mb(freshMemory.rss)} (peak ${mb(freshMemory.peak)})`,
  );

  await run(new URL('../server/src/cli/demo.ts', import.meta.url).pathname, { DATA_DIR: dataDir });
  const variants: Record<string, Variant> = {
    'pnpm start': {},
    // The reference: every start strips and compiles every module again, as before main.ts enabled the cache.
    'no compile cache': { env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    'with --liftoff-only': { flags: ['--liftoff-only'] },
  };
  const measured = new Map<string, { times: number[]; atStart: number[]; after: number[]; request: number[] }>(
    Object.keys(variants).map((name) => [name, { times: [], atStart: [], after: [], request: [] }]),
  );
  // Alternate the variants so that other load on the machine falls on both alike.
  for (let round = 0; round < STARTS; round++) {
    for (const [name, variant] of Object.entries(variants)) {
      const entry = measured.get(name);
      const { server, ms } = await start(dataDir, variant);
      entry?.times.push(ms);
      entry?.atStart.push((await residentMemory(server.pid)).rss);
      const cookie = await someRequests(server.baseUrl);
      entry?.after.push((await residentMemory(server.pid)).rss);
      entry?.request.push(await querySpeed(server.baseUrl, cookie));
      await server.stop();
    }
  }
  console.log(`starts with the demo loaded (median of ${String(STARTS)}):`);
  for (const [name, entry] of measured) {
    console.log(
      `  ${name.padEnd(20)} listening after ${median(entry.times).toFixed(0).padStart(5)} ms, rss ${mb(median(entry.atStart))}; after sign-in and a few requests ${mb(median(entry.after))}; then GET /api/reviews/:id ${median(entry.request).toFixed(1)} ms`,
    );
  }

  // The parts, each alone; PGlite on a copy of the demo database so the server's lock plays no part.
  const database = path.join(root, 'pglite-copy');
  await cp(path.join(dataDir, 'pglite'), database, { recursive: true });
  const node = await part('node');
  const parts = [
    ['server modules imported', await part('server-modules')],
    ['... with LiveKit, Redis, SMTP', await part('server-modules-eager')],
    ["PGlite, PGlite's defaults", await part('pglite-defaults', database)],
    ['PGlite, our settings', await part('pglite-ours', database)],
    ['web pages (SvelteKit handler)', await part('web')],
  ] as const;
  console.log(`\nwhere it goes (each alone in a fresh process; Node itself: rss ${mb(node.rss)}):`);
  for (const [label, measured] of parts) {
    console.log(
      `  ${label.padEnd(30)} +${mb(measured.rss - node.rss).padStart(7)} rss, ${measured.ms.toFixed(0).padStart(5)} ms`,
    );
  }
  const [, defaults] = parts[2];
  const [, ours] = parts[3];
  console.log(
    `  our PGlite settings / PGlite's defaults: ${((ours.rss - node.rss) / (defaults.rss - node.rss)).toFixed(2)}× the memory, ${(ours.ms / defaults.ms).toFixed(2)}× the time to open`,
  );
  console.log(`load average at the end: ${load()}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
