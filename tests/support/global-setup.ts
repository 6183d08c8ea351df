import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import { adminUrl, databaseUrl } from './pg-urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    runId: string;
  }
}

/**
 * Creates one migrated template database per run on the real PostgreSQL; each test file then clones it
 * (`CREATE DATABASE … TEMPLATE …`, a few milliseconds) so files never share state.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `cw_tpl_${runId}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${template}`);
  const sql = postgres(databaseUrl(template), { max: 1, transform: postgres.camel, onnotice: () => undefined });
  await migrate(sql, createLogger('silent'));
  await sql.end();
  project.provide('templateDatabase', template);
  project.provide('runId', runId);
  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`cw_%${runId}%`}`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
  };
}
