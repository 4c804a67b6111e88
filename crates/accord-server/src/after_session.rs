//! What a signed-in person reads after a session without full agreement: the advice, the
//! memorandum and who confirmed it, the court's outcome-only report, the measures and what is
//! due. Each is derived from the case folded for that person (`fold_for`), never more.

use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::{AppError, Result};
use crate::workbench::Workbench;
use accord_core::advice::{Advice, Facts, advise};
use accord_core::case::advice_facts::facts_of;
use accord_core::case::court_report::{CourtReport, court_report};
use accord_core::case::deadline::Deadline;
use accord_core::case::due::{DueFor, DueItem, due};
use accord_core::case::measures::Measures;
use accord_core::case::memorandum::{self, Memorandum};
use accord_core::case::state::{Case, IssuedMemorandum};

use accord_core::case::ViewFold;
use accord_core::ids::{CaseId, ParticipantId};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::sync::Arc;

/// The advice for a case, and the facts it weighed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AdviceAnswer {
    pub facts: Facts,
    pub advice: Advice,
}

/// The memorandum now, the latest version issued, and who confirmed which version.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MemorandumAnswer {
    /// The memorandum as the case stands now.
    pub current: Memorandum,
    pub current_hash: String,
    pub latest_issued: Option<IssuedMemorandum>,
    /// The case changed since the latest version was issued: issue a new one for confirmation.
    pub changed_since_issued: bool,
    pub confirmations: Vec<ConfirmationStatus>,
    /// Parties with no confirmation of the latest version.
    pub awaiting: Vec<String>,
    pub markdown: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ConfirmationStatus {
    pub version: u32,
    pub by: String,
    pub for_party: String,
    pub confirmed_at: Timestamp,
    /// A later version was issued: this confirmation is of an earlier text.
    pub stale: bool,
}

/// What is due on one case.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CaseDue {
    pub case: CaseId,
    pub title: String,
    pub items: Vec<DueItem>,
}

/// Today in the case's time zone.
pub fn today_in(case: &Case) -> Date {
    accord_core::case::dates::today_of(case, Timestamp::now())
}

fn name(case: &Case, id: ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| id.to_string(), |p| p.name.to_string())
}

fn content_only(access: CaseAccess) -> Result<()> {
    match access {
        CaseAccess::Metadata => Err(AppError::Forbidden(
            "coordinators and admins see case metadata only".into(),
        )),
        _ => Ok(()),
    }
}

impl Workbench {
    /// The case as `user` may see it, after checking access.
    pub fn viewed(&self, user: &User, case: CaseId) -> Result<(CaseAccess, Arc<ViewFold>)> {
        let access = self.access(user, case)?;
        let fold = self.cases.history(case)?.view_fold(access.viewer())?;
        Ok((access, fold))
    }

    pub fn advice(&self, user: &User, case: CaseId) -> Result<AdviceAnswer> {
        let (access, state) = self.viewed(user, case)?;
        content_only(access)?;
        advice_answer(&state.case)
    }

    pub fn memorandum(&self, user: &User, case: CaseId) -> Result<MemorandumAnswer> {
        let (access, state) = self.viewed(user, case)?;
        content_only(access)?;
        Ok(memorandum_answer(&state.case))
    }

    /// The outcome-only report for the court: open to everyone who may see the case.
    pub fn court_report(&self, user: &User, case: CaseId) -> Result<CourtReport> {
        self.access(user, case)?;
        court_report(&self.cases.history(case)?).ok_or(AppError::CaseNotFound)
    }

    pub fn measures(&self, user: &User, case: CaseId) -> Result<Measures> {
        let (_, state) = self.viewed(user, case)?;
        Ok(Measures::of(&state.case))
    }

    /// The case's deadlines: joint facts, so coordinators see them too.
    pub fn deadlines(&self, user: &User, case: CaseId) -> Result<Vec<Deadline>> {
        let (_, state) = self.viewed(user, case)?;
        Ok(state.case.deadlines.clone())
    }

    pub fn due(&self, user: &User, case: CaseId) -> Result<Vec<DueItem>> {
        let (access, state) = self.viewed(user, case)?;
        Ok(due_for(&state.case, access))
    }

