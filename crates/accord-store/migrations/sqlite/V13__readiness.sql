-- One row that `/readyz` rewrites to learn whether the database takes writes: a full disk,
-- a read-only file system or a stopped server refuses it, while reads may still work.
CREATE TABLE readiness (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    probed_at TEXT NOT NULL
);
INSERT INTO readiness (id, probed_at) VALUES (1, '');
