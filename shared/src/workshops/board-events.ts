import type { WorkshopRole } from './state.ts';

/**
 * socket.io events of workshop boards (notes written through the server, dot votes). Merged into the session event
 * maps in shared/src/realtime/events.ts. Board layout (clusters, grid placements) is edited in Yjs directly.
 *
 * Privacy: which notes are yours and how you voted only ever reach you (acknowledgements, or events to your own
 * `user:<id>` room); the board's room hears the number of people who have voted and, after the reveal, the totals.
 */

/** Votes per note or cluster, after the facilitator revealed them. */
export interface VoteTotal {
  targetId: string;
  votes: number;
}

export type BoardJoinResult =
  | {
      ok: true;
      boardId: string;
      title: string;
      role: WorkshopRole;
      locked: boolean;
      votesPerPerson: number;
      /** Number of people who have cast at least one vote. */
      voters: number;
      /** Null until the facilitator reveals the votes. */
      totals: VoteTotal[] | null;
      /** Private to you: the notes you wrote (anonymous ones included) and your votes per target. */
      myNoteIds: string[];
      myVotes: Record<string, number>;
    }
  | { ok: false; message: string };

export type BoardResult = { ok: true } | { ok: false; message: string };
export type BoardNoteCreateResult = { ok: true; noteId: string } | { ok: false; message: string };
export type BoardVoteResult =
  { ok: true; myVotes: Record<string, number>; remaining: number } | { ok: false; message: string };

export interface BoardServerEvents {
  /** To you only (all your tabs): the notes on a board that are yours. */
  'board.notes.mine': (info: { boardId: string; noteIds: string[] }) => void;
  /** To you only (all your tabs): your votes on a board. */
  'board.votes.mine': (info: { boardId: string; myVotes: Record<string, number> }) => void;
  /** To the board: how many people have voted, and the allowance. */
  'board.votes.progress': (info: { boardId: string; voters: number; votesPerPerson: number }) => void;
  /** To the board: the totals, once the facilitator reveals them. */
  'board.votes.revealed': (info: { boardId: string; totals: VoteTotal[] }) => void;
}

export interface BoardClientEvents {
  /** Follow a board of a workshop session you take part in. */
  'board.join': (request: { sessionId: string; boardId: string }, ack: (result: BoardJoinResult) => void) => void;
  'board.leave': (request: { boardId: string }) => void;
  'board.note.create': (
    request: { boardId: string; text: string; anonymous: boolean },
    ack: (result: BoardNoteCreateResult) => void,
  ) => void;
  /** Only the note's author may change it. */
  'board.note.update': (
    request: { boardId: string; noteId: string; text: string },
    ack: (result: BoardResult) => void,
  ) => void;
  /** Only the note's author may delete it. */
  'board.note.delete': (request: { boardId: string; noteId: string }, ack: (result: BoardResult) => void) => void;
  /** Add (+1) or take back (-1) one of your votes on a note or a cluster. */
  'board.vote': (
    request: { boardId: string; targetId: string; change: 1 | -1 },
    ack: (result: BoardVoteResult) => void,
  ) => void;
  /** Facilitators: show everyone the totals (voting closes). */
  'board.votes.reveal': (request: { boardId: string }, ack: (result: BoardResult) => void) => void;
  /** Facilitators: how many votes each person has, before anyone votes. */
  'board.votes.settings': (
    request: { boardId: string; votesPerPerson: number },
    ack: (result: BoardResult) => void,
  ) => void;
}
