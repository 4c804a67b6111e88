//! The JSON bodies of the after-session commands (debriefs, positions, terms, memorandum,
//! diagnosis, next step, preparation, ratings) and how each becomes a domain `Command`.

use super::requests::{Built, CommandBody, optional_line, with_path_id};
use accord_core::DomainError;
use accord_core::advice::{Budget, NextStep, StallReason, TimePreference};
use accord_core::case::Command;
use accord_core::case::debrief::{
    Author, Debrief, DebriefItemKind, HiddenIssue, HiddenIssueKind, Money, Offer,
};
use accord_core::case::prep::Prep;
use accord_core::case::vocabulary::RatingMoment;
use accord_core::chain::Digest;
use accord_core::ids::{IssueId, ParticipantId, SessionId};
use accord_core::text::{Text, limits};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

fn texts(field: &'static str, raw: Vec<String>, max: usize) -> Result<Vec<Text>, DomainError> {
    raw.iter().map(|t| Text::line(field, t, max)).collect()
}

/// The best offer on the table: an amount (`{"minor_units": 1250000, "currency": "GBP"}` is
/// 12,500.00 GBP), terms that are not money, or both.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferBody {
    pub amount: Option<Money>,
    pub terms: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HiddenIssueBody {
    pub kind: HiddenIssueKind,
    pub note: Option<String>,
}

/// What you learned in the session, in private: a party's debrief is seen by that party, those
/// acting for it, and the mediator; the mediator's by the mediator only.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaptureDebrief {
    /// `{"kind": "mediator"}` or `{"kind": "party", "party": <your party's id>}`.
    pub author: Author,
    pub best_offer: Option<OfferBody>,
    #[serde(default)]
    pub dealbreakers: Vec<String>,
    #[serde(default)]
    pub hidden_issues: Vec<HiddenIssueBody>,
    #[serde(default)]
    pub missing_information: Vec<String>,
    #[serde(default)]
    pub flexibility_signals: Vec<String>,
    pub budget: Option<Budget>,
    pub time_preference: Option<TimePreference>,
    pub expected_version: Option<u64>,
}

impl CaptureDebrief {
    pub fn build(self, session: SessionId) -> Built {
        let best_offer = self
            .best_offer
            .map(|o| -> Result<Offer, DomainError> {
                Ok(Offer {
                    amount: o.amount,
                    terms: optional_line("best_offer.terms", o.terms.as_deref(), limits::SHORT)?,
                })
            })
            .transpose()?;
        let hidden_issues = self
            .hidden_issues
            .into_iter()
            .map(|h| -> Result<HiddenIssue, DomainError> {
                Ok(HiddenIssue {
                    kind: h.kind,
                    note: optional_line("hidden_issues.note", h.note.as_deref(), limits::SHORT)?,
                })
            })
            .collect::<Result<_, _>>()?;
        let debrief = Debrief {
            best_offer,
            dealbreakers: texts("dealbreakers", self.dealbreakers, limits::SHORT)?,
            hidden_issues,
            missing_information: texts(
                "missing_information",
                self.missing_information,
                limits::SHORT,
            )?,
            flexibility_signals: texts(
                "flexibility_signals",
                self.flexibility_signals,
                limits::SHORT,
            )?,
            budget: self.budget,
            time_preference: self.time_preference,
        };
        Ok((
            Command::CaptureDebrief {
                session,
                author: self.author,
                debrief,
            },
            None,
        ))
    }
}

/// Share one item of your party's debrief with everyone in the case (`index` counts from 1).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareDebriefItem {
    pub party: ParticipantId,
    pub kind: DebriefItemKind,
    #[serde(default = "first")]
    pub index: usize,
    pub expected_version: Option<u64>,
}

fn first() -> usize {
    1
}

impl ShareDebriefItem {
    pub fn build(self, session: SessionId) -> Built {
        let (party, kind, index) = (self.party, self.kind, self.index);
        Ok((
            Command::ShareDebriefItem {
                session,
                party,
                kind,
                index,
            },
            None,
        ))
    }
}

/// A party's position on the issue and the interests beneath it; private to the party and
/// the mediator unless `shared`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordPosition {
    pub party: ParticipantId,
    pub position: String,
    #[serde(default)]
    pub interests: Vec<String>,
    #[serde(default)]
    pub shared: bool,
    pub expected_version: Option<u64>,
}

impl RecordPosition {
    pub fn build(self, issue: IssueId) -> Built {
        Ok((
            Command::RecordPosition {
                issue,
                party: self.party,
                position: Text::line("position", &self.position, limits::SHORT)?,
                interests: texts("interests", self.interests, limits::SHORT)?,
                shared: self.shared,
            },
            None,
        ))
    }
}

/// An option tried on the issue, and what came of it (joint).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordOptionTried {
    pub option: String,
    pub result: Option<String>,
    pub expected_version: Option<u64>,
}

impl RecordOptionTried {
    pub fn build(self, issue: IssueId) -> Built {
        Ok((
            Command::RecordOptionTried {
                issue,
                option: Text::line("option", &self.option, limits::SHORT)?,
                result: optional_line("result", self.result.as_deref(), limits::SHORT)?,
            },
            None,
        ))
    }
}

