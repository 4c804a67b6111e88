//! The event stream and the case index: the append rule (expected sequence number, hash link
//! to the stored head, index row and the counts it moves in the same transaction) and the
//! reads.

use crate::backend::{Columns, Value};
use crate::case_counts::{Counted, Moves};
use crate::outbox::OutboxRow;
use crate::{Result, Store, StoreError};
use accord_core::case::CaseMetadata;
use accord_core::chain::{Digest, RawEvent};
use accord_core::ids::CaseId;

/// The stored head, and the case's index row as the counts have it (`Counted::COLUMNS`).
const HEAD: &str = "SELECT e.seq, e.hash, ci.case_id, \
    ci.state, ci.latest_outcome, ci.dispute_type, ci.court_ordered \
    FROM events e LEFT JOIN case_index ci ON ci.case_id = e.case_id \
    WHERE e.case_id = $1 ORDER BY e.seq DESC LIMIT 1";

const INSERT_EVENT: &str = "INSERT INTO events \
    (case_id, seq, recorded_at, actor, audience, schema_version, event_type, payload, payload_digest, prev_hash, hash) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

const UPSERT_INDEX: &str = "INSERT INTO case_index (case_id, seq, status, dispute_type, last_activity, metadata, \
    shared_last_activity, state, latest_outcome, court_ordered, title, title_folded, activity_ns, shared_activity_ns) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
    ON CONFLICT (case_id) DO UPDATE SET seq = excluded.seq, status = excluded.status, \
    dispute_type = excluded.dispute_type, last_activity = excluded.last_activity, metadata = excluded.metadata, \
    shared_last_activity = excluded.shared_last_activity, state = excluded.state, \
    latest_outcome = excluded.latest_outcome, court_ordered = excluded.court_ordered, title = excluded.title, \
    title_folded = excluded.title_folded, activity_ns = excluded.activity_ns, \
    shared_activity_ns = excluded.shared_activity_ns";

/// The list's own columns of an index row (after case_id and seq).
const FILL_INDEX: &str = "UPDATE case_index SET state = $1, latest_outcome = $2, court_ordered = $3, \
    title = $4, title_folded = $5, activity_ns = $6, shared_activity_ns = $7, shared_last_activity = $8 \
    WHERE case_id = $9";

const EVENTS_OF_CASE: &str = "SELECT case_id, seq, recorded_at, actor, audience, schema_version, event_type, \
    payload, payload_digest, prev_hash, hash FROM events WHERE case_id = $1 ORDER BY seq";

const EVENTS_OF_CASE_AFTER: &str = "SELECT case_id, seq, recorded_at, actor, audience, schema_version, \
    event_type, payload, payload_digest, prev_hash, hash FROM events WHERE case_id = $1 AND seq > $2 ORDER BY seq";

const CASE_IDS: &str = "SELECT DISTINCT case_id FROM events ORDER BY case_id";

const INDEX: &str =
    "SELECT metadata, shared_last_activity FROM case_index ORDER BY last_activity DESC, case_id";

impl Store {
    /// Appends events decided on the case as it stood at `expected` (0 for a new case), and
    /// the case's index row, in one transaction. Fails with `Conflict` if another writer
    /// appended first; nothing is written then. The outbox is left as it is.
    pub fn append(
        &self,
        expected: u64,
        events: &[RawEvent],
        metadata: &CaseMetadata,
    ) -> Result<()> {
        self.append_reconciling(expected, events, metadata, None)
    }

    /// `append`, and in the same transaction the read models derived from the case's state
    /// after these events: its outbox reconciled with the planned reminders, its due items
    /// and its programme figures replaced.
    pub fn append_deriving(
        &self,
        expected: u64,
        events: &[RawEvent],
        metadata: &CaseMetadata,
        derived: &crate::read_models::Derived,
    ) -> Result<()> {
        self.append_reconciling(expected, events, metadata, Some(derived))
    }

    /// `append`, and in the same transaction brings the case's outbox in line with `planned`,
    /// every reminder the case should have now (see `outbox::reconcile`).
    pub fn append_with_outbox(
        &self,
        expected: u64,
        events: &[RawEvent],
        metadata: &CaseMetadata,
        planned: &[OutboxRow],
    ) -> Result<()> {
        let derived = crate::read_models::Derived {
            outbox: planned.to_vec(),
            ..Default::default()
        };
        self.append_reconciling(expected, events, metadata, Some(&derived))
    }

