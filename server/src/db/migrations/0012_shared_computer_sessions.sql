-- "This is a shared computer", ticked at sign-in: the browser keeps no offline copy of documents for this session.
alter table sessions add column shared_computer boolean not null default false;
