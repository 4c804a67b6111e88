-- The append-only event stream. (case_id, seq) is the optimistic-concurrency key.
CREATE TABLE events (
    case_id        TEXT   NOT NULL,
    seq            BIGINT NOT NULL CHECK (seq > 0),
    recorded_at    TEXT   NOT NULL,
    actor          TEXT   NOT NULL,
    audience       TEXT   NOT NULL,
    schema_version BIGINT NOT NULL,
    event_type     TEXT   NOT NULL,
    payload        TEXT   NOT NULL,
    payload_digest TEXT   NOT NULL,
    prev_hash      TEXT   NOT NULL,
    hash           TEXT   NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- Read model: one row per case, written in the same transaction as the events.
CREATE TABLE case_index (
    case_id       TEXT   NOT NULL PRIMARY KEY,
    seq           BIGINT NOT NULL,
    status        TEXT   NOT NULL,
    dispute_type  TEXT   NOT NULL,
    last_activity TEXT   NOT NULL,
    metadata      TEXT   NOT NULL
);
CREATE INDEX case_index_by_activity ON case_index (last_activity);