/// Open an agreed, withdrawn or referred term again, saying why.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenTerm {
    pub reason: String,
    pub expected_version: Option<u64>,
}

impl ReopenTerm {
    pub fn build(self, issue: IssueId) -> Built {
        let reason = Text::line("reason", &self.reason, limits::SHORT)?;
        Ok((Command::ReopenTerm { issue, reason }, None))
    }
}

/// Issue the memorandum as it stands now, as a new version for the parties to confirm.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct IssueMemorandum {
    pub expected_version: Option<u64>,
}

impl CommandBody for IssueMemorandum {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        Ok((Command::IssueMemorandum, None))
    }
}

/// Confirm a version of the memorandum, naming the content hash you read.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmMemorandum {
    /// You: a party, or a representative with authority to settle confirming for its party.
    pub by: ParticipantId,
    pub content_hash: String,
    /// Your password, again: confirming binds you, so it is asked for each time.
    #[serde(default)]
    pub password: String,
    pub expected_version: Option<u64>,
}

impl ConfirmMemorandum {
    pub fn build(self, version: u32) -> Built {
        let content_hash =
            Digest::parse_hex(&self.content_hash).ok_or(DomainError::InvalidField {
                field: "content_hash",
                reason: "is not a SHA-256 in hex (64 characters)".into(),
            })?;
        Ok((
            Command::ConfirmMemorandum {
                by: self.by,
                version,
                content_hash,
            },
            None,
        ))
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingBody {
    pub reason: StallReason,
    /// One line of evidence: what was seen or said.
    pub evidence: String,
}

/// Why the session stalled, with a line of evidence for each reason. A party's diagnosis is
/// private to it and the mediator; the mediator may share its own with everyone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DiagnoseStall {
    pub session: Option<SessionId>,
    pub author: Author,
    pub findings: Vec<FindingBody>,
    #[serde(default)]
    pub shared: bool,
    pub expected_version: Option<u64>,
}

impl CommandBody for DiagnoseStall {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let findings = self
            .findings
            .into_iter()
            .map(|f| {
                Ok((
                    f.reason,
                    Text::line("evidence", &f.evidence, limits::SHORT)?,
                ))
            })
            .collect::<Result<_, DomainError>>()?;
        Ok((
            Command::DiagnoseStall {
                session: self.session,
                author: self.author,
                findings,
                shared: self.shared,
            },
            None,
        ))
    }
}

/// The next move: one option, one owner of the next outreach, and a date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChooseNextStep {
    pub step: NextStep,
    pub owner: ParticipantId,
    pub due_on: Date,
    pub note: Option<String>,
    pub expected_version: Option<u64>,
}

impl CommandBody for ChooseNextStep {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        Ok((
            Command::ChooseNextStep {
                step: self.step,
                owner: self.owner,
                due_on: self.due_on,
                note: optional_line("note", self.note.as_deref(), limits::SHORT)?,
            },
            None,
        ))
    }
}

/// The next step was taken.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteNextStep {
    pub note: Option<String>,
    pub expected_version: Option<u64>,
}

impl CommandBody for CompleteNextStep {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let note = optional_line("note", self.note.as_deref(), limits::SHORT)?;
        Ok((Command::CompleteNextStep { note }, None))
    }
}

/// A party's checklist for the next session; private to it and the mediator unless `shared`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrepareNextSession {
    pub party: ParticipantId,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub options: Vec<String>,
    pub question: Option<String>,
    #[serde(default)]
    pub ground_rules: Vec<String>,
    pub trial_period: Option<String>,
    #[serde(default)]
    pub who_else: Vec<String>,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub shared: bool,
    pub expected_version: Option<u64>,
}

impl CommandBody for PrepareNextSession {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let prep = Prep {
            goals: texts("goals", self.goals, limits::SHORT)?,
            documents: texts("documents", self.documents, limits::SHORT)?,
            options: texts("options", self.options, limits::SHORT)?,
            question: optional_line("question", self.question.as_deref(), limits::SHORT)?,
            ground_rules: texts("ground_rules", self.ground_rules, limits::SHORT)?,
            trial_period: optional_line(
                "trial_period",
                self.trial_period.as_deref(),
                limits::SHORT,
            )?,
            who_else: texts("who_else", self.who_else, limits::SHORT)?,
            done: self.done,
        };
        Ok((
            Command::PrepareNextSession {
                party: self.party,
                prep,
                shared: self.shared,
            },
            None,
        ))
    }
}

/// How clear the process felt (1 confused – 5 clear) and how heated (1 calm – 5 heated),
/// before or after the session; private to your party and the mediator.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateSession {
    pub participant: ParticipantId,
    pub moment: RatingMoment,
    pub clarity: u8,
    pub temperature: u8,
    pub expected_version: Option<u64>,
}

impl RateSession {
    pub fn build(self, session: SessionId) -> Built {
        Ok((
            Command::RateSession {
                session,
                participant: self.participant,
                moment: self.moment,
                clarity: self.clarity,
                temperature: self.temperature,
            },
            None,
        ))
    }
}

with_path_id!(
    CaptureDebrief => SessionId,
    ShareDebriefItem => SessionId,
    RecordPosition => IssueId,
    RecordOptionTried => IssueId,
    ReopenTerm => IssueId,
    ConfirmMemorandum => u32,
    RateSession => SessionId,
);
