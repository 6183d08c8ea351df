import type { WorkshopRole, WorkshopState } from './state.ts';

/**
 * socket.io events of workshop control (stages, timer, focus, lock, breakouts). Merged into the session event maps
 * in shared/src/realtime/events.ts. Only facilitators may send the commands; the server answers every command through
 * its acknowledgement and broadcasts the new state to everyone in the workshop.
 */

export type WorkshopJoinResult =
  | { ok: true; role: WorkshopRole; state: WorkshopState; serverTime: number }
  | { ok: false; reason: 'not_found' | 'invalid'; message: string };

export type WorkshopCommandResult = { ok: true } | { ok: false; message: string };

export interface WorkshopServerEvents {
  /** The whole workshop state after any change; drop it if its `version` is older than the one you hold. */
  'workshop.state': (state: WorkshopState) => void;
}

export interface WorkshopClientEvents {
  /** Start following a workshop (the session must be an improvement workshop you may see). */
  'workshop.join': (request: { sessionId: string }, ack: (result: WorkshopJoinResult) => void) => void;
}
