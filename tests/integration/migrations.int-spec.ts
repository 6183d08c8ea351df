import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../server/src/db/migrate.ts';
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
