-- Sign-off of the enquiry document (domain.md c.12) by the lead reviewer and the host headteacher. Each row is a
-- signature: who (from their session), in which role, when, the review's state, and the named version saved at
-- that moment (exactly what was signed). Append-only: the database refuses to change or delete a signature.

create table review_sign_offs (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references reviews (id),
  role text not null check (role in ('lead_reviewer', 'host_headteacher')),
  signed_by uuid not null references users (id),
  review_state text not null,
  version_id uuid references document_versions (id),
  note text check (note is null or length(note) <= 500),
  signed_at timestamptz not null default now()
);
create index review_sign_offs_review_idx on review_sign_offs (review_id, signed_at desc);

create function review_sign_offs_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'review_sign_offs is append-only: a signature cannot be changed or deleted';
end
$$;

create trigger review_sign_offs_append_only
  before update or delete on review_sign_offs
  for each row execute function review_sign_offs_refuse_change();

create trigger review_sign_offs_no_truncate
  before truncate on review_sign_offs
  for each statement execute function review_sign_offs_refuse_change();
