-- Every opening of a sensitive record (a caucus note, a mediator's note, a private debrief):
-- who, which record, by which route, when. Shown to the case's mediators. Append-only: the
-- trigger refuses any change or removal of an entry (TRUNCATE too).
CREATE TABLE sensitive_reads (
    id      BIGSERIAL PRIMARY KEY,
    case_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    record  TEXT NOT NULL,
    via     TEXT NOT NULL,
    read_at TEXT NOT NULL
);
CREATE INDEX sensitive_reads_by_case ON sensitive_reads (case_id, read_at);

CREATE OR REPLACE FUNCTION sensitive_reads_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER sensitive_reads_never_change BEFORE UPDATE OR DELETE ON sensitive_reads
    FOR EACH ROW EXECUTE FUNCTION sensitive_reads_append_only();

CREATE TRIGGER sensitive_reads_never_truncate BEFORE TRUNCATE ON sensitive_reads
    FOR EACH STATEMENT EXECUTE FUNCTION sensitive_reads_append_only();
