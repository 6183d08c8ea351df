import { randomUUID } from 'node:crypto';
import {
  mayAssignCaptioner,
  mayRemoveFromSession,
  type ChatMessage,
  type MediaPolicy,
  type MediaStateSchema,
  type Reaction,
  type RoomAnswer,
  type RoomControlState,
  type RoomJoinResult,
  type RoomPeer,
  type RoomStanding,
  type SessionKind,
  type SignalSchema,
  type WaitingGuest,
} from '@crosswalk/shared';
import { z } from 'zod';
import type { AppSocket, AppSocketServer } from '../../app-sockets.ts';
import { Refused } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import { sdpAllowsVideo } from './media-policy.ts';
import type { ChatHistory } from './chat-history.ts';
import type { RoomControlStore } from './room-controls.ts';

/** What the application says about a person and a session when they try to join. */
export interface RoomGrant {
  displayName: string;
  roleLabel: string;
  schoolName: string | null;
  moderator: boolean;
  canPublish: boolean;
  /** False: a guest who must wait in the lobby until a moderator admits them. */
  canEnter: boolean;
  /** What the moderation rules read (shared/permissions). */
  standing: RoomStanding;
  sessionKind: SessionKind;
  /** The review the session belongs to (named in the audit entries of its moderation). */
  reviewId: string;
}

/** A moderator's action, as the audit log keeps it: who, what, in which review and session, to whom. */
export interface ModerationRecord {
  actorUserId: string;
  action: ModerationAction;
  reviewId: string;
  sessionId: string;
  /** The person acted on, when there is one. */
  targetUserId?: string | undefined;
}

/** Every moderator action the rooms audit (their words are in shared/audit). */
export type ModerationAction =
  | 'session.muted'
  | 'session.everyone_muted'
  | 'session.unmute_asked'
  | 'session.hand_lowered'
  | 'session.hands_lowered'
  | 'session.person_removed'
  | 'session.person_allowed_back'
  | 'session.locked'
  | 'session.unlocked'
  | 'session.captioner_given'
  | 'session.captioner_taken'
  | 'session.guest_admitted';

/** Who may join which video session, admissions and attendance: built by the application, taken by the rooms. */
export interface RoomGrants {
  /** Null: the session does not exist for this person (answered as "not found"). */
  authorize(userId: string, sessionId: string): Promise<RoomGrant | null>;
  /** Persists a moderator's admission of a waiting guest; false if the moderator may not. */
  admit(sessionId: string, moderatorUserId: string, guestUserId: string): Promise<boolean>;
  /** Attendance: called when a person's first connection joins and their last one leaves. */
  onAttendance(event: 'joined' | 'left', sessionId: string, userId: string): void;
  /** Most people in one room (8 for the browser mesh; unlimited with an SFU). */
  maxParticipants: number;
  /** What the session's current activity allows now (during an audio-only one, no video is relayed). */
  mediaPolicy(sessionId: string): Promise<MediaPolicy>;
  /** When an activity of the session next starts or ends, if ever (what it allows may change then). */
  nextActivityChange(sessionId: string): Promise<Date | null>;
  /** An activity started or ended on the clock while people were in the room: LiveKit's grants follow (once). */
  onMediaPolicyChanged(sessionId: string, policy: MediaPolicy): void;
  /** A moderator removed the person: take them out of the session's media too (LiveKit). */
  onRemoved(sessionId: string, userId: string): void;
  /**
   * Writes a moderator's action to the audit log. Awaited before the action is answered (and, but for admitting a
   * guest, before it takes effect), so no moderation goes unrecorded.
   */
  audit(record: ModerationRecord): Promise<void>;
}

/**
 * What the rooms keep on each connection: the state of a room is the state of its connections, so any process can
 * read a whole room with `fetchSockets()` and no process holds a copy that a crash could leave stale.
 */
export interface RoomSocketData {
  /** The video session this connection is in, if any. */
  sessionId?: string | undefined;
  /** This connection as a peer of that session, with when it raised its hand (ms since the epoch), if it did. */
  peer?:
    | (RoomPeer & {
        handRaisedAt?: number | undefined;
        standing: RoomStanding;
        sessionKind: SessionKind;
        reviewId: string;
      })
    | undefined;
  /** The session whose lobby this connection waits in, if any, and who it is there. */
  waitingFor?: string | undefined;
  guest?: WaitingGuest | undefined;
}

