-- Each named version belongs to a stage of the review's story, so the history reads draft → factual check →
-- agreed → published. Versions saved before this migration take the stage of the last main state the review had
-- reached when they were saved (a pause or cancellation keeps the stage it interrupted).

alter table document_versions add column stage text;

update document_versions v set stage = coalesce((
  select case
    when t.to_state in ('draft', 'self_review', 'focus_agreed', 'planned', 'ready', 'in_review', 'synthesis')
      then 'draft'
    when t.to_state = 'feedback_given' then 'factual_check'
    when t.to_state in ('report_agreed', 'workshop_scheduled', 'workshop_held') then 'agreed'
    when t.to_state in ('action_plan_published', 'support_in_progress', 'impact_review', 'closed') then 'published'
  end
  from review_transitions t
  where t.review_id = v.review_id and t.at <= v.created_at and t.to_state not in ('paused', 'cancelled')
  order by t.at desc, t.id desc
  limit 1
), 'draft');

alter table document_versions alter column stage set default 'draft';
alter table document_versions alter column stage set not null;
alter table document_versions add constraint document_versions_stage_check
  check (stage in ('draft', 'factual_check', 'agreed', 'published'));
