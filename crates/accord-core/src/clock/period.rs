//! A period of time as a rule states it ("14 days after", "1 month before") and its bounds.

use super::error::ClockError;
use crate::case::vocabulary::vocabulary;
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

/// The longest period in days or court days: ten years is beyond any procedural deadline.
pub const MAX_DAYS: u32 = 3650;
/// The longest period in months, the same ten years.
pub const MAX_MONTHS: u32 = 120;
/// The earliest trigger or event date the clock accepts.
pub const FIRST_TRIGGER: Date = date(2000, 1, 1);
/// The latest trigger or event date the clock accepts; counting may run beyond it.
pub const LAST_TRIGGER: Date = date(2040, 12, 31);

vocabulary!(
    /// What a period counts.
    Unit {
        /// Calendar days (the rule set decides which of them are skipped).
        Days,
        /// Only days the court office is open.
        CourtDays,
        /// Calendar months: the same day of the month, clamped to the month's end.
        Months,
    }
);

impl Unit {
    /// The unit's name for `amount` of it: "1 day", "court days".
    pub fn noun(self, amount: u32) -> &'static str {
        match (self, amount == 1) {
            (Self::Days, true) => "day",
            (Self::Days, false) => "days",
            (Self::CourtDays, true) => "court day",
            (Self::CourtDays, false) => "court days",
            (Self::Months, true) => "month",
            (Self::Months, false) => "months",
        }
    }

    /// "14 days", "1 month".
    pub fn count(self, amount: u32) -> String {
        format!("{amount} {}", self.noun(amount))
    }

    fn max(self) -> u32 {
        match self {
            Self::Days | Self::CourtDays => MAX_DAYS,
            Self::Months => MAX_MONTHS,
        }
    }
}

vocabulary!(
    /// Which way a period runs from its trigger.
    Direction {
        /// The last day of a period that begins the day after the trigger ("within 14 days of").
        After,
        /// The last day to act so that the period before the event is respected
        /// ("at least 3 days before the hearing").
        Before,
    }
);

/// A period as a rule states it: "14 days after", "3 court days before".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub amount: u32,
    pub unit: Unit,
    pub direction: Direction,
}

impl Period {
    /// Refuses empty periods and periods beyond the limits, naming the limit.
    pub fn check(self) -> Result<Self, ClockError> {
        if self.amount == 0 {
            return Err(ClockError::EmptyPeriod { unit: self.unit });
        }
        if self.amount > self.unit.max() {
            return Err(ClockError::PeriodTooLong {
                amount: self.amount,
                unit: self.unit,
                max: self.unit.max(),
            });
        }
        Ok(self)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.unit.count(self.amount), self.direction)
    }
}

/// Refuses a trigger outside the supported dates.
pub(super) fn check_trigger(trigger: Date) -> Result<Date, ClockError> {
    if (FIRST_TRIGGER..=LAST_TRIGGER).contains(&trigger) {
        Ok(trigger)
    } else {
        Err(ClockError::DateOutOfRange {
            date: trigger,
            first: FIRST_TRIGGER,
            last: LAST_TRIGGER,
        })
    }
}
