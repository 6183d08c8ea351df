-- Actions as records that outlive the enquiry document (docs/actions.md). Publishing the action plan copies each
-- action row of the document here, keyed by the row's own id; the host school then follows them through the year.
-- Restoring the document to an old version never touches these rows.
create table review_actions (
  review_id uuid not null references reviews (id) on delete cascade,
  id text not null,
  -- A01, A02 … by its place in the plan when last published.
  label text not null,
  position integer not null,
  text text not null,
  owner_role text not null,
  owner_user_id uuid references users (id) on delete set null,
  starts_on date not null,
  due_on date not null,
  success_criteria text not null,
  -- What the host school asks partner schools for (may be empty): support requests will hang off it.
  support_needed text not null default '',
  status text not null default 'not_started'
    check (status in ('not_started', 'on_track', 'at_risk', 'complete')),
  -- False when a later publication of the plan no longer had the row: its status and history are kept.
  in_plan boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (review_id, id)
);
-- The daily sweep looks for actions past their due date that are not complete.
create index review_actions_due_idx on review_actions (due_on) where status <> 'complete';
create index review_actions_owner_idx on review_actions (owner_user_id) where owner_user_id is not null;

-- Each change of status and each evidence note, with who wrote it and when (append-only).
create table review_action_updates (
  id uuid primary key default gen_random_uuid(),
  -- The order updates were written in (two can share a time).
  seq bigint generated always as identity,
  review_id uuid not null,
  action_id text not null,
  author_user_id uuid references users (id) on delete set null,
  from_status text,
  to_status text check (to_status in ('not_started', 'on_track', 'at_risk', 'complete')),
  note text,
  created_at timestamptz not null default now(),
  foreign key (review_id, action_id) references review_actions (review_id, id) on delete cascade,
  check (to_status is not null or note is not null)
);
create index review_action_updates_action_idx on review_action_updates (review_id, action_id, seq);

-- One row per action per condition told (overdue, at risk): the primary key makes each notice go once, however
-- many processes run the sweep.
create table review_action_alerts (
  review_id uuid not null,
  action_id text not null,
  condition text not null check (condition in ('overdue', 'at_risk')),
  sent_at timestamptz not null default now(),
  primary key (review_id, action_id, condition),
  foreign key (review_id, action_id) references review_actions (review_id, id) on delete cascade
);
