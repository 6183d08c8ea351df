import type {
  WorkshopCommand,
  WorkshopCommandResult,
  WorkshopCommitment,
  WorkshopCommitmentsResult,
  WorkshopJoinResult,
  WorkshopPerson,
  WorkshopRole,
  WorkshopState,
} from '@crosswalk/shared';
import { ACK_TIMEOUT_MS, type SessionSocket } from '../realtime/session-socket.ts';
import { roomManager } from './room-manager.svelte.ts';

export type WorkshopStatus = 'idle' | 'joining' | 'ready' | 'not_found' | 'error';

const CLOCK_SYNC_EVERY_MS = 30_000;

/**
 * One improvement workshop as this browser sees it, over the room's session-control socket: the server's state
 * (stages, countdown, focus, lock, breakouts), this person's role, who follows the workshop, and the server clock
 * offset that keeps every countdown in step. The server owns the truth; a state older than the one held is dropped,
 * and after a reconnect the manager joins again and takes the current state.
 */
class WorkshopManager {
  status = $state<WorkshopStatus>('idle');
  message = $state('');
  role = $state<WorkshopRole>('none');
  state = $state.raw<WorkshopState | null>(null);
  people = $state<WorkshopPerson[]>([]);
  commitments = $state<WorkshopCommitment[]>([]);
  /** Server clock minus this browser's clock, in milliseconds. */
  offsetMs = $state(0);
  /** The breakout group a facilitator chose to look in on (facilitators belong to no group). */
  visiting = $state<string | null>(null);

  currentStage = $derived(this.state?.stages.find((s) => s.id === this.state?.currentStageId) ?? null);

