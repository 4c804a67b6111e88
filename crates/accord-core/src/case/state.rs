//! The state of a case, folded from its events by `evolve`. The same fold serves the full
//! case (for `decide`) and each viewer's view (fed only the events that viewer may see).

use super::event::{Audience, Event, Recorded};
use super::vocabulary::{
    ClosureStatus, ContractClause, DisputeType, Jurisdiction, Outcome, Role, SessionFormat,
    TermState,
};
use crate::chain::Head;
use crate::ids::{CaseId, IssueId, NoteId, ParticipantId, SessionId};
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Case {
    /// `None` until the case is opened.
    pub profile: Option<Profile>,
    pub participants: Vec<Participant>,
    pub issues: Vec<Issue>,
    pub sessions: Vec<Session>,
    pub notes: Vec<Note>,
    pub closure: Option<Closure>,
    pub last_activity: Option<Timestamp>,
    /// The chain head this state was folded up to. Only meaningful for the full fold.
    #[serde(skip)]
    pub head: Option<Head>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub id: CaseId,
    pub title: Text,
    pub dispute_type: DisputeType,
    pub jurisdiction: Jurisdiction,
    pub time_zone: String,
    pub court_ordered: bool,
    pub contract_clause: Option<ContractClause>,
    pub court_reference: Option<Text>,
    pub opened_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: Text,
    pub role: Role,
    pub acting_for: Option<ParticipantId>,
    pub authority_to_settle: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub id: IssueId,
    pub title: Text,
    pub description: Option<Text>,
    pub state: TermState,
    pub state_reason: Option<Text>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SessionStatus {
    Scheduled,
    Held {
        held_on: Date,
        format: SessionFormat,
        attendees: Vec<ParticipantId>,
        /// Parties for whom nobody with authority to settle attended (the party itself or
        /// someone acting for it): a common reason a session cannot close.
        authority_missing_for: Vec<ParticipantId>,
    },
    Cancelled {
        reason: Option<Text>,
    },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Session {
    pub id: SessionId,
    pub starts_at: Timestamp,
    pub planned_format: SessionFormat,
    pub agenda: Vec<IssueId>,
    pub status: SessionStatus,
    pub outcome: Option<SessionOutcome>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionOutcome {
    pub outcome: Outcome,
    pub summary: Option<Text>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Note {
    pub id: NoteId,
    pub text: Text,
    pub audience: Audience,
    pub about_session: Option<SessionId>,
    pub written_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Closure {
    pub status: ClosureStatus,
    pub summary: Option<Text>,
    pub closed_at: Timestamp,
}

impl Case {
    pub fn is_open(&self) -> bool {
        self.profile.is_some() && self.closure.is_none()
    }

    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    pub fn parties(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| p.role == Role::Party)
    }

    pub fn issue(&self, id: IssueId) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }

    pub fn session(&self, id: SessionId) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The parties for whom none of `attendees` has authority to settle.
    pub fn authority_missing_for(&self, attendees: &[ParticipantId]) -> Vec<ParticipantId> {
        self.parties()
            .filter(|party| {
                !attendees
                    .iter()
                    .filter_map(|a| self.participant(*a))
                    .any(|a| {
                        a.authority_to_settle
                            && (a.id == party.id || a.acting_for == Some(party.id))
                    })
            })
            .map(|party| party.id)
            .collect()
    }

    /// The most recent outcome recorded for any session.
    pub fn latest_outcome(&self) -> Option<Outcome> {
        self.sessions
            .iter()
            .rev()
            .find_map(|s| s.outcome.as_ref().map(|o| o.outcome))
    }

    /// Folds a whole history.
    pub fn fold<'a>(history: impl IntoIterator<Item = &'a Recorded>) -> Self {
        history.into_iter().fold(Self::default(), evolve)
    }
}

/// The next state after one event. Events were checked by `decide` when they were recorded,
/// so an event naming something unknown (possible only in a partial view) is skipped.
pub fn evolve(mut case: Case, recorded: &Recorded) -> Case {
    case.head = Some(Head {
        seq: recorded.seq,
        hash: recorded.hash,
    });
    case.last_activity = Some(recorded.recorded_at);
    match &recorded.event {
        Event::CaseOpened {
            case: id,
            title,
            dispute_type,
            jurisdiction,
            time_zone,
            court_ordered,
            contract_clause,
            court_reference,
        } => {
            case.profile = Some(Profile {
                id: *id,
                title: title.clone(),
                dispute_type: *dispute_type,
                jurisdiction: *jurisdiction,
                time_zone: time_zone.clone(),
                court_ordered: *court_ordered,
                contract_clause: *contract_clause,
                court_reference: court_reference.clone(),
                opened_at: recorded.recorded_at,
            });
        }
        Event::ParticipantAdded {
            participant,
            name,
            role,
            acting_for,
            authority_to_settle,
        } => {
            case.participants.push(Participant {
                id: *participant,
                name: name.clone(),
                role: *role,
                acting_for: *acting_for,
                authority_to_settle: *authority_to_settle,
            });
        }
        Event::IssueAdded {
            issue,
            title,
            description,
        } => case.issues.push(Issue {
            id: *issue,
            title: title.clone(),
            description: description.clone(),
            state: TermState::Open,
            state_reason: None,
        }),
        Event::IssueStateChanged {
            issue,
            state,
            reason,
        } => {
            if let Some(i) = case.issues.iter_mut().find(|i| i.id == *issue) {
                i.state = state.clone();
                i.state_reason = reason.clone();
            }
        }
        Event::SessionScheduled {
            session,
            starts_at,
            format,
            agenda,
        } => case.sessions.push(Session {
            id: *session,
            starts_at: *starts_at,
            planned_format: *format,
            agenda: agenda.clone(),
            status: SessionStatus::Scheduled,
            outcome: None,
        }),
        Event::SessionHeld {
            session,
            held_on,
            format,
            attendees,
        } => {
            let authority_missing_for = case.authority_missing_for(attendees);
            if let Some(s) = case.sessions.iter_mut().find(|s| s.id == *session) {
                s.status = SessionStatus::Held {
                    held_on: *held_on,
                    format: *format,
                    attendees: attendees.clone(),
                    authority_missing_for,
                };
            }
        }
        Event::SessionCancelled { session, reason } => {
            if let Some(s) = case.sessions.iter_mut().find(|s| s.id == *session) {
                s.status = SessionStatus::Cancelled {
                    reason: reason.clone(),
                };
            }
        }
        Event::OutcomeRecorded {
            session,
            outcome,
            summary,
        } => {
            if let Some(s) = case.sessions.iter_mut().find(|s| s.id == *session) {
                s.outcome = Some(SessionOutcome {
                    outcome: *outcome,
                    summary: summary.clone(),
                });
            }
        }
        Event::NoteAdded {
            note,
            text,
            about_session,
        } => case.notes.push(Note {
            id: *note,
            text: text.clone(),
            audience: recorded.audience,
            about_session: *about_session,
            written_at: recorded.recorded_at,
        }),
        Event::CaseClosed { status, summary } => {
            case.closure = Some(Closure {
                status: *status,
                summary: summary.clone(),
                closed_at: recorded.recorded_at,
            })
        }
    }
    case
}
