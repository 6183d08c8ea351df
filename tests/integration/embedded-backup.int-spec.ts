import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * `crosswalk backup` and `crosswalk restore` on the embedded database, run as an operator runs them: as commands,
 * with Crosswalk stopped or running. A backup brought back signs the demo in again; a damaged or newer backup is
 * refused and leaves the database as it was.
 */

const run = promisify(execFile);
const cli = (name: string) => path.resolve(import.meta.dirname, `../../server/src/cli/${name}.ts`);
const DEMO = 'partnership.lead@crosswalk.demo';
/** Each step opens PGlite in a new process: a bound for a failure, not a speed target. */
const SLOW = 180_000;

let dataDir = '';
let work = '';
const env = () => ({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
const command = async (name: string, args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli(name), ...args], { env: env() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};
const start = () => startTestServer({ embedded: true, dataDir });
const signsIn = async (server: TestServer, password = DEMO_PASSWORD) =>
  (await new HttpClient(server.url).login(DEMO, password)).status;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-backup-data-'));
  work = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-backup-files-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('backing up and restoring the embedded database', () => {
  const offline = () => path.join(work, 'offline.tar.gz');
  const online = () => path.join(work, 'online.tar.gz');

  it(
    'backs up with Crosswalk stopped, and a restore brings the demo back after it was lost',
    async () => {
      const server = await start();
      await withDemoData(server);
      await server.close();

      const backup = await command('backup', [offline()]);
      expect(backup.stdout).toMatch(/^Backed up the embedded database to .*offline\.tar\.gz \(\d+\.\d MB\)\.\n$/);

      // The database is lost: a new, empty one where it was.
      await rm(path.join(dataDir, 'pglite'), { recursive: true });
      const empty = await start();
      expect(await signsIn(empty)).toBe(401);
      await empty.close();

      const restored = await command('restore', [offline()]);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/^Restored the embedded database from .*The database it replaced is kept in /);
      const back = await start();
      expect(await signsIn(back)).toBe(200);
      await back.close();
    },
    SLOW,
  );

  it(
    'backs up while Crosswalk runs, without stopping it, and refuses to restore under it',
    async () => {
      const server = await start();
      try {
        const backup = await command('backup', [online()]);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stdout).toMatch(/^Backed up the embedded database \(Crosswalk kept running\) to /);
        expect(await signsIn(server)).toBe(200);

        const refused = await command('restore', [online()]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
          'Nothing was changed: Crosswalk is running on this database: stop it before restoring a backup.\n',
        );
        // A change after the backup, to see the restore take it away.
        await server.crosswalk.db.sql`update users set display_name = 'Changed after the backup' where email = ${DEMO}`;
      } finally {
        await server.close();
      }
      expect((await command('restore', [online()])).code).toBe(0);
      const back = await start();
      const [row] = await back.crosswalk.db.sql<{ displayName: string }[]>`
        select display_name from users where email = ${DEMO}`;
      expect(row?.displayName).not.toBe('Changed after the backup');
      expect(await signsIn(back)).toBe(200);
      await back.close();
    },
    SLOW,
  );

  it(
    'refuses a damaged backup and one from a newer Crosswalk, and leaves the database as it was',
    async () => {
      const whole = await readFile(online());
      const damaged = path.join(work, 'damaged.tar.gz');
      await writeFile(damaged, whole.subarray(0, Math.floor(whole.length / 2)));
      const notOne = path.join(work, 'notes.txt');
      await writeFile(notOne, 'not a backup');

      // A backup of a database a newer Crosswalk has migrated.
      const server = await start();
      await server.crosswalk.db.sql`
        insert into schema_migrations (version, name, checksum) values (9999, 'from_the_future', 'x')`;
      const newer = path.join(work, 'newer.tar.gz');
      expect((await command('backup', [newer])).code).toBe(0);
      await server.crosswalk.db.sql`delete from schema_migrations where version = 9999`;
      await server.crosswalk.db.sql`update users set display_name = 'Kept through refusals' where email = ${DEMO}`;
      await server.close();
      const before = (await readdir(dataDir)).sort();

      for (const [file, reason] of [
        [damaged, /is not a Crosswalk backup, or it is damaged/],
        [notOne, /is not a Crosswalk backup, or it is damaged/],
        [newer, /comes from a newer Crosswalk \(migrations 9999\): upgrade Crosswalk before restoring it/],
        [path.join(work, 'missing.tar.gz'), /no such file/],
      ] as const) {
        const refused = await command('restore', [file]);
        expect(refused.code, file).toBe(1);
        expect(refused.stderr, file).toMatch(/^Nothing was changed: /);
        expect(refused.stderr, file).toMatch(reason);
      }
      expect((await readdir(dataDir)).sort()).toEqual(before);
      expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
      const same = await start();
      const [row] = await same.crosswalk.db.sql<{ displayName: string }[]>`
        select display_name from users where email = ${DEMO}`;
      expect(row?.displayName).toBe('Kept through refusals');
      await same.close();
    },
    SLOW,
  );
});
