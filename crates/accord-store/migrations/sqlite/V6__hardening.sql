-- The case list as anyone but a mediator may see it: when something addressed to everyone
-- last happened. Rows written before this column read as the case's opening time until the
-- case's next append, never as the time of a private write.
ALTER TABLE case_index ADD COLUMN shared_last_activity TEXT;
CREATE INDEX case_index_by_shared_activity ON case_index (shared_last_activity);

-- The access log: when each member first read the case's records. Shown to its mediators.
CREATE TABLE case_reads (
    case_id       TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    first_read_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

-- An Idempotency-Key is bound to the request it first came with (method, path, body).
ALTER TABLE idempotency ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
