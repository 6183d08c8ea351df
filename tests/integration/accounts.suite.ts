import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

/**
 * Password reset by email and "Your account" (name, password), through the HTTP API, on a PostgreSQL server or
 * the embedded PGlite. Emails are read from the outbox table, as the administrators' outbox page shows them.
 */
export function accountsSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    await withDemoData(server);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => server.close());

  async function signedIn(email: string, password = DEMO_PASSWORD): Promise<HttpClient> {
    const client = new HttpClient(server.url);
    expect((await client.login(email, password)).status).toBe(200);
    return client;
  }

  /** Asks for a reset link and returns it from the outbox once the background work has written it (or null). */
  async function requestReset(email: string): Promise<string | null> {
    const before = await mailCount();
    const answer = await new HttpClient(server.url).post('/api/auth/password-reset', { email });
    expect(answer.status).toBe(202);
    await server.crosswalk.services.passwordResets.settled();
    const { sql } = server.crosswalk.db;
    const [mail] = await sql<{ bodyText: string; toAddress: string }[]>`
      select body_text, to_address from mail_outbox order by created_at desc, id limit 1`;
    if ((await mailCount()) === before || !mail) {
      return null;
    }
    expect(mail.toAddress).toBe(email);
    const match = /\/reset-password\?token=([\w-]+)/.exec(mail.bodyText);
    return match?.[1] ?? null;
  }

  async function mailCount(): Promise<number> {
    const [row] = await server.crosswalk.db.sql<{ n: number }[]>`select count(*)::int as n from mail_outbox`;
    return row?.n ?? 0;
  }

  /** Sessions of the account ended and announced on the event bus (which ends their realtime connections). */
  function watchEndedSignIns(): string[] {
    const ended: string[] = [];
    server.crosswalk.services.events.subscribe('auth.sign_in_ended', ({ signInId, reason }) => {
      ended.push(`${signInId}:${reason}`);
    });
    return ended;
  }

  describe(`password reset by email (${engine})`, () => {
    it('answers 202 alike for an unknown address, and sends nothing', async () => {
      expect(await requestReset('nobody@nowhere.demo')).toBeNull();
    });

    it('sends a single-use link that sets the password, ends every other sign-in and audits it', async () => {
      const person = 'lead.reviewer@summercroft.demo';
      const elsewhere = await signedIn(person);
      const ended = watchEndedSignIns();
      const token = await requestReset(person);
      expect(token).not.toBeNull();
      const { sql } = server.crosswalk.db;
      // Only the hash of the link's secret is stored.
      const stored = await sql<{ tokenHash: string }[]>`select token_hash from password_resets`;
      expect(stored.map((r) => r.tokenHash)).not.toContain(token);

      const visitor = new HttpClient(server.url);
      expect((await visitor.post('/api/auth/password-reset/lookup', { token })).body).toEqual({ email: person });
      const tooShort = await visitor.post('/api/auth/password-reset/confirm', { token, password: 'short' });
      expect((tooShort.body as ErrorBody).error.fields?.[0]?.path).toBe('password');
      const reset = await visitor.post('/api/auth/password-reset/confirm', {
        token,
        password: 'a long new password',
      });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ email: person });
      expect((await visitor.get('/api/me')).status).toBe(200);

      expect((await elsewhere.get('/api/me')).status).toBe(401);
      expect(ended.some((entry) => entry.endsWith(':password_changed'))).toBe(true);
      expect((await new HttpClient(server.url).login(person, DEMO_PASSWORD)).status).toBe(401);
      expect((await new HttpClient(server.url).login(person, 'a long new password')).status).toBe(200);
      const audit = await sql<{ action: string }[]>`
        select action from audit_events
        where subject_id = (select id::text from users where email = ${person}) order by id`;
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']),
      );

      const again = await new HttpClient(server.url).post('/api/auth/password-reset/confirm', {
        token,
        password: 'somebody elses password',
      });
      expect(again.status).toBe(404);
      expect((again.body as ErrorBody).error.id).toBe('reset_link_invalid');
    });

    it('refuses an expired link', async () => {
      const person = 'champion@littlewaltham.demo';
      const token = await requestReset(person);
      expect(token).not.toBeNull();
      await server.crosswalk.db.sql`update password_resets set expires_at = now() - interval '1 minute'
        where user_id = (select id from users where email = ${person})`;
      const response = await new HttpClient(server.url).post('/api/auth/password-reset/confirm', {
        token,
        password: 'a long new password',
      });
      expect(response.status).toBe(404);
      expect((await new HttpClient(server.url).login(person, DEMO_PASSWORD)).status).toBe(200);
    });

    it('a newer link replaces the older one', async () => {
      const person = 'link.lead@fenbrook.demo';
      const first = await requestReset(person);
      const second = await requestReset(person);
      expect(second).not.toBe(first);
      const lookup = (token: string | null) =>
        new HttpClient(server.url).post('/api/auth/password-reset/lookup', { token });
      expect((await lookup(first)).status).toBe(404);
      expect((await lookup(second)).status).toBe(200);
    });
  });

  describe(`your account (${engine})`, () => {
    it('changes the name colleagues see', async () => {
      const client = await signedIn('reviewer@hempshill.demo');
      const renamed = await client.request('PATCH', '/api/me', { displayName: '  Dr Amina Hussain ' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ displayName: 'Dr Amina Hussain' });
      expect((await client.get('/api/me')).body).toMatchObject({ displayName: 'Dr Amina Hussain' });
      const empty = await client.request('PATCH', '/api/me', { displayName: '  ' });
      expect(empty.status).toBe(400);
    });

    it('changes the password with the current one, keeping this sign-in and ending the others', async () => {
      const person = 'reviewer@princerock.demo';
      const here = await signedIn(person);
      const there = await signedIn(person);
      const wrong = await here.post('/api/me/password', {
        currentPassword: 'not the password',
        newPassword: 'another long password',
      });
      expect(wrong.status).toBe(400);
      expect((wrong.body as ErrorBody).error.fields?.[0]?.path).toBe('currentPassword');
      expect((await there.get('/api/me')).status).toBe(200);

      const changed = await here.post('/api/me/password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: 'another long password',
      });
      expect(changed.status).toBe(204);
      expect((await here.get('/api/me')).status).toBe(200);
      expect((await there.get('/api/me')).status).toBe(401);
      expect((await new HttpClient(server.url).login(person, 'another long password')).status).toBe(200);
      expect((await new HttpClient(server.url).post('/api/me/password', {})).status).toBe(401);
    });
  });
}
