//! The rules of the procedural clock: setting a deadline (a fixed date, or computed under the
//! case's rule set), moving it with a reason, and marking it met, missed or cancelled.

use super::command::Command;
use super::deadline::DueRule;
use super::event::{Event, NewEvent};
use super::state::Case;
use crate::clock::{self, Computation, RuleSet};
use crate::error::DomainError;
use crate::ids::DeadlineId;
use jiff::civil::Date;

pub fn decide(case: &Case, command: Command) -> Result<NewEvent, DomainError> {
    Ok(NewEvent::joint(match command {
        Command::SetDeadline {
            deadline,
            kind,
            label,
            rule,
        } => {
            let (due_on, computation) = resolve(case, rule)?;
            Event::DeadlineSet {
                deadline,
                kind,
                label,
                due_on,
                computation,
            }
        }
        Command::MoveDeadline {
            deadline,
            rule,
            reason,
        } => {
            let current = pending(case, deadline)?;
            let (due_on, computation) = resolve(case, rule)?;
            if due_on == current {
                return Err(DomainError::DeadlineUnchanged(due_on));
            }
            Event::DeadlineMoved {
                deadline,
                due_on,
                computation,
                reason,
            }
        }
        Command::MarkDeadlineMet { deadline } => {
            pending(case, deadline)?;
            Event::DeadlineMet { deadline }
        }
        Command::MarkDeadlineMissed { deadline } => {
            pending(case, deadline)?;
            Event::DeadlineMissed { deadline }
        }
        Command::CancelDeadline { deadline, reason } => {
            pending(case, deadline)?;
            Event::DeadlineCancelled { deadline, reason }
        }
        other => unreachable!("not a clock command: {other:?}"),
    }))
}

/// The date of a pending deadline, or why it cannot change.
fn pending(case: &Case, id: DeadlineId) -> Result<Date, DomainError> {
    let d = case.deadline(id).ok_or(DomainError::UnknownDeadline(id))?;
    if !d.is_pending() {
        return Err(DomainError::DeadlineClosed);
    }
    Ok(d.due_on)
}

/// The date a rule gives on this case, with its computation when it is computed.
fn resolve(case: &Case, rule: DueRule) -> Result<(Date, Option<Computation>), DomainError> {
    match rule {
        DueRule::Fixed { on } => Ok((on, None)),
        DueRule::Computed {
            rule_set,
            period,
            trigger,
            closed,
        } => {
            let profile = case.profile.as_ref().ok_or(DomainError::CaseNotOpened)?;
            let rules = rule_set
                .unwrap_or_else(|| RuleSet::for_case(profile.jurisdiction, profile.dispute_type));
            let computed = clock::compute(rules, period, trigger, &closed).map_err(|e| {
                DomainError::InvalidField {
                    field: "rule",
                    reason: e.to_string(),
                }
            })?;
            Ok((computed.due, Some(computed)))
        }
    }
}
