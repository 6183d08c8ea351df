import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { answerBackupRequests } from './embedded-backup.ts';

/**
 * PostgreSQL settings for the embedded database, added to PGlite's own start parameters. PGlite's default
 * shared_buffers (128 MB) is all resident from start-up, a third of the process's memory; a school cluster's data
 * is a few megabytes, and the operating system caches the data files besides. Nothing here touches durability:
 * commits are written as before.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['shared_buffers=16MB'];

/** PGlite's start parameters with `settings` added (each as `-c name=value`). */
export function embeddedStartParams(settings: readonly string[] = EMBEDDED_SETTINGS): string[] {
  return [...PGlite.defaultStartParams, ...settings.flatMap((setting) => ['-c', setting])];
}

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
  const releaseLock = await lockDataDir(dataDir);
  const started = Date.now();
  const db = await PGlite.create({ dataDir: dbDir, startParams: embeddedStartParams() });
  const socketDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-pg-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
  await server.start();
  const stopAnswering = answerBackupRequests(dataDir, db, (error) => {
    logger.error({ err: error }, 'embedded backup failed');
  });
  logger.info({ dataDir: dbDir, ms: Date.now() - started }, 'embedded database ready');
  return {
    socketPath,
    async stop() {
      stopAnswering();
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
      await releaseLock();
    },
  };
}
