//! Domain errors: a rule of the case was broken, or an input was not acceptable. Each names
//! what a person must change.

use crate::ids::{IssueId, ParticipantId, SessionId};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{field} must not be empty")]
    EmptyField { field: &'static str },
    #[error("{field} is too long: {actual} characters, at most {max}")]
    TooLong {
        field: &'static str,
        max: usize,
        actual: usize,
    },
    #[error("{field} is not valid: {reason}")]
    InvalidField { field: &'static str, reason: String },

    #[error("a case holds at most {max} {what}")]
    LimitReached { what: &'static str, max: usize },

    #[error("the case has already been opened")]
    CaseAlreadyOpened,
    #[error("the case has not been opened")]
    CaseNotOpened,
    #[error("the case is closed; nothing more can be added")]
    CaseClosed,

    #[error("no participant {0} in this case")]
    UnknownParticipant(ParticipantId),
    #[error("a participant named {0:?} is already in this case")]
    DuplicateParticipantName(String),
    #[error("a {role} must act for a party of the case (acting_for)")]
    ActingForRequired { role: &'static str },
    #[error("only representatives and support persons act for a party")]
    ActingForNotAllowed,
    #[error("participant {0} is not a party of this case")]
    NotAParty(ParticipantId),

    #[error("no issue {0} in this case")]
    UnknownIssue(IssueId),
    #[error("the issue is already in that state")]
    IssueStateUnchanged,

    #[error("no session {0} in this case")]
    UnknownSession(SessionId),
    #[error("the session has already been held")]
    SessionAlreadyHeld,
    #[error("the session was cancelled")]
    SessionCancelled,
    #[error(
        "the session has not been held; only \"did-not-take-place\" fits a session that was not held"
    )]
    SessionNotHeld,
    #[error("the session was held, so it cannot have \"did not take place\"")]
    SessionWasHeld,
    #[error("the session already has an outcome")]
    OutcomeAlreadyRecorded,
    #[error("attendees must not be empty")]
    NoAttendees,

    #[error("a debrief follows a held session that ended without full agreement; this one did not")]
    DebriefNotExpected,
    #[error("there is no {kind} number {index} in that debrief")]
    UnknownDebriefItem { kind: String, index: usize },
    #[error("the term is already open")]
    TermAlreadyOpen,
    #[error("re-opening an agreed term needs a reason: use reopen")]
    ReopenNeedsReason,
    #[error("the memorandum has not changed since version {0}")]
    MemorandumUnchanged(u32),
    #[error("no memorandum has been issued yet")]
    NoMemorandum,
    #[error("version {confirming} is not the latest memorandum; version {latest} is")]
    MemorandumVersionStale { confirming: u32, latest: u32 },
    #[error("the content hash does not match version {0}: reload the memorandum and read it again")]
    MemorandumHashMismatch(u32),
    #[error("this version is already confirmed by that participant")]
    AlreadyConfirmed,
    #[error("only a party, or its representative with authority to settle, confirms a memorandum")]
    MayNotConfirm,
    #[error(
        "{0} has no authority to settle, so cannot confirm the memorandum for the party; the party confirms it, or a representative with authority to settle"
    )]
    NoAuthorityToSettle(String),
    #[error("name at least one reason, with a line of evidence")]
    NoFindings,
    #[error("a party's diagnosis stays private to it and the mediator")]
    PartyDiagnosisIsPrivate,
    #[error("no next step is waiting to be completed")]
    NoPendingNextStep,
    #[error("a mediator does not rate sessions; participants do")]
    MediatorRating,
    #[error("no deadline {0} in this case")]
    UnknownDeadline(crate::ids::DeadlineId),
    #[error("the deadline is no longer pending (it was met, missed or cancelled)")]
    DeadlineClosed,
    #[error("the deadline is already on {0}")]
    DeadlineUnchanged(jiff::civil::Date),
    #[error("the party has no private worksheet to share")]
    NoWorksheet,
    #[error("an overlap check is running; it ends at an overlap or after its last round")]
    OverlapCheckRunning,
    #[error("no overlap check {0} in this case")]
    UnknownOverlapCheck(u32),
    #[error("the overlap check has ended: no further round")]
    OverlapCheckEnded,
    #[error("only the two sides of an overlap check take part in it")]
    NotInOverlapCheck,
    #[error("that party already agreed to the midpoint")]
    MidpointAlreadyAgreed,
    #[error("your figure for round {0} is already in; the next round opens once this one ends")]
    FigureAlreadyEntered(u8),
    #[error(
        "a proposal is awaiting answers; it is decided once every party answered or the mediator closes it"
    )]
    ProposalAwaitingAnswers,
    #[error("no proposal {0} in this case")]
    UnknownProposal(u32),
    #[error("the proposal has been decided")]
    ProposalDecided,
    #[error("that party has already answered the proposal")]
    AlreadyAnswered,

    #[error(
        "the case is under a legal hold ({0}): nothing in it may be erased until the hold is lifted"
    )]
    LegalHold(String),
    #[error("the case is already under a legal hold ({0})")]
    LegalHoldAlreadyPlaced(String),
    #[error("the case is not under a legal hold")]
    NoLegalHold,
    #[error("participant {0} has already been erased from this case")]
    AlreadyErased(ParticipantId),
    #[error(
        "the safety screening rules this {format} session out ({ruled_out}): schedule it in a format it allows, or override with a reason"
    )]
    SafetyAdaptation { format: String, ruled_out: String },
    #[error("no safety adaptation rules this session out: schedule it without an override reason")]
    NothingToOverride,
    #[error("the case is paused: resume it before scheduling a session")]
    CasePaused,
    #[error("the case is already paused")]
    AlreadyPaused,
    #[error("the case is not paused")]
    NotPaused,
    #[error("a MIAM is a step of family cases under the rules of England & Wales")]
    MiamNotApplicable,
    #[error("no MIAM is recorded for this party: record its attendance first")]
    NoMiam,
    #[error("the confirmation of this MIAM is already issued")]
    MiamAlreadyConfirmed,
    #[error("this party's invitation is awaiting its answer")]
    InvitationAwaiting,
    #[error("this party has already accepted mediation: there is nothing to invite it to again")]
    InvitationAccepted,
    #[error("no invitation of this party awaits an answer")]
    NoInvitationAwaiting,
    #[error("the invitation may be answered until {0}: it has not lapsed")]
    InvitationNotDue(String),
}

