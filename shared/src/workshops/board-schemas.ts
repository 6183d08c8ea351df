import { z } from '../schemas/zod.ts';
import type { LiveAccess } from '../realtime/documents.ts';
import { BoardLimits } from './board.ts';

/** zod schemas of every board request a browser sends (socket.io and REST); the server parses each one. */

const id = z.uuid();
const noteText = z
  .string()
  .trim()
  .min(1, { message: 'Write something on the note' })
  .max(BoardLimits.noteMaxLength, { message: `Keep notes to ${BoardLimits.noteMaxLength} characters` });

export const BoardJoinSchema = z.strictObject({ sessionId: id, boardId: id });
export const BoardLeaveSchema = z.strictObject({ boardId: id });
export const NoteCreateSchema = z.strictObject({ boardId: id, text: noteText, anonymous: z.boolean() });
export const NoteUpdateSchema = z.strictObject({ boardId: id, noteId: id, text: noteText });
export const NoteDeleteSchema = z.strictObject({ boardId: id, noteId: id });
export const VoteSchema = z.strictObject({ boardId: id, targetId: id, change: z.union([z.literal(1), z.literal(-1)]) });
export const VotesRevealSchema = z.strictObject({ boardId: id });
export const VotesSettingsSchema = z.strictObject({
  boardId: id,
  votesPerPerson: z.int().min(BoardLimits.minVotesPerPerson).max(BoardLimits.maxVotesPerPerson),
});

const isoDate = z.union([z.literal(''), z.iso.date({ message: 'Use a date like 2026-01-31' })]);
const longText = (max: number) => z.string().trim().max(max);

/** `POST /api/sessions/:id/workshop/boards/:boardId/actions`: a cluster becomes a row of the action plan. */
export const ActionDraftSchema = z
  .strictObject({
    clusterId: id,
    action: z.string().trim().min(1, { message: 'Say what the action is' }).max(1000),
    ownerRole: z.string().trim().min(1, { message: 'Name the owner by role, e.g. “Maths lead”' }).max(120),
    startsOn: isoDate.default(''),
    dueOn: isoDate.default(''),
    successCriteria: longText(1000).default(''),
    support: longText(1000).default(''),
  })
  .refine((draft) => !draft.startsOn || !draft.dueOn || draft.startsOn <= draft.dueOn, {
    message: 'The due date must be on or after the start date',
    path: ['dueOn'],
  });
export type ActionDraft = z.infer<typeof ActionDraftSchema>;

/** `GET /api/sessions/:id/workshop/boards`: the boards of a workshop and how to open their live documents. */
export interface WorkshopBoardsAnswer {
  sessionId: string;
  reviewId: string;
  role: 'facilitator' | 'participant' | 'observer';
  locked: boolean;
  /** WebSocket base URL and ticket, as in `GET /api/reviews/:id/collab`. */
  url: string;
  ticket: string;
  expiresIn: number;
  boards: WorkshopBoardSummary[];
}

export interface WorkshopBoardSummary {
  id: string;
  title: string;
  votesPerPerson: number;
  votesRevealed: boolean;
  breakoutGroupId: string | null;
  documents: { notes: BoardDocumentAccess; layout: BoardDocumentAccess };
}

export interface BoardDocumentAccess {
  name: string;
  access: LiveAccess;
}
