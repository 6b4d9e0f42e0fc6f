-- Each account's key-slot public key, pinned inside the encrypted (authenticated)
-- database, so a key file edited by someone with write access cannot make a rekey
-- seal the new database key to a key of theirs. The recovery slot's key and the
-- Argon2id cost are kept in settings. Filled on first use for older units.
ALTER TABLE users ADD COLUMN public_key TEXT;
