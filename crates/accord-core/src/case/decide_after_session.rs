//! The rules for what follows a session without full agreement: debriefs, positions, terms,
//! the memorandum and its confirmations, stall diagnosis, the next step, preparation and
//! ratings. Called by `decide` for those commands.

use super::command::Command;
use super::debrief::Author;
use super::event::{Audience, Event, NewEvent, StallFinding};
use super::memorandum::Memorandum;
use super::state::{Case, SessionStatus};
use super::vocabulary::{RatingMoment, Role};
use crate::error::DomainError;

/// Stall reasons named in one diagnosis.
pub const MAX_FINDINGS: usize = 10;
pub const MAX_INTERESTS: usize = 10;

pub fn decide(case: &Case, command: Command) -> Result<NewEvent, DomainError> {
    Ok(match command {
        Command::CaptureDebrief {
            session,
            author,
            debrief,
        } => {
            require_author(case, author)?;
            let s = case
                .session(session)
                .ok_or(DomainError::UnknownSession(session))?;
            if !s
                .outcome
                .as_ref()
                .is_some_and(|o| o.outcome.calls_for_debrief())
            {
                return Err(DomainError::DebriefNotExpected);
            }
            debrief.check()?;
            NewEvent {
                audience: author.private_audience(),
                event: Event::DebriefCaptured {
                    session,
                    author,
                    debrief,
                },
            }
        }
        Command::ShareDebriefItem {
            session,
            party,
            kind,
            index,
        } => {
            super::decide::require_party(case, party)?;
            let author = Author::Party { party };
            let text = case
                .debrief(session, author)
                .and_then(|d| d.debrief.item(kind, index))
                .ok_or(DomainError::UnknownDebriefItem {
                    kind: kind.to_string(),
                    index,
                })?;
            NewEvent::joint(Event::DebriefItemShared {
                session,
                party,
                kind,
                text,
            })
        }
        Command::RecordPosition {
            issue,
            party,
            position,
            interests,
            shared,
        } => {
            case.issue(issue).ok_or(DomainError::UnknownIssue(issue))?;
            super::decide::require_party(case, party)?;
            if interests.len() > MAX_INTERESTS {
                return Err(DomainError::LimitReached {
                    what: "interests",
                    max: MAX_INTERESTS,
                });
            }
            NewEvent {
                audience: private_unless(shared, Author::Party { party }),
                event: Event::PositionRecorded {
                    issue,
                    party,
                    position,
                    interests,
                },
            }
        }
        Command::RecordOptionTried {
            issue,
            option,
            result,
        } => {
            case.issue(issue).ok_or(DomainError::UnknownIssue(issue))?;
            NewEvent::joint(Event::OptionTried {
                issue,
                option,
                result,
            })
        }
        Command::ReopenTerm { issue, reason } => {
            let i = case.issue(issue).ok_or(DomainError::UnknownIssue(issue))?;
            if i.state.is_open() {
                return Err(DomainError::TermAlreadyOpen);
            }
            NewEvent::joint(Event::TermReopened { issue, reason })
        }
        Command::IssueMemorandum => {
            let memorandum = Memorandum::of(case);
            let content_hash = memorandum.content_hash().to_hex();
            let latest = case.latest_memorandum();
            if let Some(l) = latest.filter(|l| l.content_hash == content_hash) {
                return Err(DomainError::MemorandumUnchanged(l.version));
            }
            let version = latest.map_or(1, |l| l.version + 1);
            NewEvent::joint(Event::MemorandumIssued {
                version,
                content_hash,
                memorandum,
            })
        }
        Command::ConfirmMemorandum {
            by,
            version,
            content_hash,
        } => {
            let for_party = super::memorandum::confirming_for(case, by)?;
            let latest = case.latest_memorandum().ok_or(DomainError::NoMemorandum)?;
            if version != latest.version {
                return Err(DomainError::MemorandumVersionStale {
                    confirming: version,
                    latest: latest.version,
                });
            }
            if content_hash.to_hex() != latest.content_hash {
                return Err(DomainError::MemorandumHashMismatch(version));
            }
            if latest.confirmations.iter().any(|c| c.by == by) {
                return Err(DomainError::AlreadyConfirmed);
            }
            NewEvent::joint(Event::MemorandumConfirmed {
                version,
                content_hash: latest.content_hash.clone(),
                by,
                for_party,
            })
        }
        Command::DiagnoseStall {
            session,
            author,
            findings,
            shared,
        } => {
            require_author(case, author)?;
            if let Some(s) = session {
                case.session(s).ok_or(DomainError::UnknownSession(s))?;
            }
            if findings.is_empty() {
                return Err(DomainError::NoFindings);
            }
            if findings.len() > MAX_FINDINGS {
                return Err(DomainError::LimitReached {
                    what: "stall reasons",
                    max: MAX_FINDINGS,
                });
            }
            if shared && author != Author::Mediator {
                return Err(DomainError::PartyDiagnosisIsPrivate);
            }
            let findings = findings
                .into_iter()
                .map(|(reason, evidence)| StallFinding { reason, evidence })
                .collect();
            NewEvent {
                audience: private_unless(shared, author),
                event: Event::StallDiagnosed {
                    session,
                    author,
                    findings,
                },
            }
        }
        Command::ChooseNextStep {
            step,
            owner,
            due_on,
            note,
        } => {
            case.participant(owner)
                .ok_or(DomainError::UnknownParticipant(owner))?;
            NewEvent::joint(Event::NextStepChosen {
                step,
                owner,
                due_on,
                note,
            })
        }
        Command::CompleteNextStep { note } => {
            case.pending_next_step()
                .ok_or(DomainError::NoPendingNextStep)?;
            NewEvent::joint(Event::NextStepCompleted { note })
        }
        Command::PrepareNextSession {
            party,
            prep,
            shared,
        } => {
            super::decide::require_party(case, party)?;
            prep.check()?;
            NewEvent {
                audience: private_unless(shared, Author::Party { party }),
                event: Event::NextSessionPrepared { party, prep },
            }
        }
        Command::RateSession {
            session,
            participant,
            moment,
            clarity,
            temperature,
        } => {
            let p = case
                .participant(participant)
                .ok_or(DomainError::UnknownParticipant(participant))?;
            if p.role == Role::Mediator {
                return Err(DomainError::MediatorRating);
            }
            let s = case
                .session(session)
                .ok_or(DomainError::UnknownSession(session))?;
            if moment == RatingMoment::After && !matches!(s.status, SessionStatus::Held { .. }) {
                return Err(DomainError::SessionNotHeld);
            }
            for (field, value) in [("clarity", clarity), ("temperature", temperature)] {
                if !(1..=5).contains(&value) {
                    return Err(DomainError::InvalidField {
                        field,
                        reason: format!("{value} is not from 1 to 5"),
                    });
                }
            }
            NewEvent {
                audience: Audience::PartyAndMediator {
                    party: p.acting_for.unwrap_or(p.id),
                },
                event: Event::SessionRated {
                    session,
                    participant,
                    moment,
                    clarity,
                    temperature,
                },
            }
        }
        other => unreachable!("not an after-session command: {other:?}"),
    })
}

fn require_author(case: &Case, author: Author) -> Result<(), DomainError> {
    match author {
        Author::Mediator => Ok(()),
        Author::Party { party } => super::decide::require_party(case, party),
    }
}

fn private_unless(shared: bool, author: Author) -> Audience {
    if shared {
        Audience::Everyone
    } else {
        author.private_audience()
    }
}
