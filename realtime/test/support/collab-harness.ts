import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-database.ts';
import type { DocumentStore } from '../../src/storage/document-store.ts';
import { createPostgresStore } from '../../src/storage/postgres-store.ts';
import { createCollabServer, type CollabServer } from '../../src/yjs/collab-server.ts';
import type { CollabServerOptions } from '../../src/yjs/types.ts';
import { listenCollab } from './collab-http.ts';
import { testAuthorize } from './test-authorize.ts';
import { silentLogger } from './silent-logger.ts';

export interface CollabTestServer {
  /** Base URL for `WebsocketProvider`: `ws://127.0.0.1:<port>/collab`. */
  url: string;
  /** `http://127.0.0.1:<port>`, for raw upgrade requests. */
  httpUrl: string;
  collab: CollabServer;
  close(): Promise<void>;
}

/**
 * Starts the collab core behind a real HTTP server on 127.0.0.1 and a free port, with the `ws` adapter and the
 * test authorization (see `test-authorize.ts`).
 */
export async function startCollabTestServer(
  options: Partial<CollabServerOptions> & { store: DocumentStore },
): Promise<CollabTestServer> {
  const collab = createCollabServer({ logger: silentLogger, authorize: testAuthorize, unloadDelayMs: 50, ...options });
  const http = await listenCollab(collab, options.logger ?? silentLogger);
  return {
    url: `ws://127.0.0.1:${http.port}/collab`,
    httpUrl: `http://127.0.0.1:${http.port}`,
    collab,
    close: () => http.close(),
  };
}

export interface TestDatabase {
  url: string;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** A fresh migrated database for one test file (cloned from the run's template) with a small pool. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const sql = postgres(database.url, { max: 4, onnotice: () => undefined });
  return {
    url: database.url,
    sql,
    async close() {
      await sql.end({ timeout: 5 });
      await database.drop();
    },
  };
}

/**
 * For one test file: a fresh database (`openTestDatabase`) and a PostgreSQL document store on it, opened before
 * the file's tests and closed after them.
 */
export function usePostgresStore(): { readonly database: TestDatabase; readonly store: DocumentStore } {
  let opened: { database: TestDatabase; store: DocumentStore } | undefined;
  beforeAll(async () => {
    const database = await openTestDatabase();
    opened = { database, store: createPostgresStore(database.sql) };
  });
  afterAll(async () => {
    await opened?.database.close();
  });
  const ready = () => {
    if (!opened) {
      throw new Error('the test database is used before it opened (outside a test or hook)');
    }
    return opened;
  };
  return {
    get database() {
      return ready().database;
    },
    get store() {
      return ready().store;
    },
  };
}
