import { socketRate } from '@crosswalk/realtime';
import {
  BoardJoinSchema,
  BoardLimits,
  BoardLeaveSchema,
  NoteCreateSchema,
  NoteDeleteSchema,
  NoteUpdateSchema,
  VoteSchema,
  VotesRevealSchema,
  VotesSettingsSchema,
} from '@crosswalk/shared';
import { attachHandlers, defineHandler, type AppSocket, type AppSocketServer } from '../../app-sockets.ts';
import { Conflict, NotFound } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { BoardContext, BoardsService } from './boards.service.ts';

/** socket.io room of everyone following a board. */
export const boardRoom = (boardId: string) => `board:${boardId}`;
const userRoom = (userId: string) => `user:${userId}`;

/** Every board request of a connection draws on one budget. */
const boardRate = socketRate({
  points: BoardLimits.requestsPer10s,
  seconds: 10,
  message: 'That was a lot of changes at once. Wait a few seconds, then try again.',
});
/** What every board request answers when it fails. */
const answers = {
  rate: boardRate,
  invalid: 'That request was not understood.',
  failed: 'Something went wrong on our side. Please try again.',
  about: ({ boardId }: { boardId: string }) => ({ boardId }),
};

/**
 * Board events over socket.io. Every payload is treated as hostile: parsed with zod, checked against the workshop
 * role and lock read fresh from the database, answered through the acknowledgement, and refusals logged (never the
 * note's text).
 */
export function attachBoardSockets(deps: {
  io: AppSocketServer;
  boards: BoardsService;
  auth: AuthService;
  logger: Logger;
}): () => void {
  const { io, boards, auth } = deps;
  const logger = deps.logger.child({ component: 'boards' });
  /** Boards each connection follows: board id → session id. */
  const joined = new WeakMap<AppSocket, Map<string, string>>();
  const joinedBy = (socket: AppSocket) => {
    const boardsOf = joined.get(socket) ?? new Map<string, string>();
    joined.set(socket, boardsOf);
    return boardsOf;
  };

  async function contextOf(socket: AppSocket, boardId: string): Promise<BoardContext> {
    const sessionId = joinedBy(socket).get(boardId);
    const actor = await auth.actorForUser(socket.data.user.userId);
    if (!sessionId || !actor) {
      throw new Conflict('Open the board first.');
    }
    return boards.context(sessionId, boardId, actor);
  }

  const announceMine = async (socket: AppSocket, ctx: BoardContext) => {
    const userId = socket.data.user.userId;
    io.to(userRoom(userId)).emit('board.notes.mine', { boardId: ctx.board.id, noteIds: await boards.myNoteIds(ctx) });
  };

  const handlers = [
    defineHandler(
      'board.join',
      BoardJoinSchema,
      async ({ sessionId, boardId }, socket) => {
        const actor = await auth.actorForUser(socket.data.user.userId);
        if (!actor) {
          throw new NotFound('board');
        }
        const ctx = await boards.context(sessionId, boardId, actor);
        joinedBy(socket).set(boardId, sessionId);
        await socket.join(boardRoom(boardId));
        return { ok: true as const, ...(await boards.joinState(ctx)) };
      },
      answers,
    ),
    defineHandler(
      'board.leave',
      BoardLeaveSchema,
      ({ boardId }, socket) => {
        joinedBy(socket).delete(boardId);
        void socket.leave(boardRoom(boardId));
      },
      {},
    ),
    defineHandler(
      'board.note.create',
      NoteCreateSchema,
      async ({ boardId, text, anonymous }, socket) => {
        const ctx = await contextOf(socket, boardId);
        const noteId = await boards.createNote(ctx, socket.data.user.displayName, text, anonymous);
        await announceMine(socket, ctx);
        return { ok: true as const, noteId };
      },
      answers,
    ),
    defineHandler(
      'board.note.update',
      NoteUpdateSchema,
      async ({ boardId, noteId, text }, socket) => {
        await boards.updateNote(await contextOf(socket, boardId), noteId, text);
        return { ok: true as const };
      },
      answers,
    ),
    defineHandler(
      'board.note.delete',
      NoteDeleteSchema,
      async ({ boardId, noteId }, socket) => {
        const ctx = await contextOf(socket, boardId);
        const votes = await boards.deleteNote(ctx, noteId);
        await announceMine(socket, ctx);
        if (votes) {
          for (const { userId: voter, myVotes } of votes.returned) {
            io.to(userRoom(voter)).emit('board.votes.mine', { boardId, myVotes });
          }
          io.to(boardRoom(boardId)).emit('board.votes.progress', {
            boardId,
            voters: votes.voters,
            votesPerPerson: ctx.board.votesPerPerson,
          });
          if (votes.totals) {
            io.to(boardRoom(boardId)).emit('board.votes.revealed', { boardId, totals: votes.totals });
          }
        }
        return { ok: true as const };
      },
      answers,
    ),
    defineHandler(
      'board.vote',
      VoteSchema,
      async ({ boardId, targetId, change }, socket) => {
        const result = await boards.vote(await contextOf(socket, boardId), targetId, change);
        io.to(userRoom(socket.data.user.userId)).emit('board.votes.mine', { boardId, myVotes: result.myVotes });
        io.to(boardRoom(boardId)).emit('board.votes.progress', {
          boardId,
          voters: result.voters,
          votesPerPerson: result.votesPerPerson,
        });
        return { ok: true as const, myVotes: result.myVotes, remaining: result.remaining };
      },
      answers,
    ),
    defineHandler(
      'board.votes.reveal',
      VotesRevealSchema,
      async ({ boardId }, socket) => {
        const totals = await boards.reveal(await contextOf(socket, boardId));
        io.to(boardRoom(boardId)).emit('board.votes.revealed', { boardId, totals });
        return { ok: true as const };
      },
      answers,
    ),
    defineHandler(
      'board.votes.settings',
      VotesSettingsSchema,
      async ({ boardId, votesPerPerson }, socket) => {
        const progress = await boards.setVotesPerPerson(await contextOf(socket, boardId), votesPerPerson);
        io.to(boardRoom(boardId)).emit('board.votes.progress', { boardId, ...progress });
        return { ok: true as const };
      },
      answers,
    ),
  ];
  return attachHandlers(io, handlers, { logger, name: 'board' });
}
