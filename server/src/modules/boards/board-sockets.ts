import type { SessionServer, SessionSocket } from '@crosswalk/realtime';
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
import type { z } from 'zod';
import { Conflict, NotFound } from '../../errors/domain-errors.ts';
import { socketFailure } from '../../errors/socket-answers.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { BoardContext, BoardsService } from './boards.service.ts';

/** socket.io room of everyone following a board. */
export const boardRoom = (boardId: string) => `board:${boardId}`;
const userRoom = (userId: string) => `user:${userId}`;

type Failure = { ok: false; message: string };
const INVALID = 'That request was not understood.';
const TOO_FAST = 'That was a lot of changes at once. Wait a few seconds, then try again.';
const UNAVAILABLE = 'Something went wrong on our side. Please try again.';

/**
 * Board events over socket.io. Every payload is treated as hostile: parsed with zod, checked against the workshop
 * role and lock read fresh from the database, answered through the acknowledgement, and refusals logged (never the
 * note's text). Nothing here throws into socket.io.
 */
export function registerBoardSockets(deps: {
  io: SessionServer;
  boards: BoardsService;
  auth: AuthService;
  logger: Logger;
}): void {
  const { io, boards, auth } = deps;
  const logger = deps.logger.child({ component: 'boards' });

  io.on('connection', (socket: SessionSocket) => {
    /** Boards this connection follows: board id → session id. */
    const joined = new Map<string, string>();
    /** Times of recent requests, for rate limiting. */
    let recent: number[] = [];
    const userId = socket.data.user.userId;

    /** Runs one request: validate, find the person's context on the board, act, answer; refusals are logged. */
    function handle<S extends z.ZodType, R extends object>(
      event: string,
      schema: S,
      payload: unknown,
      ack: unknown,
      act: (request: z.infer<S>) => Promise<R>,
    ): void {
      const reply = (result: R | Failure) => {
        if (typeof ack === 'function') {
          (ack as (result: R | Failure) => void)(result);
        }
      };
      const now = Date.now();
      recent = recent.filter((t) => now - t < 10_000);
      if (recent.length >= BoardLimits.requestsPer10s) {
        logger.warn({ event, userId, reason: 'rate' }, 'board request refused');
        reply({ ok: false, message: TOO_FAST });
        return;
      }
      recent.push(now);
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        logger.warn({ event, userId, reason: 'invalid' }, 'board request refused');
        reply({ ok: false, message: INVALID });
        return;
      }
      act(parsed.data).then(reply, (error: unknown) => {
        const failure = socketFailure(error, UNAVAILABLE);
        if (failure.refused) {
          logger.warn({ event, userId, kind: failure.kind, reason: failure.message }, 'board request refused');
        } else {
          logger.error({ err: error, event, userId }, 'board request failed');
        }
        reply({ ok: false, message: failure.message });
      });
    }

    async function contextOf(boardId: string): Promise<BoardContext> {
      const sessionId = joined.get(boardId);
      const actor = await auth.actorForUser(userId);
      if (!sessionId || !actor) {
        throw new Conflict('Open the board first.');
      }
      return boards.context(sessionId, boardId, actor);
    }

    const announceMine = async (ctx: BoardContext) => {
      io.to(userRoom(userId)).emit('board.notes.mine', { boardId: ctx.board.id, noteIds: await boards.myNoteIds(ctx) });
    };

    socket.on('board.join', (payload, ack) => {
      handle('board.join', BoardJoinSchema, payload, ack, async ({ sessionId, boardId }) => {
        const actor = await auth.actorForUser(userId);
        if (!actor) {
          throw new NotFound('board');
        }
        const ctx = await boards.context(sessionId, boardId, actor);
        joined.set(boardId, sessionId);
        await socket.join(boardRoom(boardId));
        return { ok: true as const, ...(await boards.joinState(ctx)) };
      });
    });

    socket.on('board.leave', (payload) => {
      const parsed = BoardLeaveSchema.safeParse(payload);
      if (parsed.success) {
        joined.delete(parsed.data.boardId);
        void socket.leave(boardRoom(parsed.data.boardId));
      }
    });

    socket.on('board.note.create', (payload, ack) => {
      handle('board.note.create', NoteCreateSchema, payload, ack, async ({ boardId, text, anonymous }) => {
        const ctx = await contextOf(boardId);
        const noteId = await boards.createNote(ctx, socket.data.user.displayName, text, anonymous);
        await announceMine(ctx);
        return { ok: true as const, noteId };
      });
    });

    socket.on('board.note.update', (payload, ack) => {
      handle('board.note.update', NoteUpdateSchema, payload, ack, async ({ boardId, noteId, text }) => {
        await boards.updateNote(await contextOf(boardId), noteId, text);
        return { ok: true as const };
      });
    });

    socket.on('board.note.delete', (payload, ack) => {
      handle('board.note.delete', NoteDeleteSchema, payload, ack, async ({ boardId, noteId }) => {
        const ctx = await contextOf(boardId);
        const votes = await boards.deleteNote(ctx, noteId);
        await announceMine(ctx);
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
      });
    });

    socket.on('board.vote', (payload, ack) => {
      handle('board.vote', VoteSchema, payload, ack, async ({ boardId, targetId, change }) => {
        const result = await boards.vote(await contextOf(boardId), targetId, change);
        io.to(userRoom(userId)).emit('board.votes.mine', { boardId, myVotes: result.myVotes });
        io.to(boardRoom(boardId)).emit('board.votes.progress', {
          boardId,
          voters: result.voters,
          votesPerPerson: result.votesPerPerson,
        });
        return { ok: true as const, myVotes: result.myVotes, remaining: result.remaining };
      });
    });

    socket.on('board.votes.reveal', (payload, ack) => {
      handle('board.votes.reveal', VotesRevealSchema, payload, ack, async ({ boardId }) => {
        const totals = await boards.reveal(await contextOf(boardId));
        io.to(boardRoom(boardId)).emit('board.votes.revealed', { boardId, totals });
        return { ok: true as const };
      });
    });

    socket.on('board.votes.settings', (payload, ack) => {
      handle('board.votes.settings', VotesSettingsSchema, payload, ack, async ({ boardId, votesPerPerson }) => {
        const progress = await boards.setVotesPerPerson(await contextOf(boardId), votesPerPerson);
        io.to(boardRoom(boardId)).emit('board.votes.progress', { boardId, ...progress });
        return { ok: true as const };
      });
    });
  });
}
