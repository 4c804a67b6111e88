//! What happened to a case. Events are facts in the past tense; each travels in an envelope
//! (`Recorded`) that names its audience, its place in the case's sequence and its hash link.

use super::access::{AccessChange, AccessKind, GrantedBy};
use super::alternatives::Worksheet;
use super::deadline::DeadlineKind;
use super::debrief::{Author, Debrief, DebriefItemKind};
use super::memorandum::Memorandum;
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
use crate::clock::Computation;
use crate::ids::{CaseId, DeadlineId, IssueId, NoteId, ParticipantId, SessionId};
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The version of the event payload schema written today. Older payloads are upgraded on load.
pub const SCHEMA_VERSION: u16 = 1;

/// Who may see an event. A viewer's view is folded only from the events it may see.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Audience {
    /// Everyone in the case (joint).
    Everyone,
    /// The mediator only.
    MediatorOnly,
    /// One party (and those acting for it) plus the mediator.
    PartyAndMediator { party: ParticipantId },
    /// One party (and those acting for it) alone: not even the mediator. Only what a
    /// confidential mechanism needs kept from everyone (an overlap check's figure, an answer
    /// to the mediator's proposal) is addressed so; its result is a joint event of its own.
    PartyAlone { party: ParticipantId },
}

impl Audience {
    /// Whether the mediator may see it: everything but what a party entered for itself alone.
    pub fn includes_mediator(self) -> bool {
        !matches!(self, Self::PartyAlone { .. })
    }
}

impl std::fmt::Display for Audience {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Everyone => f.write_str("everyone"),
            Self::MediatorOnly => f.write_str("mediator only"),
            Self::PartyAndMediator { party } => write!(f, "party {party} and the mediator"),
            Self::PartyAlone { party } => write!(f, "party {party} alone"),
        }
    }
}

/// Who caused an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Actor {
    /// A person at the command line of the server's machine (the operator, usually the mediator).
    Operator { name: String },
    /// A participant of the case acting through the product.
    Participant { participant: ParticipantId },
    /// A signed-in account, through the API or the web.
    Account { user: String },
    /// Accord itself (imports, scheduled jobs).
    System,
}

