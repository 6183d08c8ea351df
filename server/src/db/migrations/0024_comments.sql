-- Threaded comments on the enquiry document. A thread belongs to one part of a review's document and is anchored to
-- a passage of rich text (fragment name, Yjs relative positions of its start and end, and the text quoted when it
-- was started) or to a record (evidence entry, finding or action) by its id. Who and when are stamped by the server.

create table comment_threads (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references reviews (id) on delete cascade,
  part text not null check (part in ('context', 'evidence', 'findings', 'workshop', 'actions')),
  anchor jsonb not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  resolved_by uuid references users (id),
  resolved_at timestamptz,
  check ((resolved_by is null) = (resolved_at is null))
);
create index comment_threads_review_idx on comment_threads (review_id, created_at);

create table comments (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references comment_threads (id) on delete cascade,
  author_id uuid not null references users (id),
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now()
);
create index comments_thread_idx on comments (thread_id, created_at);
