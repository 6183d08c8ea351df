-- Video review sessions: who was admitted from the lobby, attendance, and safeguarding concerns.

-- People without a place on the session (e.g. other host staff) wait in the lobby until a moderator admits them.
create table session_admissions (
  session_id uuid not null references review_sessions (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  admitted_by uuid references users (id) on delete set null,
  admitted_at timestamptz not null default now(),
  primary key (session_id, user_id)
);

create table session_attendance (
  id bigint generated always as identity primary key,
  session_id uuid not null references review_sessions (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  joined_at timestamptz not null default now(),
  left_at timestamptz
);
create index session_attendance_session_idx on session_attendance (session_id, joined_at);
create index session_attendance_open_idx on session_attendance (session_id, user_id) where left_at is null;

-- Only "concern raised at time T by role R": never who, never what (domain.md e.3 rule 6).
create table safeguarding_concerns (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references review_sessions (id) on delete cascade,
  raised_by_role text not null,
  about_headteacher boolean not null default false,
  raised_at timestamptz not null default now()
);
create index safeguarding_concerns_session_idx on safeguarding_concerns (session_id);

-- Where concerns about a headteacher go: the local authority designated officer.
alter table local_authorities add column lado_email text;
