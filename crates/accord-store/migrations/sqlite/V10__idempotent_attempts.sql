-- Each claim of an Idempotency-Key is an attempt (the claiming process's boot id and a fresh
-- id); the append that carries the request out marks the key applied in its own transaction,
-- so a retry after a crash learns whether the command was committed.
ALTER TABLE idempotency ADD COLUMN attempt TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency ADD COLUMN applied_case TEXT;
ALTER TABLE idempotency ADD COLUMN applied_seq BIGINT;
ALTER TABLE idempotency ADD COLUMN applied_by TEXT;