    /// What is due across every case `user` takes part in, most urgent case first; for
    /// coordinators, the deadlines of every case. Read from the due-items read model (each
    /// row kept with its audience in the append's transaction), not by folding every case.
    pub fn due_everywhere(&self, user: &User) -> Result<Vec<CaseDue>> {
        let rows = self
            .cases
            .store()
            .due_items(&crate::case_list::lister(user))?;
        let mut all: Vec<(i64, CaseDue)> = Vec::new();
        for row in rows {
            let Some(item) = crate::read_models::due_item_now(&row.item, &row.time_zone) else {
                continue;
            };
            let case: CaseId = row.case_id.parse().map_err(|_| AppError::CaseNotFound)?;
            match all.last_mut() {
                Some((_, c)) if c.case == case => c.items.push(item),
                _ => all.push((
                    row.activity_ns,
                    CaseDue {
                        case,
                        title: row.title,
                        items: vec![item],
                    },
                )),
            }
        }
        // The case list's order first (most recent activity as the caller sees it, then id),
        // so that cases equally urgent come as they do in the list.
        all.sort_by(|(a, x), (b, y)| b.cmp(a).then(x.case.cmp(&y.case)));
        let mut all: Vec<CaseDue> = all.into_iter().map(|(_, c)| c).collect();
        all.sort_by_key(|c| (!c.items[0].overdue, c.items[0].due_on));
        Ok(all)
    }

    /// `due_everywhere` computed by folding each case for `user`: the answer the read model
    /// must equal (its tests compare both).
    pub fn due_everywhere_folded(&self, user: &User) -> Result<Vec<CaseDue>> {
        let mut all = Vec::new();
        for meta in self.list(user)? {
            let (access, state) = self.viewed(user, meta.id)?;
            let items = due_for(&state.case, access);
            if !items.is_empty() {
                all.push(CaseDue {
                    case: meta.id,
                    title: meta.title,
                    items,
                });
            }
        }
        all.sort_by_key(|c| (!c.items[0].overdue, c.items[0].due_on));
        Ok(all)
    }
}

pub fn due_for(state: &Case, access: CaseAccess) -> Vec<DueItem> {
    due_as_of(state, access, today_in(state))
}

/// What is due on `state` (folded for `access`) as of `today`.
pub fn due_as_of(state: &Case, access: CaseAccess, today: Date) -> Vec<DueItem> {
    let whose = match access {
        CaseAccess::Participant(me) => DueFor::Participant {
            me,
            party: state.party_of(me),
        },
        CaseAccess::Metadata => DueFor::Coordinator,
        CaseAccess::Mediator => DueFor::Mediator,
    };
    due(state, whose, today)
}

/// The advice for a case as folded for one viewer, with the facts it weighed.
pub fn advice_answer(state: &Case) -> Result<AdviceAnswer> {
    let facts = facts_of(state, today_in(state)).ok_or(AppError::CaseNotFound)?;
    Ok(AdviceAnswer {
        advice: advise(&facts),
        facts,
    })
}

pub fn memorandum_answer(state: &Case) -> MemorandumAnswer {
    let current = Memorandum::of(state);
    let current_hash = current.content_hash().to_hex();
    let latest = state.latest_memorandum().cloned();
    let latest_version = latest.as_ref().map_or(0, |l| l.version);
    let confirmations: Vec<ConfirmationStatus> = state
        .memoranda
        .iter()
        .flat_map(|m| {
            m.confirmations.iter().map(move |c| ConfirmationStatus {
                version: m.version,
                by: name(state, c.by),
                for_party: name(state, c.for_party),
                confirmed_at: c.confirmed_at,
                stale: m.version < latest_version,
            })
        })
        .collect();
    let awaiting = state
        .parties()
        .filter(|p| {
            !latest
                .as_ref()
                .is_some_and(|l| memorandum::confirmed_for(state, l, p.id))
        })
        .map(|p| p.name.to_string())
        .collect();
    let markdown = match &latest {
        Some(l) if l.content_hash == current_hash => l.memorandum.to_markdown(Some(l.version)),
        _ => current.to_markdown(None),
    };
    MemorandumAnswer {
        changed_since_issued: latest
            .as_ref()
            .is_some_and(|l| l.content_hash != current_hash),
        current,
        current_hash,
        latest_issued: latest,
        confirmations,
        awaiting,
        markdown,
    }
}
