import { randomBytes } from 'node:crypto';
import { createDatabase } from '../../server/src/db/client.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';

const logger = createLogger('silent');

/**
 * Runs a benchmark on a migrated PostgreSQL database: BENCH_DATABASE_URL if set (a database of its own, already
 * reachable), otherwise a fresh database on TEST_DATABASE_URL's server (default 127.0.0.1:5432), dropped afterwards.
 */
export async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  if (process.env.BENCH_DATABASE_URL) {
    const db = await createDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL, dataDir: '', poolSize: 1, logger });
    await migrate(db.sql, logger);
    await db.close();
    return run(process.env.BENCH_DATABASE_URL);
  }
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `cw_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createDatabase({ databaseUrl: base.toString(), dataDir: '', poolSize: 1, logger });
  await admin.sql.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    const db = await createDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 1, logger });
    await migrate(db.sql, logger);
    await db.close();
    return await run(url.toString());
  } finally {
    await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
    await admin.close();
  }
}
