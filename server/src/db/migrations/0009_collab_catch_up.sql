-- Scale-out: a process that holds a live document catches up from the log what other processes appended (Redis
-- fan-out is only a fast path; nothing depends on a Redis message arriving). Readers keep a cursor made of the
-- document's compaction generation and a transaction-id watermark (pg_snapshot_xmin of the snapshot they read
-- with): every row written by a transaction below the watermark was visible to that read, so reading again from
-- the watermark misses nothing, even when transactions commit out of sequence order.
-- Written by realtime/src/storage/postgres-store.ts.

-- The writing transaction's id; existing rows get this migration's (older than any later watermark).
alter table collab_updates add column xid xid8 not null default pg_current_xact_id();

-- Incremented by each compaction that merged log rows into the snapshot: a reader whose cursor carries an older
-- generation may have lost rows into the snapshot and must read the snapshot again.
alter table collab_documents add column generation bigint not null default 0;
