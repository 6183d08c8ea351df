import {
  DocumentPartArtefact,
  DocumentParts,
  atLeast,
  diffReadable,
  documentName,
  readableState,
  restoreVersion,
  reviewAccess,
  versionStageOf,
  type Actor,
  type DiffLine,
  type DocumentPart,
  type VersionStage,
} from '@crosswalk/shared';
import { encodeWholeDocument } from '@crosswalk/realtime';
import { NotFound, Refused, Unavailable } from '../../errors/domain-errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { VersionRow, VersionsRepository } from './versions.repository.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import { versionFingerprint } from './fingerprint.ts';

/** Who restored a version, as the origin of the restoring change. */
const RESTORE_ORIGIN = 'version-restore';

export interface VersionSummary {
  id: string;
  label: string;
  createdAt: string;
  createdBy: { id: string; displayName: string } | null;
  /** The stage of the review's story it was saved in (draft, factual check, agreed, published). */
  stage: VersionStage;
  /** SHA-256 of exactly what was saved (hex). */
  fingerprint: string;
}

/** `GET /api/reviews/:id/versions/compare`: one part of two versions, as readable lines with what changed. */
export interface VersionComparison {
  part: DocumentPart;
  from: VersionSummary;
  to: VersionSummary;
  lines: DiffLine[];
}

const LiveDocumentsUnavailable = () =>
  new Unavailable('Versions are not available on this server right now. Please try again shortly.');

/** Named versions of the enquiry document: save, list, view and restore (as a new change). */
export class VersionsService {
  readonly #reviews: ReviewsService;
  readonly #versions: VersionsRepository;
  readonly #audit: AuditRepository;
  #live: LiveDocuments | undefined;

  constructor(deps: { reviews: ReviewsService; versions: VersionsRepository; audit: AuditRepository }) {
    this.#reviews = deps.reviews;
    this.#versions = deps.versions;
    this.#audit = deps.audit;
  }

  /** Connects the live documents once the realtime server is mounted in this process. */
  attach(live: LiveDocuments | undefined): void {
    this.#live = live;
  }

