import {
  readClusters,
  readGrid,
  readNotes,
  readOutputs,
  type BoardCluster,
  type BoardJoinResult,
  type BoardNoteCreateResult,
  type BoardResult,
  type BoardVoteResult,
  type BoardNote,
  type GridPlacement,
  type VoteTotal,
  type WorkshopBoardsAnswer,
  type WorkshopRole,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import { api, messageOf } from '../api/client.ts';
import { signInManager } from '../managers/sign-in-manager.svelte.ts';
import { StopMessage } from '../realtime/close-policy.ts';
import { LiveDocuments, type LiveDocument } from '../realtime/live-document.svelte.ts';
import { ACK_TIMEOUT_MS, type SessionSocket } from '../realtime/session-socket.ts';
import { TicketSource } from '../realtime/ticket-source.ts';

/**
 * One workshop board in the browser: its two live documents (notes: read-only, written by the server; layout:
 * clusters and grid, writable unless locked) and its socket.io state (my notes, my votes, progress, totals).
 *
 * Board documents carry no presence (awareness state null), so nothing on the wire ties a person to the moment a
 * note appears. Re-joining after a reconnect replaces every piece of socket state, so it is never stale.
 */
export class BoardConnection {
  readonly sessionId: string;
  readonly boardId: string;
  readonly #socket: SessionSocket;
  readonly notesDoc = new Y.Doc();
  readonly layoutDoc = new Y.Doc();
  readonly #live: LiveDocuments<WorkshopBoardsAnswer>;
  #layout = $state<LiveDocument | null>(null);
  #destroyed = false;

  status = $state<'loading' | 'ready' | 'not_found' | 'error'>('loading');
  error = $state('');
  title = $state('');
  reviewId = $state('');
  role = $state<WorkshopRole>('none');
  /** Bumped on every change of either document, so readers re-run. */
  version = $state(0);

  myNoteIds = $state<string[]>([]);
  myVotes = $state<Record<string, number>>({});
  votesPerPerson = $state(3);
  voters = $state(0);
  totals = $state<VoteTotal[] | null>(null);

  constructor(socket: SessionSocket, sessionId: string, boardId: string) {
    this.#socket = socket;
    this.sessionId = sessionId;
    this.boardId = boardId;
    this.#live = new LiveDocuments(
      new TicketSource(() => api.get<WorkshopBoardsAnswer>(`/sessions/${sessionId}/workshop/boards`)),
      {
        subject: 'board',
        onAccess: (answer) => {
          const board = answer.boards.find((b) => b.id === this.boardId);
          if (board && this.#layout) {
            this.#layout.access = board.documents.layout.access;
          }
          this.role = answer.role;
        },
        onStopped: (_document, reason) => {
          if (reason !== 'signedOut') {
            this.status = 'error';
            this.error = StopMessage.board[reason];
          }
        },
        onSignInEnded: () => {
          void signInManager.ended();
        },
      },
    );
    for (const doc of [this.notesDoc, this.layoutDoc]) {
      doc.on('update', () => {
        this.version += 1;
      });
    }
    socket.on('connect', this.#join);
    socket.on('board.notes.mine', this.#onMine);
    socket.on('board.votes.mine', this.#onMyVotes);
    socket.on('board.votes.progress', this.#onProgress);
    socket.on('board.votes.revealed', this.#onRevealed);
    void this.#open();
  }

  async #open(): Promise<void> {
    try {
      const answer = await this.#live.tickets.open();
      const board = answer.boards.find((b) => b.id === this.boardId);
      if (this.#destroyed) {
        return;
      }
      if (!board) {
        this.status = 'not_found';
        return;
      }
      this.title = board.title;
      this.reviewId = answer.reviewId;
      this.role = answer.role;
      const { notes, layout } = board.documents;
      const common = { label: board.title, offlineCopy: null, presence: false };
      this.#live.open({ ...common, name: notes.name, access: notes.access, doc: this.notesDoc });
      this.#layout = this.#live.open({ ...common, name: layout.name, access: layout.access, doc: this.layoutDoc });
      if (this.#socket.connected) {
        this.#join();
      }
      this.status = 'ready';
    } catch (error) {
      if (!this.#destroyed) {
        this.status = (error as { status?: number }).status === 404 ? 'not_found' : 'error';
        this.error = messageOf(error);
      }
    }
  }

  /** The server said this person may write the layout (workshop role and lock). */
  get layoutAccess(): 'read' | 'write' {
    return this.#layout?.access ?? 'read';
  }

  /** Both documents have had the server's copy. */
  get synced(): boolean {
    return this.#live.synced;
  }

  get connected(): boolean {
    return this.#live.connected;
  }

  /** Asks the server again what this person may do (after a lock or unlock) and renews the ticket. */
  refreshAccess(): Promise<void> {
    return this.#live.refresh();
  }

  #join = (): void => {
    this.#socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('board.join', { sessionId: this.sessionId, boardId: this.boardId })
      .then((result: BoardJoinResult) => {
        if (!result.ok || this.#destroyed) {
          return;
        }
        this.role = result.role;
        this.myNoteIds = result.myNoteIds;
        this.myVotes = result.myVotes;
        this.votesPerPerson = result.votesPerPerson;
        this.voters = result.voters;
        this.totals = result.totals;
      })
      .catch(() => {
        // The socket reconnects by itself; the next `connect` joins again.
      });
  };

  #onMine = (info: { boardId: string; noteIds: string[] }): void => {
    if (info.boardId === this.boardId) {
      this.myNoteIds = info.noteIds;
    }
  };

  #onMyVotes = (info: { boardId: string; myVotes: Record<string, number> }): void => {
    if (info.boardId === this.boardId) {
      this.myVotes = info.myVotes;
    }
  };

  #onProgress = (info: { boardId: string; voters: number; votesPerPerson: number }): void => {
    if (info.boardId === this.boardId) {
      this.voters = info.voters;
      this.votesPerPerson = info.votesPerPerson;
    }
  };

  #onRevealed = (info: { boardId: string; totals: VoteTotal[] }): void => {
    if (info.boardId === this.boardId) {
      this.totals = info.totals;
    }
  };

  /** Reads `version`, so that whoever reads the documents through a getter re-runs on every change. */
  #track(): number {
    return this.version;
  }

  get notes(): BoardNote[] {
    this.#track();
    return readNotes(this.notesDoc);
  }

  get clusters(): BoardCluster[] {
    this.#track();
    return readClusters(
      this.layoutDoc,
      readNotes(this.notesDoc).map((note) => note.id),
    );
  }

  get grid(): Map<string, GridPlacement> {
    this.#track();
    return readGrid(this.layoutDoc);
  }

  get outputs(): Map<string, string> {
    this.#track();
    return readOutputs(this.notesDoc);
  }

  get votesUsed(): number {
    return Object.values(this.myVotes).reduce((sum, n) => sum + n, 0);
  }

  /** Runs one board request; answers the server's refusal message, or null when it worked. */
  async #ask<R extends { ok: boolean }>(
    send: (socket: SessionSocket) => Promise<R>,
  ): Promise<R | { ok: false; message: string }> {
    try {
      return await send(this.#socket);
    } catch {
      return { ok: false, message: 'The board did not answer. Check your connection and try again.' };
    }
  }

  createNote(text: string, anonymous: boolean): Promise<BoardNoteCreateResult> {
    return this.#ask<BoardNoteCreateResult>((s) =>
      s.timeout(ACK_TIMEOUT_MS).emitWithAck('board.note.create', { boardId: this.boardId, text, anonymous }),
    );
  }

  updateNote(noteId: string, text: string): Promise<BoardResult> {
    return this.#ask<BoardResult>((s) =>
      s.timeout(ACK_TIMEOUT_MS).emitWithAck('board.note.update', { boardId: this.boardId, noteId, text }),
    );
  }

  deleteNote(noteId: string): Promise<BoardResult> {
    return this.#ask<BoardResult>((s) =>
      s.timeout(ACK_TIMEOUT_MS).emitWithAck('board.note.delete', { boardId: this.boardId, noteId }),
    );
  }

  async vote(targetId: string, change: 1 | -1): Promise<BoardVoteResult> {
    const result = await this.#ask<BoardVoteResult>((s) =>
      s.timeout(ACK_TIMEOUT_MS).emitWithAck('board.vote', { boardId: this.boardId, targetId, change }),
    );
    if (result.ok) {
      this.myVotes = result.myVotes;
    }
    return result;
  }

  revealVotes(): Promise<BoardResult> {
    return this.#ask<BoardResult>((s) =>
      s.timeout(ACK_TIMEOUT_MS).emitWithAck('board.votes.reveal', { boardId: this.boardId }),
    );
  }

  setVotesPerPerson(votesPerPerson: number): Promise<BoardResult> {
    return this.#ask<BoardResult>((s) =>
      s.timeout(ACK_TIMEOUT_MS).emitWithAck('board.votes.settings', { boardId: this.boardId, votesPerPerson }),
    );
  }

  destroy(): void {
    this.#destroyed = true;
    this.#socket.off('connect', this.#join);
    this.#socket.off('board.notes.mine', this.#onMine);
    this.#socket.off('board.votes.mine', this.#onMyVotes);
    this.#socket.off('board.votes.progress', this.#onProgress);
    this.#socket.off('board.votes.revealed', this.#onRevealed);
    if (this.#socket.connected) {
      this.#socket.emit('board.leave', { boardId: this.boardId });
    }
    // The live documents destroy the Y.Docs they opened; these cover a board left before it opened (harmless twice).
    this.#live.destroy();
    this.notesDoc.destroy();
    this.layoutDoc.destroy();
  }
}
