//! The case list read from the case index: one keyset page at a time, filtered in SQL, with
//! memberships joined in SQL (the counts a dashboard shows are `case_counts.rs`'s). Each row is
//! seen through the caller's lens: a case's mediators get the full row and its order
//! (`activity_ns`), everyone else the shared row and the shared order (`shared_activity_ns`),
//! so a private write moves neither the row, nor its place, nor a cursor, for anyone but the
//! mediators.

use crate::backend::{Columns, Value};
use crate::{Result, Store, StoreError};
use accord_core::case::CaseMetadata;

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lister {
    pub user_id: String,
    /// Coordinators and admins see every case (the shared row, unless they mediate it).
    pub all_cases: bool,
}

/// Which cases, as the list's filters say; `None` is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// "open", or a closure status ("settled", …); `Some("closed")` is every closed case.
    pub state: Option<String>,
    /// Any of these latest outcomes (kebab-case); an empty entry "" is "no outcome yet".
    pub outcomes: Option<Vec<String>>,
    pub dispute_type: Option<String>,
    /// An account that mediates the case.
    pub mediator: Option<String>,
    pub court_ordered: Option<bool>,
    pub due: Option<DueFilter>,
    /// Already case-folded by the caller; matched as a substring of the folded title.
    pub title: Option<String>,
}

/// Cases with something due for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueFilter {
    /// An item whose day has passed, at `now_ns`.
    Overdue { now_ns: i64 },
    /// An item due from today to seven days ahead (not overdue).
    ThisWeek { now_ns: i64 },
}

/// Where a page starts: after this (activity, case id) in the caller's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCursor {
    pub activity_ns: i64,
    pub case_id: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CasePage {
    pub rows: Vec<CaseMetadata>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<ListCursor>,
}

/// SQL with `$n` placeholders numbered in the order they appear (SQLite binds them so).
struct Sql {
    text: String,
    params: Vec<Value>,
}

impl Sql {
    fn param(&mut self, v: impl Into<Value>) -> String {
        self.params.push(v.into());
        format!("${}", self.params.len())
    }
}

/// The FROM clause and the expressions that depend on the caller's lens.
struct Lens {
    from: &'static str,
    /// The caller's order key for a row.
    key: &'static str,
    /// True when the caller mediates the case.
    mediates: &'static str,
    /// Whose due list the caller reads on the case.
    audience: &'static str,
}

/// A member's index rows: its cases, through its memberships (`$1`: the account).
pub(crate) const MEMBER_ROWS: &str = "case_index ci JOIN memberships m ON m.case_id = ci.case_id \
    AND m.user_id = $1 AND m.kind <> 'former'";

const MEMBER: Lens = Lens {
    from: MEMBER_ROWS,
    key: "CASE WHEN m.kind = 'mediator' THEN ci.activity_ns ELSE ci.shared_activity_ns END",
    mediates: "m.kind = 'mediator'",
    audience: "CASE WHEN m.kind = 'mediator' THEN 'mediator' ELSE m.participant_id END",
};

const STAFF_MEMBER: Lens = Lens {
    from: "case_index ci LEFT JOIN memberships m ON m.case_id = ci.case_id AND m.user_id = $1 \
        AND m.kind <> 'former'",
    key: "CASE WHEN m.kind = 'mediator' THEN ci.activity_ns ELSE ci.shared_activity_ns END",
    mediates: "m.kind = 'mediator'",
    audience: "CASE WHEN m.kind = 'mediator' THEN 'mediator' WHEN m.kind = 'participant' \
        THEN m.participant_id ELSE 'coordinator' END",
};

/// A coordinator who belongs to no case: every row shared, in the indexed shared order.
const STAFF: Lens = Lens {
    from: "case_index ci",
    key: "ci.shared_activity_ns",
    mediates: "1 = 0",
    audience: "'coordinator'",
};

impl Store {
    fn lens(&self, who: &Lister) -> Result<(Lens, bool)> {
        if !who.all_cases {
            return Ok((MEMBER, true));
        }
        let belongs = self.backend.read(
            "SELECT 1 FROM memberships WHERE user_id = $1 AND kind <> 'former' LIMIT 1",
            &[who.user_id.as_str().into()],
        )?;
        Ok(match belongs.is_empty() {
            true => (STAFF, false),
            false => (STAFF_MEMBER, true),
        })
    }

