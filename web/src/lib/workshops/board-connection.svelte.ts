import {
  CloseCode,
  CollabMessageType,
  CollabQuery,
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
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api, messageOf } from '../api/client.ts';
import { ACK_TIMEOUT_MS, type SessionSocket } from '../realtime/session-socket.ts';

/** Fetch a fresh ticket this long before the old one expires, for the next reconnect. */
const TICKET_MARGIN_MS = 30_000;

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
  #providers: WebsocketProvider[] = [];
  #ticketTimer: ReturnType<typeof setTimeout> | undefined;
  #destroyed = false;

  status = $state<'loading' | 'ready' | 'not_found' | 'error'>('loading');
  error = $state('');
  title = $state('');
  reviewId = $state('');
  role = $state<WorkshopRole>('none');
  /** The server said this person may write the layout (workshop role and lock). */
  layoutAccess = $state<'read' | 'write'>('read');
  synced = $state(false);
  connected = $state(false);
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
      const answer = await api.get<WorkshopBoardsAnswer>(`/sessions/${this.sessionId}/workshop/boards`);
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
      this.layoutAccess = board.documents.layout.access;
      this.#connect(answer.url, answer.ticket, board.documents.notes.name, this.notesDoc);
      this.#connect(answer.url, answer.ticket, board.documents.layout.name, this.layoutDoc);
      this.#scheduleTicket(answer.expiresIn);
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

  #connect(url: string, ticket: string, name: string, doc: Y.Doc): void {
    const provider = new WebsocketProvider(url, name, doc, {
      params: { [CollabQuery.ticket]: ticket },
      disableBc: true,
    });
    provider.awareness.setLocalState(null);
    provider.messageHandlers[CollabMessageType.auth] = (_encoder, decoder) => {
      decoding.readVarUint(decoder);
      if (doc === this.layoutDoc) {
        this.layoutAccess = 'read';
      }
    };
    provider.on('sync', (state) => {
      if (state && this.#providers.every((p) => p.synced)) {
        this.synced = true;
      }
    });
    provider.on('status', () => {
      this.connected = this.#providers.every((p) => p.wsconnected);
    });
    provider.on('connection-close', (event) => {
      if (event?.code === CloseCode.forbidden || event?.code === CloseCode.notFound) {
        provider.shouldConnect = false;
        this.status = 'error';
        this.error = 'You no longer have access to this board.';
      } else if (event?.code === CloseCode.signedOut) {
        // The session ended: asking who is signed in answers 401, which clears the browser and shows the sign-in page.
        provider.shouldConnect = false;
        api.get('/me').catch(() => undefined);
      }
    });
    this.#providers.push(provider);
  }

  /** Keeps a valid ticket in the providers' parameters for their next reconnect; refreshes access too. */
  #scheduleTicket(expiresInSeconds: number): void {
    clearTimeout(this.#ticketTimer);
    this.#ticketTimer = setTimeout(
      () => {
        void this.refreshAccess();
      },
      Math.max(5_000, expiresInSeconds * 1000 - TICKET_MARGIN_MS),
    );
  }

  /** Asks the server again what this person may do (after a lock or unlock) and renews the ticket. */
  async refreshAccess(): Promise<void> {
    try {
      const answer = await api.get<WorkshopBoardsAnswer>(`/sessions/${this.sessionId}/workshop/boards`);
      const board = answer.boards.find((b) => b.id === this.boardId);
      for (const provider of this.#providers) {
        provider.params[CollabQuery.ticket] = answer.ticket;
      }
      if (board) {
        this.layoutAccess = board.documents.layout.access;
      }
      this.role = answer.role;
      this.#scheduleTicket(answer.expiresIn);
    } catch {
      this.#scheduleTicket(60);
    }
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
    clearTimeout(this.#ticketTimer);
    this.#socket.off('connect', this.#join);
    this.#socket.off('board.notes.mine', this.#onMine);
    this.#socket.off('board.votes.mine', this.#onMyVotes);
    this.#socket.off('board.votes.progress', this.#onProgress);
    this.#socket.off('board.votes.revealed', this.#onRevealed);
    if (this.#socket.connected) {
      this.#socket.emit('board.leave', { boardId: this.boardId });
    }
    for (const provider of this.#providers) {
      provider.destroy();
    }
    this.notesDoc.destroy();
    this.layoutDoc.destroy();
  }
}
