//! Invitations left unanswered: once the date to answer by has passed in the case's time
//! zone, "no answer" is recorded (`Command::RecordNoAnswer`, by Accord itself). The cases to
//! look at come from the due-items read model (the mediator's list holds every awaited
//! answer), so a pass reads only those. However many servers or passes run at once, the rule
//! records it once: a second attempt, decided again on the case as it now is, finds nothing
//! awaiting and writes nothing.

use crate::cases::Cases;
use crate::error::{AppError, Result};
use crate::read_models::audience_key;
use accord_core::DomainError;
use accord_core::case::due::DueAudience;
use accord_core::case::invitation::lapsed_by;
use accord_core::case::{Actor, Command};
use accord_core::ids::CaseId;
use jiff::Timestamp;

/// Records "no answer" for every invitation whose date has passed by `now`; returns how many
/// this pass recorded.
pub fn record_unanswered(cases: &Cases, now: Timestamp) -> Result<usize> {
    let candidates = cases.store().cases_with_due(
        &audience_key(DueAudience::Mediator),
        "invitation-answer",
        now.as_nanosecond() as i64,
    )?;
    let mut recorded = 0;
    for id in candidates {
        let Ok(case) = id.parse::<CaseId>() else {
            continue;
        };
        // One case that cannot be read or written must not stop the others from lapsing.
        let state = match cases.state(case) {
            Ok(state) => state,
            Err(e) => {
                tracing::error!(%case, error = %e, "cannot read the case to record unanswered invitations");
                continue;
            }
        };
        let Some(profile) = &state.profile else {
            continue;
        };
        let zone = jiff::tz::TimeZone::get(&profile.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let today = now.to_zoned(zone).date();
        for participant in lapsed_by(&state, today) {
            let cmd = Command::RecordNoAnswer {
                participant,
                as_of: today,
            };
            match cases.execute_retrying(case, cmd, &Actor::System) {
                Ok(_) => recorded += 1,
                // Another pass got there first (or the party answered meanwhile).
                Err(AppError::Domain(DomainError::NoInvitationAwaiting)) => {}
                Err(e) => {
                    tracing::error!(%case, %participant, error = %e, "cannot record an unanswered invitation");
                }
            }
        }
    }
    Ok(recorded)
}
