-- The case list's filters and keyset order as columns of their own. Times are nanoseconds
-- since the epoch (text times of varying precision do not sort); activity_ns is the order a
-- case's mediators see, shared_activity_ns everyone else's. Rows written before this
-- migration are filled in from their metadata when the store opens (`backfill_case_index`).
ALTER TABLE case_index ADD COLUMN state TEXT;
ALTER TABLE case_index ADD COLUMN latest_outcome TEXT;
ALTER TABLE case_index ADD COLUMN court_ordered INTEGER;
ALTER TABLE case_index ADD COLUMN title TEXT;
ALTER TABLE case_index ADD COLUMN title_folded TEXT;
ALTER TABLE case_index ADD COLUMN activity_ns INTEGER;
ALTER TABLE case_index ADD COLUMN shared_activity_ns INTEGER;
CREATE INDEX case_index_page ON case_index (activity_ns DESC, case_id);
CREATE INDEX case_index_shared_page ON case_index (shared_activity_ns DESC, case_id);
CREATE INDEX case_index_by_state ON case_index (state, shared_activity_ns DESC, case_id);
CREATE INDEX case_index_by_outcome ON case_index (latest_outcome, shared_activity_ns DESC, case_id);
CREATE INDEX case_index_by_dispute_type ON case_index (dispute_type, shared_activity_ns DESC, case_id);
CREATE INDEX memberships_by_user_kind ON memberships (user_id, kind, case_id);

-- What is due, per case and per audience: 'mediator', 'coordinator', or a participant's id
-- (each participant's own list: its party's items and what everyone shares). Rewritten in the
-- append's transaction. item is the due item as JSON; due_start_ns/due_end_ns bound its day
-- in the case's time zone, so "overdue" and "this week" are comparisons.
CREATE TABLE due_items (
    case_id      TEXT    NOT NULL,
    audience     TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    due_on       TEXT    NOT NULL,
    due_start_ns INTEGER NOT NULL,
    due_end_ns   INTEGER NOT NULL,
    time_zone    TEXT    NOT NULL,
    item         TEXT    NOT NULL,
    PRIMARY KEY (case_id, audience, position)
);
CREATE INDEX due_items_by_audience ON due_items (audience, due_end_ns);

-- Programme figures, one row per case, from joint facts only (no names, no text): what a
-- coordinator counts by dispute type and by mediator. Rewritten in the append's transaction.
CREATE TABLE case_figures (
    case_id            TEXT    NOT NULL PRIMARY KEY,
    dispute_type       TEXT    NOT NULL,
    state              TEXT    NOT NULL,
    latest_outcome     TEXT,
    issues             INTEGER NOT NULL,
    open_issues_peak   INTEGER NOT NULL,
    open_issues_now    INTEGER NOT NULL,
    terms_final        INTEGER NOT NULL,
    terms_paperwork    INTEGER NOT NULL,
    terms_temporary    INTEGER NOT NULL,
    terms_pilot        INTEGER NOT NULL,
    next_move_chosen   INTEGER NOT NULL
);
