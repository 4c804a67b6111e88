//! Court rule sets as data: one row per rule set says how it counts, so the arithmetic in
//! `compute` has a single path and a jurisdiction is a table entry, not a branch.

use super::calendar::Calendar;
use crate::case::vocabulary::vocabulary;
use crate::case::vocabulary::{DisputeType, Jurisdiction};
use serde::Serialize;

vocabulary!(
    /// The court rules a deadline is counted under.
    RuleSet {
        /// US federal courts: Federal Rules of Civil Procedure 6(a).
        UsFrcp,
        /// England & Wales civil courts: Civil Procedure Rules 2.8.
        EwCpr,
        /// England & Wales family courts: Family Procedure Rules 2.9.
        EwFpr,
    }
);

vocabulary!(
    /// Which way a last day that falls on a closed day moves.
    RollTo {
        NextCourtDay,
        PreviousCourtDay,
    }
);

/// Where a last day on a closed day goes, and the rule that says so (if a rule does).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Roll {
    pub to: RollTo,
    pub citation: Option<&'static str>,
}

/// Short periods skip weekends and holidays while counting, not only at the end.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ShortPeriod {
    /// Periods of this many days or fewer.
    pub max_days: u32,
    pub citation: &'static str,
}

/// How one rule set counts time.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Rules {
    pub rule_set: RuleSet,
    pub calendar: Calendar,
    /// What the calendar's days are called in explanations.
    pub holiday_word: &'static str,
    /// The rule that excludes the trigger day and counts the rest.
    pub counting_citation: &'static str,
    /// Clear days: before an event, the event day and the day of acting both fall outside
    /// the period, so the last day to act is the day before the period's first day.
    pub clear_days: bool,
    pub short_period: Option<ShortPeriod>,
    pub roll_after: Roll,
    pub roll_before: Roll,
}

const US_FRCP: Rules = Rules {
    rule_set: RuleSet::UsFrcp,
    calendar: Calendar::UsFederal,
    holiday_word: "legal holiday",
    counting_citation: "FRCP 6(a)(1)",
    clear_days: false,
    short_period: None,
    roll_after: Roll {
        to: RollTo::NextCourtDay,
        citation: Some("FRCP 6(a)(1)(C)"),
    },
    // 6(a)(5): counting backwards, the "next day" is found by continuing to count back.
    roll_before: Roll {
        to: RollTo::PreviousCourtDay,
        citation: Some("FRCP 6(a)(5)"),
    },
};

const EW_CPR: Rules = Rules {
    rule_set: RuleSet::EwCpr,
    calendar: Calendar::EnglandWales,
    holiday_word: "bank holiday",
    counting_citation: "CPR 2.8(3)",
    clear_days: true,
    short_period: Some(ShortPeriod {
        max_days: 5,
        citation: "CPR 2.8(4)",
    }),
    roll_after: Roll {
        to: RollTo::NextCourtDay,
        citation: Some("CPR 2.8(5)"),
    },
    // CPR 2.8(5) speaks only of periods running forward; acting later than the last day
    // before an event would eat into the clear days, so a closed day moves earlier.
    roll_before: Roll {
        to: RollTo::PreviousCourtDay,
        citation: None,
    },
};

const EW_FPR: Rules = Rules {
    rule_set: RuleSet::EwFpr,
    counting_citation: "FPR 2.9(3)",
    short_period: Some(ShortPeriod {
        max_days: 7,
        citation: "FPR 2.9(4)",
    }),
    roll_after: Roll {
        to: RollTo::NextCourtDay,
        citation: Some("FPR 2.9(5)"),
    },
    ..EW_CPR
};

impl RuleSet {
    /// The rules a case is counted under: family cases in England & Wales follow the FPR.
    pub fn for_case(jurisdiction: Jurisdiction, dispute: DisputeType) -> Self {
        match jurisdiction {
            Jurisdiction::UsFederal => Self::UsFrcp,
            Jurisdiction::EnglandWales if dispute.is_family() => Self::EwFpr,
            Jurisdiction::EnglandWales => Self::EwCpr,
        }
    }

    pub fn rules(self) -> &'static Rules {
        match self {
            Self::UsFrcp => &US_FRCP,
            Self::EwCpr => &EW_CPR,
            Self::EwFpr => &EW_FPR,
        }
    }
}
