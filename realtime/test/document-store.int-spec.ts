import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/src/db/embedded.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { createPostgresStore } from '../src/storage/postgres-store.ts';
import { openTestDatabase, type TestDatabase } from './support/collab-harness.ts';
import { describeDocumentStoreContract } from './support/document-store-contract.ts';

let database: TestDatabase;
let camelSql: postgres.Sql;
let embedded: EmbeddedPostgres;
let embeddedSql: postgres.Sql;
let dataDir: string;

beforeAll(async () => {
  database = await openTestDatabase();
  // The application's own `sql` transforms column names; the store must not depend on either setting.
  camelSql = postgres(database.url, { max: 4, transform: postgres.camel, onnotice: () => undefined });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-pglite-store-'));
  const logger = createLogger('silent');
  embedded = await startEmbeddedPostgres(dataDir, logger);
  embeddedSql = postgres({ path: embedded.socketPath, database: 'postgres', username: 'postgres', max: 1 });
  await migrate(embeddedSql, logger);
});
afterAll(async () => {
  await camelSql.end({ timeout: 5 });
  await database.close();
  await embeddedSql.end({ timeout: 5 });
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describeDocumentStoreContract('memory', () => createMemoryStore());
describeDocumentStoreContract('PostgreSQL 15', () => createPostgresStore(database.sql));
describeDocumentStoreContract('PostgreSQL 15, camelCase transform', () => createPostgresStore(camelSql));
describeDocumentStoreContract('PGlite (embedded)', () => createPostgresStore(embeddedSql));
