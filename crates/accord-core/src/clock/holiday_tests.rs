//! Spot checks of the holiday calendars against published lists, and their edges.

use super::england_wales::easter_sunday;
use super::*;
use crate::case::vocabulary::{DisputeType, Jurisdiction};
use jiff::civil::{Date, date};

fn d(text: &str) -> Date {
    text.parse().expect("test dates are real")
}

fn name_on(calendar: Calendar, day: &str) -> Option<&'static str> {
    calendar.holiday_on(d(day)).unwrap().map(|h| h.name)
}

#[test]
fn england_and_wales_bank_holidays_include_moved_and_one_off_days() {
    // Date, name (None: an ordinary working day).
    let table = [
        (
            "2022-09-19",
            Some("Bank holiday for the State Funeral of Queen Elizabeth II"),
        ),
        (
            "2023-05-08",
            Some("Bank holiday for the coronation of King Charles III"),
        ),
        ("2023-05-01", Some("Early May bank holiday")),
        ("2012-06-04", Some("Spring bank holiday")),
        ("2012-06-05", Some("Diamond Jubilee bank holiday")),
        ("2012-05-28", None),
        ("2002-06-03", Some("Golden Jubilee bank holiday")),
        ("2002-06-04", Some("Spring bank holiday")),
        ("2002-05-27", None),
        ("2022-06-02", Some("Spring bank holiday")),
        ("2022-06-03", Some("Platinum Jubilee bank holiday")),
        ("2022-05-30", None),
        ("2020-05-08", Some("Early May bank holiday")),
        ("2020-05-04", None),
        ("2011-04-29", Some("Royal wedding bank holiday")),
        ("2026-08-31", Some("Summer bank holiday")),
        ("2027-03-26", Some("Good Friday")),
        ("2027-03-29", Some("Easter Monday")),
        // Christmas on Saturday: both days substituted.
        ("2021-12-27", Some("Christmas Day (substitute day)")),
        ("2021-12-28", Some("Boxing Day (substitute day)")),
        // Christmas on Sunday: Boxing Day keeps Monday, Christmas takes Tuesday.
        ("2022-12-26", Some("Boxing Day")),
        ("2022-12-27", Some("Christmas Day (substitute day)")),
        // Christmas on Friday: Boxing Day moves to Monday.
        ("2026-12-28", Some("Boxing Day (substitute day)")),
        ("2022-01-03", Some("New Year's Day (substitute day)")),
        ("2023-01-02", Some("New Year's Day (substitute day)")),
        ("2000-01-03", Some("New Year's Day (substitute day)")),
        ("2026-12-24", None),
    ];
    for (day, name) in table {
        assert_eq!(name_on(Calendar::EnglandWales, day), name, "{day}");
    }
}

#[test]
fn easter_follows_the_gregorian_computus() {
    let table = [
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2035, "2035-03-25"),
        (2038, "2038-04-25"),
    ];
    for (year, sunday) in table {
        assert_eq!(easter_sunday(year), d(sunday), "{year}");
    }
}

#[test]
fn us_federal_holidays_follow_statute_and_observance() {
    let table = [
        // Christmas on Saturday is observed on Friday; New Year's Day on Saturday on the
        // Friday before, in the old year.
        ("2021-12-24", Some("Christmas Day (observed)")),
        ("2021-12-31", Some("New Year's Day (observed)")),
        ("2022-12-26", Some("Christmas Day (observed)")),
        ("2023-01-02", Some("New Year's Day (observed)")),
        ("2023-11-10", Some("Veterans Day (observed)")),
        // Juneteenth: a holiday from 2021 on.
        ("2020-06-19", None),
        (
            "2021-06-18",
            Some("Juneteenth National Independence Day (observed)"),
        ),
        ("2021-06-19", Some("Juneteenth National Independence Day")),
        ("2026-06-19", Some("Juneteenth National Independence Day")),
        ("2026-01-19", Some("Birthday of Martin Luther King, Jr.")),
        ("2026-02-16", Some("Washington's Birthday")),
        ("2026-05-25", Some("Memorial Day")),
        ("2026-07-03", Some("Independence Day (observed)")),
        ("2026-09-07", Some("Labor Day")),
        ("2026-10-12", Some("Columbus Day")),
        ("2026-11-26", Some("Thanksgiving Day")),
        // Declared by the President.
        (
            "2018-12-05",
            Some("National Day of Mourning for President George H. W. Bush"),
        ),
        (
            "2025-01-09",
            Some("National Day of Mourning for President Jimmy Carter"),
        ),
        ("2024-12-24", Some("Christmas Eve (executive order)")),
        // A half-day closing is not a holiday.
        ("2015-12-24", None),
        ("2026-12-24", None),
    ];
    for (day, name) in table {
        assert_eq!(name_on(Calendar::UsFederal, day), name, "{day}");
    }
}

