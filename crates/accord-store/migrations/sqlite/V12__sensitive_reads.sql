-- Every opening of a sensitive record (a caucus note, a mediator's note, a private debrief):
-- who, which record, by which route, when. Shown to the case's mediators. Append-only: the
-- triggers refuse any change or removal of an entry.
CREATE TABLE sensitive_reads (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    record  TEXT NOT NULL,
    via     TEXT NOT NULL,
    read_at TEXT NOT NULL
);
CREATE INDEX sensitive_reads_by_case ON sensitive_reads (case_id, read_at);

CREATE TRIGGER sensitive_reads_never_change BEFORE UPDATE ON sensitive_reads
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;

CREATE TRIGGER sensitive_reads_never_shrink BEFORE DELETE ON sensitive_reads
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;
