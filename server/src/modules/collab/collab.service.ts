import type { LiveDecision } from '@crosswalk/shared';
import {
  DocumentPartArtefact,
  DocumentPartLabel,
  DocumentParts,
  documentName,
  parseDocumentName,
  reviewAccess,
  type Actor,
  type CollabTicketAnswer,
  type DocumentPart,
} from '@crosswalk/shared';
import { NotFound } from '../../errors/domain-errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { DocumentOwner } from '../live/document-grants.ts';
import type { Tickets } from '../live/tickets.ts';

/** Tickets asked for within this long of a recorded view are the same visit to the report. */
const REPORT_VISIT_MINUTES = 30;

function documentAccess(view: ReviewView, part: DocumentPart): LiveDecision {
  const access = reviewAccess(view.access, DocumentPartArtefact[part]);
  return access === 'write' ? 'write' : access === 'read' || access === 'comment' ? 'read' : 'none';
}

/** Who may open which part of the live enquiry document; every decision comes from shared/'s matrix. */
export class CollabService implements DocumentOwner {
  readonly #reviews: ReviewsService;
  readonly #auth: AuthService;
  readonly #tickets: Tickets;
  readonly #audit: AuditRepository;
  constructor(deps: { reviews: ReviewsService; auth: AuthService; tickets: Tickets; audit: AuditRepository }) {
    this.#reviews = deps.reviews;
    this.#auth = deps.auth;
    this.#tickets = deps.tickets;
    this.#audit = deps.audit;
  }

  /**
   * `GET /api/reviews/:id/collab`: a ticket (bound to the caller's sign-in session `sessionId`) and the documents
   * this person may open (404 if the review is hidden).
   */
  async access(reviewId: string, actor: Actor, sessionId: string, wsBaseUrl: string): Promise<CollabTicketAnswer> {
    const view = await this.#reviews.view(reviewId, actor);
    const documents = DocumentParts.map((part) => ({ part, access: documentAccess(view, part) }))
      .filter((d): d is { part: DocumentPart; access: 'read' | 'write' } => d.access !== 'none')
      .map((d) => ({
        name: documentName(reviewId, d.part),
        section: d.part,
        label: DocumentPartLabel[d.part],
        access: d.access,
      }));
    // Opening the document is reading the review's report (in the making, or agreed): one entry per visit, however
    // many fresh tickets the page asks for while it stays open.
    if (documents.length > 0) {
      await this.#audit.recordVisit(
        {
          actorUserId: actor.userId,
          action: 'report.viewed',
          subjectId: reviewId,
          reviewId,
          detail: { parts: documents.map((d) => d.section).join(',') },
        },
        REPORT_VISIT_MINUTES,
      );
    }
    return {
      url: wsBaseUrl,
      ...this.#tickets.mint(actor.userId, reviewId, sessionId),
      documents,
    };
  }

  /**
   * A person's current access to one part of the enquiry document, read fresh from the database (null if they may
   * not see the review, or the name is no such part).
   */
  async documentAccessOf(userId: string, name: string): Promise<{ access: LiveDecision; displayName: string } | null> {
    const parsed = parseDocumentName(name);
    const actor = parsed ? await this.#auth.actorForUser(userId) : null;
    if (!parsed || !actor) {
      return null;
    }
    try {
      const view = await this.#reviews.view(parsed.reviewId, actor);
      return { access: documentAccess(view, parsed.part), displayName: actor.displayName };
    } catch (error) {
      if (error instanceof NotFound) {
        return null;
      }
      throw error;
    }
  }
}
