-- The host headteacher's choice, per finding, that it "may be shared beyond the school" (docs/domain.md c.7,
-- e.2 rule 3). Kept by the server, not in the live document, so only the host headteacher can make it.
create table finding_sharing (
  review_id uuid not null references reviews (id) on delete cascade,
  -- The finding's id in the review's live findings document.
  finding_id uuid not null,
  shareable boolean not null,
  set_by uuid references users (id) on delete set null,
  set_at timestamptz not null default now(),
  primary key (review_id, finding_id)
);

-- How long a closed review stays open to its reviewers and improvement champion (e.2 rule 2); the host school
-- keeps it.
alter table partnerships
  add column member_access_months integer not null default 12
    check (member_access_months between 1 and 120);
