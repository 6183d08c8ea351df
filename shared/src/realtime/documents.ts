import type { ReviewArtefact } from '../permissions/reviews.ts';

/**
 * The enquiry document (docs/domain.md c) is split into several Yjs documents, one per part whose access or
 * lifecycle lock differs, so the server can enforce each separately. The approved enquiry focus and the
 * timetable live in the review record itself (REST), and the editor shows them alongside.
 */
export const DocumentParts = ['context', 'evidence', 'findings', 'workshop', 'actions'] as const;
export type DocumentPart = (typeof DocumentParts)[number];

/** Which permission-matrix artefact governs each part. */
export const DocumentPartArtefact: Record<DocumentPart, ReviewArtefact> = {
  context: 'self_review',
  evidence: 'evidence_log',
  findings: 'findings',
  workshop: 'workshop',
  actions: 'action_plan',
};

/** What each part holds, in the words of the enquiry document's sections. */
export const DocumentPartLabel: Record<DocumentPart, string> = {
  context: 'Context and self-review',
  evidence: 'Evidence log and emerging themes',
  findings: 'Findings, feedback and sign-off',
  workshop: 'Improvement workshop record',
  actions: 'Action plan and impact review',
};

/** `<reviewId>.<part>`: URL-safe, and tells the server which review and part a connection wants. */
export function documentName(reviewId: string, part: DocumentPart): string {
  return `${reviewId}.${part}`;
}

const NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([a-z]+)$/;

export function parseDocumentName(name: string): { reviewId: string; part: DocumentPart } | null {
  const match = NAME.exec(name);
  const part = match?.[2] as DocumentPart | undefined;
  if (!match?.[1] || !part || !(DocumentParts as readonly string[]).includes(part)) {
    return null;
  }
  return { reviewId: match[1], part };
}

/** What a person may do with a live document they may open (enquiry document parts and workshop boards alike). */
export type LiveAccess = 'read' | 'write';

/** A fresh decision about a live document: `none` refuses (or closes) the connection. */
export type LiveDecision = LiveAccess | 'none';

/** What `GET /api/reviews/:id/collab` answers (stable contract). */
export interface CollabTicketAnswer {
  /** WebSocket base URL; connect to `${url}/${name}?ticket=${ticket}`. */
  url: string;
  ticket: string;
  /** Seconds until the ticket expires; fetch a new one to reconnect after that. */
  expiresIn: number;
  documents: { name: string; section: DocumentPart; label: string; access: LiveAccess }[];
}

/**
 * Workshop boards are live documents too, authorised by the workshop role (shared/src/permissions/workshops.ts),
 * never by the enquiry document's matrix: `<reviewId>.board.<boardId>.notes` (written by the server only) and
 * `<reviewId>.board.<boardId>.layout` (clusters and grid, written by participants). `parseDocumentName` does not
 * accept these names, so nothing that handles enquiry parts mistakes a board for one.
 */
export const BoardDocumentKinds = ['notes', 'layout'] as const;
export type BoardDocumentKind = (typeof BoardDocumentKinds)[number];

export function boardDocumentName(reviewId: string, boardId: string, kind: BoardDocumentKind): string {
  return `${reviewId}.board.${boardId}.${kind}`;
}

const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const BOARD_NAME = new RegExp(`^(${UUID_PATTERN})\\.board\\.(${UUID_PATTERN})\\.(notes|layout)$`);

export function parseBoardDocumentName(
  name: string,
): { reviewId: string; boardId: string; kind: BoardDocumentKind } | null {
  const match = BOARD_NAME.exec(name);
  if (!match?.[1] || !match[2] || !match[3]) {
    return null;
  }
  return { reviewId: match[1], boardId: match[2], kind: match[3] as BoardDocumentKind };
}
