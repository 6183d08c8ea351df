-- Accounts people can live with: password reset by email, single sign-on, invitations for existing accounts.

-- A link to choose a new password, sent by email. Only the SHA-256 of its secret is kept: a leaked table cannot
-- be turned into working links. Single use (used_at) and short-lived (expires_at).
create table password_resets (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_resets_user_idx on password_resets (user_id);

-- A sign-in with an OpenID Connect provider under way: what the callback must check (state, nonce, the PKCE
-- verifier). Keyed by the SHA-256 of the state, which the browser also holds in a cookie; deleted when used.
create table oidc_sign_ins (
  state_hash text primary key,
  provider text not null,
  nonce text not null,
  code_verifier text not null,
  expires_at timestamptz not null
);
create index oidc_sign_ins_expires_idx on oidc_sign_ins (expires_at);

-- Which provider account signed in to which Crosswalk account (first linked by verified email), for the audit
-- trail and so a later change of email at the provider does not move the link to another person.
create table user_identities (
  provider text not null,
  subject text not null,
  user_id uuid not null references users (id) on delete cascade,
  linked_at timestamptz not null default now(),
  primary key (provider, subject)
);
create index user_identities_user_idx on user_identities (user_id);

-- An invitation for a person who already has an account: the school or partnership role it offers, given only
-- when they accept it while signed in (an invitation to a new account gives them when it is sent).
alter table invitations add column school_id uuid references schools (id) on delete cascade;
alter table invitations add column school_role text;
alter table invitations add column partnership_id uuid references partnerships (id) on delete cascade;
alter table invitations add column partnership_role text;
