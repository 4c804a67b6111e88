//! The rules of a case: given its state and a command, the events that follow or the rule
//! that forbids it. Pure: the caller supplies ids, the actor and the time.

use super::access::AccessKind;
use super::command::Command;
use super::event::{Audience, Event, NewEvent};
use super::state::{Case, SessionStatus};
use super::vocabulary::Role;
use crate::error::DomainError;
use crate::ids::ParticipantId;

/// More people than this in one mediation is a sign of bad input, not a real case.
pub const MAX_PARTICIPANTS: usize = 50;
/// Agenda items and attendees named in one command.
pub const MAX_LIST: usize = 100;

/// `decide` at the moment `now`: the rules that depend on the case's today (in its time
/// zone) first (`dates::check_against_today`), then every other. Every command a person
/// gives goes through here.
pub fn decide_on(
    case: &Case,
    command: Command,
    now: jiff::Timestamp,
) -> Result<Vec<NewEvent>, DomainError> {
    super::dates::check_against_today(&command, super::dates::today_of(case, now))?;
    decide(case, command)
}

pub fn decide(case: &Case, command: Command) -> Result<Vec<NewEvent>, DomainError> {
    let events = decide_command(case, command)?;
    debug_assert!(
        events.iter().all(|e| e.event.fits(e.audience)),
        "an event was addressed to an audience its kind may not have: {events:?}"
    );
    Ok(events)
}

