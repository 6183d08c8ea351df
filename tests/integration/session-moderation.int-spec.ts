import { RoomLimits, type RoomJoinResult } from '@crosswalk/shared';
import { describe, expect, it, vi } from 'vitest';
import { signInPeople } from '../support/fixtures.ts';
import { collect, type SessionClient as Socket } from '../support/session-socket.ts';
import { startTwoProcesses } from '../support/two-processes.ts';
import {
  AUDIO_ONLY_ACTIVITY,
  duringAudioOnlyActivity,
  guestWaiting,
  useReviewDayRoom,
} from '../support/video-rooms.ts';
import { reviewDaySessionId } from '../support/workshop-fixtures.ts';

/**
 * Moderation of a video session over socket.io: mute everyone, ask to unmute, lower all hands, remove a person,
 * lock the room, live captions, and audio-only activities enforced in the mesh's signalling.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
const HOST = 'host.head@fenbrook.demo';
const HEMPSHILL = 'reviewer@hempshill.demo';
const PRINCEROCK = 'reviewer@princerock.demo';
const GUEST = 'partnership.lead@crosswalk.demo';
const LEAD_NAME = 'Lead Reviewer (Summercroft)';

const room = useReviewDayRoom(REVIEW, [LEAD, HOST, HEMPSHILL, PRINCEROCK, GUEST]);
const { socketOf, idOf } = room;
const join = (socket: Socket): Promise<RoomJoinResult> =>
  socket.emitWithAck('room.join', { sessionId: room.sessionId });

/** Connects and joins each person, in order. */
async function inRoom<const E extends readonly string[]>(...emails: E): Promise<{ [K in keyof E]: Socket }> {
  const joined: Socket[] = [];
  for (const email of emails) {
    const socket = await socketOf(email);
    expect(await join(socket)).toMatchObject({ ok: true });
    joined.push(socket);
  }
  return joined as { [K in keyof E]: Socket };
}

const mediaStatus = async (email: string): Promise<number> =>
  (await room.client(email).get(`/api/sessions/${room.sessionId}/media`)).status;

/** Round trips as barriers: once each answers, the server has handled everything each sent before. */
async function settled(...all: Socket[]): Promise<void> {
  for (const socket of all) {
    await socket.emitWithAck('session.ping');
  }
}

describe('mute everyone and ask to unmute', () => {
  it('tells every other browser to mute; only moderators may ask', async () => {
    const [lead, p1, p2] = await inRoom(LEAD, HEMPSHILL, PRINCEROCK);
    const muted = [lead, p1, p2].map((s) => collect(s, 'moderation.muted'));
    expect(await p1.emitWithAck('moderation.mute_all', {})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Only the lead reviewer or the host/) as unknown,
    });
    expect(await lead.emitWithAck('moderation.mute_all', {})).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(muted[1]).toEqual([{ by: LEAD_NAME }]);
      expect(muted[2]).toEqual([{ by: LEAD_NAME }]);
    });
    await settled(lead, p1, p2);
    expect(muted[0]).toEqual([]);
  });

  it('asks one person to unmute, and tells the moderators their answer', async () => {
    const [lead, p1] = await inRoom(LEAD, HEMPSHILL);
    const asked = collect(p1, 'moderation.unmute_requested');
    const answers = collect(lead, 'moderation.unmute_answered');
    expect(await p1.emitWithAck('moderation.ask_unmute', { peerId: lead.id ?? '' })).toMatchObject({ ok: false });
    expect(await lead.emitWithAck('moderation.ask_unmute', { peerId: p1.id ?? '' })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(asked).toEqual([{ by: LEAD_NAME }]);
    });
    p1.emit('moderation.unmute_answer', { accept: false });
    await vi.waitFor(() => {
      expect(answers).toEqual([{ peerId: p1.id, displayName: 'Peer Reviewer (Hempshill)', accepted: false }]);
    });
    // Nobody can send "unmute" to another browser: there is no such event, only the request above.
    expect(await lead.emitWithAck('moderation.ask_unmute', { peerId: 'someone-else' })).toMatchObject({ ok: false });
  });
});

describe('lower all hands', () => {
  it('lowers every raised hand at once, for moderators only', async () => {
    const [lead, p1, p2] = await inRoom(LEAD, HEMPSHILL, PRINCEROCK);
    const hands = collect(lead, 'hands');
    p1.emit('hand.raise');
    p2.emit('hand.raise');
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toHaveLength(2);
    });
    expect(await p1.emitWithAck('hand.lower_all', {})).toMatchObject({ ok: false });
    expect(await lead.emitWithAck('hand.lower_all', {})).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(hands.at(-1)?.queue).toEqual([]);
    });
  });
});

