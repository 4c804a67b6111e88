//! Why a day does not count: a weekend, a holiday or one of the service's closure days.
//! Holidays are looked up year by year and kept, so a long count computes each year once.

use super::calendar::{Calendar, Holiday, SUPPORTED_YEARS, is_weekend, weekday_name};
use super::error::ClockError;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// The reason a court is closed on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Closed {
    Weekend,
    Holiday(&'static str),
    Closure,
}

pub(super) struct Days<'a> {
    calendar: Calendar,
    closures: &'a [Date],
    years: BTreeMap<i16, Vec<Holiday>>,
}

impl<'a> Days<'a> {
    pub(super) fn new(calendar: Calendar, closures: &'a [Date]) -> Self {
        Self {
            calendar,
            closures,
            years: BTreeMap::new(),
        }
    }

    /// Why `date` is not a business day (a weekend or a holiday), if it is not. A weekend
    /// comes first: a Saturday Christmas is skipped because it is a Saturday.
    pub(super) fn non_business(&mut self, date: Date) -> Result<Option<Closed>, ClockError> {
        // Looked up even on a weekend, so that counting out of the calendars' years fails
        // on the first day outside them.
        let holiday = self.holiday(date)?;
        if is_weekend(date) {
            return Ok(Some(Closed::Weekend));
        }
        Ok(holiday.map(Closed::Holiday))
    }

    /// Why the court is closed on `date`, if it is.
    pub(super) fn closed(&mut self, date: Date) -> Result<Option<Closed>, ClockError> {
        let closed = self.non_business(date)?;
        Ok(closed.or(self.closures.contains(&date).then_some(Closed::Closure)))
    }

    fn holiday(&mut self, date: Date) -> Result<Option<&'static str>, ClockError> {
        let calendar = self.calendar;
        let year = match self.years.entry(date.year()) {
            std::collections::btree_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::btree_map::Entry::Vacant(new) => {
                let list =
                    calendar
                        .holidays(date.year())
                        .map_err(|_| ClockError::CountOutOfRange {
                            date,
                            first: *SUPPORTED_YEARS.start(),
                            last: *SUPPORTED_YEARS.end(),
                        })?;
                new.insert(list)
            }
        };
        Ok(year.iter().find(|h| h.date == date).map(|h| h.name))
    }
}

impl Closed {
    /// "Saturday skipped (weekend)" and the like, after the date.
    pub(super) fn skipped(self, date: Date, holiday_word: &str) -> String {
        match self {
            Self::Weekend => format!("{date} {} skipped (weekend)", weekday_name(date)),
            Self::Holiday(name) => format!("{date} {name} skipped ({holiday_word})"),
            Self::Closure => format!("{date} {} skipped (closure day)", weekday_name(date)),
        }
    }

    /// "a Saturday", "Christmas Day (bank holiday)", "a closure day".
    pub(super) fn describe(self, date: Date, holiday_word: &str) -> String {
        match self {
            Self::Weekend => format!("a {}", weekday_name(date)),
            Self::Holiday(name) => format!("{name} ({holiday_word})"),
            Self::Closure => "a closure day".into(),
        }
    }
}
