-- Live documents (Yjs): a compacted snapshot per document plus an append-only log of later updates.
-- Loading a document applies its snapshot and every log row; compaction merges the log into the snapshot in one
-- transaction. Written by realtime/src/storage/postgres-store.ts. Document names are opaque keys chosen by the
-- application (see shared/src/realtime/protocol.ts).

create table collab_documents (
  name text primary key,
  -- One Yjs update (format v1) equivalent to everything merged so far.
  snapshot bytea not null,
  updated_at timestamptz not null default now()
);

create table collab_updates (
  seq bigserial primary key,
  name text not null,
  -- One Yjs update (format v1), appended by a group commit.
  data bytea not null,
  created_at timestamptz not null default now()
);
create index collab_updates_name_seq_idx on collab_updates (name, seq);
