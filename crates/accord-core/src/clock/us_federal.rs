//! US federal legal holidays: the statutory days of 5 U.S.C. 6103 with their weekend
//! observance, and the days the President closed the executive departments.

use super::calendar::{Holiday, day, nth_weekday, shift};
use jiff::civil::{Date, Weekday};

/// Days the President closed the executive departments by executive order. FRCP 6(a)(6)(B)
/// makes "any day declared a holiday by the President" a legal holiday. Half-day closings
/// (2002-12-24, 2009-12-24, 2015-12-24) are not here: the clerk's office was open that day.
const DECLARED: &[(i16, i8, i8, &str)] = &[
    (2001, 12, 24, "Christmas Eve (executive order)"),
    (2003, 12, 26, "Day after Christmas (executive order)"),
    (
        2004,
        6,
        11,
        "National Day of Mourning for President Ronald Reagan",
    ),
    (
        2007,
        1,
        2,
        "National Day of Mourning for President Gerald R. Ford",
    ),
    (2007, 12, 24, "Christmas Eve (executive order)"),
    (2008, 12, 26, "Day after Christmas (executive order)"),
    (2012, 12, 24, "Christmas Eve (executive order)"),
    (2014, 12, 26, "Day after Christmas (executive order)"),
    (
        2018,
        12,
        5,
        "National Day of Mourning for President George H. W. Bush",
    ),
    (2018, 12, 24, "Christmas Eve (executive order)"),
    (2019, 12, 24, "Christmas Eve (executive order)"),
    (2020, 12, 24, "Christmas Eve (executive order)"),
    (2024, 12, 24, "Christmas Eve (executive order)"),
    (
        2025,
        1,
        9,
        "National Day of Mourning for President Jimmy Carter",
    ),
    (2025, 12, 24, "Christmas Eve (executive order)"),
    (2025, 12, 26, "Day after Christmas (executive order)"),
];

/// Fixed-date holidays: month, day, name, name of the observed weekday, first year.
/// Juneteenth became a federal holiday on 17 June 2021, in time for that year's.
const FIXED: &[(i8, i8, &str, &str, i16)] = &[
    (1, 1, "New Year's Day", "New Year's Day (observed)", 2000),
    (
        6,
        19,
        "Juneteenth National Independence Day",
        "Juneteenth National Independence Day (observed)",
        2021,
    ),
    (
        7,
        4,
        "Independence Day",
        "Independence Day (observed)",
        2000,
    ),
    (11, 11, "Veterans Day", "Veterans Day (observed)", 2000),
    (12, 25, "Christmas Day", "Christmas Day (observed)", 2000),
];

/// Holidays on a weekday of a month: month, which (-1 is the last), weekday, name.
const FLOATING: &[(i8, i8, Weekday, &str)] = &[
    (1, 3, Weekday::Monday, "Birthday of Martin Luther King, Jr."),
    (2, 3, Weekday::Monday, "Washington's Birthday"),
    (5, -1, Weekday::Monday, "Memorial Day"),
    (9, 1, Weekday::Monday, "Labor Day"),
    (10, 2, Weekday::Monday, "Columbus Day"),
    (11, 4, Weekday::Thursday, "Thanksgiving Day"),
];

/// The federal holidays falling in `year`, unsorted.
pub(super) fn holidays(year: i16) -> Vec<Holiday> {
    let mut list = Vec::new();
    for &(month, dom, name, observed_name, since) in FIXED {
        if year < since {
            continue;
        }
        let date = day(year, month, dom);
        list.push(Holiday { date, name });
        if let Some(observed) = observed_on(date) {
            list.push(Holiday {
                date: observed,
                name: observed_name,
            });
        }
    }
    // Next year's New Year's Day on a Saturday is observed on this year's 31 December; it is
    // listed in the year it falls, as `holidays.US()` does, so that `is_holiday` finds it.
    let next_new_year = day(year + 1, 1, 1);
    if next_new_year.weekday() == Weekday::Saturday {
        list.push(Holiday {
            date: shift(next_new_year, -1),
            name: "New Year's Day (observed)",
        });
    }
    for &(month, nth, weekday, name) in FLOATING {
        list.push(Holiday {
            date: nth_weekday(year, month, nth, weekday),
            name,
        });
    }
    for &(y, m, d, name) in DECLARED.iter().filter(|(y, ..)| *y == year) {
        list.push(Holiday {
            date: day(y, m, d),
            name,
        });
    }
    list
}

/// The weekday a weekend holiday is observed on (5 U.S.C. 6103(b)): the Friday before a
/// Saturday, the Monday after a Sunday. A 1 January on a Saturday is observed in the
/// previous year, so that year's list carries it.
fn observed_on(date: Date) -> Option<Date> {
    match date.weekday() {
        Weekday::Saturday if (date.month(), date.day()) == (1, 1) => None,
        Weekday::Saturday => Some(shift(date, -1)),
        Weekday::Sunday => Some(shift(date, 1)),
        _ => None,
    }
}
