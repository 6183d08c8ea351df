import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInPeople, withDemoData } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { reviewDaySessionId } from '../support/workshop-fixtures.ts';

/**
 * LiveKit follows the activity while people are in the room. No LiveKit server can run here, so a plain HTTP server
 * started by the test stands in for its API and records what livekit-server-sdk really sends over HTTP (Twirp,
 * JSON): the requests' paths, bodies and signed tokens. What LiveKit then does with them is not tested here.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
const HEMPSHILL = 'reviewer@hempshill.demo';
const KEY = 'APIcrosswalktest';
const SECRET = 'a-livekit-secret-for-tests-only-0123456789';

interface Recorded {
  method: string;
  path: string;
  authorization: string;
  body: Record<string, unknown>;
}

/** A stand-in for LiveKit's room service: `participants` are in every room; every request is recorded. */
function startRecorder(participants: unknown[]): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/ListParticipants')) {
        res.end(JSON.stringify({ participants }));
      } else if (req.url?.endsWith('/UpdateParticipant')) {
        res.end(JSON.stringify({ identity: (JSON.parse(text) as { identity: string }).identity }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ code: 'not_found', msg: 'not found' }));
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `ws://127.0.0.1:${String(port)}`, requests });
    });
  });
}

describe('LiveKit grants follow the activity while people are in the room', () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let server: TestServer;
  let clients: Record<string, HttpClient>;
  let userIds: Record<string, string>;
  let reviewDay: string;
  const participants: unknown[] = [];

  beforeAll(async () => {
    recorder = await startRecorder(participants);
    server = await startTestServer({
      env: { LIVEKIT_URL: recorder.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
    });
    await withDemoData(server);
    reviewDay = await reviewDaySessionId(server, REVIEW);
    ({ clients, userIds } = await signInPeople(server.url, [LEAD, HEMPSHILL]));
  });
  afterAll(async () => {
    await server.close();
    await new Promise((resolve) => recorder.server.close(resolve));
  });

  const updates = () => recorder.requests.filter((r) => r.path === '/twirp/livekit.RoomService/UpdateParticipant');

  it('takes cameras and screens away from everyone when an audio-only activity starts, and gives them back', async () => {
    const reviewer = userIds[HEMPSHILL] ?? '';
    const guest = 'a-guest-who-may-not-publish';
    // The stand-in room holds a reviewer who publishes and a guest who may not.
    participants.push(
      { identity: reviewer, permission: { canPublish: true, canSubscribe: true } },
      { identity: guest, permission: { canPublish: false, canSubscribe: true } },
    );

    const lead = clients[LEAD] as HttpClient;
    const added = await lead.post(`/api/reviews/${REVIEW}/sessions/${reviewDay}/activities`, {
      kind: 'pupil_voice',
      title: 'Pupil voice (LiveKit)',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(added.status).toBe(201);
    await expect.poll(() => updates().length).toBe(2);

    const [list] = recorder.requests;
    expect(list).toMatchObject({
      method: 'POST',
      path: '/twirp/livekit.RoomService/ListParticipants',
      body: { room: reviewDay },
    });
    const base = { canSubscribe: true, canPublishData: true };
    expect(updates().map((r) => r.body)).toEqual([
      {
        room: reviewDay,
        identity: reviewer,
        permission: { ...base, canPublish: true, canPublishSources: ['MICROPHONE'] },
      },
      // proto3 JSON leaves out a false field: the guest's permission still says it may not publish.
      { room: reviewDay, identity: guest, permission: base },
    ]);
    // The SDK signs each call with a short-lived admin token for this room alone.
    for (const request of recorder.requests) {
      const claims = decodeJwt(request.authorization.replace(/^Bearer /, '')) as {
        iss: string;
        video: Record<string, unknown>;
      };
      expect(claims.iss).toBe(KEY);
      expect(claims.video).toMatchObject({ room: reviewDay, roomAdmin: true });
    }
    // A token asked for now carries the microphone alone.
    const answer = (await (clients[HEMPSHILL] as HttpClient).get(`/api/sessions/${reviewDay}/media`)).body as {
      token: string;
    };
    expect((decodeJwt(answer.token) as { video: Record<string, unknown> }).video.canPublishSources).toEqual([
      'microphone',
    ]);

    const activity = (
      added.body as { sessions: { id: string; activities: { id: string; title: string }[] }[] }
    ).sessions
      .find((s) => s.id === reviewDay)
      ?.activities.find((a) => a.title === 'Pupil voice (LiveKit)');
    recorder.requests.length = 0;
    const ended = await lead.post(
      `/api/reviews/${REVIEW}/sessions/${reviewDay}/activities/${activity?.id ?? ''}/end`,
      {},
    );
    expect(ended.status).toBe(200);
    await expect.poll(() => updates().length).toBe(2);
    expect(updates().map((r) => r.body)).toEqual([
      {
        room: reviewDay,
        identity: reviewer,
        permission: {
          ...base,
          canPublish: true,
          canPublishSources: ['CAMERA', 'MICROPHONE', 'SCREEN_SHARE', 'SCREEN_SHARE_AUDIO'],
        },
      },
      // proto3 JSON leaves out a false field: the guest's permission still says it may not publish.
      { room: reviewDay, identity: guest, permission: base },
    ]);
  });
});
