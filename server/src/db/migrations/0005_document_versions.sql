-- Named versions of a review's enquiry document ("Draft findings agreed 14:30"): a snapshot of every part.
-- Restoring writes a new change; versions and the update log are never rewritten.

create table document_versions (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references reviews (id) on delete cascade,
  label text not null check (length(label) between 1 and 120),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index document_versions_review_idx on document_versions (review_id, created_at desc);

create table document_version_parts (
  version_id uuid not null references document_versions (id) on delete cascade,
  part text not null,
  state bytea not null,
  primary key (version_id, part)
);