#[test]
fn every_supported_year_is_sorted_unique_and_complete() {
    for year in SUPPORTED_YEARS {
        for (calendar, at_least) in [(Calendar::UsFederal, 10), (Calendar::EnglandWales, 8)] {
            let list = calendar.holidays(year).unwrap();
            assert!(list.len() >= at_least, "{calendar} {year}");
            assert!(
                list.windows(2).all(|w| w[0].date < w[1].date),
                "{calendar} {year}"
            );
            assert!(
                list.iter().all(|h| h.date.year() == year),
                "{calendar} {year}"
            );
        }
    }
}

#[test]
fn outside_the_supported_years_is_an_error_and_nothing_is_a_holiday() {
    let error = Calendar::UsFederal.holidays(1999).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the holiday calendars cover the years 2000 to 2060; 1999 is outside them"
    );
    assert!(Calendar::EnglandWales.holidays(2061).is_err());
    assert!(!Calendar::EnglandWales.is_holiday(date(1999, 12, 31)));
}

#[test]
fn court_days_exclude_weekends_holidays_and_the_services_closures() {
    let closures = [date(2026, 12, 24)];
    let ew = Calendar::EnglandWales;
    assert!(ew.is_court_day(date(2026, 12, 23), &closures));
    assert!(!ew.is_court_day(date(2026, 12, 24), &closures));
    assert!(!ew.is_court_day(date(2026, 12, 25), &[]));
    assert!(!ew.is_court_day(date(2026, 12, 27), &[]));
    assert!(!ew.is_court_day(date(2026, 12, 28), &[]));
    assert!(Calendar::UsFederal.is_court_day(date(2026, 12, 28), &[]));
}

#[test]
fn holidays_json_has_the_shape_the_cross_check_reads() {
    let json = holidays_json(Calendar::EnglandWales, 2022, 2023).unwrap();
    assert_eq!(json["calendar"], "england-wales");
    assert_eq!(json["from"], 2022);
    assert_eq!(json["to"], 2023);
    let list = json["holidays"].as_array().unwrap();
    assert!(list.contains(&serde_json::json!({
        "date": "2022-09-19",
        "name": "Bank holiday for the State Funeral of Queen Elizabeth II",
    })));
    assert!(
        list.iter()
            .all(|h| h["date"].as_str().unwrap()[..4] >= *"2022")
    );
    assert!(holidays_json(Calendar::UsFederal, 1999, 2000).is_err());
}

#[test]
fn a_case_finds_its_rule_set() {
    use DisputeType::*;
    use Jurisdiction::*;
    let table = [
        (EnglandWales, ChildArrangements, RuleSet::EwFpr),
        (EnglandWales, Divorce, RuleSet::EwFpr),
        (EnglandWales, Workplace, RuleSet::EwCpr),
        (UsFederal, FamilyFinance, RuleSet::UsFrcp),
        (UsFederal, PersonalInjury, RuleSet::UsFrcp),
    ];
    for (jurisdiction, dispute, rules) in table {
        assert_eq!(RuleSet::for_case(jurisdiction, dispute), rules);
    }
    assert_eq!(RuleSet::EwFpr.to_string(), "ew-fpr");
    assert_eq!(RuleSet::UsFrcp.rules().calendar, Calendar::UsFederal);
    assert_eq!(
        RuleSet::EwFpr.rules().short_period.map(|s| s.max_days),
        Some(7)
    );
}
