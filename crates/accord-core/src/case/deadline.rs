//! Deadlines on a case's procedural clock (DOMAIN.md §6, §8): a fixed date, or computed under
//! a court rule set from a trigger, with the computation kept so the date explains itself.
//! Met, missed, moved (with a reason, keeping the history) and cancelled are events.

use crate::clock::{Computation, Period, RuleSet};
use crate::ids::DeadlineId;
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

crate::case::vocabulary::vocabulary!(
    /// What a deadline is for.
    DeadlineKind {
        CourtHearing,
        FilingDeadline,
        LimitationPeriod,
        DiscoveryCutOff,
        InvitationResponse,
        MiamConfirmationExpiry,
        PilotReview,
        TemporaryTermEnd,
        NextOutreach,
        /// Answers to a mediator's proposal.
        ProposalAnswers,
        Other,
    }
);

impl DeadlineKind {
    /// Deadlines set by a court or the law, not by the parties: missing one loses rights.
    pub fn is_procedural(self) -> bool {
        matches!(
            self,
            Self::CourtHearing
                | Self::FilingDeadline
                | Self::LimitationPeriod
                | Self::DiscoveryCutOff
                | Self::MiamConfirmationExpiry
        )
    }
}

/// How a deadline's date is given.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DueRule {
    /// A date the court or a party set.
    Fixed { on: Date },
    /// "N days / court days / months after | before TRIGGER" under a rule set (the case's
    /// default when none is named).
    Computed {
        rule_set: Option<RuleSet>,
        period: Period,
        trigger: Date,
        /// The service's or court's own closure days, besides weekends and holidays.
        #[serde(default)]
        closed: Vec<Date>,
    },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum DeadlineStatus {
    Pending,
    Met { at: Timestamp },
    Missed { at: Timestamp },
    Cancelled { reason: Text },
}

/// An earlier date of a moved deadline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub from: Date,
    pub to: Date,
    pub reason: Text,
    pub moved_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deadline {
    pub id: DeadlineId,
    pub kind: DeadlineKind,
    pub label: Text,
    pub due_on: Date,
    /// How a computed date was reached: the trigger, the rule, each day skipped, the roll-over.
    pub computation: Option<Computation>,
    pub status: DeadlineStatus,
    pub moves: Vec<Move>,
    pub set_at: Timestamp,
}

impl Deadline {
    pub fn is_pending(&self) -> bool {
        self.status == DeadlineStatus::Pending
    }
}