    /// Appends to many cases in one transaction, each case by the same rule as `append`
    /// (expected sequence number, hash link, index row): for bulk loads, where one commit
    /// per case would cost one fsync per case. Any conflict rolls the whole batch back.
    pub fn append_cases(&self, batch: &[(u64, &[RawEvent], &CaseMetadata)]) -> Result<()> {
        let checked = batch
            .iter()
            .map(|&(expected, events, metadata)| checked(expected, events, metadata))
            .collect::<Result<Vec<_>>>()?;
        self.backend.write(&mut |tx| {
            let mut moves = Moves::default();
            for (&(expected, events, _), index) in batch.iter().zip(&checked) {
                if let Some(index) = index {
                    append_in(tx, expected, events, index, None, &mut moves)?;
                }
            }
            // The batch's counts in one write per value moved, not one per case.
            moves.write(tx)
        })
    }

    /// The append rule, written once.
    fn append_reconciling(
        &self,
        expected: u64,
        events: &[RawEvent],
        metadata: &CaseMetadata,
        derived: Option<&crate::read_models::Derived>,
    ) -> Result<()> {
        let Some(index) = checked(expected, events, metadata)? else {
            return Ok(());
        };
        self.backend.write(&mut |tx| {
            let mut moves = Moves::default();
            append_in(tx, expected, events, &index, derived, &mut moves)?;
            let last = &events[events.len() - 1];
            crate::idempotency::mark_applied(tx, &last.case_id, last.seq)?;
            moves.write(tx)
        })
    }

    /// Every event of a case, in order. `NotFound` if it has none.
    pub fn events(&self, case: CaseId) -> Result<Vec<RawEvent>> {
        let rows = self
            .backend
            .read(EVENTS_OF_CASE, &[case.to_string().into()])?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(case.to_string()));
        }
        rows.into_iter().map(|r| raw_event(Columns(r))).collect()
    }

    /// The events of a case after sequence number `after`, in order; empty if there are none.
    pub fn events_after(&self, case: CaseId, after: u64) -> Result<Vec<RawEvent>> {
        let rows = self.backend.read(
            EVENTS_OF_CASE_AFTER,
            &[case.to_string().into(), after.into()],
        )?;
        rows.into_iter().map(|r| raw_event(Columns(r))).collect()
    }

    /// Ids of every case with events, whether or not the index knows it.
    pub fn case_ids(&self) -> Result<Vec<String>> {
        self.backend
            .read(CASE_IDS, &[])?
            .into_iter()
            .map(|r| Columns(r).text(0))
            .collect()
    }

    /// Whether a case exists, from its index row (no events are read).
    pub fn case_exists(&self, case: CaseId) -> Result<bool> {
        Ok(!self
            .backend
            .read(
                "SELECT 1 FROM case_index WHERE case_id = $1",
                &[case.to_string().into()],
            )?
            .is_empty())
    }

    /// The case index read model, most recent activity first. Each row's
    /// `shared_last_activity` is its own column (the case's opening for rows written before
    /// it existed), so `CaseMetadata::shared` gives the row others than mediators may see.
    pub fn case_index(&self) -> Result<Vec<CaseMetadata>> {
        self.backend
            .read(INDEX, &[])?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                crate::case_list::index_row(c.text(0)?, c.opt_text(1)?)
            })
            .collect()
    }

    /// Fills the list's columns of index rows written before they existed, from each row's
    /// metadata, moving the counts with them (run when the store opens; a no-op once every
    /// row has them).
    pub(crate) fn backfill_case_index(&self) -> Result<()> {
        let sql = format!(
            "SELECT metadata, shared_last_activity, {} FROM case_index ci \
             WHERE activity_ns IS NULL",
            Counted::COLUMNS
        );
        for r in self.backend.read(&sql, &[])? {
            let before = Counted::from_row(&r, 2);
            let mut c = Columns(r);
            let row = crate::case_list::index_row(c.text(0)?, c.opt_text(1)?)?;
            let mut params = list_columns(&row).to_vec();
            // The dispute type has its own column from the start; the others are filled here.
            let after = Counted::new([&params[0], &params[1], &c.0[4], &params[2]]);
            params.push(row.shared_last_activity.to_string().into());
            params.push(row.id.to_string().into());
            self.backend.write(&mut |tx| {
                tx.execute(FILL_INDEX, &params)?;
                let mut moves = Moves::default();
                moves.moved(Some(&before), &after);
                moves.write(tx)
            })?;
        }
        Ok(())
    }
}

/// The case list's columns: state, latest outcome, court-ordered, title, folded title, and the
/// two order keys (nanoseconds since the epoch).
fn list_columns(m: &CaseMetadata) -> [Value; 7] {
    [
        accord_core::case::figures::state_key(&m.status).into(),
        m.latest_outcome.map(|o| o.to_string()).into(),
        i64::from(m.court_ordered).into(),
        m.title.as_str().into(),
        m.title.to_lowercase().into(),
        (m.last_activity.as_nanosecond() as i64).into(),
        (m.shared_last_activity.as_nanosecond() as i64).into(),
    ]
}

