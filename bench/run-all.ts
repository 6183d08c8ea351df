/** Runs every benchmark in turn. Each prints its own numbers; none passes or fails on time. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const benchmarks = [
  'http-api.ts',
  'collab.ts',
  'collab-scale.ts',
  'video-join.ts',
  'workshop-boards.ts',
  'collab-fuzz.ts',
];
for (const file of benchmarks) {
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}
