-- Notifications (docs/notifications.md): in-app notices, each person's preferences, and the rows that make
-- reminders and digests go once however many processes run the scheduler.

-- What a person is told in the app. The text names only the school, the kind of meeting and dates.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  kind text not null,
  text text not null,
  href text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);

-- No row means the defaults: email as well as in the app, no daily digest.
create table notification_preferences (
  user_id uuid primary key references users (id) on delete cascade,
  channel text not null check (channel in ('email', 'in_app')),
  daily_digest boolean not null,
  updated_at timestamptz not null default now()
);

-- One row per reminder sent: the primary key is what makes a reminder go once.
create table session_reminders (
  session_id uuid not null references review_sessions (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  lead text not null check (lead in ('day', 'hour')),
  sent_at timestamptz not null default now(),
  primary key (session_id, user_id, lead)
);

-- One row per person per London day on which their digest went.
create table notification_digests (
  user_id uuid not null references users (id) on delete cascade,
  day date not null,
  sent_at timestamptz not null default now(),
  primary key (user_id, day)
);

-- iCalendar SEQUENCE: each move of a session sends an update that calendars apply over the previous one.
alter table review_sessions add column ical_sequence integer not null default 0;
-- The reminder scheduler looks for sessions starting soon across every review.
create index review_sessions_starts_idx on review_sessions (starts_at);

-- A calendar invitation sent with a message ({ method, filename, content }), kept like the rest of the message.
alter table mail_outbox add column calendar jsonb;
