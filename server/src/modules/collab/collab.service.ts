import { createHash } from 'node:crypto';
import {
  DocumentPartArtefact,
  DocumentPartLabel,
  DocumentParts,
  documentName,
  parseDocumentName,
  reviewAccess,
  type Actor,
  type CollabAccess,
  type DocumentPart,
} from '@crosswalk/shared';
import { NotFound } from '../../errors/domain-errors.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import { TICKET_TTL_SECONDS, type Tickets } from './tickets.ts';

export type DocumentAccess = 'read' | 'write' | 'none';

/** What the realtime server is told about a connection it may accept. */
export interface CollabGrant {
  userId: string;
  displayName: string;
  colour: string;
  access: 'read' | 'write';
  /** The sign-in session the ticket was issued to: ending it closes the connection. */
  sessionId: string;
}

/** Caret and presence colours, all with at least 4.5:1 contrast against white. */
const COLOURS = ['#1d4e89', '#a3262a', '#1e6b3a', '#6b2d8c', '#8a4b00', '#005f73', '#8c1d5a', '#3d5a00'];

export function colourFor(userId: string): string {
  const index = createHash('sha256').update(userId).digest()[0] ?? 0;
  return COLOURS[index % COLOURS.length] ?? '#1d4e89';
}

function documentAccess(view: ReviewView, part: DocumentPart): DocumentAccess {
  const access = reviewAccess(view.access, DocumentPartArtefact[part]);
  return access === 'write' ? 'write' : access === 'read' || access === 'comment' ? 'read' : 'none';
}

/** Tickets and document-level access for the live enquiry document; every decision comes from shared/'s matrix. */
export class CollabService {
  readonly #reviews: ReviewsService;
  readonly #auth: AuthService;
  readonly #tickets: Tickets;
  constructor(deps: { reviews: ReviewsService; auth: AuthService; tickets: Tickets }) {
    this.#reviews = deps.reviews;
    this.#auth = deps.auth;
    this.#tickets = deps.tickets;
  }

  /**
   * `GET /api/reviews/:id/collab`: a ticket (bound to the caller's sign-in session `sessionId`) and the documents
   * this person may open (404 if the review is hidden).
   */
  async access(reviewId: string, actor: Actor, sessionId: string, wsBaseUrl: string): Promise<CollabAccess> {
    const view = await this.#reviews.view(reviewId, actor);
    const documents = DocumentParts.map((part) => ({ part, access: documentAccess(view, part) }))
      .filter((d): d is { part: DocumentPart; access: 'read' | 'write' } => d.access !== 'none')
      .map((d) => ({
        name: documentName(reviewId, d.part),
        section: d.part,
        label: DocumentPartLabel[d.part],
        access: d.access,
      }));
    return {
      url: wsBaseUrl,
      ticket: this.#tickets.issue(actor.userId, reviewId, sessionId),
      expiresIn: TICKET_TTL_SECONDS,
      documents,
    };
  }

  /**
   * Decides a `/collab/<name>?ticket=…` upgrade: null refuses it before any document byte is sent (also once the
   * ticket's sign-in session has ended, however fresh the ticket).
   */
  async authorize(ticket: string | null, name: string): Promise<CollabGrant | null> {
    const claims = this.#tickets.verify(ticket);
    const parsed = parseDocumentName(name);
    if (!claims || !parsed || parsed.reviewId !== claims.reviewId) {
      return null;
    }
    if (!(await this.#auth.isSessionLive(claims.sessionId))) {
      return null;
    }
    const access = await this.accessOf(claims.userId, parsed.reviewId, parsed.part);
    if (!access || access.access === 'none') {
      return null;
    }
    return {
      userId: claims.userId,
      displayName: access.displayName,
      colour: colourFor(claims.userId),
      access: access.access,
      sessionId: claims.sessionId,
    };
  }

  /** A person's current access to one document, read fresh from the database (null if they may not see the review). */
  async accessOf(
    userId: string,
    reviewId: string,
    part: DocumentPart,
  ): Promise<{ access: DocumentAccess; displayName: string } | null> {
    const actor = await this.#auth.actorForUser(userId);
    if (!actor) {
      return null;
    }
    try {
      const view = await this.#reviews.view(reviewId, actor);
      return { access: documentAccess(view, part), displayName: actor.displayName };
    } catch (error) {
      if (error instanceof NotFound) {
        return null;
      }
      throw error;
    }
  }
}
