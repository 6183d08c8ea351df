-- The audit log as a school reads it (docs/security.md, "The audit log"): which review an event concerns, so a host
-- headteacher can answer "who has seen our report?", and where the request came from (the client's address as the
-- server judged it, through TRUST_PROXY). No foreign key: the log outlives what it names and never blocks a write.
alter table audit_events add column review_id uuid;
alter table audit_events add column client_address inet;

-- Events recorded before this migration name their review as their subject or in their detail.
update audit_events a set review_id = r.id from reviews r where a.subject_id = r.id::text;
update audit_events a set review_id = r.id
  from reviews r where a.review_id is null and a.detail ->> 'reviewId' = r.id::text;

create index audit_events_review_at_idx on audit_events (review_id, at desc) where review_id is not null;
