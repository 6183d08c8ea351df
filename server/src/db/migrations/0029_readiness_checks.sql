-- Set-up checks before a review (docs/deployment.md "The set-up check"). A link opens the check for one person
-- and one review only, and expires; like password-reset links, only the SHA-256 of its secret is stored.
create table readiness_check_links (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  review_id uuid not null references reviews (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index readiness_check_links_person_idx on readiness_check_links (review_id, user_id);

-- The latest outcome of each person's check for a review: a status per test (never any audio or video), the
-- measured speeds, and the verdict the server worked out from them.
create table readiness_check_results (
  review_id uuid not null references reviews (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  checked_at timestamptz not null,
  verdict text not null check (verdict in ('good', 'warn', 'fail')),
  checks jsonb not null,
  download_kbps integer,
  upload_kbps integer,
  primary key (review_id, user_id)
);
