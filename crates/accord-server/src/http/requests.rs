//! The JSON bodies of the API's commands, and how each becomes a domain `Command`. Text is
//! checked here with the field's name and limit; ids of new things are minted here.

use accord_core::DomainError;
use accord_core::case::vocabulary::{
    ClosureStatus, ContractClause, DisputeType, Jurisdiction, Outcome, Role, SessionFormat,
    TermState, TermStateKind,
};
use accord_core::case::{Audience, Command};
use accord_core::ids::{CaseId, IssueId, NoteId, ParticipantId, SessionId};
use accord_core::text::{Text, limits};
use accord_core::time_zone::TimeZoneName;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

pub type Built = Result<(Command, Option<String>), DomainError>;

/// A command body: its expected version, and the command it asks for (with the id of what
/// it creates, if anything).
pub trait CommandBody {
    fn expected_version(&self) -> Option<u64>;
    fn build(self) -> Built;
}

/// One line: titles, names, labels, reasons (see `accord_core::text`).
fn line(field: &'static str, raw: &str, max: usize) -> Result<Text, DomainError> {
    Text::line(field, raw, max)
}

pub(super) fn optional_line(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<Text>, DomainError> {
    Text::line_optional(field, raw, max)
}

/// Several lines: notes, descriptions, summaries.
fn paragraph(field: &'static str, raw: &str, max: usize) -> Result<Text, DomainError> {
    Text::paragraph(field, raw, max)
}

fn optional_paragraph(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<Text>, DomainError> {
    Text::paragraph_optional(field, raw, max)
}

/// Open a case. The caller becomes its mediator.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCase {
    #[schema(example = "Hedge and fence at 4 and 6 Mill Lane")]
    pub title: String,
    pub dispute_type: DisputeType,
    pub jurisdiction: Jurisdiction,
    /// An IANA time zone, e.g. `Europe/London`.
    #[schema(example = "Europe/London")]
    pub time_zone: String,
    #[serde(default)]
    pub court_ordered: bool,
    pub contract_clause: Option<ContractClause>,
    pub court_reference: Option<String>,
}

impl OpenCase {
    pub fn build(self, case: CaseId) -> Result<Command, DomainError> {
        Ok(Command::OpenCase {
            case,
            title: line("title", &self.title, limits::TITLE)?,
            dispute_type: self.dispute_type,
            jurisdiction: self.jurisdiction,
            time_zone: TimeZoneName::parse(&self.time_zone)?,
            court_ordered: self.court_ordered,
            contract_clause: self.contract_clause,
            court_reference: optional_line(
                "court_reference",
                self.court_reference.as_deref(),
                limits::SHORT,
            )?,
        })
    }
}

/// Add a party, representative, support person or mediator.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddParticipant {
    pub name: String,
    pub role: Role,
    /// The party a representative or support person acts for.
    pub acting_for: Option<ParticipantId>,
    #[serde(default)]
    pub authority_to_settle: bool,
    pub expected_version: Option<u64>,
}

impl CommandBody for AddParticipant {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let id = ParticipantId::new_v7();
        let cmd = Command::AddParticipant {
            participant: id,
            name: line("name", &self.name, limits::NAME)?,
            role: self.role,
            acting_for: self.acting_for,
            authority_to_settle: self.authority_to_settle,
        };
        Ok((cmd, Some(id.to_string())))
    }
}

/// Put an issue on the agenda.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddIssue {
    pub title: String,
    pub description: Option<String>,
    pub expected_version: Option<u64>,
}

impl CommandBody for AddIssue {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let id = IssueId::new_v7();
        let cmd = Command::AddIssue {
            issue: id,
            title: line("title", &self.title, limits::TITLE)?,
            description: optional_paragraph(
                "description",
                self.description.as_deref(),
                limits::LONG,
            )?,
        };
        Ok((cmd, Some(id.to_string())))
    }
}

/// Record an issue's state: open, agreed (final, subject to paperwork, temporary), pilot,
/// withdrawn or referred. `review_on` is needed for a pilot, `until` or `until_event` for a
/// temporary agreement, `to` for a referral.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetIssueState {
    pub state: TermStateKind,
    pub review_on: Option<Date>,
    pub until: Option<Date>,
    pub until_event: Option<String>,
    pub to: Option<String>,
    pub reason: Option<String>,
    pub expected_version: Option<u64>,
}

