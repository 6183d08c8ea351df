import type { AgendaResponse, CollabTicketAnswer, RoomJoinResult, WorkshopJoinResult } from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { DEMO_PASSWORD, signInPeople } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { collect, sessionSockets, type SessionClient as Socket } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { scaleOutEnv, startTwoProcesses } from '../support/two-processes.ts';
import { guestWaiting, removeFromTeam } from '../support/video-rooms.ts';
import { reviewDaySessionId } from '../support/workshop-fixtures.ts';

/**
 * Two Crosswalk processes of one deployment (here two servers in this process, on one database and one Redis):
 * video rooms, evictions, live-document access changes and rate limits hold across them. Process crashes and
 * outages are in tests/fault.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';

let a: TestServer;
let b: TestServer;
/** Serves only the API (SERVICES=api): its decisions must reach sockets that a and b hold. */
let apiOnly: TestServer;
let reviewDay: string;
let clients: Record<string, HttpClient> = {};
let userIds: Record<string, string> = {};
const sockets = sessionSockets();
let collabClients: TestClient[] = [];

beforeAll(async () => {
  let env: Record<string, string>;
  ({ a, b, env } = await startTwoProcesses(scaleOutEnv({ LOGIN_MAX_FAILURES_PER_IP: '3' })));
  apiOnly = await startTestServer({ env: { ...env, SERVICES: 'api' }, databaseUrl: a.databaseUrl ?? '' });
  reviewDay = await reviewDaySessionId(a, REVIEW);
  ({ clients, userIds } = await signInPeople(a.url, [
    'lead.reviewer@summercroft.demo',
    'reviewer@hempshill.demo',
    'reviewer@princerock.demo',
    'partnership.lead@crosswalk.demo',
    'champion@littlewaltham.demo',
    'link.lead@fenbrook.demo',
  ]));
});
afterEach(() => {
  sockets.closeAll();
  for (const client of collabClients) {
    client.destroy();
  }
  collabClients = [];
});
afterAll(async () => {
  await apiOnly.close();
  await b.close();
  await a.close();
});

/** A sign-in made on `a` is valid on every process: the browser's cookie, sent to `server`. */
const socketOf = (server: TestServer, email: string): Promise<Socket> =>
  sockets.connect(server.url, clients[email]?.cookieHeader ?? '');

const join = (socket: Socket): Promise<RoomJoinResult> => socket.emitWithAck('room.join', { sessionId: reviewDay });

