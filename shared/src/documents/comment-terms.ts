import { ContextSections, WorkshopSections } from './enquiry.ts';
import type { DocumentPart } from '../realtime/documents.ts';

/** Limits on comments that the browser and the server both enforce. */
export const CommentLimits = {
  bodyMaxLength: 2000,
  /** The passage quoted when the thread was started, shortened by the browser to this many characters. */
  quoteMaxLength: 300,
  /** A Yjs relative position, base64-encoded: a few dozen bytes in practice. */
  positionMaxLength: 400,
  /** Threads a review may hold; a guard against a runaway client, far above any real review. */
  threadsPerReview: 2000,
  repliesPerThread: 200,
} as const;

/** The rich-text fields (Y.XmlFragment names) a passage may be quoted from, part by part. */
export const CommentableFragments: Partial<Record<DocumentPart, readonly string[]>> = {
  context: ContextSections.map((s) => `context.${s}`),
  workshop: WorkshopSections.map((s) => `workshop.${s}`),
};

/** The records a thread may be attached to, and the part each lives in. */
export const CommentRecordKinds = ['evidence', 'finding', 'action'] as const;
export type CommentRecordKind = (typeof CommentRecordKinds)[number];
export const CommentRecordPart: Record<CommentRecordKind, DocumentPart> = {
  evidence: 'evidence',
  finding: 'findings',
  action: 'actions',
};