describe('removing a person', () => {
  it('lets only the lead reviewer remove a member of the review, who cannot come back until allowed', async () => {
    const [lead, host, p1] = await inRoom(LEAD, HOST, HEMPSHILL);
    const removed = collect(p1, 'room.removed');
    const left = collect(lead, 'room.peer_left');
    const controls = collect(lead, 'room.controls');
    // The host moderates, but a member of the review team is the lead reviewer's to remove; others may not at all.
    expect(await host.emitWithAck('moderation.remove', { userId: idOf(HEMPSHILL) })).toMatchObject({
      ok: false,
      message: 'Only the lead reviewer can remove a member of the review team.',
    });
    expect(await p1.emitWithAck('moderation.remove', { userId: idOf(LEAD) })).toMatchObject({ ok: false });
    expect(await lead.emitWithAck('moderation.remove', { userId: idOf(LEAD) })).toMatchObject({ ok: false });

    expect(await lead.emitWithAck('moderation.remove', { userId: idOf(HEMPSHILL) })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(removed).toHaveLength(1);
      expect(left).toEqual([{ peerId: p1.id }]);
      expect(controls.at(-1)?.removed).toEqual([{ userId: idOf(HEMPSHILL), displayName: 'Peer Reviewer (Hempshill)' }]);
    });
    // Not again, by any door: the room, another connection, or the media credentials.
    expect(await join(p1)).toMatchObject({ ok: false, reason: 'removed' });
    expect(await join(await socketOf(HEMPSHILL))).toMatchObject({ ok: false, reason: 'removed' });
    expect(await mediaStatus(HEMPSHILL)).toBe(403);

    expect(await host.emitWithAck('moderation.allow_back', { userId: idOf(HEMPSHILL) })).toEqual({ ok: true });
    expect(await join(p1)).toMatchObject({ ok: true });
    expect(await mediaStatus(HEMPSHILL)).toBe(200);
    expect(await lead.emitWithAck('moderation.allow_back', { userId: idOf(HEMPSHILL) })).toMatchObject({
      ok: false,
    });
  });

  it('lets any moderator remove a guest, from the lobby too', async () => {
    const host = await socketOf(HOST);
    const guest = await socketOf(GUEST);
    await guestWaiting(host, guest, room.sessionId);
    const removed = collect(guest, 'room.removed');
    const waiting = collect(host, 'lobby.waiting');
    expect(await host.emitWithAck('moderation.remove', { userId: idOf(GUEST) })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(removed).toHaveLength(1);
      expect(waiting.at(-1)?.guests).toEqual([]);
    });
    expect(await join(guest)).toMatchObject({ ok: false, reason: 'removed' });
    expect(await host.emitWithAck('moderation.allow_back', { userId: idOf(GUEST) })).toEqual({ ok: true });
    expect(await join(guest)).toMatchObject({ ok: false, reason: 'waiting' });
  });
});

describe('locking the room', () => {
  it('keeps newcomers out, through the lobby too, until a moderator unlocks it', async () => {
    const [lead, p1] = await inRoom(LEAD, HEMPSHILL);
    const controls = collect(p1, 'room.controls');
    expect(await p1.emitWithAck('moderation.lock', { locked: true })).toMatchObject({ ok: false });
    expect(await lead.emitWithAck('moderation.lock', { locked: true })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(controls.at(-1)).toMatchObject({ locked: true });
    });
    const late = await socketOf(PRINCEROCK);
    expect(await join(late)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await join(await socketOf(GUEST))).toMatchObject({ ok: false, reason: 'locked' });
    expect(await mediaStatus(PRINCEROCK)).toBe(403);
    // A second tab of someone inside, and a moderator (who could unlock it), still come in.
    expect(await join(await socketOf(HEMPSHILL))).toMatchObject({ ok: true });
    const host = await socketOf(HOST);
    expect(await join(host)).toMatchObject({ ok: true, controls: { locked: true } });

    expect(await host.emitWithAck('moderation.lock', { locked: false })).toEqual({ ok: true });
    expect(await join(late)).toMatchObject({ ok: true, controls: { locked: false } });
  });
});

