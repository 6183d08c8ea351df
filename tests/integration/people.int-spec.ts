import type { RoomJoinResult } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { connectSessionSocket } from '../support/session-socket.ts';
import type { TestServer } from '../support/test-server.ts';
import { startTwoProcesses } from '../support/two-processes.ts';
import { expectSignedOutEverywhere, firstReviewDay, openReviewDocument, peopleSuite } from './people.suite.ts';

peopleSuite('postgres');

describe('switching an account off with two processes (PostgreSQL and Redis)', () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    ({ a, b } = await startTwoProcesses());
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('closes the document and video-room sockets held by the other process at once', async () => {
    const person = 'reviewer@hempshill.demo';
    const http = new HttpClient(b.url);
    const signedIn = await http.login(person, DEMO_PASSWORD);
    expect(signedIn.status).toBe(200);
    const personId = (signedIn.body as { id: string }).id;

    const document = await openReviewDocument(b.url, http);
    const socket = await connectSessionSocket(b.url, http.cookieHeader);
    try {
      const disconnected: string[] = [];
      socket.on('disconnect', (reason) => disconnected.push(reason));
      const joined: RoomJoinResult = await socket.emitWithAck('room.join', { sessionId: await firstReviewDay(a) });
      expect(joined).toMatchObject({ ok: true });

      const admin = new HttpClient(a.url);
      expect((await admin.login('admin@crosswalk.demo', DEMO_PASSWORD)).status).toBe(200);
      expect((await admin.post(`/api/people/${personId}/deactivate`)).status).toBe(204);

      await expectSignedOutEverywhere(document, disconnected, http);
    } finally {
      socket.disconnect();
      document.destroy();
    }
  });
});