type Peer = NonNullable<RoomSocketData['peer']>;

const roomKey = (sessionId: string) => `session:${sessionId}`;
const moderatorsKey = (sessionId: string) => `session:${sessionId}:moderators`;
const lobbyKey = (sessionId: string) => `session:${sessionId}:lobby`;
/** Across processes: a moderator lowered the hand of a connection another process may hold. */
const LOWER_HAND = 'rooms.lower_hand';
const LowerHandMessage = z.strictObject({ sessionId: z.uuid(), peerId: z.string().min(1).max(64).optional() });
/** Across processes: a moderator removed a person, whose connections any process may hold. */
const REMOVE = 'rooms.remove';
const RemoveMessage = z.strictObject({ sessionId: z.uuid(), userId: z.uuid() });
const REMOVED_REASON = 'A moderator removed you from this session. Ask the lead reviewer if you should come back.';
/** setTimeout's longest delay; a later change is looked at again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A peer as others see it (without the server's bookkeeping). */
function publicPeer(peer: Peer): RoomPeer {
  const {
    handRaisedAt: _handRaisedAt,
    standing: _standing,
    sessionKind: _sessionKind,
    reviewId: _review,
    ...visible
  } = peer;
  return visible;
}

/**
 * Video-session rooms over socket.io: membership, WebRTC signalling between members only, media state, the ordered
 * raise-hand queue, reactions, chat, moderation and the lobby. The server owns all of it; a browser's claims about
 * who it is are never read from its messages. Its events are wired in `sessions.sockets.ts`.
 *
 * Several processes: the state of a room is the state of its connections (`RoomSocketData`), read with
 * `fetchSockets()`, which the Redis adapter answers from every process; changes are made by the process that holds
 * the connection, and emits reach every process through the adapter. A crashed process's connections simply
 * disappear from the room. Only the chat, which outlives its senders, is kept apart (`ChatHistory`).
 */
