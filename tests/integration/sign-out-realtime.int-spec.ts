import {
  CloseCode,
  type CollabTicketAnswer,
  type WorkshopBoardsAnswer,
  type WorkshopJoinResult,
} from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { hashToken } from '../../server/src/modules/auth/tokens.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { sessionSockets, type SessionClient as Socket } from '../support/session-socket.ts';
import type { TestServer } from '../support/test-server.ts';
import { startTwoProcesses } from '../support/two-processes.ts';
import { upgradeStatus } from '../support/upgrade.ts';
import { FENBROOK_REVIEW, workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * Ending a sign-in session (signing out, or the session expiring) ends every realtime connection of that session at
 * once, on every process of the deployment, and no other: socket.io is disconnected, live-document and board sockets
 * close with `signedOut`, and a ticket minted before the end opens nothing after it.
 */

/** The facilitator of Fenbrook's improvement workshop, who may also read the review's enquiry document. */
const PERSON = 'champion@littlewaltham.demo';

let a: TestServer;
let b: TestServer;
let workshop: string;
const sockets = sessionSockets();
let clients: TestClient[] = [];

beforeAll(async () => {
  ({ a, b } = await startTwoProcesses());
  workshop = await workshopSessionId(a, FENBROOK_REVIEW);
});
afterEach(() => {
  sockets.closeAll();
  for (const client of clients) {
    client.destroy();
  }
  clients = [];
});
afterAll(async () => {
  await b.close();
  await a.close();
});

/** One browser of the person, signed in on `server`, holding every kind of realtime connection on `server`. */
interface Browser {
  http: HttpClient;
  socket: Socket;
  /** Why socket.io said it disconnected, once it did. */
  disconnected: string[];
  document: TestClient;
  board: TestClient;
  documentTicket: string;
  documentName: string;
  collabUrl: string;
}

async function openBrowser(server: TestServer): Promise<Browser> {
  const http = new HttpClient(server.url);
  expect((await http.login(PERSON, DEMO_PASSWORD)).status).toBe(200);
  const socket = await sockets.connect(server.url, http.cookieHeader);
  const disconnected: string[] = [];
  socket.on('disconnect', (reason) => disconnected.push(reason));
  const join: WorkshopJoinResult = await socket.emitWithAck('workshop.join', { sessionId: workshop });
  expect(join).toMatchObject({ ok: true, role: 'facilitator' });

  const collabUrl = `${server.url.replace('http', 'ws')}/collab`;
  const access = (await http.get(`/api/reviews/${FENBROOK_REVIEW}/collab`)).body as CollabTicketAnswer;
  const documentName = access.documents[0]?.name ?? '';
  const document = connectClient(collabUrl, documentName, { ticket: access.ticket });
  clients.push(document);
  const boards = (await http.get(`/api/sessions/${workshop}/workshop/boards`)).body as WorkshopBoardsAnswer;
  const board = connectClient(collabUrl, boards.boards[0]?.documents.layout.name ?? '', { ticket: boards.ticket });
  clients.push(board);
  await Promise.all([document.synced(), board.synced()]);
  return { http, socket, disconnected, document, board, documentTicket: access.ticket, documentName, collabUrl };
}

async function ticketOpens(browser: Browser): Promise<number | 'destroyed'> {
  const url = `${browser.collabUrl.replace('ws', 'http')}/${browser.documentName}`;
  return upgradeStatus(`${url}?ticket=${encodeURIComponent(browser.documentTicket)}`);
}

async function expectEnded(browser: Browser): Promise<void> {
  await vi.waitFor(
    () => {
      expect(browser.disconnected).toContain('io server disconnect');
      expect(browser.document.closeCodes).toContain(CloseCode.signedOut);
      expect(browser.board.closeCodes).toContain(CloseCode.signedOut);
    },
    { timeout: 20_000, interval: 50 },
  );
  // Even within its ten minutes, the ticket minted before the end opens nothing.
  expect(await ticketOpens(browser)).toBe(401);
}

async function expectWorking(browser: Browser): Promise<void> {
  expect(browser.socket.connected).toBe(true);
  const join: WorkshopJoinResult = await browser.socket.emitWithAck('workshop.join', { sessionId: workshop });
  expect(join).toMatchObject({ ok: true });
  expect(browser.document.closeCodes).toEqual([]);
  expect(browser.board.closeCodes).toEqual([]);
  expect(browser.document.provider.wsconnected).toBe(true);
  expect(browser.board.provider.wsconnected).toBe(true);
  expect(await ticketOpens(browser)).toBe(101);
}

describe('signing out', () => {
  it.each([
    ['the process that signed out', () => a],
    ['another process, through Redis', () => b],
  ])(
    'ends socket.io, document and board sockets and the ticket of that session on %s, and no other session',
    async (_where, server) => {
      const leaving = await openBrowser(server());
      const staying = await openBrowser(server());
      await expectWorking(leaving);

      const response = await leaving.http.post('/api/auth/logout');
      expect(response.status).toBe(204);

      await expectEnded(leaving);
      await expectWorking(staying);
    },
  );
});

describe('a sign-in that expires', () => {
  it('ends its realtime connections on every process at the next check, and no other sign-in', async () => {
    const onA = await openBrowser(a);
    const onB = await openBrowser(b);
    const other = await openBrowser(b);
    const cookie = onA.http.cookieHeader.match(/crosswalk_session=([^;]+)/)?.[1] ?? '';
    // The session on a passes its absolute expiry; onB is another browser (another session) of the same person.
    const expiring = hashToken(cookie);
    await a.crosswalk.db.sql`update sign_ins set expires_at = now() - interval '1 second' where id = ${expiring}`;
    const onBCookie = onB.http.cookieHeader.match(/crosswalk_session=([^;]+)/)?.[1] ?? '';
    await a.crosswalk.db.sql`
      update sign_ins set last_seen_at = now() - interval '13 hours' where id = ${hashToken(onBCookie)}`;

    // Each process checks the sessions of the connections it holds (every minute; here at once).
    await a.crosswalk.checkRealtimeSignIns();
    await b.crosswalk.checkRealtimeSignIns();

    await expectEnded(onA);
    await expectEnded(onB);
    await expectWorking(other);
  });
});

describe('ending every sign-in of a person but one (as a password change will)', () => {
  it('ends the connections of their other browsers on every process, and keeps the one that asked', async () => {
    const asking = await openBrowser(a);
    const elsewhere = await openBrowser(b);
    const me = (await asking.http.get('/api/me')).body as { id: string };
    const cookie = asking.http.cookieHeader.match(/crosswalk_session=([^;]+)/)?.[1] ?? '';

    const ended = await a.crosswalk.services.auth.endSignInsOf(me.id, 'password_changed', hashToken(cookie));

    expect(ended).toBeGreaterThanOrEqual(1);
    await expectEnded(elsewhere);
    await expectWorking(asking);
  });
});
