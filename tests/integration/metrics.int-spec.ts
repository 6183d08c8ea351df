import { addEvidence, type CollabTicketAnswer } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { signInAll, withDemoData } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * `GET /metrics` (issue 25): Prometheus' text format for an operator's scraper with METRICS_TOKEN, and for anyone
 * else exactly what an unknown address answers. What it counts is checked against real traffic: requests by route
 * template, live-document connections opening and closing, group commits and acknowledgements, the database pool.
 */

const TOKEN = 'metrics-token-for-the-integration-test-0123456789';
const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const REVIEWER = 'reviewer@hempshill.demo';

let server: TestServer;
let disabled: TestServer;
let reviewer: HttpClient;
const clients: TestClient[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  [server, disabled] = await Promise.all([
    startTestServer({ env: { METRICS_TOKEN: TOKEN }, log: (line) => logLines.push(line) }),
    startTestServer(),
  ]);
  await withDemoData(server);
  const signedIn = (await signInAll(server, [REVIEWER]))[REVIEWER];
  if (!signedIn) {
    throw new Error(`${REVIEWER} could not sign in`);
  }
  reviewer = signedIn;
});
afterAll(async () => {
  for (const client of clients) {
    client.destroy();
  }
  await Promise.all([server.close(), disabled.close()]);
});

interface Answer {
  status: number;
  contentType: string | null;
  headerNames: string[];
  body: string;
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { headers });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headerNames: [...response.headers.keys()].filter((name) => name !== 'date').sort(),
    body: await response.text(),
  };
}

async function scrape(target: TestServer = server): Promise<string> {
  const answer = await get(target.url, '/metrics', { authorization: `Bearer ${TOKEN}` });
  expect(answer.status).toBe(200);
  return answer.body;
}

