//! The read models written in the append's transaction besides the case index: the due items
//! of each audience, and the programme figures. The application derives the rows from the
//! case's state; here they replace the case's previous rows, and are read back.

use crate::backend::{Columns, Tx, Value};
use crate::outbox::OutboxRow;
use crate::{Result, Store};
use accord_core::case::figures::CaseFigures;

/// One due item of one audience, as the application derived it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueRow {
    /// "mediator", "coordinator", or a participant's id.
    pub audience: String,
    /// Its place in that audience's list (the list's own order).
    pub position: u32,
    pub due_on: String,
    /// The start and end of its day in the case's time zone, in nanoseconds since the epoch.
    pub due_start_ns: i64,
    pub due_end_ns: i64,
    pub time_zone: String,
    /// The item, as JSON.
    pub item: String,
}

/// A due row read back, with its case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDue {
    pub case_id: String,
    pub title: String,
    /// The caller's order key of the case (as in the case list).
    pub activity_ns: i64,
    pub time_zone: String,
    pub item: String,
}

/// Everything an append writes besides the events and the case index.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// Every reminder the case should have now (see `outbox::reconcile`).
    pub outbox: Vec<OutboxRow>,
    /// Every audience's due list.
    pub due: Vec<DueRow>,
    pub figures: Option<CaseFigures>,
}

const DUE_OF_CASE: &str = "SELECT audience, position, due_on, due_start_ns, due_end_ns, time_zone, \
    item FROM due_items WHERE case_id = $1";
const DELETE_DUE: &str = "DELETE FROM due_items WHERE case_id = $1";
const INSERT_DUE: &str = "INSERT INTO due_items (case_id, audience, position, due_on, due_start_ns, \
    due_end_ns, time_zone, item) VALUES ";
/// Due rows written by one INSERT (8 parameters each: far below either database's limit).
const DUE_ROWS_A_STATEMENT: usize = 100;
const UPSERT_FIGURES: &str = "INSERT INTO case_figures (case_id, dispute_type, state, latest_outcome, \
    issues, open_issues_peak, open_issues_now, terms_final, terms_paperwork, terms_temporary, \
    terms_pilot, next_move_chosen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
    ON CONFLICT (case_id) DO UPDATE SET dispute_type = excluded.dispute_type, state = excluded.state, \
    latest_outcome = excluded.latest_outcome, issues = excluded.issues, \
    open_issues_peak = excluded.open_issues_peak, open_issues_now = excluded.open_issues_now, \
    terms_final = excluded.terms_final, terms_paperwork = excluded.terms_paperwork, \
    terms_temporary = excluded.terms_temporary, terms_pilot = excluded.terms_pilot, \
    next_move_chosen = excluded.next_move_chosen";

