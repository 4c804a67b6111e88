//! How long a case's record is kept as it is: a legal hold (litigation, a regulator, a
//! complaint — GDPR Art. 17(3)(e)) keeps every word until it is lifted; an erasure (Art. 17)
//! replaces one person's data with a marker. Both are joint facts of the case.

use super::event::{Event, NewEvent};
use super::state::Case;
use crate::error::DomainError;
use crate::ids::ParticipantId;
use crate::text::Text;
use jiff::Timestamp;
use serde::Serialize;

/// The case's legal hold and the erasures made in it, as far as this fold may see them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Retention {
    pub legal_hold: Option<LegalHold>,
    /// Each person erased from the case, oldest first.
    pub erasures: Vec<Erasure>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegalHold {
    pub reason: Text,
    pub since: Timestamp,
}

/// One person's data erased from the case: their name, what they wrote and their name in
/// what others wrote now read "[erased]".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Erasure {
    pub participant: ParticipantId,
    /// Why the data could be erased (the request, its legal basis).
    pub basis: Text,
    pub at: Timestamp,
}

impl Retention {
    pub fn is_erased(&self, participant: ParticipantId) -> bool {
        self.erasures.iter().any(|e| e.participant == participant)
    }

    /// Refuses while the case is under a legal hold, naming its reason.
    pub fn may_erase(&self) -> Result<(), DomainError> {
        match &self.legal_hold {
            Some(hold) => Err(DomainError::LegalHold(hold.reason.to_string())),
            None => Ok(()),
        }
    }
}

/// Placing or lifting a hold: taken even on a closed case, whose record is what a hold keeps.
pub(crate) fn decide_hold(
    case: &Case,
    place: bool,
    reason: Text,
) -> Result<Vec<NewEvent>, DomainError> {
    match (&case.retention.legal_hold, place) {
        (Some(hold), true) => Err(DomainError::LegalHoldAlreadyPlaced(hold.reason.to_string())),
        (None, false) => Err(DomainError::NoLegalHold),
        (_, true) => Ok(vec![NewEvent::joint(Event::LegalHoldPlaced { reason })]),
        (_, false) => Ok(vec![NewEvent::joint(Event::LegalHoldLifted { reason })]),
    }
}

pub(crate) fn evolve(case: &mut Case, event: &Event, at: Timestamp) {
    let retention = &mut case.retention;
    match event {
        Event::LegalHoldPlaced { reason } => {
            retention.legal_hold = Some(LegalHold {
                reason: reason.clone(),
                since: at,
            })
        }
        Event::LegalHoldLifted { .. } => retention.legal_hold = None,
        // One erasure is one event per audience it touched: counted once.
        Event::PayloadsRedacted {
            participant, basis, ..
        } if !retention.is_erased(*participant) => retention.erasures.push(Erasure {
            participant: *participant,
            basis: basis.clone(),
            at,
        }),
        _ => {}
    }
}
