//! The case list, one keyset page at a time: what the query asks (parsed here, so the API and
//! the CLI refuse the same values), the page, its opaque cursor, and the dashboard's counts.
//! The store does the filtering, the joining of memberships and the ordering in SQL.

use crate::accounts::{AccountRole, User};
use crate::error::{AppError, Result};
use crate::workbench::Workbench;
use accord_core::case::CaseMetadata;
use accord_core::case::vocabulary::{ClosureStatus, DisputeType, Outcome};
use accord_store::{CaseCounts, CaseFilter, DueFilter, ListCursor, Lister};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use std::collections::BTreeMap;
use std::str::FromStr;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// The outcomes of `outcome=no-full-agreement`: every session that did not end in one.
pub const NO_FULL_AGREEMENT: [Outcome; 5] = [
    Outcome::PartialAgreement,
    Outcome::NoAgreement,
    Outcome::ImpasseForNow,
    Outcome::PausedForSafety,
    Outcome::DidNotTakePlace,
];

/// A list query as people write it: every value a word, checked by `ListRequest::parse`.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub limit: Option<String>,
    pub cursor: Option<String>,
    pub status: Option<String>,
    pub outcome: Option<String>,
    pub dispute_type: Option<String>,
    pub mediator: Option<String>,
    pub court_ordered: Option<String>,
    pub due: Option<String>,
    pub q: Option<String>,
}

/// A checked list query.
#[derive(Clone, Debug)]
pub struct ListRequest {
    pub limit: u32,
    pub after: Option<ListCursor>,
    pub filter: CaseFilter,
}

/// One page of the list, as the API answers it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CaseListPage {
    pub items: Vec<CaseMetadata>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Over every case you may see (not narrowed by the filters); on the first page only
    /// (`null` when a cursor is given), so that paging deep stays cheap.
    pub counts: Option<ListCounts>,
}

/// How many of the cases you may see have each value, for the dashboard.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ListCounts {
    pub total: u64,
    /// "open" and each closure status ("settled", "not-settled", …).
    pub by_status: BTreeMap<String, u64>,
    pub closed: u64,
    /// Each latest outcome, and "none" for cases with no outcome yet.
    pub by_latest_outcome: BTreeMap<String, u64>,
    /// Cases whose latest outcome is not a full agreement (`outcome=no-full-agreement`).
    pub no_full_agreement: u64,
    pub by_dispute_type: BTreeMap<String, u64>,
    pub court_ordered: u64,
}

fn invalid(field: &'static str, message: String) -> AppError {
    AppError::Invalid { field, message }
}

fn word<T: FromStr + strum::VariantNames>(field: &'static str, value: &str) -> Result<T> {
    value.parse().map_err(|_| {
        invalid(
            field,
            format!("{value:?} is not one of {}", T::VARIANTS.join(", ")),
        )
    })
}

