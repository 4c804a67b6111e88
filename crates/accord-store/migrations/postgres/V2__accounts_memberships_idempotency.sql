-- People who sign in. role: admin | coordinator | mediator | member (parties and those acting for them).
CREATE TABLE users (
    id            TEXT NOT NULL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT,
    created_at    TEXT NOT NULL
);

-- Cookie sessions; only the SHA-256 of the token is kept.
CREATE TABLE login_sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX login_sessions_by_user ON login_sessions (user_id);

-- Personal API tokens for scripts; hashed, revocable.
CREATE TABLE api_tokens (
    id         TEXT NOT NULL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Single-use, expiring invitations to join a case as one participant.
CREATE TABLE invitations (
    token_hash     TEXT NOT NULL PRIMARY KEY,
    case_id        TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    email          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT
);

-- Who belongs to which case. kind: mediator | participant | former.
CREATE TABLE memberships (
    case_id        TEXT NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id),
    kind           TEXT NOT NULL,
    participant_id TEXT,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- The first answer to a request carrying an Idempotency-Key, replayed on retries.
-- status 0 marks a request still being processed.
CREATE TABLE idempotency (
    user_id    TEXT NOT NULL,
    key        TEXT NOT NULL,
    status     BIGINT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
