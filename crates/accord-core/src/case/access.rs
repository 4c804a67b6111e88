//! Who may read the case, as part of its record: every change of access — a mediator assigned
//! or opening the case, a participant joining through an invitation, a member removed — is a
//! joint event naming who changed it and when, so nobody gains access to a case silently.

use crate::ids::ParticipantId;
use crate::text::Text;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The access someone gained or lost.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AccessKind {
    /// Reads everything in the case.
    Mediator,
    /// Reads what this participant's party may see.
    Participant { participant: ParticipantId },
}

/// Whether access was granted or ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessChange {
    Granted,
    Ended,
}

/// How the one who made the change could make it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum GrantedBy {
    /// The mediator who opened the case.
    Opening,
    /// A programme coordinator or an admin assigned a mediator.
    Coordinator,
    Admin,
    /// A mediator of the case (removing a member).
    Mediator,
    /// The person accepted an invitation sent by the case's mediator.
    Invitation,
    /// An operator on the command line, with direct access to the database.
    Operator,
}

/// One change of who may read the case, as the case's record shows it to everyone in it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccessRecord {
    pub at: Timestamp,
    pub change: AccessChange,
    /// The account's display name (never its e-mail: contact details are not shared).
    pub name: Text,
    pub access: AccessKind,
    pub by_name: Text,
    pub by: GrantedBy,
}