/** The value of one sample: `name` with (at least) these labels; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const present = new Map([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

async function openEvidence(): Promise<TestClient> {
  const collab = (await reviewer.get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
  const document = collab.documents.find((d) => d.section === 'evidence');
  if (!document) {
    throw new Error('the reviewer has no evidence document');
  }
  const client = connectClient(collab.url, document.name, { ticket: collab.ticket, acks: true });
  clients.push(client);
  await client.synced();
  return client;
}

describe('who may read /metrics', () => {
  it('answers a request without the token exactly as an unknown address, and so does a server without metrics', async () => {
    const withoutToken = await get(server.url, '/metrics');
    const unknownThere = await get(server.url, '/no-such-route');
    const whereDisabled = await get(disabled.url, '/metrics');
    expect(withoutToken.status).toBe(404);
    expect(withoutToken).toEqual(whereDisabled);
    expect(withoutToken.body).not.toContain('crosswalk');
    expect({ ...unknownThere, body: unknownThere.body.replace('/no-such-route', '/metrics') }).toEqual(withoutToken);
  });

  it('answers a wrong, truncated or non-bearer token with the same 404, and logs why without the token', async () => {
    const expected = await get(disabled.url, '/metrics');
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      expect(await get(server.url, '/metrics', { authorization }), authorization).toEqual(expected);
    }
    const refusals = logLines
      .map((line) => JSON.parse(line) as { msg?: string; reason?: string })
      .filter((entry) => entry.msg === 'metrics request refused');
    expect(refusals.map((entry) => entry.reason)).toEqual(expect.arrayContaining(['no-token', 'wrong-token']));
    expect(logLines.filter((line) => line.includes(TOKEN.slice(0, 20)))).toEqual([]);
  });

  it('is not opened by a private X-Forwarded-For, and answers only GET with metrics', async () => {
    const expected = await get(disabled.url, '/metrics');
    expect(await get(server.url, '/metrics', { 'x-forwarded-for': '10.0.0.1' })).toEqual(expected);
    const posted = await fetch(`${server.url}/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(posted.status).toBe(404);
  });

  it('serves Prometheus text to the right token, with the process metrics of Node', async () => {
    const answer = await get(server.url, '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(sample(answer.body, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(answer.body).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(answer.body, 'crosswalk_build_info')).toBe(1);
  });
});

describe('what /metrics counts', () => {
  it('times requests by route template, never by the address with its ids', async () => {
    const template = { method: 'GET', route: '/api/reviews/:id/collab', status_class: '2xx' };
    const before = sample(await scrape(), 'http_request_duration_seconds_count', template);
    expect((await reviewer.get(`/api/reviews/${REVIEW}/collab`)).status).toBe(200);
    // A refusal raised inside a route keeps the route's template; no route at all is `unmatched`.
    expect((await reviewer.get('/api/reviews/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await reviewer.get('/api/no-such-thing/42')).status).toBe(404);
    const text = await scrape();
    expect(sample(text, 'http_request_duration_seconds_count', template)).toBe(before + 1);
    expect(
      sample(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/reviews/:id',
        status_class: '4xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_class: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(REVIEW);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(text).not.toContain('no-such-thing');
    expect(text).not.toContain(REVIEWER);
  });

  it('counts a live-document connection while it is open, and the document it loaded', async () => {
    const before = sample(await scrape(), 'crosswalk_collab_connections');
    const client = await openEvidence();
    await expect.poll(async () => sample(await scrape(), 'crosswalk_collab_connections')).toBe(before + 1);
    expect(sample(await scrape(), 'crosswalk_collab_documents_loaded')).toBeGreaterThanOrEqual(1);
    client.destroy();
    await expect.poll(async () => sample(await scrape(), 'crosswalk_collab_connections')).toBe(before);
  });

  it('observes the group commit and the acknowledgement of an edit', async () => {
    const client = await openEvidence();
    const before = await scrape();
    const me = (await reviewer.get('/api/me')).body as { id: string; displayName: string };
    addEvidence(client.doc, {
      activityType: 'learning_walk',
      reviewerId: me.id,
      reviewerName: me.displayName,
      observation: 'Year 4: phonics groups',
    });
    await expect.poll(() => client.ackedSeq).toBe(client.sentSeq);
    const after = await scrape();
    for (const name of ['crosswalk_collab_group_commit_seconds_count', 'crosswalk_collab_ack_lag_seconds_count']) {
      expect(sample(after, name), name).toBeGreaterThan(sample(before, name));
    }
    expect(sample(after, 'crosswalk_collab_committed_updates_total')).toBeGreaterThan(
      sample(before, 'crosswalk_collab_committed_updates_total'),
    );
    expect(after).not.toContain('phonics');
    client.destroy();
  });

  it('reports the pool size and the statements in flight on PostgreSQL', async () => {
    const pool = { database: 'postgres' };
    expect(sample(await scrape(), 'crosswalk_db_pool_size', pool)).toBe(10);
    let finished = false;
    const sleeping = server.crosswalk.db.sql`select pg_sleep(1)`.then(() => {
      finished = true;
    });
    await expect
      .poll(async () => {
        const text = await scrape();
        return finished || sample(text, 'crosswalk_db_queries_in_flight', pool) >= 1;
      })
      .toBe(true);
    expect(finished).toBe(false);
    await sleeping;
  });
});

describe('metrics on the embedded database, in a realtime-only process, for the private network', () => {
  let embedded: TestServer;
  beforeAll(async () => {
    embedded = await startTestServer({
      embedded: true,
      env: { METRICS_FROM_PRIVATE_NETWORK: 'true', TRUST_PROXY: 'true', SERVICES: 'realtime' },
    });
  });
  afterAll(async () => {
    await embedded.close();
  });

  it('serves /metrics whatever SERVICES says, with the one connection of the embedded database', async () => {
    const answer = await get(embedded.url, '/metrics');
    expect(answer.status).toBe(200);
    expect(sample(answer.body, 'crosswalk_db_pool_size', { database: 'embedded' })).toBe(1);
    expect(answer.body).toContain('crosswalk_collab_connections 0');
  });

  it('judges the TCP peer (here loopback), not the X-Forwarded-For a client sends, even behind a trusted proxy', async () => {
    const answer = await get(embedded.url, '/metrics', { 'x-forwarded-for': '203.0.113.9' });
    expect(answer.status).toBe(200);
  });
});