describe('video rooms across processes', () => {
  it('peers on different processes see each other, signal, raise hands in order and chat', async () => {
    const lead = await socketOf(a, 'lead.reviewer@summercroft.demo');
    const p1 = await socketOf(b, 'reviewer@hempshill.demo');
    const p2 = await socketOf(a, 'reviewer@princerock.demo');
    const joinedSeen = collect(lead, 'room.peer_joined');
    expect(await join(lead)).toMatchObject({ ok: true, peers: [] });
    const second = await join(p1);
    expect(second.ok && second.peers.map((p) => p.displayName)).toEqual(['Lead Reviewer (Summercroft)']);
    await vi.waitFor(() => {
      expect(joinedSeen.map((p) => p.displayName)).toEqual(['Peer Reviewer (Hempshill)']);
    });
    await join(p2);

    const signals = collect(p1, 'signal');
    lead.emit('signal', { to: p1.id ?? '', payload: { type: 'offer', sdp: 'v=0 across' } });
    // A room name is not a peer: nothing is relayed to the whole session through it.
    const leaked = collect(p2, 'signal');
    p1.emit('signal', { to: `session:${reviewDay}`, payload: { type: 'answer', sdp: 'to everyone' } });
    await vi.waitFor(() => {
      expect(signals).toEqual([{ from: lead.id, payload: { type: 'offer', sdp: 'v=0 across' } }]);
    });

    const hands = collect(lead, 'hands');
    p1.emit('hand.raise');
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([p1.id]);
    });
    p2.emit('hand.raise');
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([p1.id, p2.id]);
    });
    // The lead, on process A, lowers the hand of a peer held by process B.
    lead.emit('hand.lower', { peerId: p1.id });
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([p2.id]);
    });

    const chat = collect(lead, 'chat.message');
    p1.emit('chat.send', { text: 'Hello from process B' });
    await vi.waitFor(() => {
      expect(chat.map((m) => m.text)).toEqual(['Hello from process B']);
    });
    const late = await socketOf(b, 'lead.reviewer@summercroft.demo');
    const lateJoin = await join(late);
    expect(lateJoin.ok && lateJoin.chat.map((m) => m.text)).toEqual(['Hello from process B']);
    expect(lateJoin.ok && lateJoin.hands).toEqual([p2.id]);
    expect(leaked).toEqual([]);
  });

  it('a guest waiting on one process is admitted by a moderator on the other', async () => {
    const lead = await socketOf(a, 'lead.reviewer@summercroft.demo');
    const guest = await socketOf(b, 'partnership.lead@crosswalk.demo');
    const { waiting, admitted } = await guestWaiting(lead, guest, reviewDay);
    await vi.waitFor(() => {
      expect(waiting.at(-1)?.guests.map((g) => g.userId)).toEqual([userIds['partnership.lead@crosswalk.demo']]);
    });
    expect(await lead.emitWithAck('lobby.admit', { userId: userIds['partnership.lead@crosswalk.demo'] ?? '' })).toEqual(
      { ok: true },
    );
    await vi.waitFor(() => {
      expect(admitted).toHaveLength(1);
    });
    expect(await join(guest)).toMatchObject({ ok: true });
  });

  it('removing a member through an API-only process evicts them from rooms and documents held by another', async () => {
    const peer = await socketOf(b, 'reviewer@princerock.demo');
    expect((await join(peer)).ok).toBe(true);
    const removed = collect(peer, 'room.removed');
    const http = new HttpClient(b.url);
    await http.login('reviewer@princerock.demo', DEMO_PASSWORD);
    const access = (await http.get(`/api/reviews/${REVIEW}/collab`)).body as CollabTicketAnswer;
    const evidence = access.documents.find((d) => d.section === 'evidence');
    const bCollabUrl = `${b.url.replace('http', 'ws')}/collab`;
    const editor = connectClient(bCollabUrl, evidence?.name ?? '', { ticket: access.ticket, acks: true });
    collabClients.push(editor);
    await editor.synced();

    expect(await removeFromTeam(apiOnly.url, REVIEW, userIds['reviewer@princerock.demo'] ?? '')).toBe(200);
    await vi.waitFor(() => {
      expect(removed).toHaveLength(1);
      expect(editor.closeCodes).toContain(4403);
    });
  });
  it('runs one workshop across processes: presence, commands and agenda edits from an API-only process', async () => {
    const [row] = await a.crosswalk.db.sql<{ id: string }[]>`
      select id from review_sessions where review_id = ${REVIEW} and kind = 'improvement_workshop'`;
    const workshop = row?.id ?? '';
    const facilitator = await socketOf(a, 'champion@littlewaltham.demo');
    const participant = await socketOf(b, 'link.lead@fenbrook.demo');
    const presence = collect(facilitator, 'workshop.presence');
    const states = collect(participant, 'workshop.state');
    const joinWorkshop = (socket: Socket): Promise<WorkshopJoinResult> =>
      socket.emitWithAck('workshop.join', { sessionId: workshop });
    const first = await joinWorkshop(facilitator);
    expect(first).toMatchObject({ ok: true, role: 'facilitator' });
    expect(await joinWorkshop(participant)).toMatchObject({ ok: true, role: 'participant' });
    // The facilitator's process lists someone whose connection another process holds.
    await vi.waitFor(() => {
      expect(
        presence
          .at(-1)
          ?.people.map((p) => p.role)
          .sort(),
      ).toEqual(['facilitator', 'participant']);
    });

    const stage = first.ok ? first.state.stages[0] : undefined;
    const started = await facilitator.emitWithAck('workshop.command', {
      sessionId: workshop,
      command: { type: 'go_to_stage', stageId: stage?.id ?? '' },
    });
    expect(started).toMatchObject({ ok: true });
    await vi.waitFor(() => {
      expect(states.at(-1)?.currentStageId).toBe(stage?.id);
      expect(states.at(-1)?.timer?.endsAt).toBeGreaterThan(Date.now());
    });

    // An agenda edit served by a process without sockets still reaches the followers the others hold.
    const champion = new HttpClient(apiOnly.url);
    await champion.login('champion@littlewaltham.demo', DEMO_PASSWORD);
    const path = `/api/sessions/${workshop}/workshop/agenda`;
    const agenda = (await champion.get(path)).body as AgendaResponse;
    const renamed = agenda.stages.map((s, i) => ({ ...s, title: i === 0 ? 'Welcome across counties' : s.title }));
    expect((await champion.request('PUT', path, { stages: renamed })).status).toBe(200);
    await vi.waitFor(() => {
      expect(states.at(-1)?.stages[0]?.title).toBe('Welcome across counties');
    });
    const versions = states.map((state) => state.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
  });

  it('counts failed sign-ins across processes (shared rate limits; last: it blocks this address)', async () => {
    const attempt = (server: TestServer) =>
      new HttpClient(server.url).login('nobody@crosswalk.demo', 'not the password');
    expect((await attempt(a)).status).toBe(401);
    expect((await attempt(b)).status).toBe(401);
    expect((await attempt(a)).status).toBe(401);
    // The limit is 3 per address: the fourth attempt is refused, on whichever process it lands.
    expect((await attempt(b)).status).toBe(429);
  });
});