describe('live captions', () => {
  it('the lead reviewer chooses a captioner, whose lines reach everyone and are kept nowhere', async () => {
    const [lead, host, p1, p2] = await inRoom(LEAD, HOST, HEMPSHILL, PRINCEROCK);
    const seen = [lead, host, p1, p2].map((s) => collect(s, 'caption'));
    const controls = collect(p1, 'room.controls');

    expect(await p2.emitWithAck('caption.send', { text: 'Not yet' })).toMatchObject({ ok: false });
    // On a review day the lead reviewer leads: the host, a moderator, does not choose the captioner.
    expect(await host.emitWithAck('captions.assign', { userId: idOf(PRINCEROCK) })).toMatchObject({ ok: false });
    expect(await p1.emitWithAck('captions.assign', { userId: idOf(HEMPSHILL) })).toMatchObject({ ok: false });
    expect(await lead.emitWithAck('captions.assign', { userId: idOf(PRINCEROCK) })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(controls.at(-1)?.captioner).toEqual({
        userId: idOf(PRINCEROCK),
        displayName: 'Peer Reviewer (Prince Rock)',
      });
    });

    expect(await p2.emitWithAck('caption.send', { text: 'Welcome, everyone.' })).toEqual({ ok: true });
    await vi.waitFor(() => {
      for (const lines of seen) {
        expect(lines.map((c) => [c.displayName, c.text])).toEqual([
          ['Peer Reviewer (Prince Rock)', 'Welcome, everyone.'],
        ]);
      }
    });
    expect(await p1.emitWithAck('caption.send', { text: 'I am not the captioner' })).toMatchObject({ ok: false });
    expect(await p2.emitWithAck('caption.send', { text: 'x'.repeat(RoomLimits.captionMaxLength + 1) })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at most/) as unknown,
    });

    // Someone joining later hears the next line, not the ones before: no transcript is kept.
    const joined = await join(await socketOf(LEAD));
    expect(JSON.stringify(joined)).not.toContain('Welcome, everyone.');

    expect(await lead.emitWithAck('captions.assign', { userId: null })).toEqual({ ok: true });
    expect(await p2.emitWithAck('caption.send', { text: 'After the role was taken back' })).toMatchObject({
      ok: false,
    });
  });

  it('limits how fast captions come, like chat', async () => {
    const [lead, p1] = await inRoom(LEAD, HEMPSHILL);
    expect(await lead.emitWithAck('captions.assign', { userId: idOf(HEMPSHILL) })).toEqual({ ok: true });
    const answers = [];
    for (let i = 0; i <= RoomLimits.captionsPer10s; i += 1) {
      answers.push(await p1.emitWithAck('caption.send', { text: `Line ${String(i)}` }));
    }
    expect(answers.slice(0, RoomLimits.captionsPer10s).every((a) => a.ok)).toBe(true);
    expect(answers.at(-1)).toMatchObject({ ok: false, message: expect.stringMatching(/faster/) as unknown });
  });
});

