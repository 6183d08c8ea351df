import type { Sql, TransactionSql } from 'postgres';
import {
  EMPTY_UPDATE,
  type CompactionResult,
  type DocumentStore,
  type LogCursor,
  type LogRead,
  type MergeUpdates,
  type QuarantinedPart,
  type StoredDocument,
  type UpdateEntry,
} from './document-store.ts';
import type { LogWriter } from './log-writer.ts';
import { mergePerDocument } from './merge-per-document.ts';

/** Rows per INSERT statement, so each of its two array parameters (sent as text) stays a moderate size. */
const ROWS_PER_INSERT = 1000;
/** Bytes of update data per INSERT statement, so one statement stays a reasonable size on the wire. */
const BYTES_PER_INSERT = 8 * 1024 * 1024;

/**
 * The `DocumentStore` on PostgreSQL (tables from migrations `0004_collab_documents.sql` and `0009_collab_catch_up.sql`): one `collab_documents`
 * row per compacted document and one `collab_updates` row per logged update, ordered by a bigserial.
 *
 * Works on the embedded PGlite too: plain portable SQL, no LISTEN, no COPY, no extra connections. Column names
 * are single words so the result is the same whether or not the `sql` instance transforms names to camelCase.
 */
export interface PostgresStoreOptions {
  /**
   * Appends to the update log from a thread of its own (`log-writer.ts`) instead of `sql`; the store closes it.
   * Only where the database accepts another connection (a PostgreSQL server, not the embedded PGlite).
   */
  logWriter?: LogWriter;
}

export function createPostgresStore(sql: Sql, options: PostgresStoreOptions = {}): DocumentStore {
  const { logWriter } = options;
  return {
    async load(name: string): Promise<StoredDocument> {
      // One statement, so a compaction committing in between cannot make us miss or double anything; the cursor
      // comes from the same snapshot as the rows.
      const rows = await sql<{ kind: string; data: Uint8Array | null; mark: string | null }[]>`
        select 'snapshot' as kind, snapshot as data, 0::bigint as seq, generation::text as mark
          from collab_documents where name = ${name}
        union all
        select 'update' as kind, data, seq, seq::text from collab_updates where name = ${name}
        union all
        select 'xmin' as kind, null, -1::bigint, pg_snapshot_xmin(pg_current_snapshot())::text
        order by seq`;
      let snapshot: Uint8Array | null = null;
      let generation = '0';
      let xmin = '0';
      const updates: Uint8Array[] = [];
      const ids: string[] = [];
      for (const row of rows) {
        if (row.kind === 'xmin') {
          xmin = row.mark ?? xmin;
        } else if (row.kind === 'snapshot') {
          snapshot = row.data;
          generation = row.mark ?? generation;
        } else if (row.data) {
          updates.push(row.data);
          ids.push(row.mark ?? '');
        }
      }
      return { snapshot, updates, rows: ids, cursor: `${generation}:${xmin}` };
    },

    async readSince(name: string, cursor: LogCursor): Promise<LogRead> {
      const [generation = '0', xmin = '0'] = cursor.split(':');
      // After a compaction (generation moved on) rows we never saw may be inside the snapshot: read it all again.
      // Otherwise every row of a transaction older than the last watermark was visible to the last read.
      const rows = await sql<{ kind: string; data: Uint8Array | null; mark: string | null }[]>`
        with doc as (select snapshot, generation from collab_documents where name = ${name}),
        stale as (select coalesce((select generation from doc), 0) <> ${generation}::bigint as stale)
        select 'snapshot' as kind, snapshot as data, 0::bigint as seq, generation::text as mark
          from doc where (select stale from stale)
        union all
        select 'generation', null, -2::bigint, generation::text from doc
        union all
        select 'update', data, seq, null from collab_updates
          where name = ${name} and ((select stale from stale) or xid >= ${xmin}::xid8)
        union all
        select 'xmin', null, -1::bigint, pg_snapshot_xmin(pg_current_snapshot())::text
        order by seq`;
      let nextGeneration = '0';
      let nextXmin = xmin;
      const updates: Uint8Array[] = [];
      for (const row of rows) {
        if (row.kind === 'xmin') {
          nextXmin = row.mark ?? nextXmin;
        } else if (row.kind === 'generation') {
          nextGeneration = row.mark ?? nextGeneration;
        } else if (row.data) {
          updates.push(row.data);
        }
      }
      return { updates, cursor: `${nextGeneration}:${nextXmin}` };
    },

    appendBatch(entries: readonly UpdateEntry[]): Promise<void> {
      if (logWriter) {
        return logWriter.append(entries);
      }
      return appendUpdateRows(sql, mergePerDocument(entries));
    },

    async compact(name: string, merge: MergeUpdates): Promise<CompactionResult> {
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
        // The merge may take a while (a large one on a worker thread): the lock held meanwhile only keeps other
        // compactions of this document waiting; appends go on.
        const snapshot = await merge([current?.snapshot ?? EMPTY_UPDATE, ...logged.map((row) => row.data)]);
        await tx`update collab_documents set snapshot = ${snapshot}, generation = generation + 1, updated_at = now()
          where name = ${name}`;
        return { mergedUpdates: logged.length, snapshotBytes: snapshot.byteLength };
      });
    },

    async quarantine(name: string, parts: readonly QuarantinedPart[]): Promise<void> {
      await sql.begin(async (tx) => {
        for (const { row, reason } of parts) {
          if (row === 'snapshot') {
            // Taken under the row lock compaction takes, so a compaction cannot write the snapshot meanwhile.
            await tx`insert into collab_quarantine (name, source, data, reason)
              select name, 'snapshot', snapshot, ${reason} from collab_documents where name = ${name} for update`;
            await tx`update collab_documents set snapshot = ${EMPTY_UPDATE}, generation = generation + 1,
              updated_at = now() where name = ${name}`;
          } else if (/^[0-9]+$/.test(row)) {
            await tx`with moved as (
                delete from collab_updates where name = ${name} and seq = ${row}::bigint returning seq, data)
              insert into collab_quarantine (name, source, data, reason)
                select ${name}, seq::text, data, ${reason} from moved`;
          }
        }
      });
    },

    async rewrite(name, rewrite, dropQuarantined): Promise<number> {
      return sql.begin(async (tx) => {
        // The same row lock as compaction: neither runs while the other does. Appends go on; rows committed after
        // the delete below stay in the log (they are later than anything `rewrite` saw).
        const [current] = await tx<{ snapshot: Uint8Array }[]>`
          select snapshot from collab_documents where name = ${name} for update`;
        const logged = await tx<{ seq: string; data: Uint8Array }[]>`
          delete from collab_updates where name = ${name} returning seq, data`;
        logged.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
        const parts = [...(current ? [current.snapshot] : []), ...logged.map((row) => row.data)];
        const snapshot = rewrite(parts);
        await tx`insert into collab_documents (name, snapshot) values (${name}, ${snapshot})
          on conflict (name) do update set snapshot = excluded.snapshot,
            generation = collab_documents.generation + 1, updated_at = now()`;
        const quarantined = await tx<{ id: string; data: Uint8Array }[]>`
          select id::text as id, data from collab_quarantine where name = ${name} for update`;
        for (const row of quarantined) {
          if (dropQuarantined(row.data)) {
            await tx`delete from collab_quarantine where id = ${row.id}::bigint`;
          }
        }
        return logged.length;
      });
    },

    async quarantinedCount(): Promise<number> {
      const [row] = await sql<{ count: string }[]>`select count(*)::text as count from collab_quarantine`;
      return Number(row?.count ?? 0);
    },

    async destroy(name: string): Promise<void> {
      await sql.begin(async (tx) => {
        await tx`delete from collab_updates where name = ${name}`;
        await tx`delete from collab_documents where name = ${name}`;
      });
    },

    async close(): Promise<void> {
      await logWriter?.close();
    },
  };
}

