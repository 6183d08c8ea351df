import { z } from './zod.ts';
import {
  CommentableFragments,
  CommentLimits,
  CommentRecordKinds,
  CommentRecordPart,
} from '../documents/comment-terms.ts';
import { DocumentParts, type DocumentPart } from '../realtime/documents.ts';

const Base64 = z
  .string()
  .min(4)
  .max(CommentLimits.positionMaxLength)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'Not an encoded position' });

/**
 * Where a thread is anchored: a passage of rich text (the fragment, Yjs relative positions of its start and end,
 * encoded with `Y.encodeRelativePosition` then base64, and the text quoted when the thread was started), or a record
 * by its id. Relative positions follow the text through everyone's edits.
 */
export const CommentAnchorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('passage'),
    field: z.string().min(1).max(100),
    start: Base64,
    end: Base64,
    quote: z.string().trim().min(1, { message: 'Select some text to comment on' }).max(CommentLimits.quoteMaxLength),
  }),
  z.strictObject({
    kind: z.literal('record'),
    record: z.enum(CommentRecordKinds),
    recordId: z.string().min(1).max(100),
    /** The label people saw (E04, F02, A01), kept to name the record in the panel. */
    label: z.string().trim().max(20).optional(),
  }),
]);
export type CommentAnchor = z.infer<typeof CommentAnchorSchema>;

const Body = z
  .string()
  .trim()
  .min(1, { message: 'Write a comment first' })
  .max(CommentLimits.bodyMaxLength, { message: `Keep a comment under ${CommentLimits.bodyMaxLength} characters` });

/** `POST /api/reviews/:id/comments`: who and when come from the server, never from the body. */
export const CommentThreadCreateSchema = z
  .strictObject({ part: z.enum(DocumentParts), anchor: CommentAnchorSchema, body: Body })
  .superRefine(({ part, anchor }, ctx) => {
    const fits =
      anchor.kind === 'passage'
        ? (CommentableFragments[part] ?? []).includes(anchor.field)
        : CommentRecordPart[anchor.record] === part;
    if (!fits) {
      ctx.addIssue({ code: 'custom', path: ['anchor'], message: 'That place is not in this part of the document' });
    }
  });
export type CommentThreadCreate = z.infer<typeof CommentThreadCreateSchema>;

/** `POST /api/reviews/:id/comments/:threadId/replies`. */
export const CommentReplySchema = z.strictObject({ body: Body });
export type CommentReply = z.infer<typeof CommentReplySchema>;

export interface CommentPerson {
  id: string;
  displayName: string;
}

export interface CommentView {
  id: string;
  author: CommentPerson;
  body: string;
  createdAt: string;
}

export interface CommentThreadView {
  id: string;
  part: DocumentPart;
  anchor: CommentAnchor;
  createdBy: CommentPerson;
  createdAt: string;
  resolvedBy: CommentPerson | null;
  resolvedAt: string | null;
  /** The first comment opens the thread; replies follow, oldest first. */
  comments: CommentView[];
  /** Whether I may resolve or reopen it. */
  canResolve: boolean;
}

/** `GET /api/reviews/:id/comments`: the threads on parts I may read, and on which parts I may comment now. */
export interface CommentList {
  threads: CommentThreadView[];
  parts: { part: DocumentPart; canComment: boolean; reason?: string }[];
}
