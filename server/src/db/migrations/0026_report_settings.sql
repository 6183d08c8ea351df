-- What the governors' version of the agreed report holds (docs/reports.md), chosen by the host headteacher. One row
-- per review at most; without a row the default sections apply. Sections are the names in shared ReportSections.

create table review_report_settings (
  review_id uuid primary key references reviews (id),
  governor_sections text[] not null,
  updated_by uuid not null references users (id),
  updated_at timestamptz not null default now()
);
