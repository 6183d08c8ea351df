import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promisify } from 'node:util';
import { assertMigrated, migrate, MIGRATIONS_DIR } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import { adminUrl, databaseUrl } from '../support/pg-urls.ts';
import { inject } from 'vitest';

const name = `cw_m_${inject('runId')}`;
let sql: postgres.Sql;
let dir: string;
const logger = createLogger('silent');

beforeAll(async () => {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  sql = postgres(databaseUrl(name), { max: 4, transform: postgres.camel, onnotice: () => undefined });
  dir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
});
afterAll(async () => {
  await sql.end();
  await rm(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('apply once even when several processes start together', async () => {
    const results = await Promise.all([
      migrate(sql, logger, dir),
      migrate(sql, logger, dir),
      migrate(sql, logger, dir),
    ]);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql'));
    expect(results.flat()).toHaveLength(files.length);
    expect(await migrate(sql, logger, dir)).toEqual([]);
  });

  it('stop the start-up when a shipped migration was edited', async () => {
    const [first] = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    await writeFile(path.join(dir, first ?? ''), '-- edited after shipping\nselect 1;');
    await expect(migrate(sql, logger, dir)).rejects.toThrow(/was changed after it was applied/);
  });
});

describe('crosswalk migrate, for rollouts', () => {
  const run = promisify(execFile);
  const cli = path.resolve(import.meta.dirname, '../../server/src/cli/migrate.ts');
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-migrate-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates the embedded database once, then says it is up to date', async () => {
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    const first = await run(process.execPath, [cli], { env });
    expect(first.stdout).toMatch(/^Migrated the embedded database: 0001_[a-z_]+, /);
    const again = await run(process.execPath, [cli], { env });
    expect(again.stdout).toBe('The embedded database is up to date.\n');
    // Two processes that each open PGlite and run every migration: a bound for a failure, not a speed target.
  }, 180_000);

  it('lets a process started with MIGRATE_ON_START=false refuse a database that is behind, and changes nothing', async () => {
    const other = `${name}_b`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${other}`);
    await admin.end();
    const fresh = postgres(databaseUrl(other), { max: 2, transform: postgres.camel, onnotice: () => undefined });
    try {
      await expect(assertMigrated(fresh)).rejects.toThrow(
        /not migrated to this version .*run "crosswalk migrate" first/,
      );
      const [table] = await fresh<{ found: boolean }[]>`select to_regclass('schema_migrations') is not null as found`;
      expect(table?.found).toBe(false);
      await migrate(fresh, logger);
      await expect(assertMigrated(fresh)).resolves.toBeUndefined();
    } finally {
      await fresh.end();
    }
  });
});