impl DomainError {
    /// A stable, machine-readable name for the broken rule (the API's `error` code).
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmptyField { .. } | Self::TooLong { .. } | Self::InvalidField { .. } => "invalid",
            Self::LimitReached { .. } => "limit-reached",
            Self::CaseAlreadyOpened => "case-already-opened",
            Self::CaseNotOpened => "case-not-opened",
            Self::CaseClosed => "case-closed",
            Self::UnknownParticipant(_) => "unknown-participant",
            Self::DuplicateParticipantName(_) => "duplicate-participant-name",
            Self::ActingForRequired { .. } => "acting-for-required",
            Self::ActingForNotAllowed => "acting-for-not-allowed",
            Self::NotAParty(_) => "not-a-party",
            Self::UnknownIssue(_) => "unknown-issue",
            Self::IssueStateUnchanged => "issue-state-unchanged",
            Self::UnknownSession(_) => "unknown-session",
            Self::SessionAlreadyHeld => "session-already-held",
            Self::SessionCancelled => "session-cancelled",
            Self::SessionNotHeld => "session-not-held",
            Self::SessionWasHeld => "session-was-held",
            Self::OutcomeAlreadyRecorded => "outcome-already-recorded",
            Self::NoAttendees => "no-attendees",
            Self::DebriefNotExpected => "debrief-not-expected",
            Self::UnknownDebriefItem { .. } => "unknown-debrief-item",
            Self::TermAlreadyOpen => "term-already-open",
            Self::ReopenNeedsReason => "reopen-needs-reason",
            Self::MemorandumUnchanged(_) => "memorandum-unchanged",
            Self::NoMemorandum => "no-memorandum",
            Self::MemorandumVersionStale { .. } => "memorandum-version-stale",
            Self::MemorandumHashMismatch(_) => "memorandum-hash-mismatch",
            Self::AlreadyConfirmed => "already-confirmed",
            Self::MayNotConfirm => "may-not-confirm",
            Self::NoAuthorityToSettle(_) => "no-authority-to-settle",
            Self::NoFindings => "no-findings",
            Self::PartyDiagnosisIsPrivate => "party-diagnosis-is-private",
            Self::NoPendingNextStep => "no-pending-next-step",
            Self::MediatorRating => "mediator-rating",
            Self::UnknownDeadline(_) => "unknown-deadline",
            Self::DeadlineClosed => "deadline-closed",
            Self::DeadlineUnchanged(_) => "deadline-unchanged",
            Self::NoWorksheet => "no-worksheet",
            Self::OverlapCheckRunning => "overlap-check-running",
            Self::UnknownOverlapCheck(_) => "unknown-overlap-check",
            Self::OverlapCheckEnded => "overlap-check-ended",
            Self::NotInOverlapCheck => "not-in-overlap-check",
            Self::MidpointAlreadyAgreed => "midpoint-already-agreed",
            Self::FigureAlreadyEntered(_) => "figure-already-entered",
            Self::ProposalAwaitingAnswers => "proposal-awaiting-answers",
            Self::UnknownProposal(_) => "unknown-proposal",
            Self::ProposalDecided => "proposal-decided",
            Self::AlreadyAnswered => "already-answered",
            Self::LegalHold(_) => "legal-hold",
            Self::LegalHoldAlreadyPlaced(_) => "legal-hold-already-placed",
            Self::NoLegalHold => "no-legal-hold",
            Self::AlreadyErased(_) => "already-erased",
            Self::SafetyAdaptation { .. } => "safety-adaptation",
            Self::NothingToOverride => "nothing-to-override",
            Self::CasePaused => "case-paused",
            Self::AlreadyPaused => "already-paused",
            Self::NotPaused => "not-paused",
            Self::MiamNotApplicable => "miam-not-applicable",
            Self::NoMiam => "no-miam",
            Self::MiamAlreadyConfirmed => "miam-already-confirmed",
            Self::InvitationAwaiting => "invitation-awaiting",
            Self::InvitationAccepted => "invitation-accepted",
            Self::NoInvitationAwaiting => "no-invitation-awaiting",
            Self::InvitationNotDue(_) => "invitation-not-due",
        }
    }

    /// The input field at fault, when one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::EmptyField { field }
            | Self::TooLong { field, .. }
            | Self::InvalidField { field, .. } => Some(field),
            Self::ActingForRequired { .. } | Self::ActingForNotAllowed => Some("acting_for"),
            Self::NoAttendees => Some("attendees"),
            Self::NoFindings => Some("findings"),
            Self::ReopenNeedsReason => Some("state"),
            Self::MemorandumHashMismatch(_) => Some("content_hash"),
            Self::MemorandumVersionStale { .. } => Some("version"),
            Self::SafetyAdaptation { .. } | Self::NothingToOverride => Some("override_reason"),
            _ => None,
        }
    }
}
