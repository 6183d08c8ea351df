-- Stored parts of live documents that cannot be applied (written before the server checked every update as it
-- does now, or damaged): set aside when a document loads, so they can block neither loading nor compaction, and
-- kept here for people to examine. Written by realtime/src/storage/postgres-store.ts.
create table collab_quarantine (
  id bigserial primary key,
  name text not null,
  -- The collab_updates seq the data came from, or 'snapshot'.
  source text not null,
  data bytea not null,
  reason text not null,
  created_at timestamptz not null default now()
);
create index collab_quarantine_name_idx on collab_quarantine (name);
