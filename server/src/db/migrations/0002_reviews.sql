-- Local authorities, clusters, and the peer review lifecycle: reviews, teams, sessions, activities, history.

create table local_authorities (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  county text not null
);

insert into local_authorities (name, county)
select distinct local_authority, coalesce(county, local_authority) from schools where local_authority is not null;

alter table schools add column local_authority_id uuid references local_authorities (id);
update schools s set local_authority_id = la.id from local_authorities la where la.name = s.local_authority;
alter table schools drop column local_authority;

-- A cluster is a partnership within a partnership (e.g. a cross-regional virtual cluster of an SPP hub).
alter table partnerships add column parent_id uuid references partnerships (id) on delete set null;
alter table partnerships add column spp_phase text check (spp_phase in ('build', 'embed', 'sustain'));
-- Labels for findings, configurable per cluster (e.g. "What went well" / "Even better if").
alter table partnerships add column finding_labels jsonb not null default
  '{"strength": "Strengths", "development": "Areas for development", "question": "Questions for further enquiry"}'::jsonb;

-- The designated safeguarding lead of a school receives safeguarding concerns raised in sessions.
alter table school_members add column is_dsl boolean not null default false;

create table reviews (
  id uuid primary key default gen_random_uuid(),
  partnership_id uuid not null references partnerships (id),
  host_school_id uuid not null references schools (id),
  academic_year text not null check (academic_year ~ '^[0-9]{4}-[0-9]{2}$'),
  mode text not null default 'virtual' check (mode in ('virtual', 'in_person', 'hybrid')),
  state text not null default 'draft',
  paused_from text,
  starts_on date,
  ends_on date,
  -- Enquiry focus (domain.md c.3): recorded by the lead reviewer, approved by the host headteacher.
  focus jsonb,
  -- Virtual-readiness checklist (domain.md b.2 state 5).
  readiness jsonb not null default
    '{"consentConfirmed": false, "optOutListConfirmed": false, "safeguardingBriefingDone": false, "devicesTested": false}'::jsonb,
  -- What the host headteacher opens to the improvement champion.
  sharing jsonb not null default '{"selfReviewWithChampion": false, "evidenceWithChampion": false}'::jsonb,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
create index reviews_partnership_idx on reviews (partnership_id);
create index reviews_host_school_idx on reviews (host_school_id);

create table review_members (
  review_id uuid not null references reviews (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('host_headteacher', 'host_link_lead', 'lead_reviewer', 'peer_reviewer', 'improvement_champion')),
  added_by uuid references users (id) on delete set null,
  added_at timestamptz not null default now(),
  -- One role per person per review: the improvement champion can never also be on the review team.
  primary key (review_id, user_id)
);
create index review_members_user_idx on review_members (user_id);
create unique index review_members_one_lead_idx on review_members (review_id) where role = 'lead_reviewer';
create unique index review_members_one_host_head_idx on review_members (review_id) where role = 'host_headteacher';

create table review_sessions (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references reviews (id) on delete cascade,
  kind text not null check (kind in ('pre_review_meeting', 'review_day', 'feedback_meeting', 'improvement_workshop', 'impact_review')),
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index review_sessions_review_idx on review_sessions (review_id, starts_at);

create table review_activities (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references review_sessions (id) on delete cascade,
  kind text not null check (kind in ('learning_walk', 'lesson_visit', 'work_scrutiny', 'pupil_voice', 'staff_voice', 'data_review', 'leader_meeting', 'parent_voice', 'document_review')),
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- How it runs remotely; pupil-facing activities are audio only (domain.md e.3).
  media_mode text not null default 'video' check (media_mode in ('video', 'audio_only', 'document_camera', 'screen_share', 'teacher_and_board')),
  check (ends_at > starts_at)
);
create index review_activities_session_idx on review_activities (session_id, starts_at);

-- Append-only: every state change with who, when, from, to and a note.
create table review_transitions (
  id bigint generated always as identity primary key,
  review_id uuid not null references reviews (id) on delete cascade,
  from_state text,
  to_state text not null,
  action text not null,
  actor_user_id uuid references users (id) on delete set null,
  note text,
  at timestamptz not null default now()
);
create index review_transitions_review_idx on review_transitions (review_id, id);
