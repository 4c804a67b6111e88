//! The alternatives worksheet (DOMAIN.md §6, reality-testing): for each alternative to a
//! settlement a party has in play — litigation, arbitration, a second mediation, direct
//! negotiation, doing nothing — what happens next week and in three months, what it costs to
//! reach a decision, how long that takes, who decides, and how sure the party is of each
//! answer. Private to the party and the mediator; shared with everyone only when the party
//! shares it (a joint copy, as a debrief item is shared).

use super::event::{Audience, Event, NewEvent};
use super::money::Money;
use super::state::Case;
use crate::error::DomainError;
use crate::ids::ParticipantId;
use crate::text::Text;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A decision this far away is not an estimate.
pub const MAX_MONTHS: u16 = 240;

crate::case::vocabulary::vocabulary!(
    /// A way the dispute could go instead of settling here.
    AlternativeKind {
        Litigation,
        Arbitration,
        SecondMediation,
        DirectNegotiation,
        DoingNothing,
    }
);

crate::case::vocabulary::vocabulary!(
    /// How sure the party is of an answer.
    Sureness {
        Sure,
        FairlySure,
        Unsure,
        NoIdea,
    }
);

/// One answer and how sure of it the party is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered<T> {
    pub answer: T,
    pub sureness: Sureness,
}

/// One alternative, thought through.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub kind: AlternativeKind,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub next_week: Option<Answered<Text>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub in_three_months: Option<Answered<Text>>,
    /// What it costs to reach a decision.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub spend: Option<Answered<Money>>,
    /// Months until a decision.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub months_to_decision: Option<Answered<u16>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub who_decides: Option<Answered<Text>>,
}

/// A party's worksheet: at most one entry per kind of alternative.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Worksheet {
    pub alternatives: Vec<Alternative>,
}

impl Worksheet {
    /// Refuses an empty worksheet, a kind twice, a negative or unknown-currency spend, and a
    /// decision further away than `MAX_MONTHS`.
    pub fn check(&self) -> Result<(), DomainError> {
        if self.alternatives.is_empty() {
            return Err(DomainError::EmptyField {
                field: "alternatives",
            });
        }
        for (i, a) in self.alternatives.iter().enumerate() {
            if self.alternatives[..i].iter().any(|o| o.kind == a.kind) {
                return Err(DomainError::InvalidField {
                    field: "alternatives",
                    reason: format!("{} is listed twice", a.kind),
                });
            }
            if let Some(spend) = &a.spend {
                spend.answer.check_offer("spend", "spend.currency")?;
            }
            if let Some(m) = &a.months_to_decision
                && m.answer > MAX_MONTHS
            {
                return Err(DomainError::InvalidField {
                    field: "months_to_decision",
                    reason: format!("{} months is more than {MAX_MONTHS}", m.answer),
                });
            }
        }
        Ok(())
    }
}

/// A party's latest worksheet, as a viewer sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorksheetRecord {
    pub party: ParticipantId,
    pub worksheet: Worksheet,
    /// Everyone (shared) or the party and the mediator.
    pub audience: Audience,
    pub updated_at: Timestamp,
}

/// The rule for recording a worksheet: the party's own, private to it and the mediator.
pub fn record(
    case: &Case,
    party: ParticipantId,
    worksheet: Worksheet,
) -> Result<NewEvent, DomainError> {
    super::decide::require_party(case, party)?;
    worksheet.check()?;
    Ok(NewEvent {
        audience: Audience::PartyAndMediator { party },
        event: Event::AlternativesRecorded { party, worksheet },
    })
}

/// The rule for sharing it: a joint copy of the party's latest private worksheet.
pub fn share(case: &Case, party: ParticipantId) -> Result<NewEvent, DomainError> {
    super::decide::require_party(case, party)?;
    let worksheet = case
        .worksheets
        .iter()
        .rev()
        .find(|w| w.party == party && w.audience != Audience::Everyone)
        .map(|w| w.worksheet.clone())
        .ok_or(DomainError::NoWorksheet)?;
    Ok(NewEvent::joint(Event::AlternativesShared {
        party,
        worksheet,
    }))
}

/// Folds the worksheet's events: the latest private one and the latest shared one of each
/// party are kept.
pub fn evolve(case: &mut Case, event: &Event, audience: Audience, at: Timestamp) {
    let (party, worksheet) = match event {
        Event::AlternativesRecorded { party, worksheet }
        | Event::AlternativesShared { party, worksheet } => (*party, worksheet),
        _ => return,
    };
    case.worksheets
        .retain(|w| !(w.party == party && w.audience == audience));
    case.worksheets.push(WorksheetRecord {
        party,
        worksheet: worksheet.clone(),
        audience,
        updated_at: at,
    });
}
