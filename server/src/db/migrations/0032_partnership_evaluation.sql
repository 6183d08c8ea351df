-- The partnership's own evaluation (docs/partnership-evaluation.md): each member school's rating of itself per strand
-- per academic year, and the partnership's agreed rating per strand per year. Strands and levels are the model's
-- (shared/src/evaluation/model.ts) and are checked by the server, not here, so a licensed model can replace Crosswalk's
-- own without a migration; `model` keeps each rating with the model it was made under.
create table evaluation_self_ratings (
  partnership_id uuid not null references partnerships (id) on delete cascade,
  school_id uuid not null references schools (id) on delete cascade,
  academic_year text not null check (academic_year ~ '^[0-9]{4}-[0-9]{2}$'),
  model text not null,
  strand text not null,
  level text not null,
  evidence text not null default '',
  rated_by uuid references users (id) on delete set null,
  rated_at timestamptz not null default now(),
  primary key (partnership_id, school_id, academic_year, model, strand)
);

create table evaluation_agreed_ratings (
  partnership_id uuid not null references partnerships (id) on delete cascade,
  academic_year text not null check (academic_year ~ '^[0-9]{4}-[0-9]{2}$'),
  model text not null,
  strand text not null,
  level text not null,
  note text not null default '',
  agreed_by uuid references users (id) on delete set null,
  agreed_at timestamptz not null default now(),
  primary key (partnership_id, academic_year, model, strand)
);
