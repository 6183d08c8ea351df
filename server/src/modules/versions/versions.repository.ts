import type { DocumentPart, ReviewState, VersionStage } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

export interface VersionRow {
  id: string;
  label: string;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
  stage: VersionStage;
  /** SHA-256 of the parts (hex); null for versions saved before fingerprints were kept, until first read. */
  fingerprint: string | null;
}

export class VersionsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async create(
    reviewId: string,
    label: string,
    createdBy: string | null,
    parts: { part: DocumentPart; state: Uint8Array }[],
    stage: VersionStage,
    fingerprint: string,
  ): Promise<string> {
    return this.#sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into document_versions (review_id, label, created_by, stage, fingerprint)
        values (${reviewId}, ${label}, ${createdBy}, ${stage}, ${fingerprint}) returning id`;
      if (!row) {
        throw new Error('insert into document_versions returned no row');
      }
      for (const { part, state } of parts) {
        await tx`insert into document_version_parts (version_id, part, state) values (${row.id}, ${part}, ${state})`;
      }
      return row.id;
    });
  }

  async list(reviewId: string): Promise<VersionRow[]> {
    return this.#sql<VersionRow[]>`
      select v.id, v.label, v.created_at, v.created_by as created_by_id, u.display_name as created_by_name, v.stage,
        v.fingerprint
      from document_versions v left join users u on u.id = v.created_by
      where v.review_id = ${reviewId} order by v.created_at desc, v.id`;
  }

  async find(reviewId: string, versionId: string): Promise<VersionRow | undefined> {
    const [row] = await this.#sql<VersionRow[]>`
      select v.id, v.label, v.created_at, v.created_by as created_by_id, u.display_name as created_by_name, v.stage,
        v.fingerprint
      from document_versions v left join users u on u.id = v.created_by
      where v.review_id = ${reviewId} and v.id = ${versionId}`;
    return row;
  }

  /** The review's state now, and the last state of the main sequence it reached (what a pause interrupted). */
  async reviewState(reviewId: string): Promise<{ state: ReviewState; lastMain: ReviewState | null } | undefined> {
    const [row] = await this.#sql<{ state: ReviewState; lastMain: ReviewState | null }[]>`
      select r.state, (
        select t.to_state from review_transitions t
        where t.review_id = r.id and t.to_state not in ('paused', 'cancelled')
        order by t.id desc limit 1
      ) as last_main
      from reviews r where r.id = ${reviewId}`;
    return row;
  }

  /** One part of a version, or undefined when the version holds no such part. */
  async part(versionId: string, part: DocumentPart): Promise<Uint8Array | undefined> {
    const [row] = await this.#sql<{ state: Uint8Array }[]>`
      select state from document_version_parts where version_id = ${versionId} and part = ${part}`;
    return row?.state;
  }

  /** The fingerprint kept for a version: null until first read for old versions, undefined for no such version. */
  async storedFingerprint(versionId: string): Promise<string | null | undefined> {
    const [row] = await this.#sql<{ fingerprint: string | null }[]>`
      select fingerprint from document_versions where id = ${versionId}`;
    return row ? row.fingerprint : undefined;
  }

  /** Keeps the fingerprint of a version saved before fingerprints were (it never changes once set). */
  async setFingerprint(versionId: string, fingerprint: string): Promise<void> {
    await this
      .#sql`update document_versions set fingerprint = ${fingerprint} where id = ${versionId} and fingerprint is null`;
  }

  async parts(versionId: string): Promise<{ part: DocumentPart; state: Uint8Array }[]> {
    return this.#sql<{ part: DocumentPart; state: Uint8Array }[]>`
      select part, state from document_version_parts where version_id = ${versionId} order by part`;
  }
}
