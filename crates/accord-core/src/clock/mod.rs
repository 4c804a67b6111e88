//! The procedural clock: deadline arithmetic under court rule sets, and holiday calendars.
//! Pure date arithmetic; every computed date carries the steps that explain it (DOMAIN.md §8).

mod calendar;
mod compute;
mod days;
mod england_wales;
mod error;
mod parse;
mod period;
mod rules;
mod us_federal;

#[cfg(test)]
mod holiday_tests;
#[cfg(test)]
mod tests;

pub use calendar::{Calendar, Holiday, SUPPORTED_YEARS, holidays_json};
pub use compute::{Computation, Step, StepKind, compute};
pub use error::ClockError;
pub use parse::parse_rule;
pub use period::{Direction, FIRST_TRIGGER, LAST_TRIGGER, MAX_DAYS, MAX_MONTHS, Period, Unit};
pub use rules::{Roll, RollTo, RuleSet, Rules, ShortPeriod};
