-- Improvement workshops (domain.md d): run inside an `improvement_workshop` video session. The server owns the
-- workshop's state (stage, timer, lock, focus, breakouts, votes) and keeps it here, so a facilitator's reload or a
-- server restart resumes where it was. Board content (notes, clusters, grid placements) lives in Yjs documents.

create table workshops (
  session_id uuid primary key references review_sessions (id) on delete cascade,
  review_id uuid not null references reviews (id) on delete cascade,
  -- Null until the facilitator starts the first stage.
  current_stage_id uuid,
  stage_started_at timestamptz,
  -- The countdown: running when timer_ends_at is set; paused when timer_remaining_ms is set instead.
  timer_ends_at timestamptz,
  timer_remaining_ms integer check (timer_remaining_ms is null or timer_remaining_ms >= 0),
  editing_locked boolean not null default false,
  -- "Bring everyone here": {kind: 'document', section} | {kind: 'board', boardId}, with a sequence number.
  focus jsonb,
  breakouts_open boolean not null default false,
  breakouts_end_at timestamptz,
  -- The facilitator's latest broadcast to the breakout groups: {text, at}.
  broadcast jsonb,
  finished_at timestamptz,
  -- Bumped on every change; clients drop any state older than the one they hold.
  version bigint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workshops_review_idx on workshops (review_id);

-- Boards are Yjs documents; this row says which workshop (and breakout group) a board belongs to and holds the
-- dot-voting settings, which the server enforces.
create table workshop_boards (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references workshops (session_id) on delete cascade,
  title text not null,
  votes_per_person integer not null default 3 check (votes_per_person between 1 and 20),
  votes_revealed_at timestamptz,
  breakout_group_id uuid,
  created_at timestamptz not null default now()
);
create index workshop_boards_session_idx on workshop_boards (session_id);

-- The agenda: ordered stages, editable per workshop.
create table workshop_stages (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references workshops (session_id) on delete cascade,
  position integer not null,
  title text not null,
  minutes integer not null check (minutes between 1 and 240),
  activity text not null check (activity in ('discussion', 'document', 'board')),
  move text check (move in ('how_might_we', 'findings_reactions', 'five_whys', 'fishbone', 'evidence_share', 'silent_writing', 'dot_vote', 'impact_effort', 'action_drafting', 'commitments')),
  guidance text not null default '',
  board_id uuid references workshop_boards (id) on delete set null,
  document_section text,
  unique (session_id, position) deferrable initially deferred
);

alter table workshops
  add constraint workshops_current_stage_fk foreign key (current_stage_id) references workshop_stages (id) on delete set null;

-- Breakout groups: each has its own video room (the group id is its room id) and its own board.
create table workshop_breakout_groups (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references workshops (session_id) on delete cascade,
  position integer not null,
  name text not null,
  board_id uuid references workshop_boards (id) on delete set null,
  created_at timestamptz not null default now(),
  recalled_at timestamptz
);
create index workshop_breakout_groups_session_idx on workshop_breakout_groups (session_id, position);

create table workshop_breakout_members (
  group_id uuid not null references workshop_breakout_groups (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  primary key (group_id, user_id)
);

alter table workshop_boards
  add constraint workshop_boards_group_fk foreign key (breakout_group_id) references workshop_breakout_groups (id) on delete set null;

-- Who wrote which note. Notes themselves are in the board's Yjs document, written by the server, so that not even
-- the Yjs client id reveals an anonymous author. Only the server reads this table, to let authors edit their own.
create table workshop_note_authors (
  note_id uuid primary key,
  board_id uuid not null references workshop_boards (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  anonymous boolean not null,
  created_at timestamptz not null default now()
);
create index workshop_note_authors_board_user_idx on workshop_note_authors (board_id, user_id);

-- Dot votes: hidden from everyone (the facilitator too) until the facilitator reveals them.
create table workshop_votes (
  board_id uuid not null references workshop_boards (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  target_id uuid not null,
  votes integer not null check (votes > 0),
  primary key (board_id, user_id, target_id)
);

-- Personal commitments made at the close (domain.md d.2, c.9).
create table workshop_commitments (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references workshops (session_id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  text text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (session_id, user_id)
);
