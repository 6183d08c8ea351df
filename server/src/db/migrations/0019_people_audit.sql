-- People management and the administrators' audit log page: the log is read newest first, filtered by action or by
-- person (as the one who acted or the one acted on), so each filter has an index in that order.
create index audit_events_action_at_idx on audit_events (action, at desc);
create index audit_events_actor_at_idx on audit_events (actor_user_id, at desc);
create index audit_events_subject_at_idx on audit_events (subject_id, at desc);

-- Staff lists read a school's members; the primary key (school_id, user_id) already serves them. Open invitations
-- offering a school role are listed on the school's staff page.
create index invitations_school_idx on invitations (school_id) where school_id is not null;
