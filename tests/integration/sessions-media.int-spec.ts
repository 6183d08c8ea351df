import { createHash, createHmac } from 'node:crypto';
import { decodeJwt } from 'jose';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { duringAudioOnlyActivity } from '../support/video-rooms.ts';

/**
 * Video sessions: who gets media credentials (mesh by default, LiveKit when configured), LiveKit token grants,
 * webhook signatures, safeguarding concerns. No LiveKit server runs here: we test what is ours.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const EMAILS = {
  lead: 'partnership.lead@crosswalk.demo',
  hostHead: 'host.head@fenbrook.demo',
  linkLead: 'link.lead@fenbrook.demo',
  leadReviewer: 'lead.reviewer@summercroft.demo',
  hempshill: 'reviewer@hempshill.demo',
  champion: 'champion@littlewaltham.demo',
  northgate: 'head@northgate.demo',
  admin: 'admin@crosswalk.demo',
} as const;
type Who = keyof typeof EMAILS;

async function signIn(server: TestServer): Promise<Record<Who, HttpClient>> {
  const clients = {} as Record<Who, HttpClient>;
  for (const [who, email] of Object.entries(EMAILS) as [Who, string][]) {
    clients[who] = new HttpClient(server.url);
    await clients[who].login(email, DEMO_PASSWORD);
  }
  return clients;
}

async function sessionOfKind(server: TestServer, kind: string): Promise<string> {
  const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${REVIEW} and kind = ${kind} order by starts_at limit 1`;
  return row?.id ?? '';
}

describe('mesh (nothing configured)', () => {
  let server: TestServer;
  let as: Record<Who, HttpClient>;
  let reviewDay: string;
  let workshop: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]' } });
    await withDemoData(server);
    as = await signIn(server);
    reviewDay = await sessionOfKind(server, 'review_day');
    workshop = await sessionOfKind(server, 'improvement_workshop');
  });
  afterAll(() => server.close());

  it('gives review-day participants the mesh with the configured ICE servers', async () => {
    const response = await as.hempshill.get(`/api/sessions/${reviewDay}/media`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      transport: 'mesh',
      iceServers: [{ urls: 'stun:stun.example.org:3478' }],
      maxParticipants: 8,
    });
  });

  it('answers 404 to anyone who is not a participant, and to guests until admitted', async () => {
    const status = async (who: Who, session: string) => (await as[who].get(`/api/sessions/${session}/media`)).status;
    expect(await status('northgate', reviewDay)).toBe(404);
    expect(await status('admin', reviewDay)).toBe(404);
    expect(await status('champion', reviewDay)).toBe(404); // the champion is not part of the review days
    expect(await status('lead', reviewDay)).toBe(404); // a guest, not yet admitted
    expect(await status('hempshill', workshop)).toBe(404); // peer reviewers have no part in the workshop
    expect(await status('champion', workshop)).toBe(200);
    expect(await status('hostHead', reviewDay)).toBe(200);
  });

  it('lets a moderator admit a guest, who may then enter but not publish', async () => {
    const before = (await as.lead.get(`/api/sessions/${reviewDay}`)).body as {
      canEnter: boolean;
      participation: string;
    };
    expect(before).toMatchObject({ canEnter: false, participation: 'guest' });
    const leadId = ((await as.lead.get('/api/me')).body as { id: string }).id;
    expect((await as.hempshill.post(`/api/sessions/${reviewDay}/admissions`, { userId: leadId })).status).toBe(403);
    expect((await as.leadReviewer.post(`/api/sessions/${reviewDay}/admissions`, { userId: leadId })).status).toBe(204);
    const after = (await as.lead.get(`/api/sessions/${reviewDay}`)).body as { canEnter: boolean; canPublish: boolean };
    expect(after).toMatchObject({ canEnter: true, canPublish: false });
    expect((await as.lead.get(`/api/sessions/${reviewDay}/media`)).status).toBe(200);
  });

  it('hides sessions of reviews one cannot see, like unknown ones', async () => {
    const hidden = await as.northgate.get(`/api/sessions/${reviewDay}`);
    const unknown = await as.northgate.get('/api/sessions/6b1d0000-0000-4000-8000-0000000009ff');
    expect([hidden.status, unknown.status]).toEqual([404, 404]);
    expect(hidden.body).toEqual(unknown.body);
  });

  it('refuses LiveKit webhooks when LiveKit is not configured', async () => {
    const response = await new HttpClient(server.url).request('POST', '/api/livekit/webhook', undefined, {
      rawBody: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('records a safeguarding concern as time and role only, and emails the designated safeguarding lead', async () => {
    const response = await as.hempshill.post(`/api/sessions/${reviewDay}/safeguarding-concerns`, {});
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ notified: 'dsl' });
    const concerns = await server.crosswalk.db.sql`select * from safeguarding_concerns`;
    expect(concerns).toHaveLength(1);
    expect(Object.keys(concerns[0] ?? {}).sort()).toEqual([
      'aboutHeadteacher',
      'id',
      'raisedAt',
      'raisedByRole',
      'sessionId',
    ]);
    expect(concerns[0]?.raisedByRole).toBe('Peer reviewer');
    const mails = await server.crosswalk.db.sql<{ toAddress: string; bodyText: string }[]>`
      select to_address, body_text from mail_outbox where subject like 'Safeguarding concern%' order by to_address`;
    // Fenbrook's DSL (the link lead) and deputy DSL, as recorded for the school.
    expect(mails.map((m) => m.toAddress)).toEqual(['english.lead@fenbrook.demo', 'link.lead@fenbrook.demo']);
    for (const mail of mails) {
      expect(mail.bodyText).toContain('by a peer reviewer');
      expect(mail.bodyText).not.toContain('Hempshill');
    }
  });

  it('routes a concern about the headteacher to the LADO, and says so when none is recorded', async () => {
    // The demo records a LADO for every authority; without one, the concern cannot be routed.
    await server.crosswalk.db.sql`update local_authorities set lado_email = null where name = 'Lincolnshire'`;
    const missing = await as.hempshill.post(`/api/sessions/${reviewDay}/safeguarding-concerns`, {
      aboutHeadteacher: true,
    });
    expect(missing.status).toBe(409);
    expect((missing.body as ErrorBody).error.message).toMatch(/LADO/);
    await server.crosswalk.db
      .sql`update local_authorities set lado_email = 'lado@lincolnshire.example' where name = 'Lincolnshire'`;
    const sent = await as.hempshill.post(`/api/sessions/${reviewDay}/safeguarding-concerns`, {
      aboutHeadteacher: true,
    });
    expect(sent.body).toMatchObject({ notified: 'lado' });
  });
});

describe('mesh with a TURN server (TURN_URLS and TURN_SECRET)', () => {
  const secret = 'a-turn-secret-only-for-this-test-0123456789';
  let server: TestServer;
  let as: Record<Who, HttpClient>;
  let reviewDay: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]',
        TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443?transport=tcp',
        TURN_SECRET: secret,
        TURN_TTL_SECONDS: '900',
        ICE_TRANSPORT_POLICY: 'relay',
      },
    });
    await withDemoData(server);
    as = await signIn(server);
    reviewDay = await sessionOfKind(server, 'review_day');
  });
  afterAll(() => server.close());

  type Answer = {
    iceTransportPolicy?: string;
    iceServers: { urls: unknown; username?: string; credential?: string }[];
  };
  const answerOf = async (who: Who) => (await as[who].get(`/api/sessions/${reviewDay}/media`)).body as Answer;
  const userIdOf = async (who: Who) => ((await as[who].get('/api/me')).body as { id: string }).id;

  it('gives each participant a TURN credential of their own, signed with the secret and expiring in TURN_TTL_SECONDS', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await answerOf('hempshill');
    const after = Math.floor(Date.now() / 1000);
    expect(answer.iceTransportPolicy).toBe('relay');
    expect(answer.iceServers[0]).toEqual({ urls: 'stun:stun.example.org:3478' });
    const turn = answer.iceServers[1];
    expect(turn?.urls).toEqual([
      'turn:turn.example.org:3478?transport=udp',
      'turns:turn.example.org:443?transport=tcp',
    ]);
    const [expiry, userId] = (turn?.username ?? '').split(':');
    expect(userId).toBe(await userIdOf('hempshill'));
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 900);
    expect(Number(expiry)).toBeLessThanOrEqual(after + 900);
    expect(turn?.credential).toBe(
      createHmac('sha1', secret)
        .update(turn?.username ?? '')
        .digest('base64'),
    );

    const other = (await answerOf('leadReviewer')).iceServers[1];
    expect(other?.username?.split(':')[1]).toBe(await userIdOf('leadReviewer'));
    expect(other?.credential).not.toBe(turn?.credential);
  });

  it('still gives nothing to anyone who is not a participant', async () => {
    expect((await as.northgate.get(`/api/sessions/${reviewDay}/media`)).status).toBe(404);
  });
});

describe('LiveKit (configured; no LiveKit server runs here)', () => {
  const KEY = 'APIcrosswalktest';
  const SECRET = 'a-livekit-secret-for-tests-only-0123456789';
  let server: TestServer;
  let as: Record<Who, HttpClient>;
  let reviewDay: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { LIVEKIT_URL: 'wss://livekit.invalid', LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
    });
    await withDemoData(server);
    as = await signIn(server);
    reviewDay = await sessionOfKind(server, 'review_day');
  });
  afterAll(() => server.close());

  it('mints a token for one room and one identity, with publishing per role and no admin powers', async () => {
    const answer = (await as.hempshill.get(`/api/sessions/${reviewDay}/media`)).body as {
      transport: string;
      url: string;
      token: string;
      expiresIn: number;
    };
    expect(answer.transport).toBe('livekit');
    expect(answer.url).toBe('wss://livekit.invalid');
    const claims = decodeJwt(answer.token) as {
      sub: string;
      iss: string;
      exp: number;
      nbf: number;
      name: string;
      video: Record<string, unknown>;
    };
    const me = (await as.hempshill.get('/api/me')).body as { id: string };
    expect(claims.iss).toBe(KEY);
    expect(claims.sub).toBe(me.id);
    expect(claims.exp - claims.nbf).toBeLessThanOrEqual(600);
    expect(claims.video).toMatchObject({ room: reviewDay, roomJoin: true, canPublish: true, canSubscribe: true });
    for (const power of ['roomAdmin', 'hidden', 'recorder', 'roomRecord', 'roomCreate', 'roomList']) {
      expect(claims.video[power] ?? false, power).toBe(false);
    }
  });

  it('grants the microphone alone during an audio-only activity, so LiveKit refuses cameras and screens', async () => {
    await duringAudioOnlyActivity(server.crosswalk.db.sql, reviewDay, async () => {
      const answer = (await as.hempshill.get(`/api/sessions/${reviewDay}/media`)).body as { token: string };
      const claims = decodeJwt(answer.token) as { video: Record<string, unknown> };
      expect(claims.video).toMatchObject({ canPublish: true, canPublishSources: ['microphone'] });
    });
    const after = (await as.hempshill.get(`/api/sessions/${reviewDay}/media`)).body as { token: string };
    expect((decodeJwt(after.token) as { video: Record<string, unknown> }).video.canPublishSources).toBeUndefined();
  });

  it('gives an admitted guest a token that cannot publish', async () => {
    const leadId = ((await as.lead.get('/api/me')).body as { id: string }).id;
    await as.hostHead.post(`/api/sessions/${reviewDay}/admissions`, { userId: leadId });
    const answer = (await as.lead.get(`/api/sessions/${reviewDay}/media`)).body as { token: string };
    const claims = decodeJwt(answer.token) as { video: Record<string, unknown> };
    expect(claims.video.canPublish).toBe(false);
  });

  it('refuses tokens to people who are not participants', async () => {
    expect((await as.northgate.get(`/api/sessions/${reviewDay}/media`)).status).toBe(404);
  });

  async function signedWebhook(body: string, secret = SECRET): Promise<string> {
    const token = new AccessToken(KEY, secret);
    token.sha256 = createHash('sha256').update(body).digest('base64');
    return token.toJwt();
  }

  it('accepts a correctly signed webhook and records attendance from it', async () => {
    const me = (await as.hempshill.get('/api/me')).body as { id: string };
    const body = JSON.stringify({
      event: 'participant_joined',
      room: { name: reviewDay },
      participant: { identity: me.id },
      id: 'EV_1',
      createdAt: '1',
    });
    const client = new HttpClient(server.url);
    client.origin = null;
    const response = await client.request('POST', '/api/livekit/webhook', undefined, {
      rawBody: body,
      headers: { 'content-type': 'application/webhook+json', authorization: await signedWebhook(body) },
    });
    expect(response.status).toBe(204);
    const rows = await server.crosswalk.db
      .sql`select * from session_attendance where session_id = ${reviewDay} and user_id = ${me.id}`;
    expect(rows).toHaveLength(1);
  });

  it('refuses a webhook with a bad signature or a body that does not match', async () => {
    const body = JSON.stringify({
      event: 'participant_joined',
      room: { name: reviewDay },
      participant: { identity: 'x' },
    });
    const client = new HttpClient(server.url);
    client.origin = null;
    const wrongKey = await client.request('POST', '/api/livekit/webhook', undefined, {
      rawBody: body,
      headers: {
        'content-type': 'application/webhook+json',
        authorization: await signedWebhook(body, 'another-secret-another-secret-another'),
      },
    });
    expect(wrongKey.status).toBe(401);
    const tampered = await client.request('POST', '/api/livekit/webhook', undefined, {
      rawBody: body.replace('participant_joined', 'participant_left'),
      headers: { 'content-type': 'application/webhook+json', authorization: await signedWebhook(body) },
    });
    expect(tampered.status).toBe(401);
    const unsigned = await client.request('POST', '/api/livekit/webhook', undefined, {
      rawBody: body,
      headers: { 'content-type': 'application/webhook+json' },
    });
    expect(unsigned.status).toBe(401);
  });
});
