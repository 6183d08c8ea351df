-- Action drafting in workshops: one action-plan row per board group, whichever process handles the request. The
-- claim is taken (primary key) before the row is written into the live document, so two people submitting the same
-- group at once, on the same process or on two, make one row and one refusal.
create table workshop_outputs (
  board_id uuid not null references workshop_boards (id) on delete cascade,
  cluster_id text not null,
  -- Null while the row is being written.
  action_id text,
  claimed_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (board_id, cluster_id)
);
