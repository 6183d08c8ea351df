-- Setting up organisations without the demo loader (docs/organisations.md): local authorities with their code and
-- designated officer, and each school's safeguarding contacts.

-- The local authority's three-digit code as Get Information about Schools writes it (e.g. 925 for Lincolnshire):
-- the key a GIAS export names the authority by. Unique when known; older rows may have none.
alter table local_authorities add column code text unique check (code ~ '^[0-9]{3}$');
-- The local authority designated officer (LADO), who receives concerns about a headteacher. The email address
-- already exists (lado_email); the name and telephone number join it.
alter table local_authorities add column lado_name text;
alter table local_authorities add column lado_phone text;
alter table local_authorities add column created_at timestamptz not null default now();

-- A school's designated safeguarding lead and deputy: people who receive a concern raised during a session. They
-- may or may not have a Crosswalk account; the email address is what the alert is sent to.
create table school_safeguarding_contacts (
  school_id uuid not null references schools (id) on delete cascade,
  role text not null check (role in ('dsl', 'deputy_dsl')),
  name text not null,
  email text not null check (email = lower(email)),
  phone text not null default '',
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null,
  primary key (school_id, role)
);
