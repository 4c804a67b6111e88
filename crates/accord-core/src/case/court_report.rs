//! The outcome-only report for a court (DOMAIN.md §1, §6): settled, partly settled or not
//! settled, the dates and who attended. Its types hold no free text but names, the title and
//! the court's reference, so no note, offer or debrief can be in it.

use super::state::{Case, SessionStatus};
use super::vocabulary::{ClosureStatus, Outcome, SessionFormat};
use jiff::civil::Date;
use serde::Serialize;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CourtResult {
    Settled,
    PartlySettled,
    NotSettled,
    /// Mediation is continuing: no result to report yet.
    Pending,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CourtReport {
    pub case_title: String,
    pub court_reference: Option<String>,
    pub court_ordered: bool,
    pub result: CourtResult,
    pub sessions: Vec<SessionAttendance>,
    pub closed_on: Option<Date>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionAttendance {
    pub held_on: Option<Date>,
    pub took_place: bool,
    pub format: Option<SessionFormat>,
    /// Names of everyone who attended, the mediator included.
    pub attended: Vec<String>,
}

impl CourtReport {
    /// The report of a case's *joint* state (fold only joint events into `case`).
    pub fn of(case: &Case, time_zone: &jiff::tz::TimeZone) -> Option<Self> {
        let profile = case.profile.as_ref()?;
        let result = match (&case.closure, case.latest_outcome()) {
            (Some(c), _) => match c.status {
                ClosureStatus::Settled => CourtResult::Settled,
                ClosureStatus::PartlySettled => CourtResult::PartlySettled,
                _ => CourtResult::NotSettled,
            },
            (None, Some(Outcome::FullAgreement)) => CourtResult::Settled,
            (None, Some(Outcome::PartialAgreement)) => CourtResult::PartlySettled,
            (None, _) => CourtResult::Pending,
        };
        let sessions = case
            .sessions
            .iter()
            .filter_map(|s| match &s.status {
                SessionStatus::Held {
                    held_on,
                    format,
                    attendees,
                    ..
                } => Some(SessionAttendance {
                    held_on: Some(*held_on),
                    took_place: true,
                    format: Some(*format),
                    attended: attendees
                        .iter()
                        .filter_map(|a| case.participant(*a))
                        .map(|p| p.name.to_string())
                        .collect(),
                }),
                _ if s
                    .outcome
                    .as_ref()
                    .is_some_and(|o| o.outcome == Outcome::DidNotTakePlace) =>
                {
                    Some(SessionAttendance {
                        held_on: Some(s.starts_at.to_zoned(time_zone.clone()).date()),
                        took_place: false,
                        format: None,
                        attended: Vec::new(),
                    })
                }
                _ => None,
            })
            .collect();
        Some(Self {
            case_title: profile.title.to_string(),
            court_reference: profile.court_reference.as_ref().map(|r| r.to_string()),
            court_ordered: profile.court_ordered,
            result,
            sessions,
            closed_on: case
                .closure
                .as_ref()
                .map(|c| c.closed_at.to_zoned(time_zone.clone()).date()),
        })
    }
}

/// The court report of a case's history, folded from its joint events only.
pub fn court_report(history: &[super::event::Recorded]) -> Option<CourtReport> {
    let joint = Case::fold(
        history
            .iter()
            .filter(|r| r.audience == super::event::Audience::Everyone),
    );
    let tz = joint
        .profile
        .as_ref()
        .and_then(|p| jiff::tz::TimeZone::get(&p.time_zone).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    CourtReport::of(&joint, &tz)
}
