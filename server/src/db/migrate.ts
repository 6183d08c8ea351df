import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import type { Sql } from './client.ts';

/** Arbitrary but fixed key for the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_142_025_001;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new Error(`Migration file name ${file} must look like 0001_short_name.sql`);
    }
    const sql = await readFile(path.join(dir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  // Numbers are handed out ahead of time to work in parallel, so a gap may exist until every branch lands; a
  // duplicate never may.
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (migration.version < 1 || (previous && migration.version <= previous.version)) {
      throw new Error(`Migrations must be numbered 0001, 0002, … each once (found ${migration.version})`);
    }
  });
  return migrations;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so concurrent starts are safe.
 * A shipped migration is never edited: a checksum mismatch stops the start-up.
 */
export async function migrate(sql: Sql, logger: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    const applied = await tx<{ version: number; checksum: string }[]>`select version, checksum from schema_migrations`;
    const appliedByVersion = new Map(applied.map((row) => [row.version, row.checksum]));
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = appliedByVersion.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.version} (${migration.name}) was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      await tx.unsafe(migration.sql).simple();
      await tx`insert into schema_migrations (version, name, checksum) values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      done.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
    }
    const known = new Set(migrations.map((m) => m.version));
    const unknown = applied.filter((row) => !known.has(row.version));
    if (unknown.length > 0) {
      throw new Error(
        `The database has migrations this version does not know (${unknown.map((u) => u.version).join(', ')}): run a newer Crosswalk`,
      );
    }
    if (done.length > 0) {
      logger.info({ migrations: done }, 'database migrated');
    }
    return done;
  });
}

/**
 * For a process started with MIGRATE_ON_START=false: refuses to go on unless the database has exactly this
 * version's migrations, naming what to do. It changes nothing.
 */
export async function assertMigrated(sql: Sql, dir = MIGRATIONS_DIR): Promise<void> {
  const migrations = await readMigrations(dir);
  const [table] = await sql<{ found: boolean }[]>`select to_regclass('schema_migrations') is not null as found`;
  const applied = table?.found
    ? await sql<{ version: number; checksum: string }[]>`select version, checksum from schema_migrations`
    : [];
  const appliedByVersion = new Map(applied.map((row) => [row.version, row.checksum]));
  const known = new Set(migrations.map((m) => m.version));
  const unknown = applied.filter((row) => !known.has(row.version));
  if (unknown.length > 0) {
    throw new Error(
      `The database has migrations this version does not know (${unknown.map((u) => u.version).join(', ')}): run a newer Crosswalk`,
    );
  }
  const changed = migrations.filter(
    (m) => appliedByVersion.has(m.version) && appliedByVersion.get(m.version) !== m.checksum,
  );
  if (changed.length > 0) {
    throw new Error(`Migrations ${changed.map((m) => m.version).join(', ')} were changed after they were applied`);
  }
  const pending = migrations.filter((m) => !appliedByVersion.has(m.version));
  if (pending.length > 0) {
    throw new Error(
      `The database is not migrated to this version (${pending.length} pending, from ${String(pending[0]?.version).padStart(4, '0')}): run "crosswalk migrate" first, or start with MIGRATE_ON_START=true`,
    );
  }
}