/// A fact about a case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    CaseOpened {
        case: CaseId,
        title: Text,
        dispute_type: DisputeType,
        jurisdiction: Jurisdiction,
        /// IANA time zone name; dates of the case are calendar dates in this zone.
        time_zone: String,
        court_ordered: bool,
        contract_clause: Option<ContractClause>,
        court_reference: Option<Text>,
    },
    ParticipantAdded {
        participant: ParticipantId,
        name: Text,
        role: Role,
        /// The party a representative or support person acts for.
        acting_for: Option<ParticipantId>,
        authority_to_settle: bool,
    },
    IssueAdded {
        issue: IssueId,
        title: Text,
        description: Option<Text>,
    },
    IssueStateChanged {
        issue: IssueId,
        state: TermState,
        reason: Option<Text>,
    },
    SessionScheduled {
        session: SessionId,
        starts_at: Timestamp,
        format: SessionFormat,
        agenda: Vec<IssueId>,
    },
    SessionHeld {
        session: SessionId,
        held_on: Date,
        format: SessionFormat,
        attendees: Vec<ParticipantId>,
    },
    SessionCancelled {
        session: SessionId,
        reason: Option<Text>,
    },
    OutcomeRecorded {
        session: SessionId,
        outcome: Outcome,
        summary: Option<Text>,
    },
    /// The note's audience is the envelope's.
    NoteAdded {
        note: NoteId,
        text: Text,
        about_session: Option<SessionId>,
    },
    CaseClosed {
        status: ClosureStatus,
        summary: Option<Text>,
    },
    /// Private to its author (the envelope's audience).
    DebriefCaptured {
        session: SessionId,
        author: Author,
        debrief: Debrief,
    },
    /// A copy of one private debrief item, made joint by its party.
    DebriefItemShared {
        session: SessionId,
        party: ParticipantId,
        kind: DebriefItemKind,
        text: String,
    },
    PositionRecorded {
        issue: IssueId,
        party: ParticipantId,
        position: Text,
        interests: Vec<Text>,
    },
    OptionTried {
        issue: IssueId,
        option: Text,
        result: Option<Text>,
    },
    TermReopened {
        issue: IssueId,
        reason: Text,
    },
    MemorandumIssued {
        version: u32,
        /// SHA-256 of the memorandum's canonical JSON, which confirmations name.
        content_hash: String,
        memorandum: Memorandum,
    },
    MemorandumConfirmed {
        version: u32,
        content_hash: String,
        by: ParticipantId,
        for_party: ParticipantId,
    },
    StallDiagnosed {
        session: Option<SessionId>,
        author: Author,
        findings: Vec<StallFinding>,
    },
    NextStepChosen {
        step: NextStep,
        owner: ParticipantId,
        due_on: Date,
        note: Option<Text>,
    },
    NextStepCompleted {
        note: Option<Text>,
    },
    NextSessionPrepared {
        party: ParticipantId,
        prep: Prep,
    },
    DeadlineSet {
        deadline: DeadlineId,
        kind: DeadlineKind,
        label: Text,
        due_on: Date,
        computation: Option<Computation>,
    },
    DeadlineMoved {
        deadline: DeadlineId,
        due_on: Date,
        computation: Option<Computation>,
        reason: Text,
    },
    DeadlineMet {
        deadline: DeadlineId,
    },
    DeadlineMissed {
        deadline: DeadlineId,
    },
    DeadlineCancelled {
        deadline: DeadlineId,
        reason: Text,
    },
    SessionRated {
        session: SessionId,
        participant: ParticipantId,
        moment: RatingMoment,
        clarity: u8,
        temperature: u8,
    },
    // ---- reality-testing (DOMAIN.md §6) ------------------------------------------------------
    /// A party's alternatives worksheet (private to it and the mediator).
    AlternativesRecorded {
        party: ParticipantId,
        worksheet: Worksheet,
    },
    /// A joint copy of a party's worksheet, shared by the party.
    AlternativesShared {
        party: ParticipantId,
        worksheet: Worksheet,
    },
    OverlapCheckOpened {
        number: u32,
        receiving: ParticipantId,
        paying: ParticipantId,
        currency: Currency,
        rounds: u8,
    },
    OverlapMidpointAgreed {
        number: u32,
        party: ParticipantId,
    },
    /// Addressed to its party alone.
    OverlapFigureEntered {
        number: u32,
        round: u8,
        party: ParticipantId,
        figure: Money,
    },
    /// The derived, joint fact of a round: whether the two figures overlap.
    OverlapRoundEnded {
        number: u32,
        round: u8,
        overlap: bool,
        midpoint: Option<Money>,
    },
    ProposalMade {
        number: u32,
        terms: Vec<ProposedTerm>,
        answer_by: Date,
        deadline: DeadlineId,
    },
    /// Addressed to its party alone.
    ProposalAnswered {
        number: u32,
        party: ParticipantId,
        accept: bool,
    },
    /// Accepted by all parties, or not: never who rejected.
    ProposalDecided {
        number: u32,
        accepted_by_all: bool,
    },
    /// Someone gained or lost access to the case (always joint: no silent access).
    AccessChanged {
        change: AccessChange,
        name: Text,
        access: AccessKind,
        by_name: Text,
        by: GrantedBy,
    },
    // ---- retention (GDPR Art. 17) --------------------------------------------------------------
    /// The case's record is to be kept as it is (litigation, a regulator, a complaint): nothing
    /// in it may be erased until the hold is lifted.
    LegalHoldPlaced {
        reason: Text,
    },
    LegalHoldLifted {
        reason: Text,
    },
    /// A person's data was erased from the case: each listed payload among the events this
    /// one's audience may see was replaced by its redacted form (see `case::erasure`).
    PayloadsRedacted {
        participant: ParticipantId,
        basis: Text,
        redacted: Vec<super::erasure::Redaction>,
    },
    // ---- safety (DOMAIN.md §7) -----------------------------------------------------------------
    /// One party's safety screening: the mediator's alone.
    ScreeningRecorded {
        party: ParticipantId,
        screening: super::safety::Screening,
    },
    /// A session scheduled in a format the screening rules out, and why (the mediator's alone).
    AdaptationsOverridden {
        session: SessionId,
        format: SessionFormat,
        overridden: Vec<String>,
        reason: Text,
    },
    /// Joint: the parties see that the case is paused, nothing more.
    CasePaused {},
    CaseResumed {},
    /// The mediator's reason for a pause or a resumption.
    PauseReasonRecorded {
        paused: bool,
        reason: Text,
    },
    /// How a party may be reached safely: for the party and the mediator.
    SafeContactGiven {
        party: ParticipantId,
        contact: super::safety::SafeContact,
    },
    // ---- the MIAM (England & Wales family cases) -----------------------------------------------
    /// A party's MIAM attended and assessed: for the party and the mediator.
    MiamAttended {
        party: ParticipantId,
        attendance: super::miam_record::MiamAttendance,
    },
    /// Why the mediator found a party's MIAM not suitable: the mediator's alone (it may rest
    /// on what a screening found, or on what another party disclosed).
    MiamReasonRecorded {
        party: ParticipantId,
        reason: Text,
    },
    /// The confirmation of that MIAM for a court application, with its expiry.
    MiamConfirmationIssued {
        party: ParticipantId,
        confirmation: super::miam_record::MiamConfirmation,
    },
    // ---- invitations to mediate, answered in writing ----------------------------------------
    /// Joint: a party is invited to mediate, and asked to answer by a date.
    MediationInvited {
        participant: ParticipantId,
        answer_by: Date,
    },
    /// Joint: how the party answered; its reasons or times here only where it shared them.
    InvitationAnswered {
        participant: ParticipantId,
        kind: super::invitation::AnswerKind,
        text: Option<Text>,
    },
    /// The reasons or times of an answer not shared: for the party and the mediator.
    InvitationAnswerExplained {
        participant: ParticipantId,
        text: Text,
    },
    /// Joint: no answer by the date.
    InvitationLapsed {
        participant: ParticipantId,
        answer_by: Date,
    },
}

/// One named reason a session stalled, with a line of evidence.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StallFinding {
    pub reason: StallReason,
    pub evidence: Text,
}

/// An event decided but not yet sealed into the chain.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub audience: Audience,
    pub event: Event,
}

impl NewEvent {
    pub fn joint(event: Event) -> Self {
        Self {
            audience: Audience::Everyone,
            event,
        }
    }

    /// What `party` entered for itself alone (see `Audience::PartyAlone`).
    pub fn party_alone(party: ParticipantId, event: Event) -> Self {
        Self {
            audience: Audience::PartyAlone { party },
            event,
        }
    }
}

/// An event in its envelope, as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recorded {
    pub case_id: CaseId,
    /// 1-based position in the case's stream.
    pub seq: u64,
    pub recorded_at: Timestamp,
    pub actor: Actor,
    pub audience: Audience,
    pub schema: u16,
    pub event: Event,
    #[serde(skip)]
    pub payload_digest: Digest,
    #[serde(skip)]
    pub prev_hash: Digest,
    #[serde(skip)]
    pub hash: Digest,
}
