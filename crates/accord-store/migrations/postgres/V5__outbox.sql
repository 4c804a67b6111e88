-- E-mail reminders, planned from the case's events and written in the same transaction as
-- them; sent by a background worker. status: pending | sending | sent | logged | cancelled |
-- failed. A worker claims a row by moving it from pending to sending, with next_attempt_at as
-- its lease; a claim left behind by a crashed worker is taken again once the lease is over.
CREATE TABLE outbox (
    id              TEXT    NOT NULL PRIMARY KEY,
    case_id         TEXT    NOT NULL,
    reminder_key    TEXT    NOT NULL,
    audience        TEXT    NOT NULL,
    send_at         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT,
    UNIQUE (case_id, reminder_key)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Who received a reminder, one row each: a retry skips everyone already served.
CREATE TABLE outbox_deliveries (
    outbox_id    TEXT NOT NULL REFERENCES outbox (id),
    user_id      TEXT NOT NULL,
    email        TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    PRIMARY KEY (outbox_id, user_id)
);
