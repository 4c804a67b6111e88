//! Bank holidays in England and Wales: the yearly pattern with its substitute days, the
//! moved and one-off days proclaimed for particular years, and Easter by the computus.

use super::calendar::{Holiday, day, nth_weekday, shift};
use jiff::civil::{Date, Weekday};

/// Regular bank holidays moved by proclamation in a year: the holiday and where it went.
/// (The 1995 VE Day move falls before `SUPPORTED_YEARS`.)
const MOVED: &[(i16, &str, i8, i8)] = &[
    (2002, "Spring bank holiday", 6, 4),
    (2012, "Spring bank holiday", 6, 4),
    (2020, "Early May bank holiday", 5, 8),
    (2022, "Spring bank holiday", 6, 2),
];

/// Extra bank holidays proclaimed for one year only. (The millennium day, 1999-12-31, falls
/// before `SUPPORTED_YEARS`.)
const ONE_OFF: &[(i16, i8, i8, &str)] = &[
    (2002, 6, 3, "Golden Jubilee bank holiday"),
    (2011, 4, 29, "Royal wedding bank holiday"),
    (2012, 6, 5, "Diamond Jubilee bank holiday"),
    (2022, 6, 3, "Platinum Jubilee bank holiday"),
    (
        2022,
        9,
        19,
        "Bank holiday for the State Funeral of Queen Elizabeth II",
    ),
    (
        2023,
        5,
        8,
        "Bank holiday for the coronation of King Charles III",
    ),
];

/// The bank holidays falling in `year`, unsorted. Christmas Day and Good Friday are common
/// law holidays rather than bank holidays, but courts close and CPR 2.8 / FPR 2.9 skip
/// them alike, so they are listed with the rest.
pub(super) fn holidays(year: i16) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let mut list = vec![
        Holiday {
            date: day(year, 1, 1),
            name: "New Year's Day",
        },
        Holiday {
            date: shift(easter, -2),
            name: "Good Friday",
        },
        Holiday {
            date: shift(easter, 1),
            name: "Easter Monday",
        },
        Holiday {
            date: nth_weekday(year, 8, -1, Weekday::Monday),
            name: "Summer bank holiday",
        },
        Holiday {
            date: day(year, 12, 25),
            name: "Christmas Day",
        },
        Holiday {
            date: day(year, 12, 26),
            name: "Boxing Day",
        },
    ];
    for (name, usual) in [
        (
            "Early May bank holiday",
            nth_weekday(year, 5, 1, Weekday::Monday),
        ),
        (
            "Spring bank holiday",
            nth_weekday(year, 5, -1, Weekday::Monday),
        ),
    ] {
        let date = MOVED
            .iter()
            .find(|&&(y, moved, ..)| y == year && moved == name)
            .map_or(usual, |&(y, _, m, d)| day(y, m, d));
        list.push(Holiday { date, name });
    }
    list.extend(substitutes(year));
    for &(y, m, d, name) in ONE_OFF.iter().filter(|(y, ..)| *y == year) {
        list.push(Holiday {
            date: day(y, m, d),
            name,
        });
    }
    list
}

/// Substitute days for New Year's Day, Christmas Day and Boxing Day falling on a weekend:
/// each takes the next weekday not already a holiday.
fn substitutes(year: i16) -> Vec<Holiday> {
    let mut list = Vec::new();
    let new_year_substitute = match day(year, 1, 1).weekday() {
        Weekday::Saturday => Some(day(year, 1, 3)),
        Weekday::Sunday => Some(day(year, 1, 2)),
        _ => None,
    };
    if let Some(date) = new_year_substitute {
        list.push(Holiday {
            date,
            name: "New Year's Day (substitute day)",
        });
    }
    let christmas = "Christmas Day (substitute day)";
    let boxing = "Boxing Day (substitute day)";
    let (christmas_on, boxing_on) = match day(year, 12, 25).weekday() {
        // Boxing Day on Saturday moves to Monday 28.
        Weekday::Friday => (None, Some(28)),
        Weekday::Saturday => (Some(27), Some(28)),
        // Boxing Day already has Monday 26, so Christmas takes Tuesday 27.
        Weekday::Sunday => (Some(27), None),
        _ => (None, None),
    };
    for (on, name) in [(christmas_on, christmas), (boxing_on, boxing)] {
        if let Some(d) = on {
            list.push(Holiday {
                date: day(year, 12, d),
                name,
            });
        }
    }
    list
}

/// Easter Sunday in the Gregorian calendar: the anonymous algorithm (Meeus/Jones/Butcher).
pub(super) fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let dom = (h + l - 7 * m + 114) % 31 + 1;
    // The algorithm only yields March or April and days 1..=31.
    day(year, month as i8, dom as i8)
}
