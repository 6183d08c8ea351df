-- "Session" named both a sign-in and a video meeting; the sign-in table takes its own name.
alter table sessions rename to sign_ins;
alter table sign_ins rename constraint sessions_pkey to sign_ins_pkey;
alter table sign_ins rename constraint sessions_user_id_fkey to sign_ins_user_id_fkey;
alter index sessions_user_idx rename to sign_ins_user_idx;
alter index sessions_expires_idx rename to sign_ins_expires_idx;
