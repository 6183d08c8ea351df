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
import type { SessionServer, SessionSocket } from './socket-server.ts';

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
  logger: RealtimeLogger;
}

interface Room {
  peers: Map<string, RoomPeer>;
  hands: string[];
  chat: ChatMessage[];
  waiting: Map<string, WaitingGuest & { peerIds: Set<string> }>;
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

/**
 * Video-session rooms over socket.io: membership, WebRTC signalling between members only, media state,
 * the ordered raise-hand queue, reactions, chat, moderation and the lobby. The server owns all of it; a
 * browser's claims about who it is are never read from its messages.
 */
export class Rooms {
  readonly #io: SessionServer;
  readonly #options: RoomOptions;
  readonly #rooms = new Map<string, Room>();

  constructor(io: SessionServer, options: RoomOptions) {
    this.#io = io;
    this.#options = options;
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
    on('room.leave', z.unknown(), () => {
      this.#leave(socket);
    });
    on('signal', SignalSchema, ({ to, payload }) => {
      const room = this.#roomOf(socket);
      const target = room?.peers.get(to);
      if (!room || !target || to === socket.id) {
        this.#options.logger.warn({ userId: socket.data.user.userId }, 'signal for a peer outside the session dropped');
        return;
      }
      this.#io.to(to).emit('signal', { from: socket.id, payload });
    });
    on('media.state', MediaStateSchema, (state) => {
      const room = this.#roomOf(socket);
      const peer = room?.peers.get(socket.id);
      if (!room || !peer) {
        return;
      }
      const allowed = peer.canPublish ? state : { audio: false, video: false, screen: false };
      Object.assign(peer, allowed);
      this.#io.to(roomKey(socket.data.sessionId ?? '')).emit('media.state', { peerId: socket.id, ...allowed });
    });
    on('hand.raise', z.unknown(), () => {
      const room = this.#roomOf(socket);
      if (room && !room.hands.includes(socket.id)) {
        room.hands.push(socket.id);
        this.#broadcastHands(socket.data.sessionId ?? '', room);
      }
    });
    on('hand.lower', LowerSchema, ({ peerId }) => {
      const room = this.#roomOf(socket);
      const me = room?.peers.get(socket.id);
      const target = peerId ?? socket.id;
      if (!room || !me || (target !== socket.id && !me.moderator)) {
        return;
      }
      room.hands = room.hands.filter((id) => id !== target);
      this.#broadcastHands(socket.data.sessionId ?? '', room);
    });
    on('reaction', ReactionSchema, ({ reaction }) => {
      if (this.#roomOf(socket) && this.#withinRate(socket)) {
        this.#io.to(roomKey(socket.data.sessionId ?? '')).emit('reaction', { peerId: socket.id, reaction });
      }
    });
    on('chat.send', ChatSchema, ({ text }) => {
      const room = this.#roomOf(socket);
      if (!room || !this.#withinRate(socket)) {
        return;
      }
      const message: ChatMessage = {
        id: randomUUID(),
        userId: socket.data.user.userId,
        displayName: socket.data.user.displayName,
        text,
        at: new Date().toISOString(),
      };
      room.chat.push(message);
      room.chat.splice(0, Math.max(0, room.chat.length - RoomLimits.chatHistory));
      this.#io.to(roomKey(socket.data.sessionId ?? '')).emit('chat.message', message);
    });
    on('moderation.mute', PeerSchema, ({ peerId }) => {
      const room = this.#roomOf(socket);
      const me = room?.peers.get(socket.id);
      if (!room || !me?.moderator || !room.peers.has(peerId)) {
        this.#options.logger.warn({ userId: socket.data.user.userId }, 'mute request refused');
        return;
      }
      this.#io.to(peerId).emit('moderation.muted', { by: me.displayName });
    });
    socket.on('lobby.admit', (request, ack) => {
      if (typeof ack !== 'function') {
        return;
      }
      const parsed = AdmitSchema.safeParse(request);
      const room = this.#roomOf(socket);
      const me = room?.peers.get(socket.id);
      if (!parsed.success || !room || !me?.moderator) {
        ack({ ok: false, message: 'Only the lead reviewer or the host can let people in.' });
        return;
      }
      const sessionId = socket.data.sessionId ?? '';
      this.#options
        .admit(sessionId, socket.data.user.userId, parsed.data.userId)
        .then((ok) => {
          const guest = room.waiting.get(parsed.data.userId);
          if (ok && guest) {
            room.waiting.delete(parsed.data.userId);
            for (const peerId of guest.peerIds) {
              this.#io.to(peerId).emit('lobby.admitted');
            }
            this.#broadcastWaiting(sessionId, room);
          }
          ack(ok ? { ok: true } : { ok: false, message: 'That person could not be admitted.' });
        })
        .catch((error: unknown) => {
          this.#options.logger.error({ err: error }, 'admission failed');
          ack({ ok: false, message: 'That person could not be admitted.' });
        });
    });
    socket.on('disconnect', () => {
      this.#leave(socket);
    });
  }

