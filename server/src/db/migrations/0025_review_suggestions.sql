-- Factual-accuracy mode (domain.md b.2 state 8, c.8): corrections of fact the host headteacher proposes to the
-- findings and the feedback record once feedback has been given, and the lead reviewer's decision on each. The
-- passage is anchored with Yjs relative positions (base64) in the target text of the live findings document; the
-- text it read when proposed is kept, so a correction is applied only if the passage still reads the same.

create table review_suggestions (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references reviews (id),
  target_kind text not null check (target_kind in ('finding', 'feedback')),
  -- The finding's id inside the document (for target_kind 'finding'), or the feedback record's field.
  finding_id text check (finding_id is null or length(finding_id) <= 100),
  field text not null check (field in ('text', 'attendees', 'hostResponse')),
  target_label text not null,
  start_position text not null check (length(start_position) <= 500),
  end_position text not null check (length(end_position) <= 500),
  original text not null check (length(original) <= 2000),
  replacement text not null check (length(replacement) <= 2000),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected', 'outdated')),
  proposed_by uuid not null references users (id),
  proposed_at timestamptz not null default now(),
  decided_by uuid references users (id),
  decided_at timestamptz,
  text_before text,
  text_after text,
  check ((target_kind = 'finding') = (finding_id is not null and field = 'text')),
  check ((status = 'pending') = (decided_at is null))
);
create index review_suggestions_review_idx on review_suggestions (review_id, proposed_at);
create index review_suggestions_pending_idx on review_suggestions (review_id) where status = 'pending';
