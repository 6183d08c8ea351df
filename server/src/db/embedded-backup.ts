import { existsSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { readMigrations } from './migrate.ts';

/**
 * Backups of the embedded database (docs/deployment.md, "Backups"). A backup is PGlite's own dump of its data
 * directory, gzipped: taken between two statements, it is a consistent copy, as PostgreSQL would find it after a
 * crash. While Crosswalk runs, the running process takes it (it alone may open the database): the command asks it
 * through a request file and a signal, and waits for its answer.
 */

/** The files of an online backup: the command's request, the server's answer. */
const REQUEST = 'backup-request.json';
const ANSWER = 'backup-answer.json';

interface Answer {
  id: string;
  ok: boolean;
  error?: string;
}

export const dbDirOf = (dataDir: string) => path.join(dataDir, 'pglite');
const lockFileOf = (dataDir: string) => path.join(dataDir, 'pglite.lock');

/** Writes a dump atomically: a reader never sees half a backup under the final name. */
async function writeDump(db: PGlite, target: string): Promise<number> {
  const dump = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  await writeFile(partial, dump);
  await rename(partial, target);
  return dump.length;
}

/**
 * In the process that holds the embedded database: answers backup requests (SIGUSR2 after a request file).
 * Returns a function that stops answering.
 */
export function answerBackupRequests(dataDir: string, db: PGlite, log: (error: unknown) => void): () => void {
  const onSignal = () => {
    void (async () => {
      let request: { id: string; target: string };
      try {
        request = JSON.parse(await readFile(path.join(dataDir, REQUEST), 'utf8')) as { id: string; target: string };
      } catch (error) {
        // Several embedded databases in one process (tests) each hear the signal; only the asked one has a request.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log(error);
        }
        return;
      }
      let answer: Answer;
      try {
        await writeDump(db, request.target);
        answer = { id: request.id, ok: true };
      } catch (error) {
        log(error);
        answer = { id: request.id, ok: false, error: (error as Error).message };
      }
      await writeFile(path.join(dataDir, `${ANSWER}.partial`), JSON.stringify(answer));
      await rename(path.join(dataDir, `${ANSWER}.partial`), path.join(dataDir, ANSWER));
    })();
  };
  process.on('SIGUSR2', onSignal);
  return () => {
    process.off('SIGUSR2', onSignal);
  };
}

/** The process holding the embedded database, if one is running. */
async function runningOwner(dataDir: string): Promise<number | null> {
  const owner = Number((await readFile(lockFileOf(dataDir), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid) {
    return null;
  }
  try {
    process.kill(owner, 0);
    return owner;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? owner : null;
  }
}

/**
 * Writes a backup of the embedded database in `dataDir` to `target`: through the running Crosswalk if there is
 * one, otherwise by opening the database itself. Returns how it was taken and its size in bytes.
 */
export async function backupEmbedded(
  dataDir: string,
  target: string,
  options: { timeoutMs?: number } = {},
): Promise<{ online: boolean; bytes: number }> {
  const owner = await runningOwner(dataDir);
  if (owner === null) {
    const release = await lockDataDir(dataDir);
    try {
      const db = await PGlite.create({ dataDir: dbDirOf(dataDir) });
      try {
        return { online: false, bytes: await writeDump(db, target) };
      } finally {
        await db.close();
      }
    } finally {
      await release();
    }
  }
  const id = `${process.pid}-${Date.now()}`;
  await rm(path.join(dataDir, ANSWER), { force: true });
  await writeFile(path.join(dataDir, REQUEST), JSON.stringify({ id, target }));
  const answered = new Promise<Answer>((resolve, reject) => {
    const watcher = watch(dataDir, (_event, file) => {
      if (file !== ANSWER) {
        return;
      }
      readFile(path.join(dataDir, ANSWER), 'utf8').then(
        (text) => {
          const answer = JSON.parse(text) as Answer;
          if (answer.id === id) {
            watcher.close();
            clearTimeout(timer);
            resolve(answer);
          }
        },
        () => undefined, // not there yet
      );
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`Crosswalk (pid ${owner}) did not answer the backup request`));
    }, options.timeoutMs ?? 120_000);
  });
  process.kill(owner, 'SIGUSR2');
  const answer = await answered;
  await rm(path.join(dataDir, REQUEST), { force: true });
  await rm(path.join(dataDir, ANSWER), { force: true });
  if (!answer.ok) {
    throw new Error(`Crosswalk could not write the backup: ${answer.error ?? 'unknown error'}`);
  }
  return { online: true, bytes: (await readFile(target)).length };
}

/**
 * Replaces the embedded database with a backup, once the backup has proved itself: it must decompress whole (gzip
 * checks every byte), open as a database, and hold no migration this version does not know (a backup from a newer
 * Crosswalk is refused; an older one is brought up to date when Crosswalk next starts). Nothing is changed unless
 * all of that holds; the replaced database is kept beside it.
 */
export async function restoreEmbedded(dataDir: string, source: string): Promise<{ keptAs: string | null }> {
  if ((await runningOwner(dataDir)) !== null) {
    throw new Error('Crosswalk is running on this database: stop it before restoring a backup.');
  }
  await mkdir(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  try {
    return await restoreLocked(dataDir, source);
  } finally {
    await release();
  }
}

async function restoreLocked(dataDir: string, source: string): Promise<{ keptAs: string | null }> {
  const compressed = await readFile(source);
  let tar: Buffer;
  try {
    tar = gunzipSync(compressed);
  } catch {
    throw new Error(`${source} is not a Crosswalk backup, or it is damaged (it does not decompress).`);
  }
  const staging = await mkdtemp(path.join(dataDir, 'pglite.restoring-'));
  try {
    let db: PGlite;
    try {
      db = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(tar)]) });
    } catch {
      throw new Error(`${source} is not a Crosswalk backup, or it is damaged (it does not open as a database).`);
    }
    try {
      const known = new Set((await readMigrations()).map((m) => m.version));
      let versions: number[];
      try {
        versions = (await db.query<{ version: number }>('select version from schema_migrations')).rows.map(
          (row) => row.version,
        );
      } catch {
        throw new Error(`${source} is not a Crosswalk backup (it has no Crosswalk schema).`);
      }
      const newer = versions.filter((v) => !known.has(v));
      if (newer.length > 0) {
        throw new Error(
          `${source} comes from a newer Crosswalk (migrations ${newer.join(', ')}): upgrade Crosswalk before restoring it.`,
        );
      }
    } finally {
      await db.close();
    }
    const current = dbDirOf(dataDir);
    const keptAs = `${current}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const hadOne = existsSync(current);
    if (hadOne) {
      await rename(current, keptAs);
    }
    await rename(staging, current);
    return { keptAs: hadOne ? keptAs : null };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
