import type { RoomJoinResult, RoomPeer } from '@crosswalk/shared';
import { describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { collect, type SessionClient as Socket } from '../support/session-socket.ts';
import { guestWaiting, removeFromTeam, useReviewDayRoom } from '../support/video-rooms.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';

const room = useReviewDayRoom(REVIEW, [
  'lead.reviewer@summercroft.demo',
  'reviewer@hempshill.demo',
  'reviewer@princerock.demo',
  'head@northgate.demo',
  'partnership.lead@crosswalk.demo',
  'host.head@fenbrook.demo',
]);
const { socketOf } = room;

const join = (socket: Socket, sessionId = room.sessionId): Promise<RoomJoinResult> =>
  socket.emitWithAck('room.join', { sessionId });

describe('video session rooms', () => {
  it('members join and see each other; attendance is recorded', async () => {
    const lead = await socketOf('lead.reviewer@summercroft.demo');
    const joinedSeen = collect(lead, 'room.peer_joined');
    const first = await join(lead);
    expect(first).toMatchObject({
      ok: true,
      peers: [],
      self: { moderator: true, canPublish: true, roleLabel: 'Lead reviewer' },
    });
    const peer = await socketOf('reviewer@hempshill.demo');
    const second = await join(peer);
    expect(second.ok && second.peers.map((p: RoomPeer) => p.displayName)).toEqual(['Lead Reviewer (Summercroft)']);
    await vi.waitFor(() => {
      expect(joinedSeen.map((p) => p.displayName)).toEqual(['Peer Reviewer (Hempshill)']);
    });
    await vi.waitFor(async () => {
      const rows = await room.server.crosswalk.db
        .sql`select user_id, left_at from session_attendance where session_id = ${room.sessionId}`;
      expect(rows.length).toBe(2);
    });
    peer.disconnect();
    await vi.waitFor(async () => {
      const [row] = await room.server.crosswalk.db.sql<{ leftAt: Date | null }[]>`
        select left_at from session_attendance where session_id = ${room.sessionId} and user_id = ${room.idOf('reviewer@hempshill.demo')}`;
      expect(row?.leftAt).toBeInstanceOf(Date);
    });
  });

  it('refuses people outside the review as "not found"', async () => {
    const outsider = await socketOf('head@northgate.demo');
    expect(await join(outsider)).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await join(outsider, 'not-a-session')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('relays signalling only between peers of the session, stamped with the real sender', async () => {
    const a = await socketOf('lead.reviewer@summercroft.demo');
    const b = await socketOf('reviewer@hempshill.demo');
    const outsider = await socketOf('head@northgate.demo');
    await join(a);
    const joinedB = await join(b);
    const received = collect(b, 'signal');
    const outsiderReceived = collect(outsider, 'signal');
    a.emit('signal', { to: b.id ?? '', payload: { type: 'offer', sdp: 'v=0 fake' } });
    await vi.waitFor(() => {
      expect(received).toEqual([{ from: a.id, payload: { type: 'offer', sdp: 'v=0 fake' } }]);
    });
    // From outside the room, to a member: dropped. To someone outside: dropped. Malformed: dropped.
    outsider.emit('signal', { to: b.id ?? '', payload: { type: 'offer', sdp: 'intruder' } });
    b.emit('signal', { to: outsider.id ?? '', payload: { type: 'answer', sdp: 'leak' } });
    (b.emit as (event: string, payload: unknown) => void)('signal', {
      to: a.id,
      payload: { type: 'offer', sdp: 'x'.repeat(30_000) },
    });
    (b.emit as (event: string, payload: unknown) => void)('signal', {
      to: a.id,
      from: 'spoofed',
      payload: { type: 'answer', sdp: 'x' },
    });
    // Round trips as barriers: the server has handled every message above before these answers come back.
    await outsider.emitWithAck('session.ping');
    await b.emitWithAck('session.ping');
    const ping = await a.emitWithAck('session.ping');
    expect(ping.serverTime).toBeGreaterThan(0);
    expect(received).toHaveLength(1);
    expect(outsiderReceived).toEqual([]);
    expect(joinedB.ok).toBe(true);
  });

  it('keeps hands in order; people lower their own, moderators anyone’s', async () => {
    const lead = await socketOf('lead.reviewer@summercroft.demo');
    const p1 = await socketOf('reviewer@hempshill.demo');
    const p2 = await socketOf('reviewer@princerock.demo');
    for (const s of [lead, p1, p2]) {
      await join(s);
    }
    const hands = collect(lead, 'hands');
    p2.emit('hand.raise');
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([p2.id]);
    });
    p1.emit('hand.raise');
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([p2.id, p1.id]);
    });
    p1.emit('hand.lower', { peerId: p2.id }); // not a moderator: ignored
    lead.emit('hand.lower', { peerId: p2.id });
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([p1.id]);
    });
  });

  it('lets only moderators mute others, and only as a request to the muted person', async () => {
    const lead = await socketOf('lead.reviewer@summercroft.demo');
    const p1 = await socketOf('reviewer@hempshill.demo');
    await join(lead);
    await join(p1);
    const mutedP1 = collect(p1, 'moderation.muted');
    const mutedLead = collect(lead, 'moderation.muted');
    expect(await p1.emitWithAck('moderation.mute', { peerId: lead.id ?? '' })).toEqual({
      ok: false,
      message: 'Only the lead reviewer or the host can mute someone in this session.',
    });
    expect(await lead.emitWithAck('moderation.mute', { peerId: p1.id ?? '' })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(mutedP1).toEqual([{ by: 'Lead Reviewer (Summercroft)' }]);
    });
    expect(mutedLead).toEqual([]);
  });

  it('shares media state and chat, with the name taken from the session', async () => {
    const lead = await socketOf('lead.reviewer@summercroft.demo');
    const p1 = await socketOf('reviewer@hempshill.demo');
    await join(lead);
    await join(p1);
    const states = collect(lead, 'media.state');
    const chat = collect(lead, 'chat.message');
    p1.emit('media.state', { audio: false, video: true, screen: false });
    (p1.emit as (event: string, payload: unknown) => void)('chat.send', {
      text: 'Hello from Hempshill',
      displayName: 'Someone Else',
    });
    p1.emit('chat.send', { text: 'Hello from Hempshill' });
    await vi.waitFor(() => {
      expect(states.at(-1)).toEqual({ peerId: p1.id, audio: false, video: true, screen: false });
      expect(chat.map((m) => [m.displayName, m.text])).toEqual([['Peer Reviewer (Hempshill)', 'Hello from Hempshill']]);
    });
  });

  it('holds guests in the lobby until a moderator admits them', async () => {
    const lead = await socketOf('lead.reviewer@summercroft.demo');
    const guest = await socketOf('partnership.lead@crosswalk.demo');
    const { waiting, admitted } = await guestWaiting(lead, guest, room.sessionId);
    await vi.waitFor(() => {
      expect(waiting.at(-1)?.guests.map((g) => g.displayName)).toEqual(['Partnership Lead (Essex coordinator)']);
    });
    const peer = await socketOf('reviewer@hempshill.demo');
    await join(peer);
    expect(
      await peer.emitWithAck('lobby.admit', { userId: room.idOf('partnership.lead@crosswalk.demo') }),
    ).toMatchObject({ ok: false });
    expect(await lead.emitWithAck('lobby.admit', { userId: room.idOf('partnership.lead@crosswalk.demo') })).toEqual({
      ok: true,
    });
    await vi.waitFor(() => {
      expect(admitted).toHaveLength(1);
    });
    const inside = await join(guest);
    expect(inside).toMatchObject({ ok: true, self: { canPublish: false, moderator: false } });
  });

  it('turns away the ninth connection in the mesh with a clear message', async () => {
    const inRoom: Socket[] = [];
    for (let i = 0; i < 8; i += 1) {
      const s = await socketOf('reviewer@princerock.demo');
      expect((await join(s)).ok).toBe(true);
      inRoom.push(s);
    }
    const ninth = await socketOf('reviewer@hempshill.demo');
    const result = await join(ninth);
    expect(result).toMatchObject({ ok: false, reason: 'full' });
    expect(result.ok ? '' : result.message).toMatch(/LiveKit/);
  });

  it('removes a member from the room within moments of their removal from the team', async () => {
    const p2 = await socketOf('reviewer@princerock.demo');
    await join(p2);
    const removed = collect(p2, 'room.removed');
    expect(await removeFromTeam(room.server.url, REVIEW, room.idOf('reviewer@princerock.demo'))).toBe(200);
    await vi.waitFor(() => {
      expect(removed).toHaveLength(1);
    });
    expect(await join(p2)).toMatchObject({ ok: false, reason: 'not_found' });
    expect(
      (
        await new HttpClient(room.server.url).request('GET', `/api/sessions/${room.sessionId}/media`, undefined, {
          headers: { cookie: room.client('reviewer@princerock.demo').cookieHeader },
        })
      ).status,
    ).toBe(404);
  });
});
