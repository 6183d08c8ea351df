import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../server/src/db/client.ts';
import { createLogger } from '../../server/src/logger.ts';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { startTestServer } from '../support/test-server.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-embedded-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('embedded database (no DATABASE_URL)', () => {
  it('starts, migrates, signs in, and keeps data across a restart', async () => {
    const first = await startTestServer({ embedded: true, dataDir });
    try {
      const health = await new HttpClient(first.url).get('/api/health');
      expect(health.body).toMatchObject({ status: 'ok', database: 'embedded' });
      await withDemoData(first);
      const client = new HttpClient(first.url);
      expect((await client.login('reviewer@hempshill.demo', DEMO_PASSWORD)).status).toBe(200);
      await first.crosswalk.db
        .sql`update users set display_name = 'Renamed Reviewer' where email = 'reviewer@hempshill.demo'`;
    } finally {
      await first.close();
    }

    const second = await startTestServer({ embedded: true, dataDir });
    try {
      const client = new HttpClient(second.url);
      const login = await client.login('reviewer@hempshill.demo', DEMO_PASSWORD);
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ displayName: 'Renamed Reviewer' });
      const [migrations] = await second.crosswalk.db.sql<
        { n: number }[]
      >`select count(*)::int as n from schema_migrations`;
      expect(migrations?.n).toBeGreaterThan(0);
      // Small shared buffers keep the process's memory down; commits stay synchronous.
      const [settings] = await second.crosswalk.db.sql<{ sharedBuffers: string; synchronousCommit: string }[]>`
        select current_setting('shared_buffers') as shared_buffers,
          current_setting('synchronous_commit') as synchronous_commit`;
      expect(settings).toEqual({ sharedBuffers: '16MB', synchronousCommit: 'on' });
    } finally {
      await second.close();
    }
    // Two PGlite starts and the demo data take tens of seconds on a busy machine.
  }, 180_000);

  it('refuses to open a data directory another running process holds', async () => {
    const logger = createLogger('silent');
    const db = await createDatabase({ databaseUrl: undefined, dataDir, poolSize: 1, logger });
    try {
      await expect(createDatabase({ databaseUrl: undefined, dataDir, poolSize: 1, logger })).rejects.toThrow(/in use/);
    } finally {
      await db.close();
    }
  });
});
