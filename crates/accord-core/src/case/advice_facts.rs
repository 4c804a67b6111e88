//! The facts the advice engine weighs, read off a case as one viewer sees it: so a party's
//! advice rests only on what that party may see, and the mediator's on everything.

use super::state::{Case, SessionStatus};
use super::vocabulary::{Outcome, TermState};
use crate::advice::{Budget, Facts, StallReason, TimePreference};
use jiff::civil::Date;

/// The facts of `case` (a viewer's fold) as of `today`; `None` for a case never opened.
pub fn facts_of(case: &Case, today: Date) -> Option<Facts> {
    let profile = case.profile.as_ref()?;
    let mut facts = Facts::new(profile.dispute_type, profile.jurisdiction);
    facts.court_ordered = profile.court_ordered;
    facts.contract_clause = profile.contract_clause;
    let mut reasons: Vec<StallReason> = case
        .diagnoses
        .iter()
        .flat_map(|d| d.findings.iter().map(|f| f.reason))
        .collect();
    reasons.sort_by_key(|r| *r as u8);
    reasons.dedup();
    let paused = case.sessions.iter().any(|s| {
        s.outcome
            .as_ref()
            .is_some_and(|o| o.outcome == Outcome::PausedForSafety)
    });
    facts.safety_concern = paused || reasons.contains(&StallReason::SafetyConcern);
    facts.stall_reasons = reasons;
    facts.authority_missing = case
        .sessions
        .iter()
        .rev()
        .find_map(|s| match &s.status {
            SessionStatus::Held {
                authority_missing_for,
                ..
            } => Some(!authority_missing_for.is_empty()),
            _ => None,
        })
        .unwrap_or(false);
    facts.open_issues = case.issues.iter().filter(|i| i.state.is_open()).count();
    facts.partial_agreement = case.latest_outcome() == Some(Outcome::PartialAgreement)
        || (facts.open_issues > 0 && case.issues.iter().any(|i| i.state.is_agreed()));
    let nearest = case
        .issues
        .iter()
        .filter_map(|i| match &i.state {
            TermState::Pilot { review_on } => {
                Some((*review_on, format!("pilot review: {}", i.title)))
            }
            TermState::AgreedTemporary {
                until: Some(until), ..
            } => Some((*until, format!("temporary term ends: {}", i.title))),
            _ => None,
        })
        .chain(
            case.deadlines
                .iter()
                .filter(|d| d.is_pending())
                .map(|d| (d.due_on, format!("{} ({})", d.label, d.kind))),
        )
        // A review that has passed without the term being updated is the most pressing.
        .min_by_key(|(on, _)| *on);
    if let Some((on, label)) = nearest {
        facts.days_to_nearest_deadline = Some(i64::from((on - today).get_days()));
        facts.deadline_label = Some(label);
    }
    // The tightest stated constraint decides: one party's low budget or urgency binds the next step.
    let debriefs = case.debriefs.iter().map(|d| &d.debrief);
    facts.budget = debriefs
        .clone()
        .filter_map(|d| d.budget)
        .min_by_key(|b| match b {
            Budget::Low => 0,
            Budget::Medium => 1,
            Budget::High => 2,
        });
    facts.time_preference = debriefs
        .filter_map(|d| d.time_preference)
        .min_by_key(|t| if *t == TimePreference::Urgent { 0 } else { 1 });
    Some(facts)
}
