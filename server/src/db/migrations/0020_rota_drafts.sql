-- The year's review rota (docs/domain.md f): one draft per partnership and academic year, generated and edited by
-- the partnership lead, and the reviews that publishing it created, so publishing again creates nothing twice.

create table rota_drafts (
  partnership_id uuid not null references partnerships (id) on delete cascade,
  academic_year text not null check (academic_year ~ '^[0-9]{4}-[0-9]{2}$'),
  -- { academicYear, options, entries }: the rota as shared/src/rota reads it (school and people ids, days).
  rota jsonb not null,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  published_by uuid references users (id) on delete set null,
  primary key (partnership_id, academic_year)
);

-- One review per host school per published rota: the primary key is what stops a second publish duplicating it.
create table rota_reviews (
  partnership_id uuid not null,
  academic_year text not null,
  host_school_id uuid not null references schools (id) on delete cascade,
  review_id uuid not null unique references reviews (id) on delete cascade,
  primary key (partnership_id, academic_year, host_school_id),
  foreign key (partnership_id, academic_year) references rota_drafts (partnership_id, academic_year) on delete cascade
);