export class Rooms {
  readonly #io: AppSocketServer;
  readonly #grants: RoomGrants;
  readonly #chat: ChatHistory;
  readonly #controls: RoomControlStore;
  readonly #distributed: boolean;
  readonly #logger: Logger;
  /** The last signal each connection sent, so its signals reach the other browser in the order they were sent. */
  readonly #signalTails = new WeakMap<AppSocket, Promise<void>>();
  /** For each session with people on this process: the timer for its next activity start or end. */
  readonly #activityTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    io: AppSocketServer,
    grants: RoomGrants,
    options: { chat: ChatHistory; controls: RoomControlStore; distributed: boolean; logger: Logger },
  ) {
    this.#io = io;
    this.#grants = grants;
    this.#chat = options.chat;
    this.#controls = options.controls;
    this.#distributed = options.distributed;
    this.#logger = options.logger;
    io.on(LOWER_HAND, (payload: unknown) => {
      const parsed = LowerHandMessage.safeParse(payload);
      if (parsed.success) {
        this.#lowerLocalHands(parsed.data.sessionId, parsed.data.peerId);
      } else {
        this.#logger.warn({}, 'malformed room message from another process dropped');
      }
    });
    io.on(REMOVE, (payload: unknown) => {
      const parsed = RemoveMessage.safeParse(payload);
      if (parsed.success) {
        this.evict(parsed.data.sessionId, parsed.data.userId, REMOVED_REASON);
      } else {
        this.#logger.warn({}, 'malformed room message from another process dropped');
      }
    });
  }

  /**
   * WebRTC signalling to one other member of this connection's session, stamped with the sender. Deciding a
   * description may wait on the database (audio-only activities) while a candidate does not; each connection's
   * signals are therefore relayed in the order it sent them, or a candidate could overtake its description and be
   * dropped by the other browser.
   */
  async signal(socket: AppSocket, { to, payload }: z.infer<typeof SignalSchema>): Promise<void> {
    const decided = this.#decideSignal(socket, to, payload);
    const tail = (this.#signalTails.get(socket) ?? Promise.resolve()).then(async () => {
      const relayed = await decided.catch(() => null);
      if (relayed) {
        this.#io.to(to).emit('signal', { from: socket.id, payload: relayed });
      }
    });
    this.#signalTails.set(socket, tail);
    await decided;
    await tail;
  }

  async #decideSignal(
    socket: AppSocket,
    to: string,
    payload: z.infer<typeof SignalSchema>['payload'],
  ): Promise<z.infer<typeof SignalSchema>['payload']> {
    const sessionId = socket.data.peer ? socket.data.sessionId : undefined;
    const target = to === socket.id || !sessionId ? undefined : await this.#connection(to);
    if (!sessionId || target?.data.sessionId !== sessionId || !target.data.peer) {
      throw new Refused('That person is not in this session.');
    }
    // Audio-only activity on the mesh: the server is not in the media path, so it relays only descriptions whose
    // video sections are inactive; no browser of the room may then negotiate video with another, whatever it runs.
    if (payload.type !== 'candidate' && sdpAllowsVideo(payload.sdp)) {
      const policy = await this.#grants.mediaPolicy(sessionId);
      if (policy.audioOnly) {
        this.#logger.warn({ sessionId, by: socket.data.user.userId, type: payload.type }, 'video signalling refused');
        // Its browser may not have heard yet: it is told again, and renegotiates without video.
        socket.emit('room.media_policy', policy);
        throw new Refused('Video is off for everyone during this activity.');
      }
    }
    return payload;
  }

  /**
   * The session's activities changed, or one started or ended on the clock: this process's connections in the room
   * hear what the current activity allows, and during an audio-only one nobody here is shown sending video.
   */
  async applyMediaPolicy(sessionId: string): Promise<MediaPolicy | null> {
    const here = this.#localPeers(sessionId);
    if (here.length === 0) {
      this.#stopWatching(sessionId);
      return null;
    }
    const policy = await this.#grants.mediaPolicy(sessionId);
    this.#io.local.to(roomKey(sessionId)).emit('room.media_policy', policy);
    if (policy.audioOnly) {
      for (const socket of here) {
        const { peer } = socket.data;
        if (peer && (peer.video || peer.screen)) {
          Object.assign(peer, { video: false, screen: false });
          this.#io
            .to(roomKey(sessionId))
            .emit('media.state', { peerId: socket.id, audio: peer.audio, video: false, screen: false });
        }
      }
    }
    await this.#watchActivities(sessionId);
    return policy;
  }

  /** This process's connections in a session. */
  #localPeers(sessionId: string): AppSocket[] {
    return [...this.#io.sockets.sockets.values()].filter((s) => s.data.sessionId === sessionId && s.data.peer);
  }

  /** Looks at the session again when its next activity starts or ends, while people are in it on this process. */
  async #watchActivities(sessionId: string): Promise<void> {
    const next = await this.#grants.nextActivityChange(sessionId);
    this.#stopWatching(sessionId);
    if (!next || this.#localPeers(sessionId).length === 0) {
      return;
    }
    const delay = Math.min(Math.max(0, next.getTime() - Date.now()) + 250, LONGEST_TIMER_MS);
    const timer = setTimeout(() => {
      this.#activityTimers.delete(sessionId);
      this.applyMediaPolicy(sessionId)
        .then((policy) => {
          if (policy) {
            this.#grants.onMediaPolicyChanged(sessionId, policy);
          }
        })
        .catch((error: unknown) => {
          this.#logger.error({ err: error, sessionId }, 'could not apply the media rules of the next activity');
        });
    }, delay);
    timer.unref();
    this.#activityTimers.set(sessionId, timer);
  }

  #stopWatching(sessionId: string): void {
    clearTimeout(this.#activityTimers.get(sessionId));
    this.#activityTimers.delete(sessionId);
  }

  /**
   * What this connection sends (guests send nothing, whatever they claim). Applied at once, in the order sent;
   * during an audio-only activity a camera or screen claimed on is then put right (nobody's video is relayed).
   */
  mediaState(socket: AppSocket, state: z.infer<typeof MediaStateSchema>): void {
    const { peer, sessionId } = socket.data;
    if (!peer || !sessionId) {
      return;
    }
    const allowed = peer.canPublish ? state : { audio: false, video: false, screen: false };
    Object.assign(peer, allowed);
    this.#io.to(roomKey(sessionId)).emit('media.state', { peerId: socket.id, ...allowed });
    if (!allowed.video && !allowed.screen) {
      return;
    }
    this.#grants
      .mediaPolicy(sessionId)
      .then(({ audioOnly }) => {
        if (audioOnly && socket.data.peer === peer && (peer.video || peer.screen)) {
          Object.assign(peer, { video: false, screen: false });
          this.#io
            .to(roomKey(sessionId))
            .emit('media.state', { peerId: socket.id, audio: peer.audio, video: false, screen: false });
        }
      })
      .catch((error: unknown) => {
        this.#logger.error({ err: error, sessionId }, 'could not tell whether the activity is audio only');
      });
  }

  async raiseHand(socket: AppSocket): Promise<void> {
    const { peer, sessionId } = socket.data;
    if (peer && sessionId && peer.handRaisedAt === undefined) {
      peer.handRaisedAt = performance.timeOrigin + performance.now();
      await this.#broadcastHands(sessionId);
    }
  }

  /** Lowers this connection's hand, or (moderators, audited) another connection's, on whichever process holds it. */
  async lowerHand(socket: AppSocket, peerId: string | undefined): Promise<void> {
    const { peer, sessionId } = socket.data;
    const target = peerId ?? socket.id;
    if (!peer || !sessionId) {
      return;
    }
    if (target !== socket.id) {
      const { reviewId } = this.#moderator(socket, 'Only the lead reviewer or the host can lower someone else’s hand.');
      const other = await this.#connection(target);
      if (other?.data.sessionId !== sessionId || !other.data.peer) {
        throw new Refused('That person is not in this session.');
      }
      await this.#audit(socket, 'session.hand_lowered', { reviewId, sessionId }, other.data.peer.userId);
    }
    if (this.#io.sockets.sockets.has(target)) {
      this.#lowerLocalHands(sessionId, target);
    } else if (this.#distributed) {
      this.#io.serverSideEmit(LOWER_HAND, { sessionId, peerId: target });
    }
  }

  react(socket: AppSocket, reaction: Reaction): void {
    const { peer, sessionId } = socket.data;
    if (peer && sessionId) {
      this.#io.to(roomKey(sessionId)).emit('reaction', { peerId: socket.id, reaction });
    }
  }

  async chat(socket: AppSocket, text: string): Promise<void> {
    const { peer, sessionId } = socket.data;
    if (!peer || !sessionId) {
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
  }

  /** Moderators: asks another member's browser to mute its microphone. */
  async mute(socket: AppSocket, peerId: string): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can mute someone in this session.');
    const target = await this.#connection(peerId);
    if (!target?.data.peer || target.data.sessionId !== place.sessionId) {
      throw new Refused('That person is not in this session.');
    }
    await this.#audit(socket, 'session.muted', place, target.data.peer.userId);
    this.#io.to(peerId).emit('moderation.muted', { by: place.peer.displayName });
    return { ok: true };
  }

  /** Moderators: asks every other browser in the room to mute. Nobody can unmute anyone else (see `askUnmute`). */
  async muteAll(socket: AppSocket): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can mute everyone.');
    const { peer, sessionId } = place;
    await this.#audit(socket, 'session.everyone_muted', place);
    socket.to(roomKey(sessionId)).emit('moderation.muted', { by: peer.displayName });
    this.#logger.info({ sessionId, by: socket.data.user.userId }, 'everyone muted');
    return { ok: true };
  }

  /** Moderators: asks one person to unmute; their browser asks them, and only they can. */
  async askUnmute(socket: AppSocket, peerId: string): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can ask people to unmute.');
    const { peer, sessionId } = place;
    const target = await this.#connection(peerId);
    if (!target?.data.peer || target.data.sessionId !== sessionId) {
      throw new Refused('That person is not in this session.');
    }
    await this.#audit(socket, 'session.unmute_asked', place, target.data.peer.userId);
    this.#io.to(peerId).emit('moderation.unmute_requested', { by: peer.displayName });
    return { ok: true };
  }

  /** Someone's answer to a request to unmute, told to the moderators (their browser unmutes itself if they accept). */
  answerUnmute(socket: AppSocket, accept: boolean): void {
    const { peer, sessionId } = socket.data;
    if (peer && sessionId) {
      this.#io
        .to(moderatorsKey(sessionId))
        .emit('moderation.unmute_answered', { peerId: socket.id, displayName: peer.displayName, accepted: accept });
    }
  }

  /** Moderators: lowers every raised hand in the room, on every process. */
  async lowerAllHands(socket: AppSocket): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can lower everyone’s hands.');
    const { sessionId } = place;
    await this.#audit(socket, 'session.hands_lowered', place);
    this.#lowerLocalHands(sessionId, undefined);
    if (this.#distributed) {
      this.#io.serverSideEmit(LOWER_HAND, { sessionId });
    }
    return { ok: true };
  }

  /**
   * Moderators: removes a person (every connection of theirs, and their place in the lobby) from the session. They
   * cannot join again until a moderator allows them back. Members of the review only the lead reviewer may remove.
   */
  async remove(socket: AppSocket, userId: string): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can remove people.');
    const { peer, sessionId } = place;
    if (userId === socket.data.user.userId) {
      throw new Refused('To leave the session yourself, use Leave.');
    }
    const [inRoom, inLobby] = await Promise.all([
      this.#io.in(roomKey(sessionId)).fetchSockets(),
      this.#io.in(lobbyKey(sessionId)).fetchSockets(),
    ]);
    const present = inRoom.find((s) => s.data.peer?.userId === userId)?.data.peer;
    const waiting = inLobby.find((s) => s.data.guest?.userId === userId)?.data.guest;
    const target = present
      ? { displayName: present.displayName, standing: present.standing }
      : waiting
        ? { displayName: waiting.displayName, standing: { participation: 'guest', leadReviewer: false } as const }
        : undefined;
    if (!target) {
      throw new Refused('That person is not in this session.');
    }
    if (!mayRemoveFromSession(peer.standing, target.standing)) {
      this.#logger.warn({ sessionId, by: socket.data.user.userId, userId }, 'removal refused');
      throw new Refused('Only the lead reviewer can remove a member of the review team.');
    }
    await this.#audit(socket, 'session.person_removed', place, userId);
    await this.#controls.remove(sessionId, { userId, displayName: target.displayName });
    this.evict(sessionId, userId, REMOVED_REASON);
    if (this.#distributed) {
      this.#io.serverSideEmit(REMOVE, { sessionId, userId });
    }
    this.#grants.onRemoved(sessionId, userId);
    this.#logger.info({ sessionId, by: socket.data.user.userId, userId }, 'person removed from a session');
    await this.#broadcastControls(sessionId);
    return { ok: true };
  }

  /** Moderators: lets a removed person join again. */
  async allowBack(socket: AppSocket, userId: string): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can let people back in.');
    const { sessionId } = place;
    if (!(await this.#controls.removed(sessionId, userId))) {
      throw new Refused('That person was not removed from this session.');
    }
    await this.#audit(socket, 'session.person_allowed_back', place, userId);
    if (!(await this.#controls.allowBack(sessionId, userId))) {
      throw new Refused('That person was not removed from this session.');
    }
    this.#logger.info({ sessionId, by: socket.data.user.userId, userId }, 'person allowed back into a session');
    await this.#broadcastControls(sessionId);
    return { ok: true };
  }

  /** Moderators: locks the room (nobody new joins, not even through the lobby) or unlocks it. */
  async lock(socket: AppSocket, locked: boolean): Promise<RoomAnswer> {
    const place = this.#moderator(socket, 'Only the lead reviewer or the host can lock the room.');
    const { sessionId } = place;
    await this.#audit(socket, locked ? 'session.locked' : 'session.unlocked', place);
    await this.#controls.setLocked(sessionId, locked);
    this.#logger.info({ sessionId, by: socket.data.user.userId, locked }, 'room lock changed');
    await this.#broadcastControls(sessionId);
    return { ok: true };
  }

  /** The lead reviewer: gives the captioner role to someone in the room, or takes it back (null). */
  async assignCaptioner(socket: AppSocket, userId: string | null): Promise<RoomAnswer> {
    const { peer, sessionId } = socket.data;
    if (!peer || !sessionId || !mayAssignCaptioner(peer.standing, peer.sessionKind)) {
      this.#logger.warn({ sessionId, by: socket.data.user.userId }, 'captioner change refused');
      throw new Refused('Only the lead reviewer can choose who types the captions.');
    }
    let captioner = null;
    if (userId) {
      const person = (await this.#peers(sessionId)).find((p) => p.userId === userId);
      if (!person) {
        throw new Refused('That person is not in this session.');
      }
      captioner = { userId, displayName: person.displayName };
      await this.#audit(socket, 'session.captioner_given', { reviewId: peer.reviewId, sessionId }, userId);
    } else {
      const previous = await this.#controls.captioner(sessionId);
      const place = { reviewId: peer.reviewId, sessionId };
      await this.#audit(socket, 'session.captioner_taken', place, previous?.userId);
    }
    await this.#controls.setCaptioner(sessionId, captioner);
    await this.#broadcastControls(sessionId);
    return { ok: true };
  }

  /** The captioner: one line of captions for everyone in the room, relayed and forgotten (never stored or logged). */
  async caption(socket: AppSocket, text: string): Promise<RoomAnswer> {
    const { peer, sessionId } = socket.data;
    const captioner = peer && sessionId ? await this.#controls.captioner(sessionId) : null;
    if (!peer || !sessionId || captioner?.userId !== socket.data.user.userId) {
      throw new Refused('Only the captioner chosen by the lead reviewer can send captions.');
    }
    this.#io.to(roomKey(sessionId)).emit('caption', {
      id: randomUUID(),
      displayName: peer.displayName,
      text,
      at: new Date().toISOString(),
    });
    return { ok: true };
  }

  /** This connection's place in a session as a moderator, or a refusal (logged by the handler, never audited). */
  #moderator(socket: AppSocket, refusal: string): { peer: Peer; sessionId: string; reviewId: string } {
    const { peer, sessionId } = socket.data;
    if (!peer?.moderator || !sessionId) {
      throw new Refused(refusal);
    }
    return { peer, sessionId, reviewId: peer.reviewId };
  }

  /** The audit entry of a moderator's action, written before the action takes effect. */
  async #audit(
    socket: AppSocket,
    action: ModerationAction,
    place: { reviewId: string; sessionId: string },
    targetUserId?: string,
  ): Promise<void> {
    await this.#grants.audit({
      actorUserId: socket.data.user.userId,
      action,
      reviewId: place.reviewId,
      sessionId: place.sessionId,
      targetUserId,
    });
  }

  async #controlState(sessionId: string): Promise<RoomControlState> {
    const [locked, captioner, removed] = await Promise.all([
      this.#controls.locked(sessionId),
      this.#controls.captioner(sessionId),
      this.#controls.removedList(sessionId),
    ]);
    return { locked, captioner, removed };
  }

  async #broadcastControls(sessionId: string): Promise<void> {
    this.#io.to(roomKey(sessionId)).emit('room.controls', await this.#controlState(sessionId));
  }

  /**
   * Removes a person from a session at once (membership revoked): every connection of theirs that this process
   * holds is told and dropped. With several processes, each process is asked for its own.
   */
  evict(sessionId: string, userId: string, reason: string): void {
    for (const socket of this.#io.sockets.sockets.values()) {
      if (socket.data.user.userId !== userId) {
        continue;
      }
      if ((socket.data.sessionId === sessionId && socket.data.peer) || socket.data.waitingFor === sessionId) {
        socket.emit('room.removed', { reason });
      }
      if (socket.data.sessionId === sessionId || socket.data.waitingFor === sessionId) {
        this.leave(socket).catch((error: unknown) => {
          this.#logger.error({ err: error, sessionId }, 'eviction failed');
        });
      }
    }
  }

  /** Joins a session (or its lobby, for a guest who must wait); leaves any other first. */
  async join(socket: AppSocket, sessionId: string): Promise<RoomJoinResult> {
    const { user } = socket.data;
    const grant = await this.#grants.authorize(user.userId, sessionId);
    if (!grant) {
      return { ok: false, reason: 'not_found', message: 'This session does not exist, or you are not part of it.' };
    }
    if (await this.#controls.removed(sessionId, user.userId)) {
      return { ok: false, reason: 'removed', message: REMOVED_REASON };
    }
    await this.leave(socket);
    const others = await this.#peers(sessionId);
    // A locked room keeps out newcomers, not a moderator (who can unlock it) nor a second tab of someone inside.
    if (!grant.moderator && !others.some((p) => p.userId === user.userId) && (await this.#controls.locked(sessionId))) {
      return {
        ok: false,
        reason: 'locked',
        message: 'The lead reviewer or the host has locked this session. Ask them to unlock it, then try again.',
      };
    }
    if (!grant.canEnter) {
      socket.data.waitingFor = sessionId;
      socket.data.guest = { userId: user.userId, displayName: grant.displayName, roleLabel: grant.roleLabel };
      await socket.join(lobbyKey(sessionId));
      await this.#broadcastWaiting(sessionId);
      return { ok: false, reason: 'waiting', message: 'The lead reviewer or the host will let you in shortly.' };
    }
    if (others.length >= this.#grants.maxParticipants) {
      return {
        ok: false,
        reason: 'full',
        message: `This session already has ${this.#grants.maxParticipants} people, the most that browser-to-browser video supports. Ask your Crosswalk administrator to set up LiveKit for larger sessions.`,
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
    socket.data.peer = { ...self, standing: grant.standing, sessionKind: grant.sessionKind, reviewId: grant.reviewId };
    socket.data.sessionId = sessionId;
    await socket.join(roomKey(sessionId));
    if (grant.moderator) {
      await socket.join(moderatorsKey(sessionId));
    }
    socket.to(roomKey(sessionId)).emit('room.peer_joined', self);
    if (firstOfPerson) {
      this.#grants.onAttendance('joined', sessionId, user.userId);
    }
    const [chat, waiting, controls, media] = await Promise.all([
      this.#chat.recent(sessionId),
      grant.moderator ? this.#waitingList(sessionId) : Promise.resolve([]),
      this.#controlState(sessionId),
      this.#grants.mediaPolicy(sessionId),
    ]);
    if (!this.#activityTimers.has(sessionId)) {
      this.#watchActivities(sessionId).catch((error: unknown) => {
        this.#logger.error({ err: error, sessionId }, 'could not look up the next activity');
      });
    }
    return {
      ok: true,
      self,
      peers: others.map(publicPeer),
      hands: handQueue(others),
      chat,
      waiting,
      controls,
      media,
    };
  }

  async leave(socket: AppSocket): Promise<void> {
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
      this.#grants.onAttendance('left', sessionId, userId);
    }
    if (remaining.length === 0) {
      await Promise.all([this.#chat.clear(sessionId), this.#controls.clear(sessionId)]);
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
  async #peers(sessionId: string): Promise<Peer[]> {
    const sockets = await this.#io.in(roomKey(sessionId)).fetchSockets();
    return sockets.flatMap((s) => (s.data.sessionId === sessionId && s.data.peer ? [s.data.peer] : []));
  }

  /** Lowers one connection's hand, or (no `peerId`) every hand of the session, among this process's connections. */
  #lowerLocalHands(sessionId: string, peerId: string | undefined): void {
    const sockets = peerId ? [this.#io.sockets.sockets.get(peerId)] : [...this.#io.sockets.sockets.values()];
    let lowered = false;
    for (const socket of sockets) {
      if (socket?.data.sessionId === sessionId && socket.data.peer?.handRaisedAt !== undefined) {
        socket.data.peer.handRaisedAt = undefined;
        lowered = true;
      }
    }
    if (lowered) {
      this.#broadcastHands(sessionId).catch((error: unknown) => {
        this.#logger.error({ err: error, sessionId }, 'hands could not be sent');
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

  /** Moderators: lets a waiting guest in (they are told to join again). */
  async admit(socket: AppSocket, guestUserId: string): Promise<boolean> {
    const { peer, sessionId } = socket.data;
    if (!peer?.moderator || !sessionId) {
      throw new Refused('Only the lead reviewer or the host can let people in.');
    }
    if (await this.#controls.locked(sessionId)) {
      throw new Refused('The room is locked. Unlock it to let people in.');
    }
    const moderatorUserId = socket.data.user.userId;
    if (!(await this.#grants.admit(sessionId, moderatorUserId, guestUserId))) {
      return false;
    }
    await this.#audit(socket, 'session.guest_admitted', { reviewId: peer.reviewId, sessionId }, guestUserId);
    const waiting = await this.#io.in(lobbyKey(sessionId)).fetchSockets();
    for (const guest of waiting.filter((s) => s.data.guest?.userId === guestUserId)) {
      guest.emit('lobby.admitted');
      guest.leave(lobbyKey(sessionId));
    }
    await this.#broadcastWaiting(sessionId);
    return true;
  }
}

/** The raise-hand queue: peers with a raised hand, first raised first. */
function handQueue(peers: readonly Peer[]): string[] {
  return peers
    .filter((p) => p.handRaisedAt !== undefined)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0) || a.peerId.localeCompare(b.peerId))
    .map((p) => p.peerId);
}
