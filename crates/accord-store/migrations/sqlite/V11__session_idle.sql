-- When each cookie session last made a request: a session idle longer than the configured
-- limit has ended (sessions from before count from when they began).
ALTER TABLE login_sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
UPDATE login_sessions SET last_seen_at = created_at;
