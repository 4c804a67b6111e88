//! What every document says about itself: the case it is about, when it was made, and the
//! record it was built from (whose view, which version, the last event's chain hash), so a
//! reader can tell which state of the case it shows and the mediator can check it.

use super::Paper;
use crate::error::{AppError, Result};
use accord_core::case::state::Case;
use accord_core::case::{ViewFold, Viewer};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};

pub use accord_core::case::dates::zone_of as zone;

/// "Monday 7 December 2026".
pub fn day(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// The day of `at` in the case's zone.
pub fn day_of(case: &Case, at: Timestamp) -> String {
    day(at.to_zoned(zone(case)).date())
}

/// "Monday 7 December 2026, 14:30 GMT" in the case's zone.
pub fn moment(case: &Case, at: Timestamp) -> String {
    at.to_zoned(zone(case))
        .strftime("%A %-d %B %Y, %H:%M %Z")
        .to_string()
}

fn name(case: &Case, id: accord_core::ids::ParticipantId) -> String {
    case.participant(id)
        .map_or_else(|| "a participant".to_owned(), |p| p.name.to_string())
}

/// Whose record a document was built from, in the viewer's words.
fn seen_as(case: &Case, viewer: Viewer) -> (String, String) {
    match viewer {
        Viewer::Mediator => (
            "The mediator's record".into(),
            "Built from the case as its mediator sees it, for the mediator.".into(),
        ),
        Viewer::Participant(me) => {
            let party = case.party_of(me);
            let whose = if party == me {
                name(case, me)
            } else {
                format!("{} (for {})", name(case, me), name(case, party))
            };
            (
                format!("As {whose} sees it"),
                format!(
                    "Built from the case as {whose} sees it: nothing another party or the \
                     mediator keeps private is in it."
                ),
            )
        }
        Viewer::Coordinator => (
            "The joint record".into(),
            "Built from the joint record only: what every party of the case sees, and nothing \
             anyone told the mediator in private."
                .into(),
        ),
    }
}

/// The part of every document's data that `templates/common.typ` reads.
pub fn frame(fold: &ViewFold, viewer: Viewer, paper: Paper) -> Result<Value> {
    let case = &fold.case;
    let profile = case.profile.as_ref().ok_or(AppError::CaseNotFound)?;
    let hash = fold
        .last_seen
        .map(|h| h.to_hex())
        .ok_or(AppError::CaseNotFound)?;
    let (label, explained) = seen_as(case, viewer);
    Ok(json!({
        "paper": paper.typst_name(),
        "kicker": "Accord · mediation record",
        "made_on": day(crate::after_session::today_in(case)),
        "case": {
            "title": profile.title.to_string(),
            "reference": profile.id.to_string(),
            "court_reference": profile.court_reference.as_ref().map(|r| r.to_string()),
        },
        "record": {
            "seen_as": label,
            "explained": explained,
            "version": fold.seen,
            "short_hash": hash[..12].to_owned(),
            "last_event_hash": hash,
        },
    }))
}
