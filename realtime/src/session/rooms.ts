import { randomUUID } from 'node:crypto';
import {
  Reactions,
  RoomLimits,
  type ChatMessage,
  type RoomJoinResult,
  type RoomPeer,
  type WaitingGuest,
} from '@crosswalk/shared';
import { z } from 'zod';
import type { RealtimeLogger } from '../types.ts';
import type { ChatHistory } from './chat-history.ts';
import type { SessionServer, SessionSocket, SocketData } from './socket-server.ts';

/** What the host application says about a person and a session when they try to join. */
export interface RoomGrant {
  displayName: string;
  roleLabel: string;
  schoolName: string | null;
  moderator: boolean;
  canPublish: boolean;
  /** False: a guest who must wait in the lobby until a moderator admits them. */
  canEnter: boolean;
}

export interface RoomOptions {
  /** Null: the session does not exist for this person (answered as "not found"). */
  authorize(userId: string, sessionId: string): Promise<RoomGrant | null>;
  /** Persists a moderator's admission of a waiting guest; false if the moderator may not. */
  admit(sessionId: string, moderatorUserId: string, guestUserId: string): Promise<boolean>;
  /** Attendance: called when a person's first connection joins and their last one leaves. */
  onAttendance(event: 'joined' | 'left', sessionId: string, userId: string): void;
  /** Most people in one room (8 for the browser mesh; unlimited with an SFU). */
  maxParticipants: number;
  /** Whether other processes share the rooms (through socket.io's Redis adapter). @default false */
  distributed?: boolean;
  logger: RealtimeLogger;
}

const uuid = z.uuid();
const JoinSchema = z.strictObject({ sessionId: uuid });
const SignalSchema = z.strictObject({
  to: z.string().min(1).max(64),
  payload: z.discriminatedUnion('type', [
    z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().max(RoomLimits.sdpMaxLength) }),
    z.strictObject({
      type: z.literal('candidate'),
      candidate: z.strictObject({
        candidate: z.string().max(1000),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      }),
    }),
  ]),
});
const MediaStateSchema = z.strictObject({ audio: z.boolean(), video: z.boolean(), screen: z.boolean() });
const LowerSchema = z.strictObject({ peerId: z.string().max(64).optional() });
const ReactionSchema = z.strictObject({ reaction: z.enum(Reactions) });
const ChatSchema = z.strictObject({ text: z.string().trim().min(1).max(RoomLimits.chatMaxLength) });
const PeerSchema = z.strictObject({ peerId: z.string().min(1).max(64) });
const AdmitSchema = z.strictObject({ userId: uuid });

const roomKey = (sessionId: string) => `session:${sessionId}`;
const moderatorsKey = (sessionId: string) => `session:${sessionId}:moderators`;
const lobbyKey = (sessionId: string) => `session:${sessionId}:lobby`;
/** Across processes: a moderator lowered the hand of a connection another process may hold. */
const LOWER_HAND = 'rooms.lower_hand';
const LowerHandMessage = z.strictObject({ sessionId: uuid, peerId: z.string().min(1).max(64) });

/** A peer as others see it (without the server's bookkeeping). */
function publicPeer(peer: NonNullable<SocketData['peer']>): RoomPeer {
  const { handRaisedAt: _handRaisedAt, ...visible } = peer;
  return visible;
}

/**
 * Video-session rooms over socket.io: membership, WebRTC signalling between members only, media state,
 * the ordered raise-hand queue, reactions, chat, moderation and the lobby. The server owns all of it; a
 * browser's claims about who it is are never read from its messages.
 *
 * Several processes: the state of a room is the state of its connections (`SocketData.peer`, `guest`), read with
 * `fetchSockets()`, which the Redis adapter answers from every process; changes are made by the process that
 * holds the connection, and emits reach every process through the adapter. A crashed process's connections
 * simply disappear from the room. Only the chat, which outlives its senders, is kept apart (`ChatHistory`).
 */
export class Rooms {
  readonly #io: SessionServer;
  readonly #options: RoomOptions;
  readonly #chat: ChatHistory;

  constructor(io: SessionServer, options: RoomOptions, chat: ChatHistory) {
    this.#io = io;
    this.#options = options;
    this.#chat = chat;
    io.on(LOWER_HAND, (payload: unknown) => {
      const parsed = LowerHandMessage.safeParse(payload);
      if (parsed.success) {
        this.#lowerLocalHand(parsed.data.sessionId, parsed.data.peerId);
      } else {
        options.logger.warn({}, 'malformed room message from another process dropped');
      }
    });
  }

