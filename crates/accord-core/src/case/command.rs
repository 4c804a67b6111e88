//! What someone asks to happen to a case. Commands carry parsed values (ids minted at the
//! edge, text already bounded), so `decide` checks only the rules of the case.

use super::event::Audience;
use super::vocabulary::{
    ClosureStatus, ContractClause, DisputeType, Jurisdiction, Outcome, Role, SessionFormat,
    TermState,
};
use crate::ids::{CaseId, IssueId, NoteId, ParticipantId, SessionId};
use crate::text::Text;
use crate::time_zone::TimeZoneName;
use jiff::Timestamp;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    OpenCase {
        case: CaseId,
        title: Text,
        dispute_type: DisputeType,
        jurisdiction: Jurisdiction,
        time_zone: TimeZoneName,
        court_ordered: bool,
        contract_clause: Option<ContractClause>,
        court_reference: Option<Text>,
    },
    AddParticipant {
        participant: ParticipantId,
        name: Text,
        role: Role,
        acting_for: Option<ParticipantId>,
        authority_to_settle: bool,
    },
    AddIssue {
        issue: IssueId,
        title: Text,
        description: Option<Text>,
    },
    SetIssueState {
        issue: IssueId,
        state: TermState,
        reason: Option<Text>,
    },
    ScheduleSession {
        session: SessionId,
        starts_at: Timestamp,
        format: SessionFormat,
        agenda: Vec<IssueId>,
    },
    RecordSessionHeld {
        session: SessionId,
        held_on: Date,
        format: SessionFormat,
        attendees: Vec<ParticipantId>,
    },
    CancelSession {
        session: SessionId,
        reason: Option<Text>,
    },
    RecordOutcome {
        session: SessionId,
        outcome: Outcome,
        summary: Option<Text>,
    },
    AddNote {
        note: NoteId,
        text: Text,
        audience: Audience,
        about_session: Option<SessionId>,
    },
    CloseCase {
        status: ClosureStatus,
        summary: Option<Text>,
    },
}
