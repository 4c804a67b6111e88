//! What was learned in a session without full agreement (DOMAIN.md §3): the best offer on the
//! table, dealbreakers, suspected hidden issues, missing information and signals of
//! flexibility, captured privately by each party and by the mediator within 48 hours.

use super::event::Audience;
pub use super::money::{Currency, Money};
use crate::advice::{Budget, TimePreference};
use crate::error::DomainError;
use crate::ids::ParticipantId;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How long after a session's outcome its debrief is due.
pub const DEBRIEF_DUE_HOURS: i64 = 48;
/// Items of one kind in one debrief.
pub const MAX_ITEMS: usize = 20;

/// Who writes something private: the mediator (seen by the mediator only) or a party (seen by
/// that party, those acting for it, and the mediator).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Author {
    Mediator,
    Party { party: ParticipantId },
}

impl Author {
    /// The audience of what this author writes in private.
    pub fn private_audience(self) -> Audience {
        match self {
            Self::Mediator => Audience::MediatorOnly,
            Self::Party { party } => Audience::PartyAndMediator { party },
        }
    }

    pub fn party(self) -> Option<ParticipantId> {
        match self {
            Self::Mediator => None,
            Self::Party { party } => Some(party),
        }
    }
}

/// The best offer on the table: money, terms that are not money, or both.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub amount: Option<Money>,
    pub terms: Option<Text>,
}

impl fmt::Display for Offer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.amount, &self.terms) {
            (Some(a), Some(t)) => write!(f, "{a}; {t}"),
            (Some(a), None) => write!(f, "{a}"),
            (None, Some(t)) => write!(f, "{t}"),
            (None, None) => f.write_str("none"),
        }
    }
}

crate::case::vocabulary::vocabulary!(
    /// What may lie beneath a stated position (DOMAIN.md §3).
    HiddenIssueKind {
        Ego,
        Fear,
        Reputation,
        CashFlow,
        Control,
        Identity,
        Trust,
        Other,
    }
);

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenIssue {
    pub kind: HiddenIssueKind,
    pub note: Option<Text>,
}

impl fmt::Display for HiddenIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.note {
            Some(n) => write!(f, "{}: {n}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

/// One debrief's content.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debrief {
    pub best_offer: Option<Offer>,
    #[serde(default)]
    pub dealbreakers: Vec<Text>,
    #[serde(default)]
    pub hidden_issues: Vec<HiddenIssue>,
    #[serde(default)]
    pub missing_information: Vec<Text>,
    #[serde(default)]
    pub flexibility_signals: Vec<Text>,
    /// What the author can spend on the next step, for the advice.
    pub budget: Option<Budget>,
    pub time_preference: Option<TimePreference>,
}

crate::case::vocabulary::vocabulary!(
    /// The kinds of item in a debrief, for sharing one with everyone.
    DebriefItemKind {
        BestOffer,
        Dealbreaker,
        HiddenIssue,
        MissingInformation,
        FlexibilitySignal,
    }
);

impl Debrief {
    pub fn check(&self) -> Result<(), DomainError> {
        for (what, n) in [
            ("dealbreakers", self.dealbreakers.len()),
            ("hidden issues", self.hidden_issues.len()),
            ("missing information items", self.missing_information.len()),
            ("signals of flexibility", self.flexibility_signals.len()),
        ] {
            if n > MAX_ITEMS {
                return Err(DomainError::LimitReached {
                    what,
                    max: MAX_ITEMS,
                });
            }
        }
        if let Some(Offer {
            amount: None,
            terms: None,
        }) = self.best_offer
        {
            return Err(DomainError::InvalidField {
                field: "best_offer",
                reason: "give an amount, terms, or both".into(),
            });
        }
        if let Some(amount) = self.best_offer.as_ref().and_then(|o| o.amount) {
            amount.check_offer("best_offer.amount", "best_offer.amount.currency")?;
        }
        Ok(())
    }

    /// The text of one item (`index` counts from 1, as people do), for sharing.
    pub fn item(&self, kind: DebriefItemKind, index: usize) -> Option<String> {
        let nth = |items: &[Text]| items.get(index.checked_sub(1)?).map(|t| t.to_string());
        match kind {
            DebriefItemKind::BestOffer => self
                .best_offer
                .as_ref()
                .filter(|_| index == 1)
                .map(|o| o.to_string()),
            DebriefItemKind::Dealbreaker => nth(&self.dealbreakers),
            DebriefItemKind::HiddenIssue => self
                .hidden_issues
                .get(index.checked_sub(1)?)
                .map(|h| h.to_string()),
            DebriefItemKind::MissingInformation => nth(&self.missing_information),
            DebriefItemKind::FlexibilitySignal => nth(&self.flexibility_signals),
        }
    }
}

/// The best offer on the table as money in `party`'s latest debrief that names one: what
/// reality-testing weighs going on against. Read from a fold, so only what the reader may see.
pub fn latest_offer(case: &super::state::Case, party: ParticipantId) -> Option<Money> {
    case.debriefs
        .iter()
        .filter(|d| d.author == Author::Party { party })
        .filter_map(|d| Some((d.captured_at, d.debrief.best_offer.as_ref()?.amount?)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, money)| money)
}
