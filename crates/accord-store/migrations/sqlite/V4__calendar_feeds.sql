-- Private calendar feeds: a URL per feed whose token is the credential, so only the SHA-256
-- of the token is kept. Revoking keeps the row (revoked_at) so the feed answers 404 for good.
CREATE TABLE calendar_feeds (
    id         TEXT NOT NULL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id);
