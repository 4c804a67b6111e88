//! The log of who opened which sensitive record (a caucus note, a mediator's note, a private
//! debrief), by which route and when: written by every read that hands one over, shown to the
//! case's mediators, append-only in the store. Reopening the same record by the same route
//! within `COALESCE_WINDOW` adds no entry, so a page reloaded ten times is one opening, not
//! ten writes.

use crate::access;
use crate::accounts::{Accounts, User};
use crate::cases::Cases;
use crate::error::Result;
use crate::workbench::Workbench;
use accord_core::case::debrief::Author;
use accord_core::case::sensitive::SensitiveRecord;
use accord_core::case::state::Case;
use accord_core::ids::CaseId;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Openings of one record by one account closer together than this are one entry.
pub const COALESCE_WINDOW: Duration = Duration::from_secs(10 * 60);
/// Entries on one page of the log, unless asked otherwise; and the most one page may hold.
pub const LOG_PAGE: usize = 100;
pub const MAX_LOG_PAGE: usize = 500;
/// How many recent openings are remembered before the stale ones are forgotten.
const REMEMBERED: usize = 50_000;

/// The routes a sensitive record is opened by, as the log names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    CaseView,
    OlderNotes,
    Export,
    CasePage,
    AfterSessionPage,
    PersonalData,
    SafetyRecord,
    SafetyPage,
    /// The operator's console (`accord case show`, `accord safety show`), which no account
    /// signs in to.
    Console,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CaseView => "case view (API)",
            Self::OlderNotes => "older notes (API)",
            Self::Export => "export",
            Self::CasePage => "case page",
            Self::AfterSessionPage => "after-session page",
            Self::PersonalData => "personal data export",
            Self::SafetyRecord => "safety record (API)",
            Self::SafetyPage => "safety page",
            Self::Console => "command line (accord)",
        }
    }
}

type Key = (String, CaseId, SensitiveRecord, Via);

/// When each account last had an opening of each record logged, on this node.
#[derive(Clone, Default)]
pub struct RecentOpenings(Arc<Mutex<HashMap<Key, Instant>>>);

impl RecentOpenings {
    /// The records not logged for `user` within the window; notes them as logged now.
    fn take_new(
        &self,
        user: &str,
        case: CaseId,
        records: &[SensitiveRecord],
        via: Via,
    ) -> Vec<SensitiveRecord> {
        let now = Instant::now();
        let mut recent = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() > REMEMBERED {
            recent.retain(|_, at| now.duration_since(*at) < COALESCE_WINDOW);
        }
        records
            .iter()
            .filter(|r| {
                let key = (user.to_owned(), case, **r, via);
                match recent.get(&key) {
                    Some(at) if now.duration_since(*at) < COALESCE_WINDOW => false,
                    _ => {
                        recent.insert(key, now);
                        true
                    }
                }
            })
            .copied()
            .collect()
    }

    /// Forgets what `take_new` noted, when the log could not be written.
    fn forget(&self, user: &str, case: CaseId, records: &[SensitiveRecord], via: Via) {
        let mut recent = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for r in records {
            recent.remove(&(user.to_owned(), case, *r, via));
        }
    }
}

/// One entry of the log, as the case's mediators see it.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Opening {
    pub record: SensitiveRecord,
    /// The record in words, e.g. "Caucus note with Amira Ahmed".
    pub what: String,
    /// The display name of the account that opened it.
    pub by: String,
    pub via: String,
    pub at: String,
}

/// A page of the log, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OpeningsPage {
    pub entries: Vec<Opening>,
    /// Ask for `…/access-log?before=<this>` for the entries before these; none at the start.
    pub older: Option<String>,
}

impl Workbench {
    /// Logs that `user` opened `records` by `via`; an error here fails the read, so nothing
    /// sensitive is handed over unlogged.
    pub(crate) fn opened(
        &self,
        user: &User,
        case: CaseId,
        records: &[SensitiveRecord],
        via: Via,
    ) -> Result<()> {
        let new = self.recent_openings.take_new(&user.id, case, records, via);
        if new.is_empty() {
            return Ok(());
        }
        let stored: Vec<String> = new.iter().map(ToString::to_string).collect();
        self.cases
            .store()
            .log_sensitive_reads(
                &case.to_string(),
                &user.id,
                &stored,
                via.as_str(),
                &Accounts::now_stamp(),
            )
            .inspect_err(|_| self.recent_openings.forget(&user.id, case, &new, via))?;
        Ok(())
    }

