-- Accounts, sessions, invitations, mail outbox, schools and partnerships: the foundation.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email)),
  display_name text not null,
  -- argon2id hash in PHC format; null until the person accepts their invitation.
  password_hash text,
  is_admin boolean not null default false,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);

create table schools (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  phase text not null check (phase in ('nursery', 'primary', 'secondary', 'all_through', 'special', 'alternative_provision')),
  county text,
  local_authority text,
  -- Unique reference number from Get Information about Schools, when known.
  urn text unique,
  created_at timestamptz not null default now()
);

create table school_members (
  school_id uuid not null references schools (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('headteacher', 'senior_leader', 'teacher', 'support_staff')),
  created_at timestamptz not null default now(),
  primary key (school_id, user_id)
);
create index school_members_user_idx on school_members (user_id);

create table partnerships (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('local', 'cross_regional_virtual')),
  created_at timestamptz not null default now()
);

create table partnership_schools (
  partnership_id uuid not null references partnerships (id) on delete cascade,
  school_id uuid not null references schools (id) on delete cascade,
  primary key (partnership_id, school_id)
);
create index partnership_schools_school_idx on partnership_schools (school_id);

create table partnership_members (
  partnership_id uuid not null references partnerships (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('partnership_lead', 'peer_reviewer', 'lead_reviewer', 'improvement_champion', 'facilitator')),
  created_at timestamptz not null default now(),
  primary key (partnership_id, user_id, role)
);
create index partnership_members_user_idx on partnership_members (user_id);

create table sessions (
  -- SHA-256 of the cookie's token: a leaked table cannot be replayed as cookies.
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id) on delete cascade,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index invitations_user_idx on invitations (user_id);

create table mail_outbox (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  subject text not null,
  body_text text not null,
  transport text not null check (transport in ('smtp', 'log')),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  error text
);
create index mail_outbox_created_idx on mail_outbox (created_at desc);

-- Append-only record of security-relevant events (sign-ins, invitations). Never updated or deleted by the app.
create table audit_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id uuid references users (id) on delete set null,
  action text not null,
  subject_id text,
  detail jsonb not null default '{}'::jsonb
);
create index audit_events_at_idx on audit_events (at desc);
