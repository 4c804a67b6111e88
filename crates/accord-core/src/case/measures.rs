//! Success beyond a signature (DOMAIN.md §11): open issues over time, terms by state, whether
//! the next step has an owner and a date, and participants' ratings of clarity and
//! temperature before and after each session (averaged over what the viewer may see).

use super::state::{Case, OpenIssuesAt};
use super::vocabulary::{RatingMoment, TermStateKind};
use crate::ids::SessionId;
use serde::Serialize;
use std::collections::BTreeMap;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measures {
    pub open_issues_over_time: Vec<OpenIssuesAt>,
    /// How many issues are in each state, e.g. {"open": 2, "pilot": 1}.
    pub terms_by_state: BTreeMap<String, usize>,
    pub issues_narrowed: usize,
    pub next_step_chosen_with_owner_and_date: bool,
    pub memorandum_versions: usize,
    pub ratings: Vec<SessionRatings>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionRatings {
    pub session: SessionId,
    pub moment: RatingMoment,
    pub count: usize,
    pub mean_clarity: f64,
    pub mean_temperature: f64,
}

impl Measures {
    pub fn of(case: &Case) -> Self {
        let mut terms_by_state = BTreeMap::new();
        for issue in &case.issues {
            let kind: TermStateKind = issue.state.kind();
            *terms_by_state.entry(kind.to_string()).or_insert(0) += 1;
        }
        let peak = case
            .open_issues_over_time
            .iter()
            .map(|o| o.open)
            .max()
            .unwrap_or(0);
        let now = case.open_issues_over_time.last().map_or(0, |o| o.open);
        let mut ratings: Vec<SessionRatings> = Vec::new();
        for session in &case.sessions {
            for moment in [RatingMoment::Before, RatingMoment::After] {
                let these: Vec<_> = case
                    .ratings
                    .iter()
                    .filter(|r| r.session == session.id && r.moment == moment)
                    .collect();
                if these.is_empty() {
                    continue;
                }
                let n = these.len() as f64;
                ratings.push(SessionRatings {
                    session: session.id,
                    moment,
                    count: these.len(),
                    mean_clarity: these.iter().map(|r| f64::from(r.clarity)).sum::<f64>() / n,
                    mean_temperature: these.iter().map(|r| f64::from(r.temperature)).sum::<f64>()
                        / n,
                });
            }
        }
        Self {
            open_issues_over_time: case.open_issues_over_time.clone(),
            terms_by_state,
            issues_narrowed: peak - now,
            next_step_chosen_with_owner_and_date: case.pending_next_step().is_some(),
            memorandum_versions: case.memoranda.len(),
            ratings,
        }
    }
}
