-- 0004_accounts.sql: people who sign in to pages: regulator and admin
-- accounts with passwords, and sessions (for accounts, and for enterprises
-- and regulators signing in with an API key).

CREATE TABLE account (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
    password_hash text NOT NULL,            -- Argon2id (libsodium)
    role          text NOT NULL CHECK (role IN ('regulator', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz
);

-- A session is found by the hash of its cookie; the cookie itself is
-- never stored. csrf is the token every form of the session must carry.
CREATE TABLE session (
    token_hash    char(64) PRIMARY KEY,
    role          text NOT NULL CHECK (role IN ('enterprise', 'regulator', 'admin')),
    enterprise_id bigint REFERENCES enterprise (id),
    account_id    bigint REFERENCES account (id),
    api_key_id    bigint REFERENCES api_key (id),
    csrf          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL
);
CREATE INDEX session_expires ON session (expires_at);
