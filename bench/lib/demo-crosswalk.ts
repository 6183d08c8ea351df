import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../server/src/config.ts';
import { createCrosswalk, type Crosswalk } from '../../server/src/crosswalk.ts';
import { DEMO_PASSWORD } from '../../server/src/demo/demo-data.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { createLogger } from '../../server/src/logger.ts';

/** Limits high enough that a benchmark's own sign-ins and writes are never turned away. */
export const BENCH_LIMITS = { LOGIN_MAX_FAILURES_PER_IP: '10000', WRITE_REQUESTS_PER_MINUTE: '100000' };

export interface DemoCrosswalk {
  crosswalk: Crosswalk;
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Closes Crosswalk and removes its data directory. */
  stop: () => Promise<void>;
}

/**
 * Crosswalk in this process with the demo data, on a free port of 127.0.0.1: on the embedded database in a
 * temporary directory, or on BENCH_DATABASE_URL. `env` adds settings (SERVICES, limits).
 */
export async function startDemoCrosswalk(env: Record<string, string>): Promise<DemoCrosswalk> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-bench-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const logger = createLogger('silent');
  const crosswalk = await createCrosswalk(config, logger);
  await loadDemo(crosswalk.db.sql, logger);
  const { port } = await crosswalk.listen();
  return {
    crosswalk,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      await crosswalk.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a demo account in as a same-origin client would; returns its sign-in cookie (`name=value`). */
export async function signInCookie(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) {
    throw new Error(`sign-in of ${email} failed: ${String(response.status)}`);
  }
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}
