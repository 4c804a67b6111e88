//! A case's programme figures (DOMAIN.md §11), what a coordinator counts across cases: its
//! status and latest outcome, how far its issues narrowed, its terms by state, and whether a
//! next move has an owner and a date. Only joint facts feed them, and they hold no names and
//! no text, so they may be shown to coordinators who must not read the case.

use super::state::Case;
use super::view::CaseStatus;
use super::vocabulary::{DisputeType, Outcome, TermState};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFigures {
    pub dispute_type: DisputeType,
    /// "open", or how it closed ("settled", "not-settled", …).
    pub state: String,
    pub latest_outcome: Option<Outcome>,
    pub issues: usize,
    /// The most issues open at once, and how many are open now: the issues narrowed are
    /// the difference.
    pub open_issues_peak: usize,
    pub open_issues_now: usize,
    pub terms_final: usize,
    pub terms_paperwork: usize,
    pub terms_temporary: usize,
    pub terms_pilot: usize,
    /// A next move is chosen (it always has an owner and a date) and not yet completed.
    pub next_move_chosen: bool,
}

/// "open", or the closure status: the key the case list and the figures share.
pub fn state_key(status: &CaseStatus) -> String {
    match status {
        CaseStatus::Open => "open".into(),
        CaseStatus::Closed { status } => status.to_string(),
    }
}

impl CaseFigures {
    /// The figures of `case`. Every input is a joint fact (the profile, issues and their
    /// states, session outcomes, next steps, closure), so the full state and the joint fold
    /// give the same figures; `None` for a case never opened.
    pub fn of(case: &Case) -> Option<Self> {
        let profile = case.profile.as_ref()?;
        let count = |f: fn(&TermState) -> bool| case.issues.iter().filter(|i| f(&i.state)).count();
        let status = match &case.closure {
            None => CaseStatus::Open,
            Some(c) => CaseStatus::Closed { status: c.status },
        };
        Some(Self {
            dispute_type: profile.dispute_type,
            state: state_key(&status),
            latest_outcome: case.latest_outcome(),
            issues: case.issues.len(),
            open_issues_peak: case
                .open_issues_over_time
                .iter()
                .map(|o| o.open)
                .max()
                .unwrap_or(0),
            open_issues_now: case.open_issues_over_time.last().map_or(0, |o| o.open),
            terms_final: count(|s| matches!(s, TermState::AgreedFinal)),
            terms_paperwork: count(|s| matches!(s, TermState::AgreedSubjectToPaperwork)),
            terms_temporary: count(|s| matches!(s, TermState::AgreedTemporary { .. })),
            terms_pilot: count(|s| matches!(s, TermState::Pilot { .. })),
            next_move_chosen: case.pending_next_step().is_some(),
        })
    }
}