  #socket: SessionSocket | null = null;
  #sessionId = '';
  #userId = '';
  #clockTimer: ReturnType<typeof setInterval> | undefined;
  readonly #onConnect = () => {
    void this.#join();
  };
  readonly #onState = (state: WorkshopState) => {
    this.#apply(state);
  };
  readonly #onPresence = ({ sessionId, people }: { sessionId: string; people: WorkshopPerson[] }) => {
    if (sessionId === this.#sessionId) {
      this.people = people;
    }
  };
  readonly #onRole = ({ sessionId, role }: { sessionId: string; role: WorkshopRole }) => {
    if (sessionId !== this.#sessionId) {
      return;
    }
    this.role = role;
    if (role === 'none') {
      this.status = 'not_found';
      this.message = 'You are no longer part of this workshop.';
      void roomManager.switchRoom(null);
    }
  };
  readonly #onCommitments = ({ sessionId, all }: { sessionId: string; all: WorkshopCommitment[] }) => {
    if (sessionId === this.#sessionId) {
      this.commitments = all;
    }
  };

  /** The breakout group this person belongs to while groups meet. */
  get myGroup() {
    const breakouts = this.state?.breakouts;
    return breakouts?.open ? (breakouts.groups.find((g) => g.memberIds.includes(this.#userId)) ?? null) : null;
  }

  /** Server time now, in milliseconds since the epoch. */
  serverNow(): number {
    return Date.now() + this.offsetMs;
  }

  /** Follows a workshop over the page's session socket (the room manager's). */
  start(socket: SessionSocket, sessionId: string, userId: string): void {
    this.stop();
    this.#socket = socket;
    this.#sessionId = sessionId;
    this.#userId = userId;
    this.status = 'joining';
    socket.on('connect', this.#onConnect);
    socket.on('workshop.state', this.#onState);
    socket.on('workshop.presence', this.#onPresence);
    socket.on('workshop.role', this.#onRole);
    socket.on('workshop.commitments', this.#onCommitments);
    this.#clockTimer = setInterval(() => void this.#syncClock(), CLOCK_SYNC_EVERY_MS);
    if (socket.connected) {
      void this.#join();
    }
  }

  stop(): void {
    const socket = this.#socket;
    if (socket) {
      socket.off('connect', this.#onConnect);
      socket.off('workshop.state', this.#onState);
      socket.off('workshop.presence', this.#onPresence);
      socket.off('workshop.role', this.#onRole);
      socket.off('workshop.commitments', this.#onCommitments);
      if (socket.connected) {
        socket.emit('workshop.leave');
      }
    }
    clearInterval(this.#clockTimer);
    this.#socket = null;
    this.state = null;
    this.status = 'idle';
    this.role = 'none';
    this.people = [];
    this.commitments = [];
    this.visiting = null;
  }

  async #join(): Promise<void> {
    const socket = this.#socket;
    if (!socket?.connected) {
      return;
    }
    const sent = Date.now();
    let result: WorkshopJoinResult;
    try {
      result = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('workshop.join', { sessionId: this.#sessionId })) as WorkshopJoinResult;
    } catch {
      // The connection dropped: joining again follows the reconnect.
      return;
    }
    if (!result.ok) {
      this.status = result.reason === 'not_found' ? 'not_found' : 'error';
      this.message = result.message;
      return;
    }
    this.offsetMs = result.serverTime - (sent + Date.now()) / 2;
    this.role = result.role;
    // A reconnecting browser takes whatever the server holds now (its version is never older than a broadcast).
    if (!this.state || result.state.version >= this.state.version) {
      this.#apply(result.state, true);
    }
    this.status = 'ready';
    if (this.role === 'facilitator') {
      void this.loadCommitments();
    }
  }

  #apply(state: WorkshopState, force = false): void {
    if (state.sessionId !== this.#sessionId) {
      return;
    }
    if (!force && this.state && state.version <= this.state.version) {
      return;
    }
    this.state = state;
    if (!state.breakouts.open || !state.breakouts.groups.some((g) => g.id === this.visiting)) {
      this.visiting = null;
    }
    void roomManager.switchRoom(this.myGroup?.id ?? this.visiting);
  }

  /** A facilitator looks in on a group's video room, or returns to the main room with null. */
  async visit(groupId: string | null): Promise<void> {
    this.visiting = groupId;
    await roomManager.switchRoom(groupId);
  }

  async #syncClock(): Promise<void> {
    const socket = this.#socket;
    if (!socket?.connected) {
      return;
    }
    const sent = Date.now();
    try {
      const { serverTime } = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session.ping')) as {
        serverTime: number;
      };
      this.offsetMs = serverTime - (sent + Date.now()) / 2;
    } catch {
      // Keep the last offset.
    }
  }

  /** Sends a facilitator command; resolves with the server's refusal in words, or null when it worked. */
  async command(command: WorkshopCommand): Promise<string | null> {
    const socket = this.#socket;
    if (!socket?.connected) {
      return 'You are not connected. Wait a moment and try again.';
    }
    try {
      const result = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('workshop.command', { sessionId: this.#sessionId, command })) as WorkshopCommandResult;
      return result.ok ? null : result.message;
    } catch {
      return 'The connection dropped. Please try again.';
    }
  }

  /** Your commitment (and everyone's, for facilitators). */
  async loadCommitments(): Promise<WorkshopCommitment | null> {
    const result = await this.#commitmentRequest('workshop.commitments', { sessionId: this.#sessionId });
    if (result.ok) {
      this.commitments = result.all;
      return result.mine;
    }
    return null;
  }

  /** Saves your commitment; resolves with the saved one or the refusal in words. */
  async saveCommitment(text: string): Promise<WorkshopCommitmentsResult> {
    const result = await this.#commitmentRequest('workshop.commitment', { sessionId: this.#sessionId, text });
    if (result.ok && this.role === 'facilitator') {
      this.commitments = result.all;
    }
    return result;
  }

  async #commitmentRequest(
    event: 'workshop.commitment' | 'workshop.commitments',
    request: { sessionId: string; text?: string },
  ): Promise<WorkshopCommitmentsResult> {
    const socket = this.#socket;
    if (!socket?.connected) {
      return { ok: false, message: 'You are not connected. Wait a moment and try again.' };
    }
    try {
      const timed = socket.timeout(ACK_TIMEOUT_MS);
      return (await (event === 'workshop.commitment'
        ? timed.emitWithAck(event, { sessionId: request.sessionId, text: request.text ?? '' })
        : timed.emitWithAck(event, { sessionId: request.sessionId }))) as WorkshopCommitmentsResult;
    } catch {
      return { ok: false, message: 'The connection dropped. Please try again.' };
    }
  }
}

export const workshopManager = new WorkshopManager();
