//! What was learned in a session without full agreement (DOMAIN.md §3): the best offer on the
//! table, dealbreakers, suspected hidden issues, missing information and signals of
//! flexibility, captured privately by each party and by the mediator within 48 hours.

use super::event::Audience;
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

/// An ISO 4217 currency code: three capital letters.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "GBP"))]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let upper = raw.trim().to_ascii_uppercase();
        match upper.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Self([*a, *b, *c])),
            _ => Err(DomainError::InvalidField {
                field: "currency",
                reason: format!("{raw:?} is not a three-letter currency code such as GBP or USD"),
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII letters")
    }
}

impl TryFrom<String> for Currency {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.as_str().to_owned()
    }
}

/// An amount of money in minor units (pence, cents) with its currency; never a float.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor_units: i64,
    pub currency: Currency,
}

impl Money {
    /// Parses "12,500.50 GBP", "GBP 12500" or "12500.5 gbp".
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let invalid = || DomainError::InvalidField {
            field: "amount",
            reason: format!("{raw:?} is not an amount like \"12500.00 GBP\""),
        };
        let parts: Vec<&str> = raw.split_whitespace().collect();
        let (number, code) = match parts.as_slice() {
            [n, c] if c.chars().all(|x| x.is_ascii_alphabetic()) => (*n, *c),
            [c, n] if c.chars().all(|x| x.is_ascii_alphabetic()) => (*n, *c),
            _ => return Err(invalid()),
        };
        let currency = Currency::parse(code)?;
        let number = number.replace(',', "");
        let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
        if fraction.len() > 2 || whole.is_empty() && fraction.is_empty() {
            return Err(invalid());
        }
        let negative = whole.starts_with('-');
        let whole: i64 = match whole.trim_start_matches('-') {
            "" => 0,
            digits => digits.parse().map_err(|_| invalid())?,
        };
        let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
        let minor = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents))
            .ok_or_else(invalid)?;
        Ok(Self {
            minor_units: if negative { -minor } else { minor },
            currency,
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor_units < 0 { "-" } else { "" };
        let abs = self.minor_units.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:02} {}",
            group(abs / 100),
            abs % 100,
            self.currency.as_str()
        )
    }
}

/// 1234567 → "1,234,567".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_parsed_into_minor_units_and_shown_grouped() {
        let m = Money::parse("12,500.5 gbp").unwrap();
        assert_eq!(m.minor_units, 1_250_050);
        assert_eq!(m.to_string(), "12,500.50 GBP");
        assert_eq!(
            Money::parse("USD 90000").unwrap().to_string(),
            "90,000.00 USD"
        );
        assert!(Money::parse("12.345 GBP").is_err());
        assert!(Money::parse("twelve GBP").is_err());
        assert!(Money::parse("100 POUNDS").is_err());
    }
}
