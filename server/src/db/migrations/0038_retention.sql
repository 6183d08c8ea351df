-- Retention (docs/data-protection.md "Retention"): how long a closed review's content is kept, per partnership; how
-- long the records of safeguarding concerns are kept, per school (they follow the host school's own safeguarding
-- policy, not the partnership's); and what the daily retention pass has done.

-- Months after a review closes until its content is deleted (6 years by default). Never shorter than the time the
-- visiting team keeps the review (checked by the server, shared/src/permissions/retention.ts).
alter table partnerships
  add column content_retention_months integer not null default 72
    check (content_retention_months between 12 and 240);

-- Months a record of a safeguarding concern is kept after it was raised; null keeps it until the school decides
-- otherwise (the default: Crosswalk never deletes one by itself).
alter table schools
  add column safeguarding_retention_months integer
    check (safeguarding_retention_months is null or safeguarding_retention_months between 12 and 1200);

-- A review's retention, in order: the host headteacher told a month ahead (once), deletion started (from then on
-- nobody opens its live documents), content deleted (what is left is the tombstone: dates, schools, state).
alter table reviews add column deletion_notice_sent_at timestamptz;
alter table reviews add column content_deletion_started_at timestamptz;
alter table reviews add column content_deleted_at timestamptz;
create index reviews_closed_content_idx on reviews (id) where state = 'closed' and content_deleted_at is null;

-- One row per London day: inserting it decides which process runs that day's pass, however many run the scheduler.
-- A pass that never finished (a crash) may be taken over an hour later; each pass also finishes earlier ones' work.
create table retention_runs (
  day date primary key,
  started_at timestamptz not null,
  finished_at timestamptz,
  by text not null,
  notices integer not null default 0,
  reviews_deleted integer not null default 0,
  safeguarding_deleted integer not null default 0
);

-- Signatures stay append-only, except that deleting a review's content clears a signature's note (free text), and
-- only inside a transaction that says so.
create or replace function review_sign_offs_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('crosswalk.retention_erasing', true) = 'on'
    and new.note is null
    and (new.id, new.review_id, new.role, new.signed_by, new.review_state, new.version_id, new.signed_at)
      is not distinct from (old.id, old.review_id, old.role, old.signed_by, old.review_state, old.version_id, old.signed_at)
  then
    return new;
  end if;
  raise exception 'review_sign_offs is append-only: a signature cannot be changed or deleted';
end
$$;
