-- School-to-school support (docs/support.md): an action of a published plan asks the partnership for support, partner
-- schools offer it, the host accepts one offer, and both schools follow it through to done.

create table support_requests (
  id uuid primary key default gen_random_uuid(),
  -- The order requests were made in (two can share a time).
  seq bigint generated always as identity,
  review_id uuid not null,
  action_id text not null,
  -- The review's partnership and host school, kept here so the partnership's board is one query.
  partnership_id uuid not null references partnerships (id) on delete cascade,
  host_school_id uuid not null references schools (id) on delete cascade,
  -- All that partner schools read of the action, besides its label and owner's role.
  what_is_needed text not null,
  needed_by date not null,
  status text not null default 'requested'
    check (status in ('requested', 'offered', 'matched', 'in_progress', 'done', 'withdrawn')),
  requested_by uuid references users (id) on delete set null,
  matched_offer_id uuid,
  matched_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (review_id, action_id) references review_actions (review_id, id) on delete cascade
);
-- One open request per action: a done or withdrawn one makes room for the next.
create unique index support_requests_one_open_idx on support_requests (review_id, action_id)
  where status not in ('done', 'withdrawn');
create index support_requests_partnership_idx on support_requests (partnership_id, seq);

create table support_offers (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  request_id uuid not null references support_requests (id) on delete cascade,
  school_id uuid not null references schools (id) on delete cascade,
  offered_by_user_id uuid references users (id) on delete set null,
  message text not null,
  -- Who from the offering school would help, in the school's words.
  offered_by text not null,
  status text not null default 'open' check (status in ('open', 'accepted', 'declined')),
  created_at timestamptz not null default now(),
  decided_at timestamptz
);
-- A school offers once per request.
create unique index support_offers_one_per_school_idx on support_offers (request_id, school_id);

alter table support_requests
  add constraint support_requests_matched_offer_fk foreign key (matched_offer_id) references support_offers (id);

-- Progress notes and changes of status by either school (append-only).
create table support_updates (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  request_id uuid not null references support_requests (id) on delete cascade,
  school_id uuid not null references schools (id) on delete cascade,
  author_user_id uuid references users (id) on delete set null,
  to_status text check (to_status in ('matched', 'in_progress', 'done', 'withdrawn')),
  note text,
  created_at timestamptz not null default now(),
  check (to_status is not null or note is not null)
);
create index support_updates_request_idx on support_updates (request_id, seq);