  /** Removes a person from a session at once (membership revoked): every connection of theirs is told and dropped. */
  evict(sessionId: string, userId: string, reason: string): void {
    const room = this.#rooms.get(sessionId);
    if (!room) {
      return;
    }
    for (const peer of [...room.peers.values()].filter((p) => p.userId === userId)) {
      const socket = this.#io.sockets.sockets.get(peer.peerId);
      if (socket) {
        socket.emit('room.removed', { reason });
        this.#leave(socket);
      }
    }
    room.waiting.delete(userId);
  }

  /** Sessions that currently have someone in them (for revocation sweeps). */
  activeSessions(): string[] {
    return [...this.#rooms.keys()];
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
    this.#leave(socket);
    const room: Room = this.#rooms.get(sessionId) ?? { peers: new Map(), hands: [], chat: [], waiting: new Map() };
    this.#rooms.set(sessionId, room);
    if (!grant.canEnter) {
      const guest = room.waiting.get(user.userId) ?? {
        userId: user.userId,
        displayName: grant.displayName,
        roleLabel: grant.roleLabel,
        peerIds: new Set<string>(),
      };
      guest.peerIds.add(socket.id);
      room.waiting.set(user.userId, guest);
      socket.data.waitingFor = sessionId;
      this.#broadcastWaiting(sessionId, room);
      return { ok: false, reason: 'waiting', message: 'The lead reviewer or the host will let you in shortly.' };
    }
    if (room.peers.size >= this.#options.maxParticipants) {
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
    const firstOfPerson = ![...room.peers.values()].some((p) => p.userId === user.userId);
    const others = [...room.peers.values()];
    room.peers.set(socket.id, self);
    room.waiting.delete(user.userId);
    socket.data.sessionId = sessionId;
    await socket.join(roomKey(sessionId));
    if (grant.moderator) {
      await socket.join(moderatorsKey(sessionId));
    }
    socket.to(roomKey(sessionId)).emit('room.peer_joined', self);
    if (firstOfPerson) {
      this.#options.onAttendance('joined', sessionId, user.userId);
    }
    return {
      ok: true,
      self,
      peers: others,
      hands: [...room.hands],
      chat: [...room.chat],
      waiting: grant.moderator ? this.#waitingList(room) : [],
    };
  }

  #leave(socket: SessionSocket): void {
    const waitingFor = socket.data.waitingFor;
    if (waitingFor) {
      const room = this.#rooms.get(waitingFor);
      const guest = room?.waiting.get(socket.data.user.userId);
      guest?.peerIds.delete(socket.id);
      if (room && guest?.peerIds.size === 0) {
        room.waiting.delete(socket.data.user.userId);
        this.#broadcastWaiting(waitingFor, room);
      }
      socket.data.waitingFor = undefined;
    }
    const sessionId = socket.data.sessionId;
    const room = sessionId ? this.#rooms.get(sessionId) : undefined;
    if (!sessionId || !room?.peers.has(socket.id)) {
      return;
    }
    const { userId } = socket.data.user;
    room.peers.delete(socket.id);
    room.hands = room.hands.filter((id) => id !== socket.id);
    socket.data.sessionId = undefined;
    void socket.leave(roomKey(sessionId));
    void socket.leave(moderatorsKey(sessionId));
    this.#io.to(roomKey(sessionId)).emit('room.peer_left', { peerId: socket.id });
    this.#broadcastHands(sessionId, room);
    if (![...room.peers.values()].some((p) => p.userId === userId)) {
      this.#options.onAttendance('left', sessionId, userId);
    }
    if (room.peers.size === 0 && room.waiting.size === 0) {
      this.#rooms.delete(sessionId);
    }
  }

  #roomOf(socket: SessionSocket): Room | undefined {
    const sessionId = socket.data.sessionId;
    const room = sessionId ? this.#rooms.get(sessionId) : undefined;
    return room?.peers.has(socket.id) ? room : undefined;
  }

  #broadcastHands(sessionId: string, room: Room): void {
    this.#io.to(roomKey(sessionId)).emit('hands', { queue: [...room.hands] });
  }

  #waitingList(room: Room): WaitingGuest[] {
    return [...room.waiting.values()].map(({ userId, displayName, roleLabel }) => ({ userId, displayName, roleLabel }));
  }

  #broadcastWaiting(sessionId: string, room: Room): void {
    this.#io.to(moderatorsKey(sessionId)).emit('lobby.waiting', { guests: this.#waitingList(room) });
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
