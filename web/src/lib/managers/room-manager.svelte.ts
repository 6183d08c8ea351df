import {
  type ChatMessage,
  type MediaAnswer,
  type MediaPolicy,
  type Reaction,
  type RoomJoinResult,
  type RoomPeer,
  type SessionInfo,
  type WaitingGuest,
} from '@crosswalk/shared';
import { api } from '../api/client.ts';
import { createMediaTransport, type MediaTransport, type TransportState } from '../media/media-transport.ts';
import { videoQualityFor } from '../media/video-quality.ts';
import { ACK_TIMEOUT_MS, createSessionSocket, measureLatency, type SessionSocket } from '../realtime/session-socket.ts';
import { SignalRelay } from '../realtime/signal-relay.ts';
import { localMediaManager, type LocalTrackKind } from './local-media-manager.svelte.ts';
import { moderation } from './moderation-manager.svelte.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type RoomPhase =
  'lobby' | 'joining' | 'waiting' | 'in_room' | 'full' | 'not_found' | 'removed' | 'locked' | 'left' | 'error';

export const REACTION_NAMES: Record<Reaction, string> = {
  '👍': 'thumbs up',
  '👏': 'applause',
  '😀': 'smile',
  '🤔': 'thinking',
  '❤️': 'heart',
};

const PING_EVERY_MS = 5_000;
const REACTION_SHOWN_MS = 5_000;

/**
 * One video session as this browser sees it: the session-control socket, who is in the room, hands, chat, the
 * lobby, reactions, this person's media state and the media transport. The server owns the truth; this mirrors it.
 * After a dropped connection socket.io reconnects by itself and the manager joins the room again.
 */
class RoomManager {
  info = $state.raw<SessionInfo | null>(null);
  phase = $state<RoomPhase>('lobby');
  /** The server's explanation for `full`, `not_found`, `removed` and `error`. */
  phaseMessage = $state('');
  connection = $state<ConnectionState>('connecting');
  mediaState = $state<TransportState>('connecting');
  latencyMs = $state<number | null>(null);
  self = $state<RoomPeer | null>(null);
  peers = $state<RoomPeer[]>([]);
  hands = $state<string[]>([]);
  chat = $state<ChatMessage[]>([]);
  waiting = $state<WaitingGuest[]>([]);
  reactions = $state<{ id: number; peerId: string; reaction: Reaction }[]>([]);
  /** Messages for the screen-reader live region (joins, leaves, hands, reactions, moderation). */
  announcements = $state<{ id: number; text: string }[]>([]);
  /** Who last muted you, while your microphone stays off. */
  mutedBy = $state<string | null>(null);
  /** What the current activity allows, as the server says (during an audio-only one, nobody sends video). */
  mediaPolicy = $state.raw<MediaPolicy>({ audioOnly: false, activityTitle: null });
  /** Bumped whenever someone's incoming media changes, so video tiles re-attach. */
  mediaVersion = $state<Record<string, number>>({});

  transport = $state.raw<MediaTransport | null>(null);
  everyone = $derived(this.self ? [this.self, ...this.peers] : this.peers);
  handQueue = $derived(
    this.hands.map((peerId) => this.everyone.find((p) => p.peerId === peerId)).filter((p) => p !== undefined),
  );
  quality = $derived.by((): 'good' | 'fair' | 'poor' | 'none' => {
    if (this.connection !== 'connected') {
      return 'none';
    }
    if (this.latencyMs === null || this.latencyMs > 400 || this.mediaState === 'reconnecting') {
      return 'poor';
    }
    return this.latencyMs > 150 ? 'fair' : 'good';
  });

  /** The breakout group whose video room this browser is in (workshops), or null for the session's own room. */
  breakoutRoom = $state<string | null>(null);

  #socket: SessionSocket | null = null;
  #joined = false;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #media: Promise<MediaAnswer> | null = null;
  #signals: SignalRelay | null = null;
  #counter = 0;

  /** The session-control socket, for features built on it (improvement workshops); null before `enter`. */
  get socket(): SessionSocket | null {
    return this.#socket;
  }

