import type { WorkshopCommand } from './control-schemas.ts';
import type { WorkshopRole, WorkshopState } from './state.ts';

/**
 * socket.io events of workshop control (stages, timer, focus, lock, breakouts, commitments). Merged into the session
 * event maps in shared/src/realtime/events.ts. Only facilitators may send commands; the server answers every command
 * through its acknowledgement and broadcasts the new state to everyone in the workshop (room `workshop:<sessionId>`).
 */

export type WorkshopJoinResult =
  | { ok: true; role: WorkshopRole; state: WorkshopState; serverTime: number }
  | { ok: false; reason: 'not_found' | 'invalid'; message: string };

export type WorkshopCommandResult = { ok: true; version: number } | { ok: false; message: string };

/** Someone following the workshop right now (any tab open on it). */
export interface WorkshopPerson {
  userId: string;
  displayName: string;
  role: WorkshopRole;
}

/** One person's personal commitment (docs/domain.md d.2, the close). */
export interface WorkshopCommitment {
  userId: string;
  displayName: string;
  text: string;
  updatedAt: string;
}

export type WorkshopCommitmentsResult =
  | {
      ok: true;
      /** Your own commitment, if you have written one. */
      mine: WorkshopCommitment | null;
      /** Everyone's, for facilitators (the champion and the host head); empty for others. */
      all: WorkshopCommitment[];
    }
  | { ok: false; message: string };

export interface WorkshopServerEvents {
  /** The whole workshop state after any change; drop it if its `version` is older than the one you hold. */
  'workshop.state': (state: WorkshopState) => void;
  /** Who follows the workshop now, after anyone joins or leaves it. */
  'workshop.presence': (presence: { sessionId: string; people: WorkshopPerson[] }) => void;
  /** Your role changed (e.g. the review closed: everyone observes), or 'none': you no longer follow the workshop. */
  'workshop.role': (info: { sessionId: string; role: WorkshopRole }) => void;
  /** For facilitators: someone saved their commitment. */
  'workshop.commitments': (update: { sessionId: string; all: WorkshopCommitment[] }) => void;
}

export interface WorkshopClientEvents {
  /** Start following a workshop (the session must be an improvement workshop you may see). */
  'workshop.join': (request: { sessionId: string }, ack: (result: WorkshopJoinResult) => void) => void;
  /** Stop following the workshop this connection follows. */
  'workshop.leave': () => void;
  /** A facilitator command (see WorkshopCommandSchema); refused and logged for anyone else. */
  'workshop.command': (
    request: { sessionId: string; command: WorkshopCommand },
    ack: (result: WorkshopCommandResult) => void,
  ) => void;
  /** Save your personal commitment (one per person; saving again replaces it). */
  'workshop.commitment': (
    request: { sessionId: string; text: string },
    ack: (result: WorkshopCommitmentsResult) => void,
  ) => void;
  /** Your commitment, and everyone's if you facilitate. */
  'workshop.commitments': (request: { sessionId: string }, ack: (result: WorkshopCommitmentsResult) => void) => void;
}
