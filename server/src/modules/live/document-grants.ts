import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CollabGrant } from '@crosswalk/realtime';
import { parseBoardDocumentName, parseDocumentName, type LiveDecision } from '@crosswalk/shared';
import type * as Y from 'yjs';
import type { Tickets } from './tickets.ts';

/** What the realtime server is told about a connection it may accept, always with the sign-in behind it. */
export type LiveDocumentGrant = CollabGrant & { signInId: string };

/** The live documents as this process's realtime server holds them, for services that change one themselves. */
export interface LiveDocuments {
  withDocument<T>(documentName: string, change: (doc: Y.Doc) => T): Promise<T>;
}

/** The service that owns one kind of live document decides, fresh from the database, who may do what with it. */
export interface DocumentOwner {
  /** Null if the person may not see the document's review (or the document does not exist). */
  documentAccessOf(userId: string, documentName: string): Promise<{ access: LiveDecision; displayName: string } | null>;
}

/** Caret and presence colours, all with at least 4.5:1 contrast against white. */
const COLOURS = ['#1d4e89', '#a3262a', '#1e6b3a', '#6b2d8c', '#8a4b00', '#005f73', '#8c1d5a', '#3d5a00'];

function colourFor(userId: string): string {
  const index = createHash('sha256').update(userId).digest()[0] ?? 0;
  return COLOURS[index % COLOURS.length] ?? '#1d4e89';
}

/** The review a live document belongs to, whichever kind it is (null if it is no live document's name). */
export function reviewOfDocument(documentName: string): string | null {
  return (parseDocumentName(documentName) ?? parseBoardDocumentName(documentName))?.reviewId ?? null;
}

/**
 * Who may hold a connection to a live document: the ticket (checked here, one format for every kind) proves who and
 * from which sign-in; the owning service (the enquiry document's or the boards') decides what, read fresh.
 */
export class DocumentGrants {
  readonly #tickets: Tickets;
  readonly #isSignInLive: (signInId: string) => Promise<boolean>;
  readonly #enquiry: DocumentOwner;
  readonly #boards: DocumentOwner;
  readonly #refused: (refusal: { userId: string; reviewId: string; request: IncomingMessage }) => Promise<void>;

  constructor(deps: {
    tickets: Tickets;
    isSignInLive: (signInId: string) => Promise<boolean>;
    enquiry: DocumentOwner;
    boards: DocumentOwner;
    /** Told of each refusal of a person the ticket proves (for the audit log); unproven tickets are not. */
    refused?: (refusal: { userId: string; reviewId: string; request: IncomingMessage }) => Promise<void>;
  }) {
    this.#tickets = deps.tickets;
    this.#isSignInLive = deps.isSignInLive;
    this.#enquiry = deps.enquiry;
    this.#boards = deps.boards;
    this.#refused = deps.refused ?? (() => Promise.resolve());
  }

  /**
   * Decides a `/collab/<name>?ticket=…` upgrade: null refuses it before any document byte is sent (also once the
   * ticket's sign-in has ended, however fresh the ticket).
   */
  async authorize(request: IncomingMessage, documentName: string): Promise<LiveDocumentGrant | null> {
    const ticket = new URL(request.url ?? '/', 'http://localhost').searchParams.get('ticket');
    const claims = this.#tickets.verify(ticket);
    const reviewId = reviewOfDocument(documentName);
    if (!claims || reviewId === null || reviewId !== claims.reviewId) {
      return null;
    }
    if (!(await this.#isSignInLive(claims.signInId))) {
      return null;
    }
    const decided = await this.#ownerOf(documentName).documentAccessOf(claims.userId, documentName);
    if (!decided || decided.access === 'none') {
      await this.#refused({ userId: claims.userId, reviewId, request });
      return null;
    }
    return {
      userId: claims.userId,
      displayName: decided.displayName,
      colour: colourFor(claims.userId),
      access: decided.access,
      signInId: claims.signInId,
    };
  }

  /** A person's access to a live document now, fresh from its owner (for re-deciding open connections). */
  async decide(userId: string, documentName: string): Promise<LiveDecision> {
    return (await this.#ownerOf(documentName).documentAccessOf(userId, documentName))?.access ?? 'none';
  }

  #ownerOf(documentName: string): DocumentOwner {
    return parseBoardDocumentName(documentName) ? this.#boards : this.#enquiry;
  }
}
