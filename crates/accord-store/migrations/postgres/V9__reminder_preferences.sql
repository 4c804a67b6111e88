-- Which e-mail reminders each account gets, by kind ('deadlines', 'debriefs'): a kind with
-- no row is on. Read when a reminder's recipients are resolved, at send time.
CREATE TABLE reminder_preferences (
    user_id    TEXT    NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL,
    enabled    BIGINT  NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- The one-click unsubscribe links in reminder e-mails: one random token per message sent,
-- only its SHA-256 stored. A token turns one kind of reminder off for one account, without
-- signing in; it can do nothing else.
CREATE TABLE unsubscribe_tokens (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
