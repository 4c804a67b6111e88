//! The JSON bodies of reality-testing (DOMAIN.md §6): the alternatives worksheet, the
//! confidential overlap check and the mediator's proposal, and how each becomes a `Command`.

use super::requests::{Built, CommandBody, with_path_id};
use accord_core::DomainError;
use accord_core::case::Command;
use accord_core::case::alternatives::{
    Alternative, AlternativeKind, Answered, Sureness, Worksheet,
};
use accord_core::case::money::{Currency, Money};
use accord_core::case::overlap::DEFAULT_ROUNDS;
use accord_core::case::proposal::ProposedTerm;
use accord_core::ids::{DeadlineId, IssueId, ParticipantId};
use accord_core::text::{Text, limits};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

/// An answer in words and how sure of it the party is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextAnswer {
    pub answer: String,
    pub sureness: Sureness,
}

/// An amount (`{"minor_units": 2500000, "currency": "GBP"}` is 25,000.00 GBP) and how sure.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoneyAnswer {
    pub answer: Money,
    pub sureness: Sureness,
}

/// A number of months and how sure.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthsAnswer {
    pub answer: u16,
    pub sureness: Sureness,
}

/// One alternative to settling here, thought through; every answer is optional.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlternativeBody {
    pub kind: AlternativeKind,
    /// What happens next week if this is the way it goes.
    pub next_week: Option<TextAnswer>,
    /// What has happened three months on.
    pub in_three_months: Option<TextAnswer>,
    /// What it costs to reach a decision.
    pub spend: Option<MoneyAnswer>,
    pub months_to_decision: Option<MonthsAnswer>,
    pub who_decides: Option<TextAnswer>,
}

/// Your party's alternatives worksheet, private to your party and the mediator (it replaces
/// your previous one).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordAlternatives {
    pub party: ParticipantId,
    pub alternatives: Vec<AlternativeBody>,
    pub expected_version: Option<u64>,
}

fn text(field: &'static str, a: Option<TextAnswer>) -> Result<Option<Answered<Text>>, DomainError> {
    a.map(|a| {
        Ok(Answered {
            answer: Text::line(field, &a.answer, limits::SHORT)?,
            sureness: a.sureness,
        })
    })
    .transpose()
}

impl CommandBody for RecordAlternatives {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let alternatives = self
            .alternatives
            .into_iter()
            .map(|a| -> Result<Alternative, DomainError> {
                Ok(Alternative {
                    kind: a.kind,
                    next_week: text("next_week", a.next_week)?,
                    in_three_months: text("in_three_months", a.in_three_months)?,
                    spend: a.spend.map(|s| Answered {
                        answer: s.answer,
                        sureness: s.sureness,
                    }),
                    months_to_decision: a.months_to_decision.map(|m| Answered {
                        answer: m.answer,
                        sureness: m.sureness,
                    }),
                    who_decides: text("who_decides", a.who_decides)?,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok((
            Command::RecordAlternatives {
                party: self.party,
                worksheet: Worksheet { alternatives },
            },
            None,
        ))
    }
}

/// Share your party's latest worksheet with everyone in the case.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareAlternatives {
    pub party: ParticipantId,
    pub expected_version: Option<u64>,
}

impl CommandBody for ShareAlternatives {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        Ok((Command::ShareAlternatives { party: self.party }, None))
    }
}

/// Open a confidential overlap check between two parties (mediator).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenOverlapCheck {
    /// The party that would receive money: it enters the least it would accept.
    pub receiving: ParticipantId,
    /// The party that would pay: it enters the most it would pay.
    pub paying: ParticipantId,
    #[schema(value_type = String, example = "USD")]
    pub currency: String,
    /// 1 to 5; 3 if not given.
    pub rounds: Option<u8>,
    pub expected_version: Option<u64>,
}

impl CommandBody for OpenOverlapCheck {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        Ok((
            Command::OpenOverlapCheck {
                receiving: self.receiving,
                paying: self.paying,
                currency: Currency::parse("currency", &self.currency)?,
                rounds: self.rounds.unwrap_or(DEFAULT_ROUNDS),
            },
            None,
        ))
    }
}

/// Agree, for your party, that an overlap is answered with the midpoint as a proposed figure.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreeToMidpoint {
    pub party: ParticipantId,
    pub expected_version: Option<u64>,
}

impl AgreeToMidpoint {
    fn build(self, check: u32) -> Built {
        Ok((
            Command::AgreeToMidpoint {
                check,
                party: self.party,
            },
            None,
        ))
    }
}

/// Your party's figure for the check's current round, seen by your party alone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterFigure {
    pub party: ParticipantId,
    /// `{"minor_units": 7500000, "currency": "USD"}` is 75,000.00 USD.
    pub figure: Money,
    pub expected_version: Option<u64>,
}

impl EnterFigure {
    fn build(self, check: u32) -> Built {
        Ok((
            Command::EnterOverlapFigure {
                check,
                party: self.party,
                figure: self.figure,
            },
            None,
        ))
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedTermBody {
    pub issue: IssueId,
    pub terms: String,
}

/// Put one set of terms to every party (mediator), to answer by `answer_by`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MakeProposal {
    pub terms: Vec<ProposedTermBody>,
    #[schema(value_type = String, format = Date)]
    pub answer_by: Date,
    pub expected_version: Option<u64>,
}

impl CommandBody for MakeProposal {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let terms = self
            .terms
            .into_iter()
            .map(|t| {
                Ok(ProposedTerm {
                    issue: t.issue,
                    terms: Text::paragraph("terms", &t.terms, limits::LONG)?,
                })
            })
            .collect::<Result<_, DomainError>>()?;
        let deadline = DeadlineId::new_v7();
        Ok((
            Command::MakeProposal {
                terms,
                answer_by: self.answer_by,
                deadline,
            },
            None,
        ))
    }
}

/// Your party's answer, seen by your party alone; only the result is published.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerProposal {
    pub party: ParticipantId,
    pub accept: bool,
    pub expected_version: Option<u64>,
}

impl AnswerProposal {
    fn build(self, proposal: u32) -> Built {
        Ok((
            Command::AnswerProposal {
                proposal,
                party: self.party,
                accept: self.accept,
            },
            None,
        ))
    }
}

/// Close a proposal still awaiting answers: "not accepted by all" (mediator).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseProposal {
    pub expected_version: Option<u64>,
}

impl CloseProposal {
    fn build(self, proposal: u32) -> Built {
        Ok((Command::CloseProposal { proposal }, None))
    }
}

with_path_id!(
    AgreeToMidpoint => u32,
    EnterFigure => u32,
    AnswerProposal => u32,
    CloseProposal => u32,
);
