//! What someone asks to happen to a case. Commands carry parsed values (ids minted at the
//! edge, text already bounded), so `decide` checks only the rules of the case.

use super::access::{AccessChange, AccessKind, GrantedBy};
use super::alternatives::Worksheet;
use super::deadline::{DeadlineKind, DueRule};
use super::debrief::{Author, Debrief, DebriefItemKind};
use super::event::Audience;
use super::money::{Currency, Money};
use super::prep::Prep;
use super::proposal::ProposedTerm;
use super::vocabulary::RatingMoment;
use super::vocabulary::{
    ClosureStatus, ContractClause, DisputeType, Jurisdiction, Outcome, Role, SessionFormat,
    TermState,
};
use crate::advice::{NextStep, StallReason};
use crate::chain::Digest;
use crate::ids::{CaseId, DeadlineId, IssueId, NoteId, ParticipantId, SessionId};
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
        /// Why this session goes ahead in a format the safety screening rules out (see
        /// `case::safety`); refused where nothing is ruled out.
        override_reason: Option<Text>,
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

    // ---- after a session without full agreement (DOMAIN.md §3–§6, §10–§11) -----------------
    /// What `author` learned in `session`, in private.
    CaptureDebrief {
        session: SessionId,
        author: Author,
        debrief: Debrief,
    },
    /// A party shares one item of its debrief with everyone (`index` from 1).
    ShareDebriefItem {
        session: SessionId,
        party: ParticipantId,
        kind: DebriefItemKind,
        index: usize,
    },
    /// A party's position on an issue and the interests beneath it.
    RecordPosition {
        issue: IssueId,
        party: ParticipantId,
        position: Text,
        interests: Vec<Text>,
        shared: bool,
    },
    RecordOptionTried {
        issue: IssueId,
        option: Text,
        result: Option<Text>,
    },
    /// An agreed, withdrawn or referred term is open again.
    ReopenTerm {
        issue: IssueId,
        reason: Text,
    },
    /// Fixes the memorandum of what is agreed and open, as a new version for confirmation.
    IssueMemorandum,
    /// A party (or its representative with authority to settle) confirms a version, naming its
    /// content hash.
    ConfirmMemorandum {
        by: ParticipantId,
        version: u32,
        content_hash: Digest,
    },
    DiagnoseStall {
        session: Option<SessionId>,
        author: Author,
        findings: Vec<(StallReason, Text)>,
        /// The mediator may share its diagnosis with everyone; a party's stays private.
        shared: bool,
    },
    ChooseNextStep {
        step: NextStep,
        owner: ParticipantId,
        due_on: Date,
        note: Option<Text>,
    },
    CompleteNextStep {
        note: Option<Text>,
    },
    PrepareNextSession {
        party: ParticipantId,
        prep: Prep,
        shared: bool,
    },
    // ---- the procedural clock (DOMAIN.md §6, §8) ----------------------------------------------
    SetDeadline {
        deadline: DeadlineId,
        kind: DeadlineKind,
        label: Text,
        rule: DueRule,
    },
    MoveDeadline {
        deadline: DeadlineId,
        rule: DueRule,
        reason: Text,
    },
    MarkDeadlineMet {
        deadline: DeadlineId,
    },
    MarkDeadlineMissed {
        deadline: DeadlineId,
    },
    CancelDeadline {
        deadline: DeadlineId,
        reason: Text,
    },
    // ---- reality-testing (DOMAIN.md §6) ------------------------------------------------------
    /// A party's alternatives worksheet, private to it and the mediator.
    RecordAlternatives {
        party: ParticipantId,
        worksheet: Worksheet,
    },
    /// A party shares its latest worksheet with everyone.
    ShareAlternatives {
        party: ParticipantId,
    },
    /// The mediator opens a confidential overlap check between two parties.
    OpenOverlapCheck {
        receiving: ParticipantId,
        paying: ParticipantId,
        currency: Currency,
        rounds: u8,
    },
    /// A side agrees that an overlap is answered with the midpoint.
    AgreeToMidpoint {
        check: u32,
        party: ParticipantId,
    },
    /// A side's figure for the check's current round, seen by that party alone.
    EnterOverlapFigure {
        check: u32,
        party: ParticipantId,
        figure: Money,
    },
    /// The mediator puts one set of terms to every party.
    MakeProposal {
        terms: Vec<ProposedTerm>,
        answer_by: Date,
        /// The answers' deadline on the clock (minted at the edge).
        deadline: DeadlineId,
    },
    /// A party's answer, seen by that party alone.
    AnswerProposal {
        proposal: u32,
        party: ParticipantId,
        accept: bool,
    },
    /// The mediator closes a proposal still awaiting answers: not accepted by all.
    CloseProposal {
        proposal: u32,
    },
    RateSession {
        session: SessionId,
        participant: ParticipantId,
        moment: RatingMoment,
        /// 1 (confused) to 5 (clear).
        clarity: u8,
        /// 1 (calm) to 5 (heated).
        temperature: u8,
    },
    /// Records that someone gained or lost access to the case. Issued by the application
    /// whenever a membership changes, never by a person directly; taken even once the case
    /// is closed, since reading a closed case is access too.
    RecordAccessChange {
        change: AccessChange,
        name: Text,
        access: AccessKind,
        by_name: Text,
        by: GrantedBy,
    },
    /// Keep the case's record as it is: no erasure until the hold is lifted.
    PlaceLegalHold {
        reason: Text,
    },
    LiftLegalHold {
        reason: Text,
    },

    // ---- safety (DOMAIN.md §7) ---------------------------------------------------------------
    /// The mediator's screening of one party (replacing its earlier one).
    RecordScreening {
        party: ParticipantId,
        screening: super::safety::Screening,
    },
    /// No session until resumed; the parties see only that the case is paused.
    PauseCase {
        reason: Text,
    },
    ResumeCase {
        reason: Text,
    },
    /// How a party may be reached safely: the party's, or the mediator's on its behalf.
    GiveSafeContact {
        party: ParticipantId,
        contact: super::safety::SafeContact,
    },

    // ---- the MIAM (England & Wales family cases) ---------------------------------------------
    /// The mediator records a party's MIAM: attendance and assessment.
    RecordMiam {
        party: ParticipantId,
        attendance: super::miam_record::MiamAttendance,
    },
    /// The mediator issues the confirmation of the party's latest MIAM.
    IssueMiamConfirmation {
        party: ParticipantId,
    },

    // ---- invitations to mediate -------------------------------------------------------------
    /// The mediator invites a party to mediate, asking for an answer by a date.
    InviteToMediation {
        participant: ParticipantId,
        answer_by: Date,
    },
    /// The party answers in writing: `text` (reasons, or times) unless it accepts; `shared`
    /// makes it joint.
    AnswerInvitation {
        participant: ParticipantId,
        kind: super::invitation::AnswerKind,
        text: Option<Text>,
        shared: bool,
    },
    /// No answer came by the date (Accord's own, once the date has passed in the case's zone).
    RecordNoAnswer {
        participant: ParticipantId,
        as_of: Date,
    },
}

impl Command {
    /// Whether the command sets or replaces something another person may have changed since
    /// the caller looked (an issue's state, an outcome, a term, the next move, the memorandum,
    /// the closure, a session's or deadline's status). Such a command must name the version
    /// it was decided on, so that it can never silently undo someone else's change. Purely
    /// additive commands (a note, an issue, a debrief, …) may go without.
    pub fn replaces_state(&self) -> bool {
        matches!(
            self,
            Self::SetIssueState { .. }
                | Self::RecordSessionHeld { .. }
                | Self::CancelSession { .. }
                | Self::RecordOutcome { .. }
                | Self::CloseCase { .. }
                | Self::ReopenTerm { .. }
                | Self::IssueMemorandum
                | Self::ChooseNextStep { .. }
                | Self::CompleteNextStep { .. }
                | Self::MoveDeadline { .. }
                | Self::MarkDeadlineMet { .. }
                | Self::MarkDeadlineMissed { .. }
                | Self::CancelDeadline { .. }
                | Self::CloseProposal { .. }
        )
    }
}