  /** Where to ask for media credentials: the session's own room, or the breakout group's. */
  #mediaPath(): string {
    const id = this.info?.id ?? '';
    return this.breakoutRoom
      ? `/sessions/${id}/workshop/breakouts/${this.breakoutRoom}/media`
      : `/sessions/${id}/media`;
  }

  /**
   * Moves this browser's video to a breakout group's room (its id), or back to the session's room with null. The
   * camera and microphone stay on; only the people you see and hear change. Rejoins at once when in the room.
   */
  async switchRoom(groupId: string | null): Promise<void> {
    if (groupId === this.breakoutRoom) {
      return;
    }
    this.breakoutRoom = groupId;
    if (this.phase !== 'in_room' && this.phase !== 'joining') {
      return;
    }
    this.#socket?.emit('room.leave');
    this.#stopMedia();
    this.#announce(groupId ? 'You moved to your breakout group.' : 'You are back in the main room.');
    await this.#join();
  }

  /** Opens the session-control connection for a session page (before joining, so the lobby can show it). */
  enter(info: SessionInfo): void {
    this.dispose();
    this.info = info;
    this.phase = 'lobby';
    const socket = createSessionSocket();
    this.#socket = socket;
    this.connection = 'connecting';

    socket.on('connect', () => {
      this.connection = 'connected';
      void this.#ping();
      if (this.#joined) {
        void this.#join();
      }
    });
    socket.on('disconnect', () => {
      this.latencyMs = null;
      // socket.io reconnects by itself after network trouble, but not after the server or this page closed it.
      this.connection = socket.active ? 'reconnecting' : 'offline';
      if (this.transport?.kind === 'mesh') {
        // Our connection id changes on reconnect, so every peer connection is made again after re-joining.
        this.transport.close();
        this.transport = null;
        this.#signals?.reset();
      }
      if (this.phase === 'in_room') {
        this.peers = [];
      }
    });
    socket.on('connect_error', () => {
      this.connection = socket.active ? 'reconnecting' : 'offline';
    });
    socket.io.on('reconnect_failed', () => {
      this.connection = 'offline';
    });
    this.#pingTimer = setInterval(() => void this.#ping(), PING_EVERY_MS);

    socket.on('room.peer_joined', (peer) => {
      this.peers = [...this.peers.filter((p) => p.peerId !== peer.peerId), peer];
      this.transport?.peerJoined(peer);
      this.#quality();
      this.#announce(`${peer.displayName} joined.`);
    });
    socket.on('room.peer_left', ({ peerId }) => {
      const peer = this.peers.find((p) => p.peerId === peerId);
      this.peers = this.peers.filter((p) => p.peerId !== peerId);
      this.transport?.peerLeft(peerId);
      this.#quality();
      if (peer) {
        this.#announce(`${peer.displayName} left.`);
      }
    });
    socket.on('room.removed', ({ reason }) => {
      this.#joined = false;
      this.phase = 'removed';
      this.phaseMessage = reason;
      this.#stopMedia();
    });
    moderation.connect(socket, () => this.setMicrophone(true));
    this.#signals = new SignalRelay(socket);
    socket.on('media.state', ({ peerId, ...state }) => {
      if (this.self?.peerId === peerId) {
        return;
      }
      this.peers = this.peers.map((p) => (p.peerId === peerId ? { ...p, ...state } : p));
    });
    socket.on('hands', ({ queue }) => {
      for (const peerId of queue.filter((id) => !this.hands.includes(id))) {
        const who = this.everyone.find((p) => p.peerId === peerId);
        this.#announce(
          peerId === this.self?.peerId ? 'Your hand is up.' : `${who?.displayName ?? 'Someone'} raised their hand.`,
        );
      }
      this.hands = queue;
    });
    socket.on('reaction', ({ peerId, reaction }) => {
      const id = ++this.#counter;
      this.reactions = [...this.reactions, { id, peerId, reaction }];
      setTimeout(() => {
        this.reactions = this.reactions.filter((r) => r.id !== id);
      }, REACTION_SHOWN_MS);
      const who = this.everyone.find((p) => p.peerId === peerId);
      this.#announce(
        `${peerId === this.self?.peerId ? 'You' : (who?.displayName ?? 'Someone')} reacted: ${REACTION_NAMES[reaction]}.`,
      );
    });
    socket.on('chat.message', (message) => {
      this.chat = [...this.chat, message];
    });
    socket.on('room.media_policy', (policy) => {
      this.#applyMediaPolicy(policy);
    });
    socket.on('moderation.muted', ({ by }) => {
      void this.setMicrophone(false);
      this.mutedBy = by;
      this.#announce(`${by} muted your microphone. You can turn it back on when you want to speak.`);
    });
    socket.on('lobby.waiting', ({ guests }) => {
      for (const guest of guests.filter((g) => !this.waiting.some((w) => w.userId === g.userId))) {
        this.#announce(`${guest.displayName} is waiting to be let in.`);
      }
      this.waiting = guests;
    });
    socket.on('lobby.admitted', () => {
      this.#announce('You have been let in.');
      void this.#join();
    });
  }

  /** Joins the room from the lobby (or asks to, for a guest). */
  async join(): Promise<void> {
    if (!this.info || !this.#socket) {
      return;
    }
    this.#joined = true;
    this.phase = 'joining';
    if (this.info.canEnter) {
      // Ask for media credentials while the room answers.
      this.#media ??= api.get<MediaAnswer>(this.#mediaPath());
      this.#media.catch(() => undefined);
    }
    await this.#join();
  }

  async #join(): Promise<void> {
    const socket = this.#socket;
    const info = this.info;
    if (!socket || !info || !socket.connected) {
      return;
    }
    let result: RoomJoinResult;
    const roomId = this.breakoutRoom ?? info.id;
    try {
      result = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room.join', { sessionId: roomId })) as RoomJoinResult;
    } catch {
      // No answer: the connection dropped; joining is retried when it comes back.
      return;
    }
    if ((this.breakoutRoom ?? info.id) !== roomId) {
      // The room was switched meanwhile: the newer join decides.
      return;
    }
    if (!result.ok && this.breakoutRoom) {
      // The breakout group closed before we got there: back to the session's own room.
      this.breakoutRoom = null;
      await this.#join();
      return;
    }
    if (!result.ok) {
      this.phase = result.reason === 'invalid' ? 'error' : result.reason;
      this.phaseMessage = result.message;
      if (result.reason !== 'waiting') {
        this.#joined = false;
      }
      return;
    }
    this.self = result.self;
    this.peers = result.peers;
    this.hands = result.hands;
    this.chat = result.chat;
    this.waiting = result.waiting;
    moderation.joined(result.controls);
    this.phase = 'in_room';
    localMediaManager.onTrackChanged = (kind, track) => {
      this.#trackChanged(kind, track);
    };
    this.#applyMediaPolicy(result.media);
    this.#sendMediaState();
    this.#quality();
    try {
      await this.#startTransport(result.self);
    } catch (error) {
      this.mediaState = 'failed';
      this.#announce('Video could not be started. You can still use chat and raise your hand.');
      console.warn('Media transport failed to start', error);
    }
  }

  async #startTransport(self: RoomPeer): Promise<void> {
    if (this.transport) {
      return;
    }
    const info = this.info;
    if (!info) {
      return;
    }
    const mediaPath = this.#mediaPath();
    this.#media ??= api.get<MediaAnswer>(mediaPath);
    const answer = await this.#media.finally(() => {
      this.#media = null;
    });
    if (this.phase !== 'in_room' || this.self?.peerId !== self.peerId || !this.#socket?.connected) {
      // The connection dropped meanwhile: re-joining starts the transport again with the new connection id.
      return;
    }
    const signals = this.#signals;
    if (!signals) {
      return;
    }
    const transport = await createMediaTransport(answer, {
      selfPeerId: self.peerId,
      canPublish: self.canPublish,
      audioOnly: this.mediaPolicy.audioOnly,
      sendSignal: (to, payload) => {
        signals.send(to, payload);
      },
      onSignal: (handler) => signals.subscribe(handler),
      refreshAnswer: () => api.get<MediaAnswer>(mediaPath),
      events: {
        onRemoteMedia: (key) => {
          this.mediaVersion = { ...this.mediaVersion, [key]: (this.mediaVersion[key] ?? 0) + 1 };
        },
        onStateChange: (state) => {
          this.mediaState = state;
        },
      },
    });
    this.transport = transport;
    const local = localMediaManager;
    transport.setVideoQuality(videoQualityFor(this.everyone.length));
    await transport.start(
      self.canPublish ? { audio: local.audio, video: local.video } : { audio: null, video: null },
      this.peers,
    );
    await transport.setMicrophoneMuted(local.microphoneMuted);
    if (local.screen) {
      await transport.setScreen(local.screen);
    }
  }

  /**
   * The server says what the current activity allows (on joining, when it changes, and again if this browser's
   * video signalling was refused). Audio-only: cameras and screen shares go off and the mesh renegotiates without
   * video; afterwards a camera that was on comes back on.
   */
  #applyMediaPolicy(policy: MediaPolicy): void {
    const changed = policy.audioOnly !== this.mediaPolicy.audioOnly;
    this.mediaPolicy = policy;
    localMediaManager.blockCamera(
      policy.audioOnly
        ? `This activity is audio-only: cameras are off for everyone${policy.activityTitle ? ` during “${policy.activityTitle}”` : ''}, so that pupils cannot be seen. Microphones still work.`
        : null,
    );
    this.transport?.setAudioOnly(policy.audioOnly).catch((error: unknown) => {
      console.warn('Could not change what is sent for this activity', error);
    });
    if (changed) {
      this.#announce(
        policy.audioOnly
          ? 'This activity is audio-only: cameras are off for everyone.'
          : 'This activity allows video again: you can turn your camera on.',
      );
    }
  }

  #trackChanged(kind: LocalTrackKind, track: MediaStreamTrack | null): void {
    const transport = this.transport;
    if (transport && this.self?.canPublish) {
      const change = kind === 'screen' ? transport.setScreen(track) : transport.replaceTrack(kind, track);
      change.catch((error: unknown) => {
        console.warn('Could not change what is sent', error);
      });
    }
    this.#sendMediaState();
  }

  async setMicrophone(on: boolean): Promise<void> {
    if (on) {
      this.mutedBy = null;
    }
    await localMediaManager.setMicrophone(on);
    await this.transport?.setMicrophoneMuted(!on);
    this.#sendMediaState();
  }

  async setCamera(on: boolean): Promise<void> {
    await localMediaManager.setCamera(on);
    this.#sendMediaState();
  }

  /** Starts or stops sharing a screen; resolves false if the person cancelled the browser's picker. */
  async setScreenShare(on: boolean): Promise<boolean> {
    if (on) {
      return localMediaManager.startScreen();
    }
    localMediaManager.stopScreen();
    return true;
  }

  raiseHand(): void {
    this.#socket?.emit('hand.raise');
  }

  /** Lowers your own hand, or (moderators) someone else's. */
  lowerHand(peerId?: string): void {
    this.#socket?.emit('hand.lower', peerId ? { peerId } : {});
  }

  react(reaction: Reaction): void {
    this.#socket?.emit('reaction', { reaction });
  }

  sendChat(text: string): void {
    this.#socket?.emit('chat.send', { text });
  }

  /** Moderators: lets a waiting guest in. Resolves with the server's refusal message, if any. */
  async admit(userId: string): Promise<string | null> {
    const socket = this.#socket;
    if (!socket) {
      return 'Not connected.';
    }
    try {
      const result = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('lobby.admit', { userId })) as {
        ok: boolean;
        message?: string;
      };
      return result.ok ? null : (result.message ?? 'That person could not be let in.');
    } catch {
      return 'The connection dropped. Please try again.';
    }
  }

  /** Leaves the room but stays on the page (so "Join again" works). */
  leave(): void {
    this.#joined = false;
    this.#socket?.emit('room.leave');
    this.#stopMedia();
    this.phase = 'left';
  }

  /** Leaves and closes everything (the page is going away). */
  dispose(): void {
    if (this.#socket) {
      this.#socket.emit('room.leave');
      this.#socket.removeAllListeners();
      this.#socket.io.removeAllListeners();
      this.#socket.disconnect();
      this.#socket = null;
    }
    clearInterval(this.#pingTimer);
    moderation.reset();
    this.#stopMedia();
    this.#signals = null;
    localMediaManager.stopAll();
    this.#joined = false;
    this.info = null;
    this.breakoutRoom = null;
    this.phase = 'lobby';
    this.phaseMessage = '';
    this.announcements = [];
    this.chat = [];
    this.waiting = [];
    this.mutedBy = null;
    this.latencyMs = null;
  }

  #stopMedia(): void {
    localMediaManager.onTrackChanged = null;
    this.transport?.close();
    this.transport = null;
    this.#signals?.reset();
    this.#media = null;
    this.self = null;
    this.peers = [];
    this.hands = [];
    this.reactions = [];
    this.mediaVersion = {};
  }

  #sendMediaState(): void {
    const self = this.self;
    if (!self || !this.#socket?.connected) {
      return;
    }
    const local = localMediaManager;
    const state = self.canPublish
      ? { audio: local.microphoneOn, video: local.cameraOn || local.screen !== null, screen: local.screen !== null }
      : { audio: false, video: false, screen: false };
    this.self = { ...self, ...state };
    this.#socket.emit('media.state', state);
  }

  #quality(): void {
    const quality = videoQualityFor(this.everyone.length);
    localMediaManager.setQuality(quality);
    this.transport?.setVideoQuality(quality);
  }

  async #ping(): Promise<void> {
    const socket = this.#socket;
    if (!socket?.connected) {
      return;
    }
    try {
      this.latencyMs = await measureLatency(socket);
    } catch {
      this.latencyMs = null;
    }
  }

  #announce(text: string): void {
    const id = ++this.#counter;
    this.announcements = [...this.announcements.slice(-4), { id, text }];
  }
}

export const roomManager = new RoomManager();
