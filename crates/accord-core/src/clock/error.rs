//! What can go wrong in deadline arithmetic. Each message is one line naming what to change.

use super::period::Unit;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("the holiday calendars cover the years {first} to {last}; {year} is outside them")]
    YearOutOfRange { year: i16, first: i16, last: i16 },
    #[error("the date {date} is outside the supported dates {first} to {last}")]
    DateOutOfRange { date: Date, first: Date, last: Date },
    #[error(
        "counting reaches {date}, outside the years the holiday calendars cover ({first} to {last})"
    )]
    CountOutOfRange { date: Date, first: i16, last: i16 },
    #[error("a period must be at least 1 {}", unit.noun(1))]
    EmptyPeriod { unit: Unit },
    #[error("a period of {} is longer than the limit of {}", unit.count(*amount), unit.count(*max))]
    PeriodTooLong { amount: u32, unit: Unit, max: u32 },
    #[error("write a rule such as \"7 days after 2026-12-21\"; {0}")]
    Malformed(String),
    #[error("{0:?} is not a whole number of days or months")]
    InvalidAmount(String),
    #[error("{0:?} is not a unit: use days, court days or months")]
    UnknownUnit(String),
    #[error("{0:?} is not a direction: use after or before")]
    UnknownDirection(String),
    #[error("{0:?} is not a date: write it as YYYY-MM-DD")]
    InvalidDate(String),
    #[error("\"clear\" applies to days, not to months")]
    ClearMonths,
}
