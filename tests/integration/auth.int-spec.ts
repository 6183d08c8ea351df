import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '5',
      LOGIN_FAILURES_BEFORE_DELAY: '5',
      LOGIN_MAX_FAILURES_PER_IP: '40',
    },
  });
  await withDemoData(server);
});
afterAll(() => server.close());

describe('health', () => {
  it('reports the real PostgreSQL and the version', async () => {
    const response = await new HttpClient(server.url).get('/api/health');
    expect(response.status).toBe(200);
    const body = response.body as { status: string; database: string; version: string };
    expect(Object.keys(body).sort()).toEqual(['database', 'quarantinedDocumentParts', 'status', 'version']);
    expect(body).toMatchObject({ status: 'ok', database: 'postgres', quarantinedDocumentParts: 0 });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('counts the live-document parts set aside as unappliable', async () => {
    const sql = postgres(server.databaseUrl ?? '', { max: 1, onnotice: () => undefined });
    try {
      await sql`insert into collab_quarantine (name, source, data, reason)
        values ('health-check-document', '1', ${Uint8Array.of(1, 2, 3)}, 'test')`;
      const response = await new HttpClient(server.url).get('/api/health');
      expect(response.body).toMatchObject({ status: 'ok', quarantinedDocumentParts: 1 });
    } finally {
      await sql`delete from collab_quarantine where name = 'health-check-document'`;
      await sql.end();
    }
  });
});

describe('liveness and readiness', () => {
  it('answers both while running', async () => {
    const client = new HttpClient(server.url);
    expect((await client.get('/api/health/live')).body).toEqual({ status: 'ok' });
    expect((await client.get('/api/health/ready')).body).toEqual({ status: 'ready' });
  });

  it('reports not ready once shutting down', async () => {
    server.crosswalk.services.readiness.accepting = false;
    try {
      const response = await new HttpClient(server.url).get('/api/health/ready');
      expect(response.status).toBe(503);
    } finally {
      server.crosswalk.services.readiness.accepting = true;
    }
  });
});

describe('sign-in', () => {
  it('signs in with the right password and sets a hardened sign-in cookie', async () => {
    const client = new HttpClient(server.url);
    const response = await client.login('host.head@fenbrook.demo', DEMO_PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ email: 'host.head@fenbrook.demo', isAdmin: false });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('crosswalk_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      displayName: 'Headteacher (Fenbrook)',
      schools: [{ schoolName: 'Fenbrook Primary', role: 'headteacher', county: 'Lincolnshire' }],
    });
  });

  it('matches email addresses regardless of case and spaces', async () => {
    const response = await new HttpClient(server.url).login('  Host.Head@Fenbrook.DEMO ', DEMO_PASSWORD);
    expect(response.status).toBe(200);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await new HttpClient(server.url).login('nobody@nowhere.demo', DEMO_PASSWORD);
    const wrong = await new HttpClient(server.url).login('reviewer@hempshill.demo', 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect((wrong.body as ErrorBody).error.id).toBe('invalid_credentials');
  });

  it('stores passwords as argon2id hashes', async () => {
    const [row] = await server.crosswalk.db.sql<{ passwordHash: string }[]>`
      select password_hash from users where email = 'admin@crosswalk.demo'`;
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('rotates the sign-in token on sign-in: the previous token stops working', async () => {
    const client = new HttpClient(server.url);
    await client.login('reviewer@princerock.demo', DEMO_PASSWORD);
    const firstCookie = client.cookieHeader;
    await client.login('reviewer@princerock.demo', DEMO_PASSWORD);
    expect(client.cookieHeader).not.toBe(firstCookie);
    const stale = await new HttpClient(server.url).request('GET', '/api/me', undefined, {
      headers: { cookie: firstCookie },
    });
    expect(stale.status).toBe(401);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('signs out and the sign-in no longer works', async () => {
    const client = new HttpClient(server.url);
    await client.login('champion@littlewaltham.demo', DEMO_PASSWORD);
    const cookie = client.cookieHeader;
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const after = await new HttpClient(server.url).request('GET', '/api/me', undefined, { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('remembers "This is a shared computer" for the sign-in it was ticked for, and only for it', async () => {
    const shared = new HttpClient(server.url);
    const signedIn = await shared.post('/api/auth/login', {
      email: 'champion@littlewaltham.demo',
      password: DEMO_PASSWORD,
      sharedComputer: true,
    });
    expect(signedIn.body).toMatchObject({ sharedComputer: true });
    expect((await shared.get('/api/me')).body).toMatchObject({ sharedComputer: true });
    const own = new HttpClient(server.url);
    expect((await own.login('champion@littlewaltham.demo', DEMO_PASSWORD)).body).toMatchObject({
      sharedComputer: false,
    });
    expect((await own.get('/api/me')).body).toMatchObject({ sharedComputer: false });
  });

  it('ends sign-ins that were idle too long or passed their absolute expiry', async () => {
    const idle = new HttpClient(server.url);
    await idle.login('head@northgate.demo', DEMO_PASSWORD);
    const absolute = new HttpClient(server.url);
    await absolute.login('link.lead@fenbrook.demo', DEMO_PASSWORD);
    const { sql } = server.crosswalk.db;
    await sql`update sign_ins set last_seen_at = now() - interval '13 hours'
      where user_id = (select id from users where email = 'head@northgate.demo')`;
    await sql`update sign_ins set expires_at = now() - interval '1 second'
      where user_id = (select id from users where email = 'link.lead@fenbrook.demo')`;
    expect((await idle.get('/api/me')).status).toBe(401);
    expect((await absolute.get('/api/me')).status).toBe(401);
  });

  it('refuses further attempts on an account from an address after its failures, even with the right password', async () => {
    const client = new HttpClient(server.url);
    for (let i = 0; i < 5; i += 1) {
      expect((await client.login('lead.reviewer@summercroft.demo', `wrong-${i}`)).status).toBe(401);
    }
    const blocked = await client.login('lead.reviewer@summercroft.demo', DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect((blocked.body as ErrorBody).error.id).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect((await client.login('reviewer@hempshill.demo', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a state-changing request without an Origin header', async () => {
    const client = new HttpClient(server.url);
    client.origin = null;
    const response = await client.login('host.head@fenbrook.demo', DEMO_PASSWORD);
    expect(response.status).toBe(403);
    expect((response.body as ErrorBody).error.id).toBe('csrf_origin_mismatch');
  });

  it('refuses a request from another origin', async () => {
    const client = new HttpClient(server.url);
    client.origin = 'https://evil.example';
    expect((await client.login('host.head@fenbrook.demo', DEMO_PASSWORD)).status).toBe(403);
  });

  it('refuses a signed-in request marked cross-site by the browser', async () => {
    const client = new HttpClient(server.url);
    await client.login('host.head@fenbrook.demo', DEMO_PASSWORD);
    const response = await client.request(
      'POST',
      '/api/auth/logout',
      {},
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(response.status).toBe(403);
    expect((await client.get('/api/me')).status).toBe(200);
  });

  it('does not require an Origin on reads', async () => {
    const client = new HttpClient(server.url);
    await client.login('host.head@fenbrook.demo', DEMO_PASSWORD);
    client.origin = null;
    expect((await client.get('/api/me')).status).toBe(200);
  });
});
