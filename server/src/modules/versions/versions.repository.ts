import type { DocumentPart } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

export interface VersionRow {
  id: string;
  label: string;
  createdAt: Date;
  createdById: string | null;
  createdByName: string | null;
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
    createdBy: string,
    parts: { part: DocumentPart; state: Uint8Array }[],
    fingerprint: string,
  ): Promise<string> {
    return this.#sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        insert into document_versions (review_id, label, created_by, fingerprint)
        values (${reviewId}, ${label}, ${createdBy}, ${fingerprint}) returning id`;
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
      select v.id, v.label, v.created_at, v.created_by as created_by_id, u.display_name as created_by_name, v.fingerprint
      from document_versions v left join users u on u.id = v.created_by
      where v.review_id = ${reviewId} order by v.created_at desc`;
  }

  async find(reviewId: string, versionId: string): Promise<VersionRow | undefined> {
    const [row] = await this.#sql<VersionRow[]>`
      select v.id, v.label, v.created_at, v.created_by as created_by_id, u.display_name as created_by_name, v.fingerprint
      from document_versions v left join users u on u.id = v.created_by
      where v.review_id = ${reviewId} and v.id = ${versionId}`;
    return row;
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