  #canWriteSomePart(view: ReviewView): boolean {
    return DocumentParts.some((part) => reviewAccess(view.access, DocumentPartArtefact[part]) === 'write');
  }

  async list(reviewId: string, actor: Actor): Promise<VersionSummary[]> {
    const view = await this.#reviews.view(reviewId, actor);
    if (!DocumentParts.some((part) => atLeast(reviewAccess(view.access, DocumentPartArtefact[part]), 'read'))) {
      throw new Refused('Your role on this review does not include the enquiry document.');
    }
    return Promise.all((await this.#versions.list(reviewId)).map((row) => this.#summary(row)));
  }

  /** Saves every part as it is now under a name; anyone who writes some part of the document may. */
  async create(reviewId: string, actor: Actor, label: string): Promise<VersionSummary> {
    const view = await this.#reviews.view(reviewId, actor);
    if (!this.#canWriteSomePart(view)) {
      throw new Refused('Only people who write the enquiry document can name a version.');
    }
    return this.saveSnapshot(reviewId, label, actor.userId);
  }

  /**
   * Saves every part as it is now, without a permission check of its own: for callers that have decided
   * already (sign-off saves exactly what was signed). `userId` null: saved by Crosswalk itself. Without `stage`,
   * the stage comes from the review's state now.
   */
  async saveSnapshot(
    reviewId: string,
    label: string,
    userId: string | null,
    stage?: VersionStage,
  ): Promise<VersionSummary> {
    const live = this.#live;
    if (!live) {
      throw LiveDocumentsUnavailable();
    }
    const parts: { part: DocumentPart; state: Uint8Array }[] = [];
    for (const part of DocumentParts) {
      parts.push({
        part,
        state: await live.withDocument(documentName(reviewId, part), (doc) => encodeWholeDocument(doc)),
      });
    }
    const id = await this.#versions.create(
      reviewId,
      label,
      userId,
      parts,
      stage ?? (await this.#stageNow(reviewId)),
      versionFingerprint(parts),
    );
    const row = await this.#versions.find(reviewId, id);
    if (!row) {
      throw new Error('a version saved just now could not be read back');
    }
    return this.#summary(row);
  }

  /** A version's fingerprint, the one kept with it (everything that shows or prints one asks here). */
  async fingerprintOfVersion(versionId: string): Promise<string> {
    return this.fingerprintOf(versionId, (await this.#versions.storedFingerprint(versionId)) ?? null);
  }

  /** A version's fingerprint, computed and kept the first time for versions saved before fingerprints were. */
  async fingerprintOf(versionId: string, known: string | null): Promise<string> {
    if (known) {
      return known;
    }
    const fingerprint = versionFingerprint(await this.#versions.parts(versionId));
    await this.#versions.setFingerprint(versionId, fingerprint);
    return fingerprint;
  }

  async #summary(row: VersionRow): Promise<VersionSummary> {
    return summary(row, await this.fingerprintOf(row.id, row.fingerprint));
  }

  async #stageNow(reviewId: string): Promise<VersionStage> {
    const row = await this.#versions.reviewState(reviewId);
    return row ? versionStageOf(row.state, row.lastMain) : 'draft';
  }

  /** The difference in one part between two versions, for someone who may read that part. */
  async compare(
    reviewId: string,
    actor: Actor,
    query: { from: string; to: string; part: DocumentPart },
  ): Promise<VersionComparison> {
    const view = await this.#reviews.view(reviewId, actor);
    if (!atLeast(reviewAccess(view.access, DocumentPartArtefact[query.part]), 'read')) {
      throw new Refused('Your role on this review does not include this part of the enquiry document.');
    }
    const [from, to] = await Promise.all([
      this.#versions.find(reviewId, query.from),
      this.#versions.find(reviewId, query.to),
    ]);
    if (!from || !to) {
      throw new NotFound('version');
    }
    const [before, after] = await Promise.all([
      this.#versions.part(from.id, query.part),
      this.#versions.part(to.id, query.part),
    ]);
    const empty = new Uint8Array();
    return {
      part: query.part,
      from: await this.#summary(from),
      to: await this.#summary(to),
      lines: diffReadable(readableState(before ?? empty, query.part), readableState(after ?? empty, query.part)),
    };
  }

  /** A version's parts that this person may read, as Yjs updates (base64) for a read-only view. */
  async view(
    reviewId: string,
    versionId: string,
    actor: Actor,
  ): Promise<VersionSummary & { parts: { section: DocumentPart; state: string }[] }> {
    const view = await this.#reviews.view(reviewId, actor);
    const row = await this.#versions.find(reviewId, versionId);
    if (!row) {
      throw new NotFound('version');
    }
    const parts = (await this.#versions.parts(versionId)).filter(({ part }) =>
      atLeast(reviewAccess(view.access, DocumentPartArtefact[part]), 'read'),
    );
    // A saved version is the report as it stood then: reading it is reading the report.
    if (parts.length > 0) {
      await this.#audit.record({
        actorUserId: actor.userId,
        action: 'report.viewed',
        subjectId: reviewId,
        reviewId,
        detail: { versionId, parts: parts.map(({ part }) => part).join(',') },
      });
    }
    return {
      ...(await this.#summary(row)),
      parts: parts.map(({ part, state }) => ({ section: part, state: Buffer.from(state).toString('base64') })),
    };
  }

  /** Restores the parts this person may write, each as one new change that every open editor receives. */
  async restore(reviewId: string, versionId: string, actor: Actor): Promise<{ restored: DocumentPart[] }> {
    const view = await this.#reviews.view(reviewId, actor);
    const row = await this.#versions.find(reviewId, versionId);
    if (!row) {
      throw new NotFound('version');
    }
    const writable = (await this.#versions.parts(versionId)).filter(
      ({ part }) => reviewAccess(view.access, DocumentPartArtefact[part]) === 'write',
    );
    if (writable.length === 0) {
      throw new Refused('You cannot change any part of this version now.');
    }
    const live = this.#live;
    if (!live) {
      throw LiveDocumentsUnavailable();
    }
    for (const { part, state } of writable) {
      await live.withDocument(documentName(reviewId, part), (doc) => {
        restoreVersion(doc, part, state, RESTORE_ORIGIN);
      });
    }
    return { restored: writable.map((p) => p.part) };
  }
}

function summary(row: VersionRow, fingerprint: string): VersionSummary {
  return {
    fingerprint,
    id: row.id,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById ? { id: row.createdById, displayName: row.createdByName ?? '' } : null,
    stage: row.stage,
  };
}