    /// The latest openings of the case's sensitive records before the instant `before` (a
    /// page's `older`), newest first (the case's mediators only).
    pub fn openings(
        &self,
        user: &User,
        case: CaseId,
        before: Option<&str>,
        limit: usize,
    ) -> Result<OpeningsPage> {
        access::may_manage_case(self.access(user, case)?)?;
        let before = before.map(cursor).transpose()?;
        let before = before.as_deref();
        let limit = limit.clamp(1, MAX_LOG_PAGE);
        let fold = self
            .load(case)?
            .view_fold(accord_core::case::Viewer::Mediator)?;
        let rows = self
            .cases
            .store()
            .sensitive_reads(&case.to_string(), before, limit)?;
        let older = (rows.len() >= limit)
            .then(|| rows.last().map(|r| r.read_at.clone()))
            .flatten();
        let mut names: HashMap<String, String> =
            crate::erasure::erased_accounts(&self.cases, case, &fold.case)?
                .into_iter()
                .map(|u| (u, accord_core::case::redact::ERASED.to_owned()))
                .collect();
        let entries = rows
            .into_iter()
            .filter_map(|row| Some((SensitiveRecord::parse(&row.record)?, row)))
            .map(|(record, row)| {
                if !names.contains_key(&row.user_id) {
                    let name = match row.user_id.as_str() {
                        OPERATOR => "The operator, at the command line".to_owned(),
                        id => self
                            .accounts
                            .by_id(id)?
                            .map_or_else(|| "A former account".into(), |u| u.name),
                    };
                    names.insert(row.user_id.clone(), name);
                }
                Ok(Opening {
                    record,
                    what: described(&fold.case, record),
                    by: names[&row.user_id].clone(),
                    via: row.via,
                    at: row.read_at,
                })
            })
            .collect::<Result<_>>()?;
        Ok(OpeningsPage { entries, older })
    }
}

/// A page's `before` as the log stores instants (whole seconds in UTC).
fn cursor(before: &str) -> Result<String> {
    let invalid = || crate::error::AppError::Invalid {
        field: "before",
        message: "before must be an instant such as 2026-12-07T09:30:00Z".into(),
    };
    Ok(before
        .parse::<jiff::Timestamp>()
        .map_err(|_| invalid())?
        .round(jiff::Unit::Second)
        .map_err(|_| invalid())?
        .to_string())
}

/// A record in words, from the mediator's fold.
pub fn described(case: &Case, record: SensitiveRecord) -> String {
    let name = |party| {
        case.participant(party)
            .map_or_else(|| "a party".into(), |p| p.name.to_string())
    };
    let session = |id| {
        case.session(id)
            .map(|s| {
                format!(
                    " after the session of {}",
                    s.starts_at.strftime("%-d %b %Y")
                )
            })
            .unwrap_or_default()
    };
    match record {
        SensitiveRecord::CaucusNote { party, .. } => format!("Caucus note with {}", name(party)),
        SensitiveRecord::MediatorNote { .. } => "Mediator's private note".into(),
        SensitiveRecord::Debrief {
            session: s,
            author: Author::Mediator,
        } => format!("The mediator's debrief{}", session(s)),
        SensitiveRecord::Debrief {
            session: s,
            author: Author::Party { party },
        } => format!("{}'s debrief{}", name(party), session(s)),
        SensitiveRecord::Screening { party } => format!("{}'s safety screening", name(party)),
    }
}

/// Who the access log names for a reading at the operator's console.
pub const OPERATOR: &str = "operator";

/// Logs that the operator opened `records` of `case` at the console, before they are printed:
/// each time (the console keeps no memory between runs).
pub fn opened_at_console(cases: &Cases, case: CaseId, records: &[SensitiveRecord]) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let stored: Vec<String> = records.iter().map(ToString::to_string).collect();
    cases.store().log_sensitive_reads(
        &case.to_string(),
        OPERATOR,
        &stored,
        Via::Console.as_str(),
        &Accounts::now_stamp(),
    )?;
    Ok(())
}
