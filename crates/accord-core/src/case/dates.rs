//! The one rule for calendar dates entering a case: each lies within the years the clock
//! answers for, so no deadline, review, term end, next step or session sits in 1800 or 9999
//! (where "passed 82,879 days ago" would follow): within the years the holiday calendars
//! cover. A date the clock counts from (a trigger) is refused by the clock itself, within
//! its narrower trigger range (`clock::FIRST_TRIGGER..=LAST_TRIGGER`). `decide` applies both,
//! so the CLI and the API refuse the same dates with the same words.

use super::command::Command;
use super::deadline::DueRule;
use super::vocabulary::TermState;
use crate::clock::SUPPORTED_YEARS;
use crate::error::DomainError;
use jiff::civil::{Date, date};
use jiff::tz::TimeZone;

/// The earliest date a case may hold: the calendars' first year.
pub const FIRST_DATE: Date = date(*SUPPORTED_YEARS.start(), 1, 1);
/// The latest date a case may hold: the calendars' last year.
pub const LAST_DATE: Date = date(*SUPPORTED_YEARS.end(), 12, 31);

/// Refuses `on` outside `FIRST_DATE..=LAST_DATE`, naming the field and the range.
pub fn check(field: &'static str, on: Date) -> Result<(), DomainError> {
    within(field, on, FIRST_DATE, LAST_DATE)
}

fn within(field: &'static str, on: Date, first: Date, last: Date) -> Result<(), DomainError> {
    if (first..=last).contains(&on) {
        Ok(())
    } else {
        Err(DomainError::InvalidField {
            field,
            reason: format!("{on} is outside the dates Accord supports, {first} to {last}"),
        })
    }
}

/// The dates that must not lie on the wrong side of the case's today (`today`, in its time
/// zone): a date to answer an invitation by that has already passed (its lapse would follow at
/// once), and a MIAM said to have taken place in the future.
pub fn check_against_today(command: &Command, today: Date) -> Result<(), DomainError> {
    match command {
        Command::InviteToMediation { answer_by, .. } if *answer_by < today => {
            Err(DomainError::InvalidField {
                field: "answer_by",
                reason: format!("{answer_by} has passed: give a day from {today} on"),
            })
        }
        Command::RecordMiam { attendance, .. } if attendance.attended_on > today => {
            Err(DomainError::InvalidField {
                field: "attended_on",
                reason: format!(
                    "{} is after today ({today}): record a MIAM once it has taken place",
                    attendance.attended_on
                ),
            })
        }
        _ => Ok(()),
    }
}

/// The case's time zone (UTC for a case not yet opened).
pub fn zone_of(case: &super::state::Case) -> TimeZone {
    case.profile
        .as_ref()
        .and_then(|p| TimeZone::get(&p.time_zone).ok())
        .unwrap_or(TimeZone::UTC)
}

/// Today in the case's time zone at `now`.
pub fn today_of(case: &super::state::Case, now: jiff::Timestamp) -> Date {
    now.to_zoned(zone_of(case)).date()
}

/// Every calendar date a command brings into a case, checked.
pub fn check_command(command: &Command) -> Result<(), DomainError> {
    match command {
        Command::ScheduleSession { starts_at, .. } => {
            check("starts_at", starts_at.to_zoned(TimeZone::UTC).date())
        }
        Command::RecordSessionHeld { held_on, .. } => check("held_on", *held_on),
        Command::SetIssueState { state, .. } => match state {
            TermState::Pilot { review_on } => check("review_on", *review_on),
            TermState::AgreedTemporary {
                until: Some(until), ..
            } => check("until", *until),
            _ => Ok(()),
        },
        Command::ChooseNextStep { due_on, .. } => check("due_on", *due_on),
        Command::SetDeadline { rule, .. } | Command::MoveDeadline { rule, .. } => match rule {
            DueRule::Fixed { on } => check("on", *on),
            // The trigger is the clock's to refuse (`clock::compute`), naming its own range.
            DueRule::Computed { closed, .. } => closed.iter().try_for_each(|d| check("closed", *d)),
        },
        _ => Ok(()),
    }
}
