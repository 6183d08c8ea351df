-- Erasure of a person under UK GDPR (docs/data-protection.md, "Erasure").

-- Who wrote which Yjs items of each live document: the Yjs client ids a person's connections wrote under, recorded
-- by the server the first time each connection writes under one (server/src/modules/erasure/collab-authors.ts).
-- Erasing someone deletes the items of their client ids from the live document, its storage and its named versions.
-- A client id is normally one person's; if a second person's connection is found to have written under it (only
-- possible when two processes accepted the claims at once: the live-document server refuses it otherwise) both are
-- recorded, so neither can hide behind the other.
create table collab_authors (
  name text not null,
  client_id bigint not null check (client_id >= 0),
  user_id uuid not null references users (id),
  recorded_at timestamptz not null default now(),
  primary key (name, client_id, user_id)
);
create index collab_authors_user_idx on collab_authors (user_id);

-- What happens to text an erased person wrote in a school's reviews, chosen by its headteacher: replaced by
-- "[removed at the person's request]" (the default), removed, or kept with only the name taken away.
create table school_erasure_settings (
  school_id uuid primary key references schools (id) on delete cascade,
  text_policy text not null default 'replace' check (text_policy in ('replace', 'remove', 'keep')),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now()
);

-- When an account was erased: its name and email are placeholders from then on, and it cannot be switched back on.
alter table users add column erased_at timestamptz;

-- A school's policy ('replace' without a row), for the statements that erase a person's words school by school.
create function erasure_text_policy(school uuid) returns text language sql stable as $$
  select coalesce((select text_policy from school_erasure_settings where school_id = school), 'replace')
$$;
