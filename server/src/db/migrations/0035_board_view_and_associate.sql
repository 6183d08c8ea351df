-- What a local authority or partnership board may see, and the SPP associate (docs/board-view.md).

-- A local authority or board viewer belongs to a partnership only to read its anonymised board view: never a member
-- of a review, never counted as one of its cluster's people.
alter table partnership_members drop constraint partnership_members_role_check;
alter table partnership_members add constraint partnership_members_role_check check (role in (
  'partnership_lead', 'peer_reviewer', 'lead_reviewer', 'improvement_champion', 'facilitator', 'la_viewer'
));

-- An SPP associate the host headteacher invites to one review: reads what the host shares with them.
alter table review_members drop constraint review_members_role_check;
alter table review_members add constraint review_members_role_check check (role in (
  'host_headteacher', 'host_link_lead', 'lead_reviewer', 'peer_reviewer', 'improvement_champion', 'spp_associate'
));

-- The host's choices for an associate: nothing is shared until the host headteacher says so.
alter table reviews alter column sharing set default
  '{"selfReviewWithChampion": false, "evidenceWithChampion": false, "selfReviewWithAssociate": false, "focusWithAssociate": false, "findingsWithAssociate": false}'::jsonb;
update reviews set sharing =
  '{"selfReviewWithAssociate": false, "focusWithAssociate": false, "findingsWithAssociate": false}'::jsonb || sharing;
