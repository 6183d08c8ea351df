/**
 * Heavy work on the embedded database with and without `node --liftoff-only` (what `pnpm start` runs): loading the
 * demo year into a new database, a very large document's update log appended, compacted and loaded again, and the
 * demo's closed review exported as DOCX and PDF. Each run is a fresh process on a new data directory
 * (`bench/lib/heavy-part.ts`); the two kinds alternate, so both see the same machine.
 *
 *   node bench/embedded-heavy.ts     # BENCH_HEAVY_PAIRS=2 pairs, BENCH_HEAVY_KEYSTROKES=20000
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { median } from './lib/stats.ts';

const PAIRS = Number(process.env.BENCH_HEAVY_PAIRS ?? 2);
const KEYSTROKES = Number(process.env.BENCH_HEAVY_KEYSTROKES ?? 20_000);
const PART = new URL('./lib/heavy-part.ts', import.meta.url).pathname;

interface HeavyRun {
  demoMs: number;
  appendMs: number;
  compactMs: number;
  loadMs: number;
  docxMs: number;
  pdfMs: number;
  mergedUpdates: number;
  snapshotBytes: number;
  rss: number;
}

async function run(flags: string[]): Promise<HeavyRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-heavy-'));
  try {
    const child = spawn(process.execPath, [...flags, PART, dir, String(KEYSTROKES)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) {
      throw new Error(`heavy-part exited with ${String(code)}`);
    }
    return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as HeavyRun;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kinds = { 'pnpm start (--liftoff-only)': ['--liftoff-only'], 'without the flag': [] as string[] };
const results: Record<string, HeavyRun[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
console.log(
  `load average at start: ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
for (let pair = 0; pair < PAIRS; pair += 1) {
  for (const [kind, flags] of Object.entries(kinds)) {
    const result = await run(flags);
    results[kind]?.push(result);
    console.log(`${kind}, run ${String(pair + 1)}: ${JSON.stringify(result)}`);
  }
}
console.log(
  `load average at end: ${os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
const first = Object.values(results)[0]?.[0];
console.log(
  `\n${String(KEYSTROKES)} keystrokes: ${String(first?.mergedUpdates ?? 0)} log rows, snapshot ${String(first?.snapshotBytes ?? 0)} bytes`,
);
const columns = ['demoMs', 'appendMs', 'compactMs', 'loadMs', 'docxMs', 'pdfMs'] as const;
console.log(`| median of ${String(PAIRS)} | ${columns.join(' | ')} | rss |`);
for (const [kind, runs] of Object.entries(results)) {
  const cells = columns.map((c) => `${median(runs.map((r) => r[c])).toFixed(0)} ms`);
  console.log(`| ${kind} | ${cells.join(' | ')} | ${(median(runs.map((r) => r.rss)) / 1024 / 1024).toFixed(0)} MB |`);
}
const [flagged, plain] = Object.values(results);
console.log(
  `ratios (with / without): ${columns
    .map((c) => `${c} ${(median(flagged?.map((r) => r[c]) ?? []) / median(plain?.map((r) => r[c]) ?? [])).toFixed(2)}×`)
    .join(', ')}`,
);
