import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.ts';

export interface EmbeddedPostgres {
  /** Path of the Unix socket the `postgres` client connects to. */
  socketPath: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) on the data in `dataDir/pglite` and serves the PostgreSQL
 * wire protocol on a private Unix socket, so the application uses the same driver and SQL as with a real server.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedPostgres> {
  const dbDir = path.join(dataDir, 'pglite');
  await mkdir(dbDir, { recursive: true });
  const started = Date.now();
  const db = await PGlite.create({ dataDir: dbDir });
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-pg-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
  await server.start();
  logger.info({ dataDir: dbDir, ms: Date.now() - started }, 'embedded database ready');
  return {
    socketPath,
    async stop() {
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
