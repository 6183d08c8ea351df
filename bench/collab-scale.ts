/**
 * Live-document benchmark across processes: the same y-websocket load as bench/collab.ts against one collab
 * process, then against two processes sharing the documents through Redis, with the editors of every room split
 * between the two (so most updates cross Redis). Prints both and the ratio two / one. Numbers only.
 *
 *   node bench/collab-scale.ts                  # PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379
 *   BENCH_REDIS_URL=redis://…  BENCH_DATABASE_URL=postgres://…/db   # elsewhere
 *   BENCH_COLLAB_SECONDS=8 BENCH_COLLAB_ROUNDS=3
 *
 * On one machine the two processes share its cores with the load generator, PostgreSQL and Redis: the ratio
 * shows the cost of the fan-out hop, not the gain of a second machine.
 */
import { randomBytes } from 'node:crypto';
import {
  closeRooms,
  openRooms,
  Recorder,
  runLoad,
  settle,
  startBenchServer,
  type BenchServer,
} from './lib/collab-load.ts';
import { withDatabase } from './lib/bench-database.ts';
import { percentile } from './lib/stats.ts';

process.setMaxListeners(0);
const SECONDS = Number(process.env.BENCH_COLLAB_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_COLLAB_ROUNDS ?? 3);
const TYPING_RATE = 5;
const SUSTAINED_STEPS = [500, 1000, 2000, 4000, 6000, 8000, 10_000, 12_000, 14_000, 17_000, 20_000, 25_000];
const STEP_MS = 3000;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Setup = 'one' | 'two';

async function withServers<T>(setup: Setup, databaseUrl: string, run: (servers: BenchServer[]) => Promise<T>) {
  const redis = { url: REDIS_URL, keyPrefix: `bench:${randomBytes(4).toString('hex')}:` };
  const servers = await Promise.all(
    setup === 'one'
      ? [startBenchServer('crosswalk', databaseUrl)]
      : [startBenchServer('crosswalk', databaseUrl, redis), startBenchServer('crosswalk', databaseUrl, redis)],
  );
  try {
    return await run(servers);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** 10 rooms of 5 editors; editor i of a room connects to server i mod n (split across processes). */
const openRoomsOn = (servers: BenchServer[], recorder: Recorder) =>
  openRooms(
    servers.map((server) => server.url),
    recorder,
    { rooms: 10, perRoom: 5, label: 's10x5', acks: true },
  );

interface Propagation {
  p50: number;
  p99: number;
  durableP99: number;
}

async function propagation(servers: BenchServer[]): Promise<Propagation> {
  const recorder = new Recorder();
  const editors = await openRoomsOn(servers, recorder);
  const all = editors.flat();
  recorder.reset();
  const { edits } = await runLoad(all, recorder, all.length * TYPING_RATE, SECONDS * 1000);
  await settle(() => recorder.propagation.length >= edits * 4 && all.every((e) => e.unacked.length === 0), 10_000);
  closeRooms(editors);
  return {
    p50: percentile(recorder.propagation, 50),
    p99: percentile(recorder.propagation, 99),
    durableP99: percentile(recorder.durable, 99),
  };
}

async function sustained(servers: BenchServer[]): Promise<number> {
  const recorder = new Recorder();
  const editors = await openRoomsOn(servers, recorder);
  const all = editors.flat();
  let best = 0;
  for (const rate of SUSTAINED_STEPS) {
    recorder.reset();
    const { edits, elapsedMs } = await runLoad(all, recorder, rate, STEP_MS);
    await settle(() => recorder.propagation.length >= edits * 4, 5000);
    const delivered = recorder.propagation.length / (edits * 4);
    if (percentile(recorder.propagation, 99) > 100 || delivered < 0.999 || (edits / elapsedMs) * 1000 < rate * 0.95) {
      break;
    }
    best = rate;
  }
  closeRooms(editors);
  return best;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const ratio = (two: number, one: number) => (one > 0 ? `${(two / one).toFixed(2)}×` : 'n/a');

await withDatabase(async (databaseUrl) => {
  console.log(
    `Crosswalk live documents across processes · node ${process.version} · 10 rooms × 5 editors, median p99 of ${ROUNDS} runs of ${SECONDS} s`,
  );
  const runs: Record<Setup, Propagation[]> = { one: [], two: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const setup of ['one', 'two'] as const) {
      runs[setup].push(await withServers(setup, databaseUrl, propagation));
    }
  }
  const median = (list: Propagation[]) =>
    [...list].sort((a, b) => a.p99 - b.p99)[Math.floor(list.length / 2)] as Propagation;
  const results = {} as Record<Setup, Propagation & { sustained: number }>;
  for (const setup of ['one', 'two'] as const) {
    results[setup] = { ...median(runs[setup]), sustained: await withServers(setup, databaseUrl, sustained) };
  }
  for (const setup of ['one', 'two'] as const) {
    const r = results[setup];
    console.log(`\n${setup === 'one' ? 'one process' : 'two processes + Redis (each room split across both)'}`);
    console.log(`  propagation p50 ${ms(r.p50)}  p99 ${ms(r.p99)}   edit → durable p99 ${ms(r.durableP99)}`);
    console.log(`  sustained edits/s (p99 ≤ 100 ms)   ${r.sustained}`);
  }
  console.log('\nratios (two / one; lower is better except throughput)');
  console.log(
    `  p50 ${ratio(results.two.p50, results.one.p50)}  p99 ${ratio(results.two.p99, results.one.p99)}  durable p99 ${ratio(results.two.durableP99, results.one.durableP99)}  sustained ${ratio(results.two.sustained, results.one.sustained)}`,
  );
});
