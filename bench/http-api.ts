/**
 * HTTP API benchmark: latency and throughput of the session-authenticated read path (`GET /api/me`) and of
 * sign-in (dominated by argon2id), on the embedded database or on BENCH_DATABASE_URL. Prints numbers only.
 *
 *   pnpm bench                                   # embedded PGlite in a temporary directory
 *   BENCH_DATABASE_URL=postgres://…/crosswalk_bench pnpm bench   # a real PostgreSQL (use a database of its own)
 */
import { DEMO_PASSWORD } from '../server/src/demo/demo-data.ts';
import { BENCH_LIMITS, signInCookie, startDemoCrosswalk } from './lib/demo-crosswalk.ts';
import { summary } from './lib/stats.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const READS = Number(process.env.BENCH_READS ?? 4000);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 100);

async function runConcurrent(
  total: number,
  worker: () => Promise<void>,
): Promise<{ samples: number[]; elapsed: number }> {
  const samples: number[] = [];
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started < total) {
        started += 1;
        const t0 = performance.now();
        await worker();
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, elapsed: performance.now() - begin };
}

const { crosswalk, baseUrl: base, stop } = await startDemoCrosswalk({ SERVICES: 'api', ...BENCH_LIMITS });
const origin = { origin: base, 'content-type': 'application/json' };
const cookie = await signInCookie(base, 'host.head@fenbrook.demo');

const memory = process.memoryUsage().rss;
console.log(
  `Crosswalk HTTP API benchmark · database=${crosswalk.db.kind} · concurrency=${CONCURRENCY} · node ${process.version}`,
);

const reads = await runConcurrent(READS, async () => {
  const response = await fetch(`${base}/api/me`, { headers: { cookie } });
  await response.arrayBuffer();
});
console.log(summary('GET /api/me (session + 3 queries)', reads.samples, reads.elapsed));

const health = await runConcurrent(READS, async () => {
  const response = await fetch(`${base}/api/health`);
  await response.arrayBuffer();
});
console.log(summary('GET /api/health (1 query)', health.samples, health.elapsed));

const logins = await runConcurrent(LOGINS, async () => {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: origin,
    body: JSON.stringify({ email: 'reviewer@hempshill.demo', password: DEMO_PASSWORD }),
  });
  await response.arrayBuffer();
});
console.log(summary('POST /api/auth/login (argon2id)', logins.samples, logins.elapsed));
console.log(
  `RSS after warm-up: ${(memory / 1024 / 1024).toFixed(0)} MB; after run: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
);

await stop();
