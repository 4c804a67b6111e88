//! Holiday calendars: which days are holidays in a jurisdiction, and which days a court is open.

use super::error::ClockError;
use super::{england_wales, us_federal};
use crate::case::vocabulary::vocabulary;
use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::ops::RangeInclusive;

/// The years the calendars answer for. Before 2000 the tables of one-off days are not
/// complete; after 2060 nothing that counting from a supported trigger can reach. Outside
/// these years `holidays` is an error and `is_holiday` is false.
pub const SUPPORTED_YEARS: RangeInclusive<i16> = 2000..=2060;

vocabulary!(
    /// A set of public holidays a court closes on.
    Calendar {
        /// Federal legal holidays (5 U.S.C. 6103) and days the President closed the
        /// executive departments.
        UsFederal,
        /// Bank holidays in England and Wales, with Christmas Day and Good Friday.
        EnglandWales,
    }
);

/// One holiday: the day it falls and what it is called.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Holiday {
    pub date: Date,
    pub name: &'static str,
}

impl Calendar {
    /// The holidays in `year`, in date order. Weekend holidays are listed on their own day
    /// and again on the weekday observed or substituted for them.
    pub fn holidays(self, year: i16) -> Result<Vec<Holiday>, ClockError> {
        if !SUPPORTED_YEARS.contains(&year) {
            return Err(ClockError::YearOutOfRange {
                year,
                first: *SUPPORTED_YEARS.start(),
                last: *SUPPORTED_YEARS.end(),
            });
        }
        let mut list = match self {
            Self::UsFederal => us_federal::holidays(year),
            Self::EnglandWales => england_wales::holidays(year),
        };
        list.sort_by_key(|h| h.date);
        // A declared closure could one day fall on a statutory holiday; one entry a day
        // keeps the list a set of dates, the statutory name first.
        list.dedup_by_key(|h| h.date);
        Ok(list)
    }

    /// The holiday on `date`, if there is one.
    pub fn holiday_on(self, date: Date) -> Result<Option<Holiday>, ClockError> {
        Ok(self
            .holidays(date.year())?
            .into_iter()
            .find(|h| h.date == date))
    }

    /// Whether `date` is a holiday; false outside `SUPPORTED_YEARS`, where nothing is known.
    pub fn is_holiday(self, date: Date) -> bool {
        matches!(self.holiday_on(date), Ok(Some(_)))
    }

    /// Whether a court is open on `date`: not a weekend, a holiday or one of the service's
    /// own closure days.
    pub fn is_court_day(self, date: Date, extra_closures: &[Date]) -> bool {
        !is_weekend(date) && !self.is_holiday(date) && !extra_closures.contains(&date)
    }
}

/// The holidays of `from..=to` in the shape `xtask/check_holidays.py` reads:
/// `{"calendar", "from", "to", "holidays": [{"date", "name"}]}`.
pub fn holidays_json(
    calendar: Calendar,
    from: i16,
    to: i16,
) -> Result<serde_json::Value, ClockError> {
    let mut holidays = Vec::new();
    for year in from..=to {
        holidays.extend(calendar.holidays(year)?);
    }
    Ok(serde_json::json!({
        "calendar": calendar,
        "from": from,
        "to": to,
        "holidays": holidays,
    }))
}

pub(super) fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The `nth` `weekday` of a month; negative counts from the end (-1 is the last).
pub(super) fn nth_weekday(year: i16, month: i8, nth: i8, weekday: Weekday) -> Date {
    Date::new(year, month, 1)
        .and_then(|first| first.nth_weekday_of_month(nth, weekday))
        .expect("every month of a supported year has a first to fourth and a last of each weekday")
}

/// A date the tables know to exist.
pub(super) fn day(year: i16, month: i8, day: i8) -> Date {
    Date::new(year, month, day).expect("holiday tables hold real dates")
}

/// Day arithmetic that cannot leave jiff's range from a supported year.
pub(super) fn shift(date: Date, days: i32) -> Date {
    date.checked_add(jiff::Span::new().days(days))
        .expect("a few years from a supported date is within jiff's range")
}

pub(super) fn weekday_name(date: Date) -> &'static str {
    match date.weekday() {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}
