import type { Sql, TransactionSql } from 'postgres';
import {
  EMPTY_UPDATE,
  type CompactionResult,
  type DocumentStore,
  type StoredDocument,
  type UpdateEntry,
} from './document-store.ts';

/** Rows per INSERT statement: two parameters each, far below PostgreSQL's 65,535-parameter limit. */
const ROWS_PER_INSERT = 1000;
/** Bytes of update data per INSERT statement, so one statement stays a reasonable size on the wire. */
const BYTES_PER_INSERT = 8 * 1024 * 1024;

/**
 * The `DocumentStore` on PostgreSQL (tables from migration `0004_collab_documents.sql`): one `collab_documents`
 * row per compacted document and one `collab_updates` row per logged update, ordered by a bigserial.
 *
 * Works on the embedded PGlite too: plain portable SQL, no LISTEN, no COPY, no extra connections. Column names
 * are single words so the result is the same whether or not the `sql` instance transforms names to camelCase.
 */
export function createPostgresStore(sql: Sql): DocumentStore {
  return {
    async load(name: string): Promise<StoredDocument> {
      // One statement, so a compaction committing in between cannot make us miss or double anything.
      const rows = await sql<{ kind: string; data: Uint8Array }[]>`
        select 'snapshot' as kind, snapshot as data, 0::bigint as seq from collab_documents where name = ${name}
        union all
        select 'update' as kind, data, seq from collab_updates where name = ${name}
        order by seq`;
      let snapshot: Uint8Array | null = null;
      const updates: Uint8Array[] = [];
      for (const row of rows) {
        if (row.kind === 'snapshot') {
          snapshot = row.data;
        } else {
          updates.push(row.data);
        }
      }
      return { snapshot, updates };
    },

    async appendBatch(entries: readonly UpdateEntry[]): Promise<void> {
      const chunks = chunk(entries);
      if (chunks.length === 1 && chunks[0]) {
        await insert(sql, chunks[0]);
      } else if (chunks.length > 1) {
        await sql.begin(async (tx) => {
          for (const rows of chunks) {
            await insert(tx, rows);
          }
        });
      }
    },

    async compact(name: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<CompactionResult> {
      return sql.begin(async (tx) => {
        // The snapshot row is the per-document lock: a second compaction waits here, then sees our result.
        await tx`insert into collab_documents (name, snapshot) values (${name}, ${EMPTY_UPDATE})
          on conflict (name) do nothing`;
        const [current] = await tx<{ snapshot: Uint8Array }[]>`
          select snapshot from collab_documents where name = ${name} for update`;
        // Deleting and reading in one statement merges exactly the rows removed; rows committed later stay.
        const logged = await tx<{ seq: string; data: Uint8Array }[]>`
          delete from collab_updates where name = ${name} returning seq, data`;
        if (logged.length === 0) {
          return { mergedUpdates: 0, snapshotBytes: current?.snapshot.byteLength ?? 0 };
        }
        logged.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
        const snapshot = merge([current?.snapshot ?? EMPTY_UPDATE, ...logged.map((row) => row.data)]);
        await tx`update collab_documents set snapshot = ${snapshot}, updated_at = now() where name = ${name}`;
        return { mergedUpdates: logged.length, snapshotBytes: snapshot.byteLength };
      });
    },

    async destroy(name: string): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`delete from collab_updates where name = ${name}`;
        await tx`delete from collab_documents where name = ${name}`;
      });
    },
  };
}

function chunk(entries: readonly UpdateEntry[]): UpdateEntry[][] {
  const chunks: UpdateEntry[][] = [];
  let current: UpdateEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (
      current.length > 0 &&
      (current.length >= ROWS_PER_INSERT || bytes + entry.update.byteLength > BYTES_PER_INSERT)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.update.byteLength;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}

async function insert(sql: Sql | TransactionSql, rows: UpdateEntry[]): Promise<void> {
  const values = rows.map(({ name, update }) => ({ name, data: update }));
  await sql`insert into collab_updates ${sql(values, 'name', 'data')}`;
}
