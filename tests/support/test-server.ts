import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, type Config } from '../../server/src/config.ts';
import { createCrosswalk, type Crosswalk } from '../../server/src/crosswalk.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestServer {
  url: string;
  crosswalk: Crosswalk;
  config: Config;
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the real application on 127.0.0.1 and a free port, on a fresh database cloned from the template
 * (or the embedded database in a temporary DATA_DIR with `{ embedded: true }`).
 */
export async function startTestServer(
  options: {
    embedded?: boolean;
    dataDir?: string;
    env?: Record<string, string>;
    /** Another server's database (a second process of one deployment); it is then not dropped by `close`. */
    databaseUrl?: string;
    /** Receives the application's log lines (at level info and above) instead of nowhere. */
    logTo?: { write(line: string): void };
  } = {},
): Promise<TestServer> {
  const database = options.embedded || options.databaseUrl ? undefined : await createTestDatabase();
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'crosswalk-test-')));
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl ?? database?.url,
    SERVICES: 'api,realtime',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = options.logTo ? createLogger('info', 'crosswalk', options.logTo) : createLogger(config.logLevel);
  const crosswalk = await createCrosswalk(config, logger);
  const address = await crosswalk.listen();
  return {
    url: `http://127.0.0.1:${address.port}`,
    crosswalk,
    config,
    databaseUrl: options.databaseUrl ?? database?.url,
    async close() {
      await crosswalk.close();
      await database?.drop();
      if (!options.dataDir) {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
