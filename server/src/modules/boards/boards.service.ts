import type { LiveDecision } from '@crosswalk/shared';
import { randomUUID } from 'node:crypto';
import {
  addAction,
  boardDocumentName,
  boardLayoutAccess,
  type BreakoutBoardFacts,
  BoardLimits,
  documentName,
  hasCluster,
  mayChangeNote,
  mayContributeToBoard,
  mayDraftActions,
  mayFacilitate,
  parseBoardDocumentName,
  readActions,
  readNote,
  readOutputs,
  recordOutput,
  removeNote,
  rewriteNote,
  workshopRole,
  writeNote,
  type ActionDraft,
  type Actor,
  type BoardDocumentKind,
  type VoteTotal,
  type WorkshopBoardsAnswer,
  type WorkshopRole,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { Conflict, NotFound, Refused, Unavailable } from '../../errors/domain-errors.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { DocumentOwner, LiveDocuments } from '../live/document-grants.ts';
import type { Tickets } from '../live/tickets.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { ensureWorkshop } from '../workshops/ensure-workshop.ts';
import type { BoardRow, BoardsRepository } from './boards.repository.ts';

/** One person on one board of one workshop, decided afresh from the database for every request. */
export interface BoardContext {
  actor: Actor;
  sessionId: string;
  reviewId: string;
  board: BoardRow;
  role: Exclude<WorkshopRole, 'none'>;
  locked: boolean;
  /** Null for the main room's boards. */
  breakout: BreakoutBoardFacts | null;
}

/** Refusals that are the person's doing (wrong role, locked, over the allowance): answered, logged, never thrown on. */
export const BoardRefusal = (message: string) => new Refused(message);

const LOCKED = 'The facilitator has paused editing for everyone. You can still read the board.';
const NOT_YOURS = 'You can only change or delete notes you wrote.';

const LiveUnavailable = () =>
  new Unavailable('Boards are not available on this server right now. Please try again shortly.');

/**
 * Workshop boards: notes written through the server (so an anonymous author is never on the wire), dot votes with a
 * per-person allowance hidden until the facilitator reveals them, and cluster → action-plan outputs.
 */
export class BoardsService implements DocumentOwner {
  readonly #sql: Sql;
  readonly #boards: BoardsRepository;
  readonly #sessions: SessionsService;
  readonly #auth: AuthService;
  readonly #tickets: Tickets;
  #live: LiveDocuments | undefined;

  constructor(deps: {
    sql: Sql;
    boards: BoardsRepository;
    sessions: SessionsService;
    auth: AuthService;
    tickets: Tickets;
  }) {
    this.#sql = deps.sql;
    this.#boards = deps.boards;
    this.#sessions = deps.sessions;
    this.#auth = deps.auth;
    this.#tickets = deps.tickets;
  }

  /** Connects the live documents once the realtime server is mounted in this process. */
  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
  }

  get #documents(): LiveDocuments {
    if (!this.#live) {
      throw LiveUnavailable();
    }
    return this.#live;
  }

  /** The workshop of a session as this person sees it (404 unless it is an improvement workshop they take part in). */
  async workshopOf(
    sessionId: string,
    actor: Actor,
  ): Promise<{ reviewId: string; role: Exclude<WorkshopRole, 'none'>; locked: boolean }> {
    const view = await this.#sessions.view(sessionId, actor);
    const role = workshopRole(view.review.access);
    if (view.session.kind !== 'improvement_workshop' || role === 'none') {
      throw new NotFound('workshop');
    }
    await ensureWorkshop(this.#sql, sessionId, view.session.reviewId);
    return { reviewId: view.session.reviewId, role, locked: await this.#boards.editingLocked(sessionId) };
  }

  async context(sessionId: string, boardId: string, actor: Actor): Promise<BoardContext> {
    const workshop = await this.workshopOf(sessionId, actor);
    const board = await this.#boards.board(boardId);
    if (board?.sessionId !== sessionId) {
      throw new NotFound('board');
    }
    return { actor, sessionId, board, ...workshop, breakout: await this.#breakoutOf(board, actor.userId) };
  }

  #breakoutOf(board: BoardRow, userId: string): Promise<BreakoutBoardFacts | null> {
    return board.breakoutGroupId ? this.#boards.breakoutFacts(board.breakoutGroupId, userId) : Promise.resolve(null);
  }

  /** `GET /api/sessions/:id/workshop/boards`; the ticket is bound to the caller's sign-in session `signInSession`. */
  async list(sessionId: string, actor: Actor, signInSession: string, wsBaseUrl: string): Promise<WorkshopBoardsAnswer> {
    const { reviewId, role, locked } = await this.workshopOf(sessionId, actor);
    const boards = await this.#boards.boardsOf(sessionId);
    const layouts = await Promise.all(
      boards.map(async (board) =>
        boardLayoutAccess(role, locked, await this.#breakoutOf(board, actor.userId)) === 'write' ? 'write' : 'read',
      ),
    );
    return {
      sessionId,
      reviewId,
      role,
      locked,
      url: wsBaseUrl,
      ...this.#tickets.mint(actor.userId, reviewId, signInSession),
      boards: boards.map((board, index) => ({
        id: board.id,
        title: board.title,
        votesPerPerson: board.votesPerPerson,
        votesRevealed: board.votesRevealedAt !== null,
        breakoutGroupId: board.breakoutGroupId,
        documents: {
          notes: { name: boardDocumentName(reviewId, board.id, 'notes'), access: 'read' },
          layout: { name: boardDocumentName(reviewId, board.id, 'layout'), access: layouts[index] ?? 'read' },
        },
      })),
    };
  }

  /** What a person learns on joining a board: public state, plus their own notes and votes (private). */
  async joinState(ctx: BoardContext) {
    const { board, actor } = ctx;
    const [myNoteIds, myVotes, voters, totals] = await Promise.all([
      this.#boards.myNoteIds(board.id, actor.userId),
      this.#boards.myVotes(board.id, actor.userId),
      this.#boards.voters(board.id),
      board.votesRevealedAt ? this.#boards.totals(board.id) : Promise.resolve(null),
    ]);
    return {
      boardId: board.id,
      title: board.title,
      role: ctx.role,
      locked: ctx.locked,
      votesPerPerson: board.votesPerPerson,
      voters,
      totals,
      myNoteIds,
      myVotes,
    };
  }

  #notesName(ctx: BoardContext): string {
    return boardDocumentName(ctx.reviewId, ctx.board.id, 'notes');
  }

  #mustContribute(ctx: BoardContext): void {
    if (!mayContributeToBoard(ctx.role, ctx.locked, ctx.breakout)) {
      throw BoardRefusal(
        ctx.role === 'observer'
          ? 'Observers can read the board but not change it.'
          : ctx.breakout && !mayContributeToBoard(ctx.role, false, ctx.breakout)
            ? ctx.breakout.recalled
              ? 'The breakout groups have finished, so this board can be read but not changed.'
              : 'Only the members of this breakout group can change its board.'
            : LOCKED,
      );
    }
  }

  /**
   * Adds a note, written into the board by the server itself. An anonymous note carries nothing about its author;
   * only workshop_note_authors (never sent to anyone) ties it to them.
   */
  async createNote(ctx: BoardContext, displayName: string, text: string, anonymous: boolean): Promise<string> {
    this.#mustContribute(ctx);
    if ((await this.#boards.countNotes(ctx.board.id)) >= BoardLimits.notesPerBoard) {
      throw new Conflict(`This board is full (${BoardLimits.notesPerBoard} notes). Group or remove some first.`);
    }
    const live = this.#documents;
    const noteId = randomUUID();
    await this.#boards.addNoteAuthor(noteId, ctx.board.id, ctx.actor.userId, anonymous);
    try {
      await live.withDocument(this.#notesName(ctx), (doc) => {
        writeNote(doc, { id: noteId, text, author: anonymous ? null : displayName, createdAt: Date.now() });
      });
    } catch (error) {
      await this.#boards.removeNote(ctx.board.id, noteId);
      throw error;
    }
    return noteId;
  }

  async #mustBeAuthor(ctx: BoardContext, noteId: string): Promise<void> {
    this.#mustContribute(ctx);
    const author = await this.#boards.noteAuthor(ctx.board.id, noteId);
    if (author === undefined) {
      throw new NotFound('note');
    }
    if (!mayChangeNote(ctx.role, ctx.locked, author === ctx.actor.userId, ctx.breakout)) {
      throw BoardRefusal(NOT_YOURS);
    }
  }

  async updateNote(ctx: BoardContext, noteId: string, text: string): Promise<void> {
    await this.#mustBeAuthor(ctx, noteId);
    const found = await this.#documents.withDocument(this.#notesName(ctx), (doc) => rewriteNote(doc, noteId, text));
    if (!found) {
      throw new NotFound('note');
    }
  }

  /**
   * Deletes one's own note. Votes on it go back to whoever cast them: the answer says who, with their votes now,
   * and the board's progress (and totals, if already revealed), so every screen can be told at once.
   */
  async deleteNote(ctx: BoardContext, noteId: string) {
    await this.#mustBeAuthor(ctx, noteId);
    await this.#documents.withDocument(this.#notesName(ctx), (doc) => removeNote(doc, noteId));
    const voters = await this.#boards.removeNote(ctx.board.id, noteId);
    if (voters.length === 0) {
      return null;
    }
    const boardId = ctx.board.id;
    const returned = await Promise.all(
      voters.map(async (userId) => ({ userId, myVotes: await this.#boards.myVotes(boardId, userId) })),
    );
    return {
      returned,
      voters: await this.#boards.voters(boardId),
      totals: ctx.board.votesRevealedAt ? await this.#boards.totals(boardId) : null,
    };
  }

  myNoteIds(ctx: BoardContext): Promise<string[]> {
    return this.#boards.myNoteIds(ctx.board.id, ctx.actor.userId);
  }

  /** Whether a vote target is a note or a cluster on this board. */
  async #isTarget(ctx: BoardContext, targetId: string): Promise<boolean> {
    const live = this.#documents;
    const name = (kind: BoardDocumentKind) => boardDocumentName(ctx.reviewId, ctx.board.id, kind);
    return (
      (await live.withDocument(name('notes'), (doc) => readNote(doc, targetId) !== null)) ||
      (await live.withDocument(name('layout'), (doc) => hasCluster(doc, targetId)))
    );
  }

  async vote(ctx: BoardContext, targetId: string, change: 1 | -1) {
    this.#mustContribute(ctx);
    if (change === 1 && !(await this.#isTarget(ctx, targetId))) {
      throw new NotFound('note or group');
    }
    const outcome = await this.#boards.vote(ctx.board.id, ctx.actor.userId, targetId, change);
    if (!outcome.ok) {
      throw BoardRefusal(
        outcome.reason === 'revealed'
          ? 'Voting has closed: the facilitator has revealed the votes.'
          : outcome.reason === 'allowance'
            ? `You have used all ${outcome.allowance} of your votes. Take one back to vote for something else.`
            : 'You have no vote there to take back.',
      );
    }
    return {
      myVotes: outcome.myVotes,
      remaining: outcome.allowance - outcome.used,
      voters: await this.#boards.voters(ctx.board.id),
      votesPerPerson: outcome.allowance,
    };
  }

  #mustFacilitate(ctx: BoardContext): void {
    if (!mayFacilitate(ctx.role)) {
      throw BoardRefusal('Only the facilitator can do that.');
    }
  }

  /** Reveals the totals to everyone (voting closes). Revealing twice answers the same totals. */
  async reveal(ctx: BoardContext): Promise<VoteTotal[]> {
    this.#mustFacilitate(ctx);
    await this.#boards.reveal(ctx.board.id);
    return this.#boards.totals(ctx.board.id);
  }

  async setVotesPerPerson(ctx: BoardContext, votesPerPerson: number) {
    this.#mustFacilitate(ctx);
    if (!(await this.#boards.setVotesPerPerson(ctx.board.id, votesPerPerson))) {
      throw new Conflict('Voting has already started, so the number of votes can no longer change.');
    }
    return { voters: await this.#boards.voters(ctx.board.id), votesPerPerson };
  }

  /**
   * A cluster becomes a row of the enquiry document's action plan, written through the live document so open
   * editors see it at once. The workshop-output rule (mayDraftActions) decides, not the action plan's matrix entry.
   */
  async draftAction(
    sessionId: string,
    boardId: string,
    actor: Actor,
    draft: ActionDraft,
  ): Promise<{ actionId: string; label: string }> {
    const ctx = await this.context(sessionId, boardId, actor);
    if (!mayDraftActions(ctx.role, ctx.locked, ctx.breakout)) {
      throw BoardRefusal(ctx.role === 'observer' ? 'Observers cannot add to the action plan.' : LOCKED);
    }
    const live = this.#documents;
    const layoutName = boardDocumentName(ctx.reviewId, boardId, 'layout');
    if (!(await live.withDocument(layoutName, (doc) => hasCluster(doc, draft.clusterId)))) {
      throw new NotFound('group');
    }
    const notesName = this.#notesName(ctx);
    const existing = await live.withDocument(notesName, (doc) => readOutputs(doc).get(draft.clusterId));
    // The claim in PostgreSQL decides between people submitting the same group at once, on any process.
    if (existing || !(await this.#boards.claimOutput(boardId, draft.clusterId, actor.userId))) {
      throw new Conflict('This group is already in the action plan.');
    }
    let written: { actionId: string; label: string };
    try {
      written = await this.#writeAction(ctx.reviewId, notesName, draft);
    } catch (error) {
      await this.#boards.releaseOutput(boardId, draft.clusterId);
      throw error;
    }
    await this.#boards.completeOutput(boardId, draft.clusterId, written.actionId);
    return written;
  }

  async #writeAction(reviewId: string, notesName: string, draft: ActionDraft) {
    const live = this.#documents;
    const { actionId, label } = await live.withDocument(documentName(reviewId, 'actions'), (doc) => {
      const id = addAction(doc, {
        action: draft.action,
        ownerRole: draft.ownerRole,
        startsOn: draft.startsOn,
        dueOn: draft.dueOn,
        successCriteria: draft.successCriteria,
        support: draft.support,
      });
      return { actionId: id, label: readActions(doc).find((row) => row.id === id)?.label ?? '' };
    });
    await live.withDocument(notesName, (doc) => {
      recordOutput(doc, draft.clusterId, actionId);
    });
    return { actionId, label };
  }

  /**
   * A person's access to a board document, fresh from the database: notes are read-only for every client (the server
   * writes them); the layout is writable for whoever may contribute (workshop role and lock).
   */
  async documentAccessOf(userId: string, name: string): Promise<{ access: LiveDecision; displayName: string } | null> {
    const parsed = parseBoardDocumentName(name);
    const actor = parsed ? await this.#auth.actorForUser(userId) : null;
    if (!parsed || !actor) {
      return null;
    }
    const board = await this.#boards.board(parsed.boardId);
    if (board?.reviewId !== parsed.reviewId) {
      return null;
    }
    try {
      const { role, locked } = await this.workshopOf(board.sessionId, actor);
      const layout = boardLayoutAccess(role, locked, await this.#breakoutOf(board, actor.userId));
      return { access: parsed.kind === 'notes' ? 'read' : layout, displayName: actor.displayName };
    } catch (error) {
      if (error instanceof NotFound) {
        return { access: 'none', displayName: actor.displayName };
      }
      throw error;
    }
  }
}
