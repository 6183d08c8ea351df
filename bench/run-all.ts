/**
 * Runs every benchmark in turn. Each prints its own numbers; none passes or fails on time. The county review day
 * runs at its default size (up to 150 reviews); `BENCH_COUNTY_STEPS` sets its steps, `BENCH_COUNTY=0` leaves it out.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const benchmarks = [
  'http-api.ts',
  'embedded-footprint.ts',
  'embedded-heavy.ts',
  'collab.ts',
  'collab-scale.ts',
  'video-join.ts',
  'workshop-boards.ts',
  'collab-fuzz.ts',
  'page-weight.ts',
  ...(process.env.BENCH_COUNTY === '0' ? [] : ['county-day.ts']),
];
for (const file of benchmarks) {
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}