/**
 * Appends updates to their documents' logs, all or nothing, in the order given: one statement, or one
 * transaction of several for a very large batch. The one way rows enter the log, whichever thread runs it.
 */
export async function appendUpdateRows(sql: Sql, entries: readonly UpdateEntry[]): Promise<void> {
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

/**
 * One statement text for any number of rows (two array parameters), so it is prepared once per connection and
 * the group commit's every write skips building and parsing SQL.
 *
 * The arrays go as text literals we build, not through `sql.array`: the `postgres` client looks up array types
 * from a catalogue it fetches on its first connection, and a query made before that fetch has finished sends the
 * element type instead (porsager/postgres#789), so an append as the first query of a fresh client failed.
 */
async function insert(sql: Sql | TransactionSql, rows: UpdateEntry[]): Promise<void> {
  await sql`insert into collab_updates (name, data)
    select name, data from unnest(${textArrayLiteral(rows)}::text[], ${byteaArrayLiteral(rows)}::bytea[])
      with ordinality as rows (name, data, position)
    order by position`;
}

/** `{"name",…}`: every element quoted, its backslashes and double quotes escaped. */
function textArrayLiteral(rows: readonly UpdateEntry[]): string {
  return `{${rows.map((row) => `"${row.name.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** `{"\\x0a1b…",…}`: each update in bytea's hex form (hex digits need no escaping; the backslash does). */
function byteaArrayLiteral(rows: readonly UpdateEntry[]): string {
  return `{${rows
    .map(
      (row) => `"\\\\x${Buffer.from(row.update.buffer, row.update.byteOffset, row.update.byteLength).toString('hex')}"`,
    )
    .join(',')}}`;
}
