import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.ts';

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
  logger.info({ dataDir: dbDir, ms: Date.now() - started }, 'embedded database ready');
  return {
    socketPath,
    async stop() {
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
      await releaseLock();
    },
  };
}

/** Lock files this process holds (a process restarted with the same pid, as in containers, may take over its own). */
const heldHere = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database may be opened by one process only: a second writer would corrupt it. A lock file holds
 * the owner's process id; a lock left by a process that no longer runs is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, 'pglite.lock');
  if (heldHere.has(lockFile)) {
    throw new Error(`The embedded database in ${dataDir} is already in use by this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      heldHere.add(lockFile);
      return async () => {
        heldHere.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by another Crosswalk process (pid ${owner}). Stop it first, or use DATABASE_URL to share a PostgreSQL server.`,
          { cause: error },
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockFile}`);
}