/// The batch's own checks (in sequence, one case, the index row of that case) and the index
/// row's columns; `None` for an empty batch.
pub(crate) fn checked(
    expected: u64,
    events: &[RawEvent],
    metadata: &CaseMetadata,
) -> Result<Option<[Value; 14]>> {
    let Some(first) = events.first() else {
        return Ok(None);
    };
    let case_id = first.case_id.as_str();
    for (i, e) in events.iter().enumerate() {
        if e.case_id != case_id || e.seq != expected + 1 + i as u64 {
            return Err(StoreError::Integrity(format!(
                "event {} of the batch is out of sequence (case {}, seq {})",
                i + 1,
                e.case_id,
                e.seq
            )));
        }
    }
    if metadata.id.to_string() != case_id {
        return Err(StoreError::Integrity(
            "the case index row names another case".into(),
        ));
    }
    let last = events.last().map_or(expected, |e| e.seq);
    let [
        state,
        outcome,
        court,
        title,
        folded,
        activity,
        shared_activity,
    ] = list_columns(metadata);
    let index = [
        Value::from(case_id),
        Value::from(last),
        metadata.status.to_string().into(),
        metadata.dispute_type.to_string().into(),
        metadata.last_activity.to_string().into(),
        serde_json::to_string(metadata)
            .expect("metadata always serialises")
            .into(),
        metadata.shared_last_activity.to_string().into(),
        state,
        outcome,
        court,
        title,
        folded,
        activity,
        shared_activity,
    ];
    Ok(Some(index))
}

/// One case's append inside a write transaction: head check, events, index row, how the
/// counts move (added to `moves`, for the caller to write once), and the read models derived
/// from it (outbox, due items, figures).
pub(crate) fn append_in(
    tx: &mut dyn crate::backend::Tx,
    expected: u64,
    events: &[RawEvent],
    index: &[Value; 14],
    derived: Option<&crate::read_models::Derived>,
    moves: &mut Moves,
) -> Result<()> {
    let first = &events[0];
    let case_id = first.case_id.as_str();
    let head = tx.query(HEAD, &[case_id.into()])?;
    // The index row read with the head is the one committed with it: an append that gets
    // past the head check and the events' primary key is the only one on this case.
    let (seq, hash, counted) = match head.into_iter().next() {
        Some(row) => {
            let counted = (row[2] != Value::Null).then(|| Counted::from_row(&row, 3));
            let mut row = Columns(row);
            (row.int(0)? as u64, row.text(1)?, counted)
        }
        None => (0, Digest::GENESIS.to_hex(), None),
    };
    if seq != expected {
        return Err(StoreError::Conflict {
            expected,
            current: seq,
        });
    }
    if first.prev_hash != hash {
        return Err(StoreError::Integrity(format!(
            "event {} does not link to the stored event {seq}",
            first.seq
        )));
    }
    for e in events {
        tx.execute(INSERT_EVENT, &event_row(e))
            .map_err(|err| match err {
                // Another writer took this sequence number after we read the head.
                StoreError::Duplicate(_) => StoreError::Conflict {
                    expected,
                    current: e.seq,
                },
                other => other,
            })?;
    }
    tx.execute(UPSERT_INDEX, index)?;
    // state, latest outcome, dispute type, court-ordered: `Counted::COLUMNS`' order.
    moves.moved(
        counted.as_ref(),
        &Counted::new([&index[7], &index[8], &index[3], &index[9]]),
    );
    if let Some(derived) = derived {
        let now = events.last().map_or("", |e| e.recorded_at.as_str());
        crate::outbox::reconcile(tx, case_id, &derived.outbox, now)?;
        // An append that derives nothing else (an import, a test) leaves the case's due rows
        // and figures to be rebuilt.
        if derived.figures.is_some() {
            crate::read_models::write(tx, case_id, derived)?;
        }
    }
    Ok(())
}

fn event_row(e: &RawEvent) -> [Value; 11] {
    [
        e.case_id.as_str().into(),
        e.seq.into(),
        e.recorded_at.as_str().into(),
        e.actor.as_str().into(),
        e.audience.as_str().into(),
        i64::from(e.schema).into(),
        e.event_type.as_str().into(),
        e.payload.as_str().into(),
        e.payload_digest.as_str().into(),
        e.prev_hash.as_str().into(),
        e.hash.as_str().into(),
    ]
}

fn raw_event(mut c: Columns) -> Result<RawEvent> {
    Ok(RawEvent {
        case_id: c.text(0)?,
        seq: c.int(1)? as u64,
        recorded_at: c.text(2)?,
        actor: c.text(3)?,
        audience: c.text(4)?,
        schema: c.int(5)? as u16,
        event_type: c.text(6)?,
        payload: c.text(7)?,
        payload_digest: c.text(8)?,
        prev_hash: c.text(9)?,
        hash: c.text(10)?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_head_reads_the_counted_columns() {
        assert!(super::HEAD.contains(super::Counted::COLUMNS));
    }
}
