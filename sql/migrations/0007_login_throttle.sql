-- Password guessing: each wrong password makes the account wait longer
-- before the next try (none for the first 3, then 2, 4, 8 ... seconds, at
-- most 15 minutes; a try during a wait counts as one more wrong password),
-- and 10 in a row lock it for an hour or until an admin
-- lifts the lock (`bondtrace account unlock`, POST
-- /api/v1/accounts/{username}/unlock). A right password clears both.
ALTER TABLE account
    ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
    ADD COLUMN next_login_at timestamptz,
    ADD COLUMN locked_until  timestamptz;
