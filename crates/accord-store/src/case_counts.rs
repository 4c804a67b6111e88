//! The case list's counts per filter value (the dashboard's numbers on a first page).
//!
//! Both ways of counting count the same columns of the same index rows: state, latest outcome,
//! dispute type and court-ordered. Those are joint facts (only events addressed to everyone
//! move them), so they are the shared row's and a private write moves no count.
//!
//! - Callers who see every case (coordinators and admins) read `case_counts`, a read model that
//!   every append moves in its own transaction (`Moves`: the case's place in the counts before
//!   and after, from its index row), so a first page reads a few dozen rows whether there are
//!   10,000 cases or 1,000,000. Migration V8 creates it from the index rows then present.
//! - Members (mediators, participants) are counted over their memberships in SQL on each
//!   first page (`recount_case_counts`): a caseload is small, and who belongs to which case
//!   changes without an append.

use crate::backend::{Columns, Row, Tx, Value};
use crate::case_list::MEMBER_ROWS;
use crate::{Lister, Result, Store, StoreError};
use std::collections::BTreeMap;

/// How many of the caller's cases have each value, over every case the caller may see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseCounts {
    pub total: u64,
    pub by_state: BTreeMap<String, u64>,
    /// "none" for cases with no outcome yet.
    pub by_latest_outcome: BTreeMap<String, u64>,
    pub by_dispute_type: BTreeMap<String, u64>,
    pub court_ordered: u64,
}

/// The index columns a case is counted by; each is also its dimension's name in
/// `case_counts`.
const COUNTED: [&str; 4] = ["state", "latest_outcome", "dispute_type", "court_ordered"];

/// Where one index row is counted: each of `COUNTED` as text, "" for NULL (as
/// `recount_case_counts` and the migration's backfill group them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Counted([String; 4]);

impl Counted {
    /// From the values of the columns of `COUNTED`, in that order.
    pub(crate) fn new(values: [&Value; 4]) -> Self {
        Self(values.map(|v| match v {
            Value::Null => String::new(),
            Value::Int(n) => n.to_string(),
            Value::Text(s) => s.clone(),
        }))
    }

    /// From `row[first..first + 4]`, read by a SELECT of `COLUMNS`.
    pub(crate) fn from_row(row: &Row, first: usize) -> Self {
        let null = Value::Null;
        let at = |i: usize| row.get(first + i).unwrap_or(&null);
        Self::new([at(0), at(1), at(2), at(3)])
    }

    /// `COUNTED`'s columns, for a SELECT from `case_index ci`.
    pub(crate) const COLUMNS: &'static str =
        "ci.state, ci.latest_outcome, ci.dispute_type, ci.court_ordered";
}

/// How the counts move in one transaction, summed over every case it appends to.
#[derive(Debug, Default)]
pub(crate) struct Moves(BTreeMap<(&'static str, String), i64>);

impl Moves {
    /// A case's index row goes from `before` (`None`: a new row) to `after`.
    pub(crate) fn moved(&mut self, before: Option<&Counted>, after: &Counted) {
        for (i, dimension) in COUNTED.into_iter().enumerate() {
            let new = &after.0[i];
            let old = before.map(|b| &b.0[i]);
            if old == Some(new) {
                continue;
            }
            if let Some(old) = old {
                *self.0.entry((dimension, old.clone())).or_default() -= 1;
            }
            *self.0.entry((dimension, new.clone())).or_default() += 1;
        }
    }

    /// Writes what moved, nothing if nothing did (a note moves no count, so ordinary appends
    /// on different cases never wait for each other here). Rows are written in key order, so
    /// that two PostgreSQL transactions lock them in the same order and cannot deadlock.
    pub(crate) fn write(self, tx: &mut dyn Tx) -> Result<()> {
        for ((dimension, value), n) in self.0 {
            if n != 0 {
                tx.execute(
                    "INSERT INTO case_counts (dimension, value, n) VALUES ($1, $2, $3) \
                     ON CONFLICT (dimension, value) DO UPDATE SET n = case_counts.n + excluded.n",
                    &[dimension.into(), value.into(), n.into()],
                )?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// The counts per filter value over every case the caller may see: for callers who see
    /// every case, from the counts read model (the cost does not grow with the cases); for a
    /// member, counted over its memberships in SQL (see `recount_case_counts`).
    pub fn case_counts(&self, who: &Lister) -> Result<CaseCounts> {
        match who.all_cases {
            true => tally(
                self.backend
                    .read("SELECT dimension, value, n FROM case_counts", &[])?,
            ),
            false => self.recount_case_counts(who),
        }
    }

    /// The same counts by GROUP BY over the caller's index rows, each time: the members' way
    /// (their memberships joined; a caseload is small), and what the read model must equal
    /// for callers who see every case.
    pub fn recount_case_counts(&self, who: &Lister) -> Result<CaseCounts> {
        let (from, params): (&str, Vec<Value>) = match who.all_cases {
            true => ("case_index ci", vec![]),
            false => (MEMBER_ROWS, vec![who.user_id.as_str().into()]),
        };
        let sql = COUNTED
            .map(|column| {
                let value = format!("COALESCE(CAST(ci.{column} AS TEXT), '')");
                format!("SELECT '{column}', {value}, COUNT(*) FROM {from} GROUP BY {value}")
            })
            .join(" UNION ALL ");
        tally(self.backend.read(&sql, &params)?)
    }
}

/// `CaseCounts` from rows of (dimension, value, n).
fn tally(rows: Vec<Row>) -> Result<CaseCounts> {
    let mut counts = CaseCounts::default();
    for r in rows {
        let mut c = Columns(r);
        let (dimension, value, n) = (c.text(0)?, c.text(1)?, c.int(2)?);
        let n = u64::try_from(n).map_err(|_| {
            StoreError::Integrity(format!("{n} cases counted with {dimension} {value:?}"))
        })?;
        if n == 0 {
            continue;
        }
        match dimension.as_str() {
            "state" => {
                counts.total += n;
                *counts.by_state.entry(value).or_default() += n;
            }
            "latest_outcome" => {
                let key = if value.is_empty() {
                    "none".into()
                } else {
                    value
                };
                *counts.by_latest_outcome.entry(key).or_default() += n;
            }
            "dispute_type" => *counts.by_dispute_type.entry(value).or_default() += n,
            "court_ordered" if value == "1" => counts.court_ordered += n,
            _ => {}
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_columns_read_are_the_columns_counted() {
        let columns = super::COUNTED.map(|c| format!("ci.{c}")).join(", ");
        assert_eq!(super::Counted::COLUMNS, columns);
    }
}
