import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { scaleOutEnv } from '../support/two-processes.ts';

/**
 * Sign-in limits under concurrency: every attempt takes its allowance before its password
 * is checked, so a burst cannot overrun the limits; a stranger cannot lock the owner out; the owner is told once.
 * Addresses are told apart through X-Forwarded-For (TRUST_PROXY=true), as behind a reverse proxy.
 */

const LIMITS = {
  TRUST_PROXY: 'true',
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '10',
  LOGIN_FAILURES_BEFORE_DELAY: '3',
  LOGIN_MAX_FAILURES_PER_IP: '50',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '30',
};
const PER_PAIR = 10;
const BURST = 300;
const WARNING_SUBJECT = 'Someone is trying to sign in to your Crosswalk account';

type Answer = Awaited<ReturnType<HttpClient['request']>>;

function signIn(server: TestServer, email: string, password: string, ip: string): Promise<Answer> {
  return new HttpClient(server.url).request(
    'POST',
    '/api/auth/login',
    { email, password },
    { headers: { 'x-forwarded-for': ip } },
  );
}

/** `count` wrong passwords for `email` from `ip`, all sent at once (round-robin over `servers`). */
function burst(servers: TestServer[], email: string, ip: string, count = BURST): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => signIn(servers[i % servers.length] as TestServer, email, `wrong-${i}`, ip)),
  );
}

/** How many passwords were actually checked: each checked failure writes one audit event. */
async function checkedFailures(server: TestServer, ip: string): Promise<number> {
  const [row] = await server.crosswalk.db.sql<{ count: number }[]>`
    select count(*)::int as count from audit_events where action = 'auth.login_failed' and detail->>'ip' = ${ip}`;
  return row?.count ?? 0;
}

async function warningsTo(server: TestServer, email: string): Promise<number> {
  await server.crosswalk.services.auth.settled();
  const [row] = await server.crosswalk.db.sql<{ count: number }[]>`
    select count(*)::int as count from mail_outbox where to_address = ${email} and subject = ${WARNING_SUBJECT}`;
  return row?.count ?? 0;
}

function expectRefusedWithRetryAfter(answers: Answer[]): void {
  for (const answer of answers) {
    expect([401, 429]).toContain(answer.status);
    if (answer.status === 429) {
      expect((answer.body as ErrorBody).error.id).toBe('rate_limited');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }
}

function summary(answers: Answer[]) {
  return {
    checked: answers.filter((a) => a.status === 401).length,
    limited: answers.filter((a) => a.status === 429).length,
  };
}

describe.each([
  { store: 'in process (no Redis)', redis: false },
  { store: 'in Redis, shared by two processes', redis: true },
])('sign-in limits counted $store', ({ redis }) => {
  let servers: TestServer[] = [];
  let first: TestServer;

  beforeAll(async () => {
    const env = redis ? scaleOutEnv(LIMITS) : LIMITS;
    first = await startTestServer({ env });
    servers = [first];
    if (redis) {
      servers.push(await startTestServer({ env, databaseUrl: first.databaseUrl ?? '' }));
    }
    await withDemoData(first);
  });
  afterAll(async () => {
    for (const server of servers.reverse()) {
      await server.close();
    }
  });

  it(`checks at most ${PER_PAIR} of ${BURST} wrong passwords sent at once from one address`, async () => {
    const ip = '198.51.100.1';
    const answers = await burst(servers, 'reviewer@hempshill.demo', ip);
    expectRefusedWithRetryAfter(answers);
    const { checked, limited } = summary(answers);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(PER_PAIR);
    expect(limited).toBe(BURST - checked);
    expect(await checkedFailures(first, ip)).toBe(checked);
  });

  it('lets the owner sign in from their own address while strangers hammer the account, and tells them once', async () => {
    const owner = 'host.head@fenbrook.demo';
    // One address sends a burst; twenty more try a few passwords each, at the same time.
    const strangers = await Promise.all([
      burst(servers, owner, '203.0.113.1'),
      ...Array.from({ length: 20 }, (_, i) => burst(servers, owner, `203.0.113.${10 + i}`, 5)),
    ]);
    for (const answers of strangers) {
      expectRefusedWithRetryAfter(answers);
      expect(summary(answers).checked).toBeLessThanOrEqual(PER_PAIR);
    }
    const atHome = await signIn(servers.at(-1) as TestServer, owner, DEMO_PASSWORD, '192.0.2.7');
    expect(atHome.status).toBe(200);
    expect(atHome.body).toMatchObject({ email: owner });

    // Exactly one warning for the window, however many attempts and processes.
    for (const server of servers) {
      await server.crosswalk.services.auth.settled();
    }
    expect(await warningsTo(first, owner)).toBe(1);
    await burst(servers, owner, '203.0.113.99', 50);
    for (const server of servers) {
      await server.crosswalk.services.auth.settled();
    }
    expect(await warningsTo(first, owner)).toBe(1);
    // The owner still gets in.
    expect((await signIn(first, owner, DEMO_PASSWORD, '192.0.2.7')).status).toBe(200);
  });

  it('answers an unknown email exactly as a wrong password, until both are limited', async () => {
    const run = async (email: string, ip: string) => {
      const answers: Answer[] = [];
      // The ceiling guarantees a refusal by attempt PER_PAIR + 1, however slow the machine.
      for (let i = 0; i <= PER_PAIR; i += 1) {
        const answer = await signIn(servers[i % servers.length] as TestServer, email, 'not-the-password', ip);
        answers.push(answer);
        if (answer.status === 429) {
          break;
        }
      }
      return answers;
    };
    const unknown = await run('nobody@nowhere.demo', '198.51.100.20');
    const known = await run('champion@littlewaltham.demo', '198.51.100.21');
    for (const answers of [unknown, known]) {
      const last = answers.at(-1) as Answer;
      expect(last.status).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((last.body as ErrorBody).error.message).toMatch(/^Too many unsuccessful sign-in attempts\. Please wait/);
      expect(answers.slice(0, -1).every((a) => a.status === 401)).toBe(true);
    }
    expect(unknown[0]?.body).toEqual(known[0]?.body);
  });
});
