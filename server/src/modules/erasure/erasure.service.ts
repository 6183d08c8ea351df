import { createPostgresStore, loadUpdates, type CollabServer, type DocumentStore } from '@crosswalk/realtime';
import {
  DocumentParts,
  boardDocumentName,
  canSetErasurePolicy,
  decideErasure,
  parseDocumentName,
  type Actor,
  type DocumentPart,
  type ErasurePolicyAnswer,
  type ErasureOutcome,
  type ErasureTextPolicy,
} from '@crosswalk/shared';
import * as Y from 'yjs';
import type { Sql } from '../../db/client.ts';
import { Invalid, NotFound, Refused, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { reviewOfDocument } from '../live/document-grants.ts';
import { versionFingerprint } from '../versions/fingerprint.ts';
import { eraseAuthoredItems, eraseBoardNote, holdsItemsOf, type ItemErasure } from './authored-items.ts';
import { authoredDocumentText, type AuthoredDocumentText } from './authored-text.ts';
import type { CollabAuthors } from './collab-authors.ts';
import type { ErasureRepository } from './erasure.repository.ts';

/** Runs of someone's characters shorter than this are not looked for in copies: they could be anyone's words. */
const COPY_MIN = 12;

/** What erasure needs of this process's live-document server, when it has one. */
export type ErasureLive = Pick<CollabServer, 'withDocument' | 'connections' | 'setAccess'>;

export interface ErasureServiceDeps {
  sql: Sql;
  erasure: ErasureRepository;
  authors: CollabAuthors;
  audit: AuditRepository;
  auth: AuthService;
  logger: Logger;
  /** Where live documents are stored (the same tables the live-document server uses). @default PostgreSQL */
  store?: DocumentStore;
}

/**
 * Erasure of a person under UK GDPR (docs/data-protection.md, "Erasure"): their account, their words in the live
 * documents (through the live-document server, then in storage and in named versions), their words elsewhere
 * under each school's policy, and their name everywhere. Each step can be run again: an erasure that stopped half
 * way (a database failure) is finished by asking again, since the account is marked erased only at the end.
 */
export class ErasureService {
  readonly #deps: ErasureServiceDeps;
  readonly #store: DocumentStore;
  #live: ErasureLive | undefined;

  constructor(deps: ErasureServiceDeps) {
    this.#deps = deps;
    this.#store = deps.store ?? createPostgresStore(deps.sql);
  }

  /** Connects this process's live-document server once it is mounted. */
  attach(live: ErasureLive | undefined): void {
    this.#live = live;
  }

  /** `POST /api/admin/people/:id/erase`. */
  async erase(userId: string, actor: Actor, confirmEmail: string): Promise<ErasureOutcome> {
    const { sql, erasure, authors, audit, auth, logger } = this.#deps;
    const account = await erasure.account(userId);
    const decision = decideErasure(actor, { userId, erased: (account?.erasedAt ?? null) !== null });
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    if (!account) {
      throw new NotFound('person');
    }
    if (confirmEmail !== account.email) {
      throw new Invalid('Type the person’s email address exactly as it is shown, to confirm.', [
        { path: 'confirmEmail', message: 'This is not the person’s email address.' },
      ]);
    }
    // First nobody may act as them any more: the account is off and every sign-in and connection ends, on every
    // process (the same path as switching an account off), so nothing they type can arrive while we erase.
    await sql.begin((tx) => erasure.switchOff(userId, tx));
    await auth.endSignInsOf(userId, 'account_disabled');
    this.#closeConnectionsHere(userId);

    const documents = await authors.documentsOf(userId);
    const notes = await erasure.boardNotesOf(userId);
    const policies = await erasure.reviewPolicies([
      ...documents.map((d) => reviewOfDocument(d.name)).filter((id): id is string => id !== null),
      ...notes.map((n) => n.reviewId),
    ]);
    const policyOf = (reviewId: string | null): ErasureTextPolicy =>
      (reviewId === null ? undefined : policies.get(reviewId)) ?? 'replace';
    const names = [account.displayName];
    // What their items hold before they go, to find the copies other records made of it (long enough runs only:
    // a word or two could be anyone's).
    const copies = new Map<string, string[]>();
    for (const { reviewId, runs } of await this.authoredDocumentText(userId)) {
      if (reviewId !== null && policyOf(reviewId) !== 'keep') {
        copies.set(reviewId, [...(copies.get(reviewId) ?? []), ...runs.filter((run) => run.trim().length >= COPY_MIN)]);
      }
    }

    for (const { name, clientIds } of documents) {
      await this.#eraseDocument(name, { clients: new Set(clientIds), policy: policyOf(reviewOfDocument(name)), names });
    }
    const versions = await this.#redactVersions(documents, policyOf, names);
    await this.#eraseBoardNotes(notes, policyOf);

    const texts = await sql.begin(async (tx) => {
      const locked = await erasure.lockAccount(userId, tx);
      if (!locked || locked.erasedAt) {
        throw new NotFound('person');
      }
      let changed = await erasure.eraseTexts(userId, tx);
      for (const [reviewId, runs] of copies) {
        changed += await erasure.eraseCopies(reviewId, runs, tx);
      }
      await authors.forget(userId, tx);
      await erasure.scrubAccount(locked, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'account.erased',
          subjectId: userId,
          detail: { documents: documents.length, versions, texts: changed, boardNotes: notes.length },
        },
        tx,
      );
      return changed;
    });
    logger.info({ userId, documents: documents.length, versions, texts }, 'account erased');
    return { userId, documents: documents.length, versions, texts };
  }

  /** Per live document, what the person's items hold now (for the subject-access export). */
  authoredDocumentText(userId: string): Promise<AuthoredDocumentText[]> {
    return authoredDocumentText({ authors: this.#deps.authors, store: this.#store, live: this.#live }, userId);
  }

  /** `GET /api/schools/:id/erasure-policy`: for the school's staff and administrators. */
  async policy(schoolId: string, actor: Actor): Promise<ErasurePolicyAnswer> {
    const textPolicy = await this.#deps.erasure.schoolPolicy(schoolId);
    if (textPolicy === undefined || !(actor.isAdmin || actor.schools.some((s) => s.schoolId === schoolId))) {
      throw new NotFound('school');
    }
    return { textPolicy, canChange: canSetErasurePolicy(actor, schoolId) };
  }

  /** `PUT /api/schools/:id/erasure-policy`: the school's headteachers only. */
  async setPolicy(schoolId: string, actor: Actor, textPolicy: ErasureTextPolicy): Promise<ErasurePolicyAnswer> {
    const { sql, erasure, audit, logger } = this.#deps;
    const current = await this.policy(schoolId, actor);
    if (!current.canChange) {
      throw new Refused('Only the school’s headteacher can choose what happens to an erased person’s words.');
    }
    await sql.begin(async (tx) => {
      await erasure.setSchoolPolicy(schoolId, textPolicy, actor.userId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'school.erasure_policy_changed',
          subjectId: schoolId,
          detail: { from: current.textPolicy, to: textPolicy },
        },
        tx,
      );
    });
    logger.info({ schoolId, textPolicy }, 'erasure policy changed');
    return { textPolicy, canChange: true };
  }

  /** Closes this process's live connections of the person at once (other processes hear of the ended sign-ins). */
  #closeConnectionsHere(userId: string): void {
    const live = this.#live;
    if (!live) {
      return;
    }
    for (const connection of [...live.connections()]) {
      if (connection.userId === userId) {
        live.setAccess(connection, 'none');
      }
    }
  }

  /**
   * Erases the person's items from one live document: through the live-document server (loading it if need be),
   * so connected editors receive the deletion and nothing in memory writes the text back; then storage is
   * rewritten from a garbage-collected document, so neither the snapshot nor the update log (which catch-up also
   * reads) holds the text, and quarantined parts holding their items are dropped.
   */
  async #eraseDocument(name: string, erasure: ItemErasure): Promise<void> {
    if (this.#live) {
      await this.#live.withDocument(name, (doc) => eraseAuthoredItems(doc, erasure));
    }
    await this.#store.rewrite(
      name,
      (parts) => rewritten(parts, (doc) => eraseAuthoredItems(doc, erasure)),
      (data) => erasure.policy !== 'keep' && holdsItemsOf(data, erasure.clients),
    );
  }

  /** Named versions of the parts the person wrote in: each state loaded, their items erased, re-encoded. */
  async #redactVersions(
    documents: readonly { name: string; clientIds: number[] }[],
    policyOf: (reviewId: string | null) => ErasureTextPolicy,
    names: readonly string[],
  ): Promise<number> {
    const { sql, erasure } = this.#deps;
    const changed = new Set<string>();
    for (const { name, clientIds } of documents) {
      const parsed = parseDocumentName(name);
      if (!parsed) {
        continue;
      }
      const itemErasure: ItemErasure = { clients: new Set(clientIds), policy: policyOf(parsed.reviewId), names };
      for (const { versionId, state } of await erasure.versionParts(parsed.reviewId, parsed.part)) {
        let count = 0;
        const redacted = rewritten([state], (doc) => {
          count = eraseAuthoredItems(doc, itemErasure);
        });
        if (count > 0) {
          await sql.begin((tx) => erasure.replaceVersionPart(versionId, parsed.part, redacted, tx));
          changed.add(versionId);
        }
      }
    }
    for (const versionId of changed) {
      await sql.begin(async (tx) => {
        const parts = await erasure.versionPartsOf(versionId, tx);
        const known = parts.filter((p): p is { part: DocumentPart; state: Uint8Array } =>
          (DocumentParts as readonly string[]).includes(p.part),
        );
        await erasure.setVersionFingerprint(versionId, versionFingerprint(known), tx);
      });
    }
    return changed.size;
  }

  /** Board notes are written by the server under its own client id: found by their author record instead. */
  async #eraseBoardNotes(
    notes: readonly { noteId: string; boardId: string; reviewId: string }[],
    policyOf: (reviewId: string | null) => ErasureTextPolicy,
  ): Promise<void> {
    const byBoard = new Map<string, { reviewId: string; noteIds: string[] }>();
    for (const note of notes) {
      const board = byBoard.get(note.boardId) ?? { reviewId: note.reviewId, noteIds: [] };
      board.noteIds.push(note.noteId);
      byBoard.set(note.boardId, board);
    }
    for (const [boardId, { reviewId, noteIds }] of byBoard) {
      const name = boardDocumentName(reviewId, boardId, 'notes');
      const policy = policyOf(reviewId);
      const change = (doc: Y.Doc) => {
        for (const noteId of noteIds) {
          eraseBoardNote(doc, noteId, policy);
        }
      };
      if (this.#live) {
        await this.#live.withDocument(name, change);
      }
      await this.#store.rewrite(
        name,
        (parts) => rewritten(parts, change),
        () => false,
      );
    }
  }
}

/** A garbage-collecting document built from stored updates, changed, and encoded again (no deleted content). */
function rewritten(parts: readonly Uint8Array[], change: (doc: Y.Doc) => unknown): Uint8Array {
  const { doc } = loadUpdates(parts);
  try {
    change(doc);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
