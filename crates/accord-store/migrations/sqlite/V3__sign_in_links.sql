-- E-mailed sign-in links: single use, short-lived; only the SHA-256 of the token is kept.
CREATE TABLE sign_in_links (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