impl SetIssueState {
    pub fn build(self, issue: IssueId) -> Built {
        let state: TermState = TermState::from_parts(
            self.state,
            self.review_on,
            self.until,
            self.until_event.as_deref(),
            self.to.as_deref(),
        )?;
        let reason = optional_line("reason", self.reason.as_deref(), limits::SHORT)?;
        Ok((
            Command::SetIssueState {
                issue,
                state,
                reason,
            },
            None,
        ))
    }
}

/// Schedule a session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSession {
    /// RFC 3339, e.g. `2026-12-01T10:00:00Z`.
    #[schema(value_type = String, example = "2026-12-01T10:00:00Z")]
    pub starts_at: Timestamp,
    pub format: SessionFormat,
    #[serde(default)]
    pub agenda: Vec<IssueId>,
    /// Why this session goes ahead in a format the case's safety screening rules out (a
    /// mediator's override, recorded for the mediator alone). Refused where nothing is ruled
    /// out.
    pub override_reason: Option<String>,
    pub expected_version: Option<u64>,
}

impl CommandBody for ScheduleSession {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let id = SessionId::new_v7();
        let cmd = Command::ScheduleSession {
            session: id,
            starts_at: self.starts_at,
            format: self.format,
            agenda: self.agenda,
            override_reason: optional_line(
                "override_reason",
                self.override_reason.as_deref(),
                limits::SHORT,
            )?,
        };
        Ok((cmd, Some(id.to_string())))
    }
}

/// Record that a session was held: when, how, and who attended.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionHeld {
    pub held_on: Date,
    pub format: SessionFormat,
    pub attendees: Vec<ParticipantId>,
    pub expected_version: Option<u64>,
}

impl SessionHeld {
    pub fn build(self, session: SessionId) -> Built {
        let cmd = Command::RecordSessionHeld {
            session,
            held_on: self.held_on,
            format: self.format,
            attendees: self.attendees,
        };
        Ok((cmd, None))
    }
}

/// Cancel a scheduled session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelSession {
    pub reason: Option<String>,
    pub expected_version: Option<u64>,
}

impl CancelSession {
    pub fn build(self, session: SessionId) -> Built {
        let reason = optional_line("reason", self.reason.as_deref(), limits::SHORT)?;
        Ok((Command::CancelSession { session, reason }, None))
    }
}

/// Record a session's outcome.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordOutcome {
    pub outcome: Outcome,
    pub summary: Option<String>,
    pub expected_version: Option<u64>,
}

impl RecordOutcome {
    pub fn build(self, session: SessionId) -> Built {
        let summary = optional_paragraph("summary", self.summary.as_deref(), limits::LONG)?;
        Ok((
            Command::RecordOutcome {
                session,
                outcome: self.outcome,
                summary,
            },
            None,
        ))
    }
}

/// Add a note, with who may read it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddNote {
    pub text: String,
    pub audience: Audience,
    pub about_session: Option<SessionId>,
    pub expected_version: Option<u64>,
}

impl CommandBody for AddNote {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let id = NoteId::new_v7();
        let cmd = Command::AddNote {
            note: id,
            text: paragraph("text", &self.text, limits::LONG)?,
            audience: self.audience,
            about_session: self.about_session,
        };
        Ok((cmd, Some(id.to_string())))
    }
}

/// Close the case with its closure status.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseCase {
    pub status: ClosureStatus,
    pub summary: Option<String>,
    pub expected_version: Option<u64>,
}

impl CommandBody for CloseCase {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let summary = optional_paragraph("summary", self.summary.as_deref(), limits::LONG)?;
        Ok((
            Command::CloseCase {
                status: self.status,
                summary,
            },
            None,
        ))
    }
}

/// For bodies whose command also needs an id from the path.
pub struct WithId<B, I>(pub B, pub I);

/// `WithId<Body, Id>` is a command body whose `build` takes the id from the path.
macro_rules! with_path_id {
    ($($body:ty => $id:ty),+ $(,)?) => {$(
        impl $crate::http::requests::CommandBody for $crate::http::requests::WithId<$body, $id> {
            fn expected_version(&self) -> Option<u64> {
                self.0.expected_version
            }
            fn build(self) -> $crate::http::requests::Built {
                self.0.build(self.1)
            }
        }
    )+};
}
pub(super) use with_path_id;

with_path_id!(
    SetIssueState => IssueId,
    SessionHeld => SessionId,
    CancelSession => SessionId,
    RecordOutcome => SessionId,
);
