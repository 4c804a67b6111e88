//! A party's MIAM (England & Wales family cases, FPR r.3.8, PD3A): the attendance — date,
//! duration, the mediator with their FMC registration number, online or in person, alone or
//! jointly — and the assessment; then the confirmation the court application needs (the
//! facts of the C100/Form A MIAM section and the FM1), which expires four months on.
//!
//! Each party's MIAM is for that party and the mediator (`PartyAndMediator`): the other party
//! never folds it. The expiry is on the clock for them — in their due lists and their
//! reminders (as deadline reminders: `deadline:miam:…`).
//!
//! The expiry day: an application may rely on a MIAM attended within the four months before
//! it is made, so the last day is the attendance date four months on (the same day of the
//! month, or the month's last day where it has none: 31 October → 28 February).

use super::event::{Audience, Event, NewEvent};
use super::state::Case;
use super::vocabulary::{Jurisdiction, vocabulary};
use crate::error::DomainError;
use crate::ids::ParticipantId;
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest MIAM worth recording, in minutes.
pub const MAX_MINUTES: u16 = 480;
/// How long a MIAM supports a court application.
pub const VALID_MONTHS: i8 = 4;

vocabulary!(
    /// What the mediator found at the MIAM. That the other party did not attend or declined
    /// is a fact, recorded as such: never an exemption.
    MiamAssessment {
        /// Suitable for mediation (or another form of non-court dispute resolution).
        Suitable,
        /// Not suitable (with the reason).
        NotSuitable,
        /// The other party did not attend their MIAM.
        OtherPartyDidNotAttend,
        /// The other party declined mediation.
        OtherPartyDeclined,
    }
);

/// One MIAM attended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MiamAttendance {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub attended_on: Date,
    pub minutes: u16,
    /// The mediator who conducted it.
    pub mediator: Text,
    /// Their Family Mediation Council registration number.
    pub fmc_number: Text,
    pub online: bool,
    /// Attended together with the other party.
    pub jointly: bool,
    pub assessment: MiamAssessment,
    /// Why, when not suitable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// The confirmation issued for a MIAM: what the court application states.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MiamConfirmation {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub attended_on: Date,
    /// The last day an application may rely on it.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub expires_on: Date,
    pub mediator: Text,
    pub fmc_number: Text,
    pub assessment: MiamAssessment,
}

/// A party's latest MIAM, as far as this fold may see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MiamRecord {
    pub party: ParticipantId,
    pub attendance: MiamAttendance,
    pub recorded_at: Timestamp,
    pub confirmation: Option<MiamConfirmation>,
    pub confirmed_at: Option<Timestamp>,
}

/// The last day a MIAM attended on `attended_on` supports an application.
pub fn expiry(attended_on: Date) -> Date {
    attended_on
        .checked_add(jiff::Span::new().months(VALID_MONTHS))
        .unwrap_or(attended_on)
}

pub(crate) fn record(
    case: &Case,
    party: ParticipantId,
    attendance: MiamAttendance,
) -> Result<Vec<NewEvent>, DomainError> {
    applies(case)?;
    super::decide::require_party(case, party)?;
    super::dates::check("attended_on", attendance.attended_on)?;
    if !(1..=MAX_MINUTES).contains(&attendance.minutes) {
        return Err(DomainError::InvalidField {
            field: "minutes",
            reason: format!("a MIAM lasts from 1 to {MAX_MINUTES} minutes"),
        });
    }
    if attendance.assessment == MiamAssessment::NotSuitable && attendance.reason.is_none() {
        return Err(DomainError::EmptyField { field: "reason" });
    }
    // The reason a MIAM was not suitable is the mediator's alone: the party reads that it was
    // found not suitable, not why.
    let mut attendance = attendance;
    let reason = attendance.reason.take();
    let mut events = vec![NewEvent {
        audience: Audience::PartyAndMediator { party },
        event: Event::MiamAttended { party, attendance },
    }];
    if let Some(reason) = reason {
        events.push(NewEvent {
            audience: Audience::MediatorOnly,
            event: Event::MiamReasonRecorded { party, reason },
        });
    }
    Ok(events)
}

pub(crate) fn confirm(case: &Case, party: ParticipantId) -> Result<Vec<NewEvent>, DomainError> {
    applies(case)?;
    super::decide::require_party(case, party)?;
    let record = case
        .miam
        .iter()
        .find(|m| m.party == party)
        .ok_or(DomainError::NoMiam)?;
    if record.confirmation.is_some() {
        return Err(DomainError::MiamAlreadyConfirmed);
    }
    let a = &record.attendance;
    let confirmation = MiamConfirmation {
        attended_on: a.attended_on,
        expires_on: expiry(a.attended_on),
        mediator: a.mediator.clone(),
        fmc_number: a.fmc_number.clone(),
        assessment: a.assessment,
    };
    Ok(vec![NewEvent {
        audience: Audience::PartyAndMediator { party },
        event: Event::MiamConfirmationIssued {
            party,
            confirmation,
        },
    }])
}

/// A MIAM is a step of the family procedure rules of England & Wales.
fn applies(case: &Case) -> Result<(), DomainError> {
    match &case.profile {
        Some(p) if p.jurisdiction == Jurisdiction::EnglandWales && p.dispute_type.is_family() => {
            Ok(())
        }
        _ => Err(DomainError::MiamNotApplicable),
    }
}

pub(crate) fn evolve(case: &mut Case, event: &Event, at: Timestamp) {
    match event {
        Event::MiamAttended { party, attendance } => {
            case.miam.retain(|m| m.party != *party);
            case.miam.push(MiamRecord {
                party: *party,
                attendance: attendance.clone(),
                recorded_at: at,
                confirmation: None,
                confirmed_at: None,
            });
        }
        Event::MiamReasonRecorded { party, reason } => {
            if let Some(m) = case.miam.iter_mut().find(|m| m.party == *party) {
                m.attendance.reason = Some(reason.clone());
            }
        }
        Event::MiamConfirmationIssued {
            party,
            confirmation,
        } => {
            if let Some(m) = case.miam.iter_mut().find(|m| m.party == *party) {
                m.confirmation = Some(confirmation.clone());
                m.confirmed_at = Some(at);
            }
        }
        _ => {}
    }
}
