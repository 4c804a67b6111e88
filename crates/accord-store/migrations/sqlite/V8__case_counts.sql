-- The case list's counts for callers who see every case (coordinators, admins): how many
-- case_index rows have each value of each counted column, moved in each append's
-- transaction (crates/accord-store/src/case_counts.rs), so that a first page reads these
-- rows instead of counting every case. value is the column as text, '' for NULL. Filled here
-- from the index rows present; rows still to be filled in from their metadata
-- (`backfill_case_index`) move their counts when they are.
CREATE TABLE case_counts (
    dimension TEXT   NOT NULL,
    value     TEXT   NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (dimension, value)
);
INSERT INTO case_counts (dimension, value, n)
    SELECT 'state', COALESCE(CAST(state AS TEXT), ''), COUNT(*) FROM case_index
    GROUP BY COALESCE(CAST(state AS TEXT), '');
INSERT INTO case_counts (dimension, value, n)
    SELECT 'latest_outcome', COALESCE(CAST(latest_outcome AS TEXT), ''), COUNT(*) FROM case_index
    GROUP BY COALESCE(CAST(latest_outcome AS TEXT), '');
INSERT INTO case_counts (dimension, value, n)
    SELECT 'dispute_type', COALESCE(CAST(dispute_type AS TEXT), ''), COUNT(*) FROM case_index
    GROUP BY COALESCE(CAST(dispute_type AS TEXT), '');
INSERT INTO case_counts (dimension, value, n)
    SELECT 'court_ordered', COALESCE(CAST(court_ordered AS TEXT), ''), COUNT(*) FROM case_index
    GROUP BY COALESCE(CAST(court_ordered AS TEXT), '');
