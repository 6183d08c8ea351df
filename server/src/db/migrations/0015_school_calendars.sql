-- School calendars: term dates, half terms, holidays, INSET days and closures, kept per local authority, per trust
-- and per school (a school's calendar is its authority's, overlaid by its trust's, overlaid by its own), and the
-- times of each school's day. Bank holidays and weekends are not stored: shared/src/calendar knows them.

-- A multi-academy trust, kept minimal: a name its schools point to, so it can set dates for all of them.
create table trusts (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  created_at timestamptz not null default now()
);

alter table schools add column trust_id uuid references trusts (id) on delete set null;
create index schools_trust_idx on schools (trust_id);
create index schools_local_authority_idx on schools (local_authority_id);

-- When the school day starts and ends (London time); null means the default (08:45 to 15:15).
alter table schools add column day_starts_at time;
alter table schools add column day_ends_at time;
alter table schools add constraint schools_day_times_check
  check ((day_starts_at is null) = (day_ends_at is null) and (day_ends_at is null or day_ends_at > day_starts_at));

-- One dated entry, inclusive of both days, owned by exactly one of an authority, a trust or a school.
create table calendar_events (
  id uuid primary key default gen_random_uuid(),
  local_authority_id uuid references local_authorities (id) on delete cascade,
  trust_id uuid references trusts (id) on delete cascade,
  school_id uuid references schools (id) on delete cascade,
  kind text not null check (kind in ('term', 'half_term', 'holiday', 'inset_day', 'closure')),
  starts_on date not null,
  ends_on date not null,
  label text not null default '',
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  check (num_nonnulls(local_authority_id, trust_id, school_id) = 1)
);
create index calendar_events_local_authority_idx on calendar_events (local_authority_id, starts_on);
create index calendar_events_trust_idx on calendar_events (trust_id, starts_on);
create index calendar_events_school_idx on calendar_events (school_id, starts_on);
