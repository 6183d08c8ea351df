import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, demoPeople, withDemoData } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function counts() {
  const { sql } = server.crosswalk.db;
  const [row] = await sql<Record<string, number>[]>`
    select (select count(*)::int from users) as users, (select count(*)::int from schools) as schools,
      (select count(*)::int from school_members) as school_members,
      (select count(*)::int from partnership_members) as partnership_members,
      (select string_agg(password_hash, ',' order by email) from users) as hashes`;
  return row;
}

describe('demo data', () => {
  it('has exactly the contract accounts, and every one signs in', async () => {
    await withDemoData(server);
    expect(demoPeople.map((p) => p.email).sort()).toEqual(
      [
        'admin@crosswalk.demo',
        'partnership.lead@crosswalk.demo',
        'host.head@fenbrook.demo',
        'link.lead@fenbrook.demo',
        'lead.reviewer@summercroft.demo',
        'reviewer@hempshill.demo',
        'reviewer@princerock.demo',
        'champion@littlewaltham.demo',
        'head@northgate.demo',
      ].sort(),
    );
    for (const person of demoPeople) {
      const response = await new HttpClient(server.url).login(person.email, DEMO_PASSWORD);
      expect(response.status, person.email).toBe(200);
    }
    const admin = await new HttpClient(server.url).login('admin@crosswalk.demo', DEMO_PASSWORD);
    expect(admin.body).toMatchObject({ isAdmin: true });
  });

  it('changes nothing when loaded a second time', async () => {
    const before = await counts();
    await withDemoData(server);
    expect(await counts()).toEqual(before);
  });
});
