import type { Caption, ClientToServerEvents, RoomAnswer, RoomControlState } from '@crosswalk/shared';
import { ACK_TIMEOUT_MS, type SessionSocket } from '../realtime/session-socket.ts';

/** How many caption lines the caption bar shows; older ones are dropped (no transcript is kept). */
const CAPTION_LINES = 3;
/** A caption line fades out after this long without a newer one. */
const CAPTION_SHOWN_MS = 12_000;

const OPEN: RoomControlState = { locked: false, captioner: null, removed: [] };

/** The moderation requests that answer `{ ok, message }`. */
type ModerationEvent =
  | 'moderation.mute'
  | 'moderation.mute_all'
  | 'moderation.ask_unmute'
  | 'hand.lower_all'
  | 'moderation.remove'
  | 'moderation.allow_back'
  | 'moderation.lock'
  | 'captions.assign'
  | 'caption.send';

/**
 * Moderation and live captions of the video room this browser is in: the room's lock, removals and captioner (the
 * server's truth, mirrored), requests to unmute this person, answers to this moderator's requests, and the last few
 * caption lines. Captions live only here, for a few seconds: nothing is written down.
 */
class ModerationManager {
  controls = $state<RoomControlState>(OPEN);
  captions = $state<Caption[]>([]);
  /** Who asked this person to unmute, until they answer. */
  unmuteAskedBy = $state<string | null>(null);
  /** For moderators: the latest answer to a request to unmute, in words. */
  lastAnswer = $state<{ text: string } | null>(null);

  #socket: SessionSocket | null = null;
  #unmute: (() => Promise<void>) | null = null;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  /** Starts listening on the room's socket; `unmute` turns this person's microphone on when they accept. */
  connect(socket: SessionSocket, unmute: () => Promise<void>): void {
    this.reset();
    this.#socket = socket;
    this.#unmute = unmute;
    socket.on('room.controls', (state) => {
      this.controls = state;
    });
    socket.on('caption', (caption) => {
      this.captions = [...this.captions.slice(1 - CAPTION_LINES), caption];
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.captions = this.captions.filter((c) => c.id !== caption.id);
      }, CAPTION_SHOWN_MS);
      this.#timers.add(timer);
    });
    socket.on('moderation.unmute_requested', ({ by }) => {
      this.unmuteAskedBy = by;
    });
    socket.on('moderation.unmute_answered', ({ displayName, accepted }) => {
      // A new object each time, so the same answer twice is shown twice.
      this.lastAnswer = { text: accepted ? `${displayName} unmuted.` : `${displayName} chose to stay muted.` };
    });
  }

  /** The room's state as the join answered it. */
  joined(controls: RoomControlState): void {
    this.controls = controls;
  }

  /** This person's answer to a request to unmute: only they can turn their microphone on. */
  async answerUnmute(accept: boolean): Promise<void> {
    this.unmuteAskedBy = null;
    this.#socket?.emit('moderation.unmute_answer', { accept });
    if (accept) {
      await this.#unmute?.();
    }
  }

  /** Asks someone's browser to turn their microphone off. */
  mute = (peerId: string) => this.#request('moderation.mute', { peerId });
  muteAll = () => this.#request('moderation.mute_all', {});
  lowerAllHands = () => this.#request('hand.lower_all', {});
  askUnmute = (peerId: string) => this.#request('moderation.ask_unmute', { peerId });
  remove = (userId: string) => this.#request('moderation.remove', { userId });
  allowBack = (userId: string) => this.#request('moderation.allow_back', { userId });
  setLocked = (locked: boolean) => this.#request('moderation.lock', { locked });
  assignCaptioner = (userId: string | null) => this.#request('captions.assign', { userId });
  sendCaption = (text: string) => this.#request('caption.send', { text });

  /** Sends a moderation request; resolves with the server's refusal in words, or null when it was done. */
  async #request<E extends ModerationEvent>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]) {
    const socket = this.#socket;
    if (!socket?.connected) {
      return 'You are not connected. Wait for Crosswalk to reconnect, then try again.';
    }
    try {
      // Every event of the union takes one payload and answers a RoomAnswer; socket.io's types want one event name.
      const answer = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck(event as 'moderation.lock', payload as { locked: boolean })) as RoomAnswer;
      return answer.ok ? null : (answer.message ?? 'That did not work. Please try again.');
    } catch {
      return 'The connection dropped. Please try again.';
    }
  }

  /** Forgets the room (the page is going away, or joining another). */
  reset(): void {
    for (const timer of this.#timers) {
      clearTimeout(timer);
    }
    this.#timers.clear();
    this.#socket = null;
    this.#unmute = null;
    this.controls = OPEN;
    this.captions = [];
    this.unmuteAskedBy = null;
    this.lastAnswer = null;
  }
}

export const moderation = new ModerationManager();