/// Replaces the case's due rows and figures, inside the append's transaction. Due rows equal
/// to the stored ones (most appends: a note changes no one's list) are left as they are, so
/// the append writes none of their pages.
pub(crate) fn write(tx: &mut dyn Tx, case_id: &str, derived: &Derived) -> Result<()> {
    if !due_rows_stored(tx, case_id, &derived.due)? {
        tx.execute(DELETE_DUE, &[case_id.into()])?;
        for rows in derived.due.chunks(DUE_ROWS_A_STATEMENT) {
            let mut params = Vec::with_capacity(rows.len() * 8);
            let mut values = Vec::with_capacity(rows.len());
            for d in rows {
                let first = params.len();
                values.push(format!(
                    "({})",
                    (first + 1..=first + 8)
                        .map(|i| format!("${i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                params.extend([
                    case_id.into(),
                    d.audience.as_str().into(),
                    i64::from(d.position).into(),
                    d.due_on.as_str().into(),
                    d.due_start_ns.into(),
                    d.due_end_ns.into(),
                    d.time_zone.as_str().into(),
                    d.item.as_str().into(),
                ]);
            }
            tx.execute(&format!("{INSERT_DUE}{}", values.join(", ")), &params)?;
        }
    }
    if let Some(f) = &derived.figures {
        let n = |v: usize| Value::Int(v as i64);
        tx.execute(
            UPSERT_FIGURES,
            &[
                case_id.into(),
                f.dispute_type.to_string().into(),
                f.state.as_str().into(),
                f.latest_outcome.map(|o| o.to_string()).into(),
                n(f.issues),
                n(f.open_issues_peak),
                n(f.open_issues_now),
                n(f.terms_final),
                n(f.terms_paperwork),
                n(f.terms_temporary),
                n(f.terms_pilot),
                n(usize::from(f.next_move_chosen)),
            ],
        )?;
    }
    Ok(())
}

/// Whether the case's stored due rows are exactly `due` (in any order).
fn due_rows_stored(tx: &mut dyn Tx, case_id: &str, due: &[DueRow]) -> Result<bool> {
    let mut stored = tx
        .query(DUE_OF_CASE, &[case_id.into()])?
        .into_iter()
        .map(|r| {
            let mut c = Columns(r);
            Ok(DueRow {
                audience: c.text(0)?,
                position: c.int(1)? as u32,
                due_on: c.text(2)?,
                due_start_ns: c.int(3)?,
                due_end_ns: c.int(4)?,
                time_zone: c.text(5)?,
                item: c.text(6)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if stored.len() != due.len() {
        return Ok(false);
    }
    let mut wanted = due.to_vec();
    let key = |d: &DueRow| (d.audience.clone(), d.position);
    stored.sort_by_key(key);
    wanted.sort_by_key(key);
    Ok(stored == wanted)
}

/// The figures' sums, grouped; the columns every programme query selects after its groups.
const SUMS: &str = "COUNT(*), CAST(SUM(f.issues) AS BIGINT), CAST(SUM(f.open_issues_peak) AS BIGINT), \
    CAST(SUM(f.open_issues_now) AS BIGINT), CAST(SUM(f.terms_final) AS BIGINT), \
    CAST(SUM(f.terms_paperwork) AS BIGINT), CAST(SUM(f.terms_temporary) AS BIGINT), \
    CAST(SUM(f.terms_pilot) AS BIGINT), CAST(SUM(f.next_move_chosen) AS BIGINT)";

/// One group of the programme's figures: its key, its state and latest outcome, and sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FiguresGroup {
    /// The dispute type, or the mediator's account id.
    pub key: String,
    pub state: String,
    pub latest_outcome: Option<String>,
    /// cases, issues, open issues at their peak, open issues now, final, paperwork,
    /// temporary, pilot, next moves chosen with an owner and a date.
    pub sums: [u64; 9],
}

impl Store {
    /// The due items the caller may see across its cases: through its memberships (its own
    /// list on each), and for coordinators and admins the coordinator's list of every other
    /// case. Rows come in the order of each list.
    pub fn due_items(&self, who: &crate::case_list::Lister) -> Result<Vec<StoredDue>> {
        let key =
            "CASE WHEN m.kind = 'mediator' THEN ci.activity_ns ELSE ci.shared_activity_ns END";
        let sql = match who.all_cases {
            false => format!(
                "SELECT d.case_id, ci.title, {key}, d.time_zone, d.item FROM memberships m \
                 JOIN due_items d ON d.case_id = m.case_id AND d.audience = \
                 (CASE WHEN m.kind = 'mediator' THEN 'mediator' ELSE m.participant_id END) \
                 JOIN case_index ci ON ci.case_id = m.case_id \
                 WHERE m.user_id = $1 AND m.kind <> 'former' ORDER BY d.case_id, d.position"
            ),
            true => format!(
                "SELECT d.case_id, ci.title, {key}, d.time_zone, d.item FROM case_index ci \
                 LEFT JOIN memberships m ON m.case_id = ci.case_id AND m.user_id = $1 \
                 AND m.kind <> 'former' \
                 JOIN due_items d ON d.case_id = ci.case_id AND d.audience = \
                 (CASE WHEN m.kind = 'mediator' THEN 'mediator' WHEN m.kind = 'participant' \
                 THEN m.participant_id ELSE 'coordinator' END) \
                 ORDER BY d.case_id, d.position"
            ),
        };
        self.backend
            .read(&sql, &[who.user_id.as_str().into()])?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(StoredDue {
                    case_id: c.text(0)?,
                    title: c.opt_text(1)?.unwrap_or_default(),
                    activity_ns: c.int(2)?,
                    time_zone: c.text(3)?,
                    item: c.text(4)?,
                })
            })
            .collect()
    }

    /// The cases whose `audience` due list holds an item of `kind` (its stored kebab-case name)
    /// whose day ended before `before_ns`: what a sweep must look at, without reading every case.
    pub fn cases_with_due(
        &self,
        audience: &str,
        kind: &str,
        before_ns: i64,
    ) -> Result<Vec<String>> {
        let pattern = format!("%\"kind\":\"{kind}\"%");
        self.backend
            .read(
                "SELECT DISTINCT case_id FROM due_items WHERE audience = $1 AND due_end_ns <= $2 \
                 AND item LIKE $3 ORDER BY case_id",
                &[audience.into(), before_ns.into(), pattern.as_str().into()],
            )?
            .into_iter()
            .map(|r| Columns(r).text(0))
            .collect()
    }

    /// The programme's figures over every case, grouped by dispute type.
    pub fn figures_by_dispute_type(&self) -> Result<Vec<FiguresGroup>> {
        self.figures(&format!(
            "SELECT f.dispute_type, f.state, f.latest_outcome, {SUMS} FROM case_figures f \
             GROUP BY f.dispute_type, f.state, f.latest_outcome"
        ))
    }

    /// The programme's figures grouped by the mediators of each case (a case with two
    /// mediators counts for each).
    pub fn figures_by_mediator(&self) -> Result<Vec<FiguresGroup>> {
        self.figures(&format!(
            "SELECT m.user_id, f.state, f.latest_outcome, {SUMS} FROM case_figures f \
             JOIN memberships m ON m.case_id = f.case_id AND m.kind = 'mediator' \
             GROUP BY m.user_id, f.state, f.latest_outcome"
        ))
    }

    fn figures(&self, sql: &str) -> Result<Vec<FiguresGroup>> {
        self.backend
            .read(sql, &[])?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                let (key, state, latest_outcome) = (c.text(0)?, c.text(1)?, c.opt_text(2)?);
                let mut sums = [0u64; 9];
                for (i, s) in sums.iter_mut().enumerate() {
                    *s = c.int(3 + i)? as u64;
                }
                Ok(FiguresGroup {
                    key,
                    state,
                    latest_outcome,
                    sums,
                })
            })
            .collect()
    }

    /// Cases with events but no figures row (written before the read models existed).
    pub fn cases_without_figures(&self) -> Result<Vec<String>> {
        self.backend
            .read(
                "SELECT ci.case_id FROM case_index ci LEFT JOIN case_figures f \
                 ON f.case_id = ci.case_id WHERE f.case_id IS NULL ORDER BY ci.case_id",
                &[],
            )?
            .into_iter()
            .map(|r| Columns(r).text(0))
            .collect()
    }

    /// Rewrites a case's due rows and figures alone (rebuilding them from its events).
    pub fn rewrite_read_models(&self, case_id: &str, derived: &Derived) -> Result<()> {
        self.backend.write(&mut |tx| write(tx, case_id, derived))
    }
}