impl ListRequest {
    pub fn parse(q: &ListQuery, now: jiff::Timestamp) -> Result<Self> {
        let limit = match q.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(l) => match l.parse::<u32>() {
                Ok(n @ 1..=MAX_LIMIT) => n,
                _ => {
                    return Err(invalid(
                        "limit",
                        format!("limit must be a whole number from 1 to {MAX_LIMIT}, not {l:?}"),
                    ));
                }
            },
        };
        let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let state = match q.status.as_deref() {
            None => None,
            Some(s @ ("open" | "closed")) => Some(s.to_owned()),
            Some(s) => Some(
                ClosureStatus::from_str(s)
                    .map_err(|_| {
                        invalid(
                            "status",
                            format!(
                                "{s:?} is not open, closed or one of {}",
                                <ClosureStatus as strum::VariantNames>::VARIANTS.join(", ")
                            ),
                        )
                    })?
                    .to_string(),
            ),
        };
        let outcomes = match q.outcome.as_deref() {
            None => None,
            Some("no-full-agreement") => {
                Some(NO_FULL_AGREEMENT.iter().map(|o| o.to_string()).collect())
            }
            Some("none") => Some(vec![String::new()]),
            Some(o) => Some(vec![
                Outcome::from_str(o)
                    .map_err(|_| {
                        invalid(
                            "outcome",
                            format!(
                                "{o:?} is not no-full-agreement, none or one of {}",
                                <Outcome as strum::VariantNames>::VARIANTS.join(", ")
                            ),
                        )
                    })?
                    .to_string(),
            ]),
        };
        let dispute_type = q
            .dispute_type
            .as_deref()
            .map(|d| word::<DisputeType>("dispute_type", d).map(|d| d.to_string()))
            .transpose()?;
        let mediator = match q.mediator.as_deref() {
            None => None,
            Some(m) if uuid::Uuid::parse_str(m).is_ok() => Some(m.to_owned()),
            Some(m) => return Err(invalid("mediator", format!("{m:?} is not an account id"))),
        };
        let court_ordered = match q.court_ordered.as_deref() {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(c) => {
                return Err(invalid(
                    "court_ordered",
                    format!("court_ordered must be true or false, not {c:?}"),
                ));
            }
        };
        let now_ns = now.as_nanosecond() as i64;
        let due = match q.due.as_deref() {
            None => None,
            Some("overdue") => Some(DueFilter::Overdue { now_ns }),
            Some("this-week") => Some(DueFilter::ThisWeek { now_ns }),
            Some(d) => {
                return Err(invalid(
                    "due",
                    format!("due must be overdue or this-week, not {d:?}"),
                ));
            }
        };
        let title = match q.q.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) if t.chars().count() > 200 => {
                return Err(invalid("q", "q is longer than 200 characters".into()));
            }
            Some(t) => Some(t.to_lowercase()),
        };
        Ok(Self {
            limit,
            after,
            filter: CaseFilter {
                state,
                outcomes,
                dispute_type,
                mediator,
                court_ordered,
                due,
                title,
            },
        })
    }
}

pub fn encode_cursor(c: &ListCursor) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{}", c.activity_ns, c.case_id))
}

fn decode_cursor(s: &str) -> Result<ListCursor> {
    let bad = || invalid("cursor", "the cursor is not one this list gave".into());
    let text =
        String::from_utf8(URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?).map_err(|_| bad())?;
    let (ns, id) = text.split_once('.').ok_or_else(bad)?;
    let case_id = uuid::Uuid::parse_str(id).map_err(|_| bad())?.to_string();
    Ok(ListCursor {
        activity_ns: ns.parse().map_err(|_| bad())?,
        case_id,
    })
}

pub(crate) fn lister(user: &User) -> Lister {
    Lister {
        user_id: user.id.clone(),
        all_cases: matches!(user.role, AccountRole::Coordinator | AccountRole::Admin),
    }
}

impl From<CaseCounts> for ListCounts {
    fn from(c: CaseCounts) -> Self {
        let no_full_agreement = NO_FULL_AGREEMENT
            .iter()
            .filter_map(|o| c.by_latest_outcome.get(&o.to_string()))
            .sum();
        Self {
            total: c.total,
            closed: c.total - c.by_state.get("open").copied().unwrap_or(0),
            by_status: c.by_state,
            by_latest_outcome: c.by_latest_outcome,
            no_full_agreement,
            by_dispute_type: c.by_dispute_type,
            court_ordered: c.court_ordered,
        }
    }
}

impl Workbench {
    /// One page of the cases `user` may see, most recent activity first (as `user` sees it:
    /// only a case's mediators see the row moved by private writes), then by id.
    pub fn list_page(&self, user: &User, request: &ListRequest) -> Result<CaseListPage> {
        let who = lister(user);
        if request.filter.mediator.is_some() && !who.all_cases {
            return Err(AppError::Forbidden(
                "the mediator filter is for coordinators and admins".into(),
            ));
        }
        let store = self.cases.store();
        let page = store.case_page(&who, &request.filter, request.after.as_ref(), request.limit)?;
        let counts = match request.after {
            None => Some(store.case_counts(&who)?.into()),
            Some(_) => None,
        };
        Ok(CaseListPage {
            items: page.rows,
            next_cursor: page.next.as_ref().map(encode_cursor),
            counts,
        })
    }

    /// Every case `user` may see, in the list's order, read page by page.
    pub fn list(&self, user: &User) -> Result<Vec<CaseMetadata>> {
        let who = lister(user);
        let mut all = Vec::new();
        let mut after = None;
        loop {
            let page = self.cases.store().case_page(
                &who,
                &CaseFilter::default(),
                after.as_ref(),
                MAX_LIMIT,
            )?;
            all.extend(page.rows);
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(all),
            }
        }
    }
}