    /// One page of the caller's cases, most recent activity (as the caller sees it) first,
    /// then by id; at most `limit` rows, starting after `after`.
    pub fn case_page(
        &self,
        who: &Lister,
        filter: &CaseFilter,
        after: Option<&ListCursor>,
        limit: u32,
    ) -> Result<CasePage> {
        let (lens, joined) = self.lens(who)?;
        let mut sql = Sql {
            text: String::new(),
            params: Vec::new(),
        };
        if joined {
            sql.param(who.user_id.as_str());
        }
        let mut conditions = filters(&mut sql, &lens, filter);
        if let Some(c) = after {
            let (k1, k2, id) = (
                sql.param(c.activity_ns),
                sql.param(c.activity_ns),
                sql.param(c.case_id.as_str()),
            );
            let key = lens.key;
            // `key <= k1` first, so that the planner seeks in the order's index rather than
            // scanning every row before the cursor (the OR alone defeats the index).
            conditions.push(format!(
                "{key} <= {k1} AND ({key} < {k2} OR ci.case_id > {id})"
            ));
        }
        let limit_param = sql.param(i64::from(limit) + 1);
        sql.text = format!(
            "SELECT ci.metadata, ci.shared_last_activity, CASE WHEN {} THEN 1 ELSE 0 END, {} \
             FROM {} {} ORDER BY {} DESC, ci.case_id LIMIT {limit_param}",
            lens.mediates,
            lens.key,
            lens.from,
            where_clause(&conditions),
            lens.key,
        );
        let mut rows = Vec::new();
        let mut keys = Vec::new();
        for r in self.backend.read(&sql.text, &sql.params)? {
            let mut c = Columns(r);
            let full = index_row(c.text(0)?, c.opt_text(1)?)?;
            let mediates = c.int(2)? == 1;
            keys.push(ListCursor {
                activity_ns: c.int(3)?,
                case_id: full.id.to_string(),
            });
            rows.push(if mediates { full } else { full.shared() });
        }
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            keys.truncate(limit as usize);
            keys.pop()
        } else {
            None
        };
        Ok(CasePage { rows, next })
    }
}

fn where_clause(conditions: &[String]) -> String {
    match conditions.is_empty() {
        true => String::new(),
        false => format!("WHERE {}", conditions.join(" AND ")),
    }
}

fn filters(sql: &mut Sql, lens: &Lens, f: &CaseFilter) -> Vec<String> {
    let mut out = Vec::new();
    match f.state.as_deref() {
        None => {}
        Some("closed") => out.push("ci.state <> 'open'".to_owned()),
        Some(state) => out.push(format!("ci.state = {}", sql.param(state))),
    }
    if let Some(outcomes) = &f.outcomes {
        let mut any = Vec::new();
        for o in outcomes {
            any.push(match o.is_empty() {
                true => "ci.latest_outcome IS NULL".to_owned(),
                false => format!("ci.latest_outcome = {}", sql.param(o.as_str())),
            });
        }
        out.push(match any.is_empty() {
            true => "1 = 0".to_owned(),
            false => format!("({})", any.join(" OR ")),
        });
    }
    if let Some(d) = &f.dispute_type {
        out.push(format!("ci.dispute_type = {}", sql.param(d.as_str())));
    }
    if let Some(m) = &f.mediator {
        out.push(format!(
            "EXISTS (SELECT 1 FROM memberships mm WHERE mm.case_id = ci.case_id \
             AND mm.user_id = {} AND mm.kind = 'mediator')",
            sql.param(m.as_str())
        ));
    }
    if let Some(c) = f.court_ordered {
        out.push(format!("ci.court_ordered = {}", sql.param(i64::from(c))));
    }
    if let Some(t) = &f.title {
        let escaped: String = t
            .chars()
            .flat_map(|c| match c {
                '\\' | '%' | '_' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        out.push(format!(
            "ci.title_folded LIKE {} ESCAPE '\\'",
            sql.param(format!("%{escaped}%"))
        ));
    }
    if let Some(due) = f.due {
        let condition = match due {
            DueFilter::Overdue { now_ns } => format!("d.due_end_ns <= {}", sql.param(now_ns)),
            DueFilter::ThisWeek { now_ns } => format!(
                "d.due_end_ns > {} AND d.due_start_ns <= {}",
                sql.param(now_ns),
                sql.param(now_ns + 7 * 86_400 * 1_000_000_000)
            ),
        };
        out.push(format!(
            "EXISTS (SELECT 1 FROM due_items d WHERE d.case_id = ci.case_id \
             AND d.audience = {} AND {condition})",
            lens.audience
        ));
    }
    out
}

/// A case index row: its metadata, with the shared activity from its own column (the
/// case's opening for rows written before the column existed).
pub(crate) fn index_row(metadata: String, shared: Option<String>) -> Result<CaseMetadata> {
    let unreadable =
        |e: String| StoreError::Database(format!("case index row cannot be read: {e}"));
    let mut row: CaseMetadata =
        serde_json::from_str(&metadata).map_err(|e| unreadable(e.to_string()))?;
    row.shared_last_activity = match shared {
        Some(t) => t
            .parse()
            .map_err(|e: jiff::Error| unreadable(e.to_string()))?,
        None => row.opened_at,
    };
    Ok(row)
}