describe('audio-only activities on the mesh', () => {
  const description = (video: string) =>
    ['v=0', 'm=audio 9 RTP 111', 'a=sendrecv', 'm=video 9 RTP 96', `a=${video}`, ''].join('\r\n');
  const signalAs = (from: Socket, to: Socket, type: 'offer' | 'answer', video: string) => {
    from.emit('signal', { to: to.id ?? '', payload: { type, sdp: description(video) } });
  };

  it('refuses descriptions that would carry video while pupils may be speaking, and relays audio-only ones', async () => {
    await duringAudioOnlyActivity(room.server.crosswalk.db.sql, room.sessionId, async () => {
      const [a, b] = await inRoom(LEAD, HEMPSHILL);
      const signals = collect(b, 'signal');
      const toldAgain = collect(a, 'room.media_policy');
      const states = collect(a, 'media.state');
      for (const video of ['sendrecv', 'sendonly', 'recvonly']) {
        signalAs(a, b, 'offer', video);
        signalAs(a, b, 'answer', video);
      }
      signalAs(a, b, 'offer', 'inactive');
      b.emit('media.state', { audio: true, video: true, screen: true });
      await vi.waitFor(() => {
        expect(signals).toHaveLength(1);
        expect(states.at(-1)).toEqual({ peerId: b.id, audio: true, video: false, screen: false });
      });
      await settled(a, b);
      // Only the audio-only offer went through; the sender was told why the others did not, each time.
      expect(signals).toHaveLength(1);
      expect(signals[0]?.payload).toEqual({ type: 'offer', sdp: description('inactive') });
      expect(toldAgain).toHaveLength(6);
      expect(toldAgain[0]).toEqual({ audioOnly: true, activityTitle: AUDIO_ONLY_ACTIVITY });
    });
  });

  it('tells everyone in the room when the lead starts an audio-only activity and when it ends', async () => {
    const [lead, p1] = await inRoom(LEAD, HEMPSHILL);
    const joined = await join(await socketOf(PRINCEROCK));
    expect(joined).toMatchObject({ ok: true, media: { audioOnly: false, activityTitle: null } });
    const policies = [lead, p1].map((s) => collect(s, 'room.media_policy'));
    const signals = collect(p1, 'signal');
    const reviewId = REVIEW;
    const added = await room.client(LEAD).post(`/api/reviews/${reviewId}/sessions/${room.sessionId}/activities`, {
      kind: 'pupil_voice',
      title: 'Pupil voice (live switch)',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(added.status).toBe(201);
    const audioOnly = { audioOnly: true, activityTitle: 'Pupil voice (live switch)' };
    await vi.waitFor(() => {
      expect(policies.map((p) => p.at(-1))).toEqual([audioOnly, audioOnly]);
    });
    signalAs(lead, p1, 'offer', 'sendrecv');
    await settled(lead, p1);
    expect(signals).toHaveLength(0);

    const activity = (
      added.body as { sessions: { id: string; activities: { id: string; title: string }[] }[] }
    ).sessions
      .find((s) => s.id === room.sessionId)
      ?.activities.find((a) => a.title === 'Pupil voice (live switch)');
    // Someone who may not plan the review cannot end it.
    expect(
      (
        await room
          .client(HEMPSHILL)
          .post(`/api/reviews/${reviewId}/sessions/${room.sessionId}/activities/${activity?.id ?? ''}/end`, {})
      ).status,
    ).toBe(403);
    const ended = await room
      .client(LEAD)
      .post(`/api/reviews/${reviewId}/sessions/${room.sessionId}/activities/${activity?.id ?? ''}/end`, {});
    expect(ended.status).toBe(200);
    const video = { audioOnly: false, activityTitle: null };
    await vi.waitFor(() => {
      expect(policies.map((p) => p.at(-1))).toEqual([video, video]);
    });
    signalAs(lead, p1, 'offer', 'sendrecv');
    await vi.waitFor(() => {
      expect(signals).toHaveLength(1);
    });
    // Ended already: it cannot end twice.
    expect(
      (
        await room
          .client(LEAD)
          .post(`/api/reviews/${reviewId}/sessions/${room.sessionId}/activities/${activity?.id ?? ''}/end`, {})
      ).status,
    ).toBe(409);
  });
});

describe('several processes behind Redis', () => {
  it('a lock and a removal made on one process hold on the other', async () => {
    const { a, b } = await startTwoProcesses();
    try {
      const onA = await signInPeople(a.url, [LEAD]);
      const onB = await signInPeople(b.url, [HEMPSHILL, PRINCEROCK]);
      const lead = await room.sockets.connect(a.url, onA.clients[LEAD]?.cookieHeader ?? '');
      const p1 = await room.sockets.connect(b.url, onB.clients[HEMPSHILL]?.cookieHeader ?? '');
      const p2 = await room.sockets.connect(b.url, onB.clients[PRINCEROCK]?.cookieHeader ?? '');
      const sessionId = await reviewDaySessionId(a, REVIEW);
      const joinIn = (s: Socket) => s.emitWithAck('room.join', { sessionId });
      expect(await joinIn(lead)).toMatchObject({ ok: true });
      expect(await joinIn(p1)).toMatchObject({ ok: true });
      const removed = collect(p1, 'room.removed');

      expect(await lead.emitWithAck('moderation.lock', { locked: true })).toEqual({ ok: true });
      expect(await joinIn(p2)).toMatchObject({ ok: false, reason: 'locked' });

      expect(await lead.emitWithAck('moderation.remove', { userId: onB.userIds[HEMPSHILL] ?? '' })).toEqual({
        ok: true,
      });
      await vi.waitFor(() => {
        expect(removed).toHaveLength(1);
      });
      expect(await joinIn(p1)).toMatchObject({ ok: false, reason: 'removed' });
    } finally {
      room.sockets.closeAll();
      await b.close();
      await a.close();
    }
  });
});
