-- Impact review as a cycle of its own (docs/impact-review.md): the checkpoints the host headteacher schedules for a
-- review whose action plan is being followed, and what each 30-minute impact huddle recorded. Like the actions, they
-- live here and not in the enquiry document, so restoring the document to an old version never loses them.
create table impact_checkpoints (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references reviews (id) on delete cascade,
  -- When the huddle meets (London time in the app); moving a checkpoint changes it until it is recorded.
  scheduled_at timestamptz not null,
  scheduled_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- Set together when the huddle is recorded; a recorded checkpoint is kept as it was.
  recorded_at timestamptz,
  recorded_by uuid references users (id) on delete set null,
  attendees text,
  evidence text,
  adjustments text,
  check ((recorded_at is null) = (evidence is null) and (recorded_at is null) = (attendees is null)
    and (recorded_at is null) = (adjustments is null))
);
create index impact_checkpoints_review_idx on impact_checkpoints (review_id, scheduled_at);

-- The red, amber or green rating of each action of the plan at a recorded huddle.
create table impact_ratings (
  checkpoint_id uuid not null references impact_checkpoints (id) on delete cascade,
  review_id uuid not null,
  action_id text not null,
  rating text not null check (rating in ('red', 'amber', 'green')),
  primary key (checkpoint_id, action_id),
  foreign key (review_id, action_id) references review_actions (review_id, id) on delete cascade
);

-- One reminder per checkpoint, claimed by inserting the row (so however many processes tick, it goes once); moving
-- the checkpoint deletes it, so the reminder goes again for the new time.
create table impact_checkpoint_reminders (
  checkpoint_id uuid primary key references impact_checkpoints (id) on delete cascade,
  sent_at timestamptz not null default now()
);

-- The workshop agenda templates (formats A, B and C of docs/domain.md d.2) bring facilitation moves of their own.
alter table workshop_stages drop constraint workshop_stages_move_check;
alter table workshop_stages add constraint workshop_stages_move_check check (move in ('how_might_we',
  'findings_reactions', 'five_whys', 'fishbone', 'evidence_share', 'gallery', 'silent_writing', 'dot_vote',
  'impact_effort', 'action_drafting', 'commitments', 'rag_per_action', 'impact_evidence', 'adjust_plan'));
