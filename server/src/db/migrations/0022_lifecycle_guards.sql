-- The host headteacher submits the self-review as a step of its own (docs/domain.md b.2 state 2).
alter table reviews add column self_review_submitted_at timestamptz;

-- Reviews that reached the agreed focus before this step existed were submitted then.
update reviews r set self_review_submitted_at = (
  select min(t.at) from review_transitions t where t.review_id = r.id and t.to_state = 'focus_agreed'
)
where exists (select 1 from review_transitions t where t.review_id = r.id and t.to_state = 'focus_agreed');

-- The SHA-256 fingerprint of a saved version's parts (hex); versions saved before it was kept are filled in on read.
alter table document_versions add column fingerprint text check (fingerprint ~ '^[0-9a-f]{64}$');