fn decide_command(case: &Case, command: Command) -> Result<Vec<NewEvent>, DomainError> {
    if let Command::OpenCase {
        case: id,
        title,
        dispute_type,
        jurisdiction,
        time_zone,
        court_ordered,
        contract_clause,
        court_reference,
    } = command
    {
        if case.profile.is_some() {
            return Err(DomainError::CaseAlreadyOpened);
        }
        return Ok(vec![NewEvent::joint(Event::CaseOpened {
            case: id,
            title,
            dispute_type,
            jurisdiction,
            time_zone: time_zone.as_str().to_owned(),
            court_ordered,
            contract_clause,
            court_reference,
        })]);
    }
    if case.profile.is_none() {
        return Err(DomainError::CaseNotOpened);
    }
    if let Command::RecordAccessChange {
        change,
        name,
        access,
        by_name,
        by,
    } = command
    {
        if let AccessKind::Participant { participant } = access
            && case.participant(participant).is_none()
        {
            return Err(DomainError::UnknownParticipant(participant));
        }
        return Ok(vec![NewEvent::joint(Event::AccessChanged {
            change,
            name,
            access,
            by_name,
            by,
        })]);
    }
    match command {
        Command::PlaceLegalHold { reason } => {
            return super::retention::decide_hold(case, true, reason);
        }
        Command::LiftLegalHold { reason } => {
            return super::retention::decide_hold(case, false, reason);
        }
        _ => {}
    }
    if case.closure.is_some() {
        return Err(DomainError::CaseClosed);
    }
    super::dates::check_command(&command)?;

    let event = match command {
        Command::OpenCase { .. } | Command::RecordAccessChange { .. } => {
            unreachable!("handled above")
        }
        Command::AddParticipant {
            participant,
            name,
            role,
            acting_for,
            authority_to_settle,
        } => {
            if case.participants.len() >= MAX_PARTICIPANTS {
                return Err(DomainError::LimitReached {
                    what: "participants",
                    max: MAX_PARTICIPANTS,
                });
            }
            if case
                .participants
                .iter()
                .any(|p| p.name.as_str().eq_ignore_ascii_case(name.as_str()))
            {
                return Err(DomainError::DuplicateParticipantName(
                    name.as_str().to_owned(),
                ));
            }
            match (role.acts_for_a_party(), acting_for) {
                (true, None) => {
                    return Err(DomainError::ActingForRequired {
                        role: if role == Role::Representative {
                            "representative"
                        } else {
                            "support person"
                        },
                    });
                }
                (true, Some(party)) => require_party(case, party)?,
                (false, Some(_)) => return Err(DomainError::ActingForNotAllowed),
                (false, None) => {}
            }
            Event::ParticipantAdded {
                participant,
                name,
                role,
                acting_for,
                authority_to_settle,
            }
        }
        Command::AddIssue {
            issue,
            title,
            description,
        } => Event::IssueAdded {
            issue,
            title,
            description,
        },
        Command::SetIssueState {
            issue,
            state,
            reason,
        } => {
            let current = case.issue(issue).ok_or(DomainError::UnknownIssue(issue))?;
            if current.state == state {
                return Err(DomainError::IssueStateUnchanged);
            }
            // Re-opening is its own event, with a reason: an agreed term is not quietly undone.
            if state.is_open() {
                return Err(DomainError::ReopenNeedsReason);
            }
            Event::IssueStateChanged {
                issue,
                state,
                reason,
            }
        }
        Command::ScheduleSession {
            session,
            starts_at,
            format,
            agenda,
            override_reason,
        } => {
            if agenda.len() > MAX_LIST {
                return Err(DomainError::LimitReached {
                    what: "agenda items in one session",
                    max: MAX_LIST,
                });
            }
            if let Some(unknown) = agenda.iter().find(|i| case.issue(**i).is_none()) {
                return Err(DomainError::UnknownIssue(*unknown));
            }
            let overridden = super::safety::check_schedule(case, session, format, override_reason)?;
            let scheduled = NewEvent::joint(Event::SessionScheduled {
                session,
                starts_at,
                format,
                agenda,
            });
            return Ok(std::iter::once(scheduled).chain(overridden).collect());
        }
        Command::RecordSessionHeld {
            session,
            held_on,
            format,
            attendees,
        } => {
            let s = case
                .session(session)
                .ok_or(DomainError::UnknownSession(session))?;
            match s.status {
                SessionStatus::Scheduled => {}
                SessionStatus::Held { .. } => return Err(DomainError::SessionAlreadyHeld),
                SessionStatus::Cancelled { .. } => return Err(DomainError::SessionCancelled),
            }
            if attendees.len() > MAX_LIST {
                return Err(DomainError::LimitReached {
                    what: "attendees in one session",
                    max: MAX_LIST,
                });
            }
            if attendees.is_empty() {
                return Err(DomainError::NoAttendees);
            }
            for a in &attendees {
                case.participant(*a)
                    .ok_or(DomainError::UnknownParticipant(*a))?;
            }
            Event::SessionHeld {
                session,
                held_on,
                format,
                attendees,
            }
        }
        Command::CancelSession { session, reason } => {
            let s = case
                .session(session)
                .ok_or(DomainError::UnknownSession(session))?;
            match s.status {
                SessionStatus::Scheduled => {}
                SessionStatus::Held { .. } => return Err(DomainError::SessionAlreadyHeld),
                SessionStatus::Cancelled { .. } => return Err(DomainError::SessionCancelled),
            }
            Event::SessionCancelled { session, reason }
        }
        Command::RecordOutcome {
            session,
            outcome,
            summary,
        } => {
            let s = case
                .session(session)
                .ok_or(DomainError::UnknownSession(session))?;
            if s.outcome.is_some() {
                return Err(DomainError::OutcomeAlreadyRecorded);
            }
            let held = matches!(s.status, SessionStatus::Held { .. });
            match (outcome.requires_held_session(), held) {
                (true, false) => return Err(DomainError::SessionNotHeld),
                (false, true) => return Err(DomainError::SessionWasHeld),
                _ => {}
            }
            Event::OutcomeRecorded {
                session,
                outcome,
                summary,
            }
        }
        Command::AddNote {
            note,
            text,
            audience,
            about_session,
        } => {
            match audience {
                Audience::PartyAndMediator { party } => require_party(case, party)?,
                Audience::PartyAlone { .. } => {
                    return Err(DomainError::InvalidField {
                        field: "audience",
                        reason: "a note is for everyone, the mediator, or a party and the mediator"
                            .into(),
                    });
                }
                Audience::Everyone | Audience::MediatorOnly => {}
            }
            if let Some(session) = about_session {
                case.session(session)
                    .ok_or(DomainError::UnknownSession(session))?;
            }
            return Ok(vec![NewEvent {
                audience,
                event: Event::NoteAdded {
                    note,
                    text,
                    about_session,
                },
            }]);
        }
        Command::CloseCase { status, summary } => Event::CaseClosed { status, summary },
        clock @ (Command::SetDeadline { .. }
        | Command::MoveDeadline { .. }
        | Command::MarkDeadlineMet { .. }
        | Command::MarkDeadlineMissed { .. }
        | Command::CancelDeadline { .. }) => {
            return Ok(vec![super::decide_deadlines::decide(case, clock)?]);
        }
        Command::RecordAlternatives { party, worksheet } => {
            return Ok(vec![super::alternatives::record(case, party, worksheet)?]);
        }
        Command::ShareAlternatives { party } => {
            return Ok(vec![super::alternatives::share(case, party)?]);
        }
        Command::OpenOverlapCheck {
            receiving,
            paying,
            currency,
            rounds,
        } => {
            return Ok(vec![super::overlap::open(
                case, receiving, paying, currency, rounds,
            )?]);
        }
        Command::AgreeToMidpoint { check, party } => {
            return Ok(vec![super::overlap::agree_to_midpoint(case, check, party)?]);
        }
        Command::EnterOverlapFigure {
            check,
            party,
            figure,
        } => return super::overlap::enter_figure(case, check, party, figure),
        Command::MakeProposal {
            terms,
            answer_by,
            deadline,
        } => return super::proposal::make(case, terms, answer_by, deadline),
        Command::AnswerProposal {
            proposal,
            party,
            accept,
        } => return super::proposal::answer(case, proposal, party, accept),
        Command::CloseProposal { proposal } => return super::proposal::close(case, proposal),
        Command::RecordScreening { party, screening } => {
            return super::safety::record_screening(case, party, screening);
        }
        Command::PauseCase { reason } => return super::safety::pause(case, true, reason),
        Command::ResumeCase { reason } => return super::safety::pause(case, false, reason),
        Command::GiveSafeContact { party, contact } => {
            return super::safety::give_safe_contact(case, party, contact);
        }
        Command::RecordMiam { party, attendance } => {
            return super::miam_record::record(case, party, attendance);
        }
        Command::IssueMiamConfirmation { party } => {
            return super::miam_record::confirm(case, party);
        }
        Command::InviteToMediation {
            participant,
            answer_by,
        } => return super::invitation::invite(case, participant, answer_by),
        Command::AnswerInvitation {
            participant,
            kind,
            text,
            shared,
        } => return super::invitation::answer(case, participant, kind, text, shared),
        Command::RecordNoAnswer { participant, as_of } => {
            return super::invitation::lapse(case, participant, as_of);
        }
        after_session => {
            return Ok(vec![super::decide_after_session::decide(
                case,
                after_session,
            )?]);
        }
    };
    Ok(vec![NewEvent::joint(event)])
}

pub(super) fn require_party(case: &Case, id: ParticipantId) -> Result<(), DomainError> {
    match case.participant(id) {
        None => Err(DomainError::UnknownParticipant(id)),
        Some(p) if p.role != Role::Party => Err(DomainError::NotAParty(id)),
        Some(_) => Ok(()),
    }
}
