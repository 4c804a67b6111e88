//! Typed identifiers. Each is a UUIDv7 behind a newtype so a session id can never be passed
//! where a participant id is expected. Ids are minted at the edge and handed to the core.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh time-ordered id. Call at the edge (CLI, server), never inside `decide`.
            pub fn new_v7() -> Self {
                Self(Uuid::now_v7())
            }
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A mediation case.
    CaseId
);
id_type!(
    /// A person taking part in one case: a party, representative, support person or mediator.
    ParticipantId
);
id_type!(
    /// An issue on the case's agenda.
    IssueId
);
id_type!(
    /// A mediation session.
    SessionId
);
id_type!(
    /// A note.
    NoteId
);
id_type!(
    /// A deadline on a case's procedural clock.
    DeadlineId
);