  /** Wires one authenticated socket's room events. */
  attach(socket: SessionSocket): void {
    const on = <T>(event: string, schema: z.ZodType<T>, handler: (payload: T) => void | Promise<void>) => {
      socket.on(event as 'room.leave', (...args: unknown[]) => {
        const parsed = schema.safeParse(args[0] ?? {});
        if (!parsed.success) {
          this.#options.logger.warn(
            { event, userId: socket.data.user.userId },
            'malformed session-control message dropped',
          );
          return;
        }
        Promise.resolve(handler(parsed.data)).catch((error: unknown) => {
          this.#options.logger.error({ err: error, event }, 'session-control handler failed');
        });
      });
    };

    socket.on('room.join', (request, ack) => {
      if (typeof ack !== 'function') {
        return;
      }
      this.#join(socket, request)
        .then(ack)
        .catch((error: unknown) => {
          this.#options.logger.error({ err: error }, 'room join failed');
          ack({ ok: false, reason: 'invalid', message: 'Joining failed. Please try again.' });
        });
    });
    on('room.leave', z.unknown(), () => this.#leave(socket));
    on('signal', SignalSchema, async ({ to, payload }) => {
      const sessionId = socket.data.peer ? socket.data.sessionId : undefined;
      const target = to === socket.id || !sessionId ? undefined : await this.#connection(to);
      if (!sessionId || target?.data.sessionId !== sessionId || !target.data.peer) {
        this.#options.logger.warn({ userId: socket.data.user.userId }, 'signal for a peer outside the session dropped');
        return;
      }
      this.#io.to(to).emit('signal', { from: socket.id, payload });
    });
    on('media.state', MediaStateSchema, (state) => {
      const { peer, sessionId } = socket.data;
      if (!peer || !sessionId) {
        return;
      }
      const allowed = peer.canPublish ? state : { audio: false, video: false, screen: false };
      Object.assign(peer, allowed);
      this.#io.to(roomKey(sessionId)).emit('media.state', { peerId: socket.id, ...allowed });
    });
    on('hand.raise', z.unknown(), async () => {
      const { peer, sessionId } = socket.data;
      if (peer && sessionId && peer.handRaisedAt === undefined) {
        peer.handRaisedAt = performance.timeOrigin + performance.now();
        await this.#broadcastHands(sessionId);
      }
    });
    on('hand.lower', LowerSchema, async ({ peerId }) => {
      const { peer, sessionId } = socket.data;
      const target = peerId ?? socket.id;
      if (!peer || !sessionId || (target !== socket.id && !peer.moderator)) {
        return;
      }
      if (this.#io.sockets.sockets.has(target)) {
        this.#lowerLocalHand(sessionId, target);
      } else if (this.#options.distributed) {
        this.#io.serverSideEmit(LOWER_HAND, { sessionId, peerId: target });
      }
      await Promise.resolve();
    });
    on('reaction', ReactionSchema, ({ reaction }) => {
      const { peer, sessionId } = socket.data;
      if (peer && sessionId && this.#withinRate(socket)) {
        this.#io.to(roomKey(sessionId)).emit('reaction', { peerId: socket.id, reaction });
      }
    });
    on('chat.send', ChatSchema, async ({ text }) => {
      const { peer, sessionId } = socket.data;
      if (!peer || !sessionId || !this.#withinRate(socket)) {
        return;
      }
      const message: ChatMessage = {
        id: randomUUID(),
        userId: socket.data.user.userId,
        displayName: socket.data.user.displayName,
        text,
        at: new Date().toISOString(),
      };
      this.#io.to(roomKey(sessionId)).emit('chat.message', message);
      await this.#chat.append(sessionId, message);
    });
    on('moderation.mute', PeerSchema, async ({ peerId }) => {
      const { peer, sessionId } = socket.data;
      const target = peer?.moderator && sessionId ? await this.#connection(peerId) : undefined;
      if (!peer || !target?.data.peer || target.data.sessionId !== sessionId) {
        this.#options.logger.warn({ userId: socket.data.user.userId }, 'mute request refused');
        return;
      }
      this.#io.to(peerId).emit('moderation.muted', { by: peer.displayName });
    });
    socket.on('lobby.admit', (request, ack) => {
      if (typeof ack !== 'function') {
        return;
      }
      const parsed = AdmitSchema.safeParse(request);
      const { peer, sessionId } = socket.data;
      if (!parsed.success || !peer?.moderator || !sessionId) {
        ack({ ok: false, message: 'Only the lead reviewer or the host can let people in.' });
        return;
      }
      this.#admit(sessionId, socket.data.user.userId, parsed.data.userId)
        .then((ok) => {
          ack(ok ? { ok: true } : { ok: false, message: 'That person could not be admitted.' });
        })
        .catch((error: unknown) => {
          this.#options.logger.error({ err: error }, 'admission failed');
          ack({ ok: false, message: 'That person could not be admitted.' });
        });
    });
    socket.on('disconnect', () => {
      this.#leave(socket).catch((error: unknown) => {
        this.#options.logger.error({ err: error }, 'leaving a room failed');
      });
    });
  }

  /**
   * Removes a person from a session at once (membership revoked): every connection of theirs that this process
   * holds is told and dropped. With several processes, every process is asked (`Realtime.everywhere`).
   */
  evict(sessionId: string, userId: string, reason: string): void {
    for (const socket of this.#io.sockets.sockets.values()) {
      if (socket.data.user.userId !== userId) {
        continue;
      }
      if (socket.data.sessionId === sessionId && socket.data.peer) {
        socket.emit('room.removed', { reason });
      }
      if (socket.data.sessionId === sessionId || socket.data.waitingFor === sessionId) {
        this.#leave(socket).catch((error: unknown) => {
          this.#options.logger.error({ err: error, sessionId }, 'eviction failed');
        });
      }
    }
  }

  async #join(socket: SessionSocket, request: unknown): Promise<RoomJoinResult> {
    const parsed = JoinSchema.safeParse(request);
    if (!parsed.success) {
      return { ok: false, reason: 'invalid', message: 'That is not a session.' };
    }
    const { sessionId } = parsed.data;
    const { user } = socket.data;
    const grant = await this.#options.authorize(user.userId, sessionId);
    if (!grant) {
      return { ok: false, reason: 'not_found', message: 'This session does not exist, or you are not part of it.' };
    }
    await this.#leave(socket);
    if (!grant.canEnter) {
      socket.data.waitingFor = sessionId;
      socket.data.guest = { userId: user.userId, displayName: grant.displayName, roleLabel: grant.roleLabel };
      await socket.join(lobbyKey(sessionId));
      await this.#broadcastWaiting(sessionId);
      return { ok: false, reason: 'waiting', message: 'The lead reviewer or the host will let you in shortly.' };
    }
    const others = await this.#peers(sessionId);
    if (others.length >= this.#options.maxParticipants) {
      return {
        ok: false,
        reason: 'full',
        message: `This session already has ${this.#options.maxParticipants} people, the most that browser-to-browser video supports. Ask your Crosswalk administrator to set up LiveKit for larger sessions.`,
      };
    }
    const self: RoomPeer = {
      peerId: socket.id,
      userId: user.userId,
      displayName: grant.displayName,
      roleLabel: grant.roleLabel,
      schoolName: grant.schoolName,
      moderator: grant.moderator,
      canPublish: grant.canPublish,
      audio: false,
      video: false,
      screen: false,
    };
    const firstOfPerson = !others.some((p) => p.userId === user.userId);
    socket.data.peer = { ...self };
    socket.data.sessionId = sessionId;
    await socket.join(roomKey(sessionId));
    if (grant.moderator) {
      await socket.join(moderatorsKey(sessionId));
    }
    socket.to(roomKey(sessionId)).emit('room.peer_joined', self);
    if (firstOfPerson) {
      this.#options.onAttendance('joined', sessionId, user.userId);
    }
    const [chat, waiting] = await Promise.all([
      this.#chat.recent(sessionId),
      grant.moderator ? this.#waitingList(sessionId) : Promise.resolve([]),
    ]);
    return { ok: true, self, peers: others.map(publicPeer), hands: handQueue(others), chat, waiting };
  }

  async #leave(socket: SessionSocket): Promise<void> {
    const waitingFor = socket.data.waitingFor;
    if (waitingFor) {
      socket.data.waitingFor = undefined;
      socket.data.guest = undefined;
      await socket.leave(lobbyKey(waitingFor));
      await this.#broadcastWaiting(waitingFor);
    }
    const { sessionId, peer } = socket.data;
    if (!sessionId || !peer) {
      return;
    }
    const { userId } = socket.data.user;
    socket.data.peer = undefined;
    socket.data.sessionId = undefined;
    await socket.leave(roomKey(sessionId));
    await socket.leave(moderatorsKey(sessionId));
    this.#io.to(roomKey(sessionId)).emit('room.peer_left', { peerId: socket.id });
    const remaining = await this.#peers(sessionId);
    this.#io.to(roomKey(sessionId)).emit('hands', { queue: handQueue(remaining) });
    if (!remaining.some((p) => p.userId === userId)) {
      this.#options.onAttendance('left', sessionId, userId);
    }
    if (remaining.length === 0) {
      await this.#chat.clear(sessionId);
    }
  }

  /**
   * The connection with this id, on any process. Only a connection id names exactly that connection (every socket
   * is in a room of its own id); a room name a client slips in (a session, a person) names none.
   */
  async #connection(peerId: string) {
    const sockets = await this.#io.in(peerId).fetchSockets();
    const [only] = sockets;
    return sockets.length === 1 && only?.id === peerId ? only : undefined;
  }

  /** Everyone in a session, on every process. */
  async #peers(sessionId: string): Promise<NonNullable<SocketData['peer']>[]> {
    const sockets = await this.#io.in(roomKey(sessionId)).fetchSockets();
    return sockets.flatMap((s) => (s.data.sessionId === sessionId && s.data.peer ? [s.data.peer] : []));
  }

  #lowerLocalHand(sessionId: string, peerId: string): void {
    const socket = this.#io.sockets.sockets.get(peerId);
    if (socket?.data.sessionId === sessionId && socket.data.peer?.handRaisedAt !== undefined) {
      socket.data.peer.handRaisedAt = undefined;
      this.#broadcastHands(sessionId).catch((error: unknown) => {
        this.#options.logger.error({ err: error, sessionId }, 'hands could not be sent');
      });
    }
  }

  async #broadcastHands(sessionId: string): Promise<void> {
    const peers = await this.#peers(sessionId);
    this.#io.to(roomKey(sessionId)).emit('hands', { queue: handQueue(peers) });
  }

  async #waitingList(sessionId: string): Promise<WaitingGuest[]> {
    const sockets = await this.#io.in(lobbyKey(sessionId)).fetchSockets();
    const guests = new Map<string, WaitingGuest>();
    for (const { data } of sockets) {
      if (data.waitingFor === sessionId && data.guest && !guests.has(data.guest.userId)) {
        guests.set(data.guest.userId, data.guest);
      }
    }
    return [...guests.values()];
  }

  async #broadcastWaiting(sessionId: string): Promise<void> {
    this.#io.to(moderatorsKey(sessionId)).emit('lobby.waiting', { guests: await this.#waitingList(sessionId) });
  }

  async #admit(sessionId: string, moderatorUserId: string, guestUserId: string): Promise<boolean> {
    if (!(await this.#options.admit(sessionId, moderatorUserId, guestUserId))) {
      return false;
    }
    const waiting = await this.#io.in(lobbyKey(sessionId)).fetchSockets();
    for (const guest of waiting.filter((s) => s.data.guest?.userId === guestUserId)) {
      guest.emit('lobby.admitted');
      guest.leave(lobbyKey(sessionId));
    }
    await this.#broadcastWaiting(sessionId);
    return true;
  }

  /** Chat and reactions: at most RoomLimits.messagesPer10s per connection per ten seconds. */
  #withinRate(socket: SessionSocket): boolean {
    const now = Date.now();
    const recent = (socket.data.recent ?? []).filter((t) => now - t < 10_000);
    if (recent.length >= RoomLimits.messagesPer10s) {
      socket.data.recent = recent;
      return false;
    }
    recent.push(now);
    socket.data.recent = recent;
    return true;
  }
}

/** The raise-hand queue: peers with a raised hand, first raised first. */
function handQueue(peers: readonly NonNullable<SocketData['peer']>[]): string[] {
  return peers
    .filter((p) => p.handRaisedAt !== undefined)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0) || a.peerId.localeCompare(b.peerId))
    .map((p) => p.peerId);
}
