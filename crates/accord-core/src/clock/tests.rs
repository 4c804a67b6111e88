//! Worked examples for each rule set, written as tables, the explanations they give, and
//! the invariants of counting as properties.

use super::*;
use jiff::civil::{Date, date};
use proptest::prelude::*;

/// A rule as written, the service's closure days, and the due date it must give.
type Example = (&'static str, &'static [&'static str], &'static str);

const NONE: &[&str] = &[];

fn check(rules: RuleSet, examples: &[Example]) {
    for &(rule, closures, due) in examples {
        let (period, trigger) = parse_rule(rule).unwrap();
        let closures: Vec<Date> = closures.iter().map(|d| d.parse().unwrap()).collect();
        let computed = compute(rules, period, trigger, &closures).unwrap();
        let steps: Vec<&str> = computed.steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            computed.due.to_string(),
            due,
            "{rules}: {rule}\n{}",
            steps.join("\n")
        );
    }
}

fn texts(rules: RuleSet, rule: &str) -> Vec<String> {
    let (period, trigger) = parse_rule(rule).unwrap();
    let computed = compute(rules, period, trigger, &[]).unwrap();
    computed.steps.into_iter().map(|s| s.text).collect()
}

#[test]
fn us_frcp_counts_every_day_and_rolls_only_the_last() {
    check(
        RuleSet::UsFrcp,
        &[
            // Weekends and New Year's Day inside the period count.
            ("14 days after 2026-12-21", NONE, "2027-01-04"),
            // Ends on Christmas Day (Friday): runs past the weekend.
            ("7 days after 2026-12-18", NONE, "2026-12-28"),
            // Ends on New Year's Day (Friday).
            ("30 days after 2026-12-02", NONE, "2027-01-04"),
            // Ends on Christmas observed (Friday 24th, Christmas is a Saturday).
            ("10 days after 2021-12-14", NONE, "2021-12-27"),
            // Ends on New Year's Day observed in the old year (Friday 31st).
            ("7 days after 2021-12-24", NONE, "2022-01-03"),
            // Juneteenth: not yet a holiday in 2020; observed on Friday 18 June 2021.
            ("1 day after 2020-06-18", NONE, "2020-06-19"),
            ("1 day after 2021-06-17", NONE, "2021-06-21"),
            // Christmas Eve closed by executive order, then Christmas Day.
            ("7 days after 2018-12-17", NONE, "2018-12-26"),
            // Counting back: a Monday stays; a holiday or weekend moves earlier.
            ("7 days before 2027-03-01", NONE, "2027-02-22"),
            ("7 days before 2026-07-10", NONE, "2026-07-02"),
            ("14 days before 2027-01-10", NONE, "2026-12-24"),
            // The service's own closure day.
            ("7 days before 2027-03-01", &["2027-02-22"], "2027-02-19"),
            ("14 days after 2026-12-21", &["2027-01-04"], "2027-01-05"),
            // Court days skip Thanksgiving, the weekend and Christmas.
            ("3 court days after 2026-11-25", NONE, "2026-12-01"),
            ("3 court days before 2026-12-30", NONE, "2026-12-24"),
            // Months: clamped to the month's end, then rolled.
            ("1 month after 2026-01-31", NONE, "2026-03-02"),
            ("1 month after 2028-01-31", NONE, "2028-02-29"),
            ("12 months after 2028-02-29", NONE, "2029-02-28"),
            ("1 day after 2028-02-28", NONE, "2028-02-29"),
        ],
    );
}

#[test]
fn ew_cpr_counts_clear_days_and_skips_in_short_periods() {
    check(
        RuleSet::EwCpr,
        &[
            // CPR 2.8(3) example: hearing Friday 20 October, 3 days' notice.
            ("3 days before 2006-10-20", NONE, "2006-10-16"),
            // CPR 2.8(4) example: hearing Monday 20 October; the weekend does not count.
            ("3 days before 2008-10-20", NONE, "2008-10-14"),
            // CPR 2.8 example: particulars within 14 days of service on 2 October.
            ("14 days after 2006-10-02", NONE, "2006-10-16"),
            // 7 days is not short: ends on the Boxing Day substitute day (Monday 28th).
            ("7 days after 2026-12-21", NONE, "2026-12-29"),
            // 5 days is short: Christmas, the weekend and the substitute day are skipped.
            ("5 days after 2026-12-21", NONE, "2026-12-30"),
            ("14 days after 2026-12-21", NONE, "2027-01-04"),
            ("14 days after 2026-12-21", &["2027-01-04"], "2027-01-05"),
            // One-off and moved bank holidays inside short periods.
            ("5 days after 2022-09-13", NONE, "2022-09-21"),
            ("2 days after 2023-05-04", NONE, "2023-05-09"),
            ("5 days after 2020-05-04", NONE, "2020-05-12"),
            ("3 days after 2027-03-24", NONE, "2027-03-31"),
            // Ends on the moved spring bank holiday, then the Platinum Jubilee.
            ("6 days after 2022-05-27", NONE, "2022-06-06"),
            // Long periods before an event: 7 clear days are 24..=30 December.
            ("7 days before 2026-12-31", NONE, "2026-12-23"),
            // The day before the clear days is Christmas Day: acting must come earlier.
            ("10 days before 2027-01-05", NONE, "2026-12-24"),
            ("6 days before 2027-04-01", NONE, "2027-03-25"),
            ("3 court days before 2026-12-30", NONE, "2026-12-22"),
            ("1 month after 2026-01-31", NONE, "2026-03-02"),
            ("1 month before 2026-03-31", NONE, "2026-02-27"),
            ("7 days after 2028-02-22", NONE, "2028-02-29"),
        ],
    );
}

#[test]
fn ew_fpr_treats_periods_up_to_seven_days_as_short() {
    check(
        RuleSet::EwFpr,
        &[
            // 7 days is short under the FPR: the whole Christmas break is skipped.
            ("7 days after 2026-12-21", NONE, "2027-01-04"),
            ("8 days after 2026-12-21", NONE, "2026-12-29"),
            ("7 days before 2026-12-18", NONE, "2026-12-08"),
            // Short and back over Easter: the day before the clear days is a Sunday.
            ("6 days before 2027-04-01", NONE, "2027-03-19"),
            ("14 days before 2027-01-06", NONE, "2026-12-22"),
            ("5 days after 2022-09-15", NONE, "2022-09-23"),
            ("2 days after 2012-06-01", NONE, "2012-06-07"),
            ("1 month after 2027-01-29", NONE, "2027-03-01"),
            ("12 months after 2028-02-29", NONE, "2029-02-28"),
        ],
    );
}

#[test]
fn a_short_period_names_every_day_it_skips() {
    assert_eq!(
        texts(RuleSet::EwFpr, "7 days after 2026-12-21"),
        [
            "trigger 2026-12-21 (Monday) is not counted, FPR 2.9(3)",
            "a period of 7 days is 7 days or less: Saturdays, Sundays, bank holidays, \
             Christmas Day and Good Friday are not counted, FPR 2.9(4)",
            "2026-12-25 Christmas Day skipped (bank holiday)",
            "2026-12-26 Saturday skipped (weekend)",
            "2026-12-27 Sunday skipped (weekend)",
            "2026-12-28 Boxing Day (substitute day) skipped (bank holiday)",
            "2027-01-01 New Year's Day skipped (bank holiday)",
            "2027-01-02 Saturday skipped (weekend)",
            "2027-01-03 Sunday skipped (weekend)",
            "counted 7 clear days from 2026-12-22 to 2027-01-04",
            "due 2027-01-04 (Monday)",
        ]
    );
}

#[test]
fn a_roll_over_names_the_closed_days_it_passes() {
    assert_eq!(
        texts(RuleSet::UsFrcp, "12 days after 2026-12-21"),
        [
            "trigger 2026-12-21 (Monday) is not counted, FRCP 6(a)(1)",
            "counted 12 days from 2026-12-22 to 2027-01-02, weekends and holidays included",
            "last day 2027-01-02 is a Saturday: rolls forward to 2027-01-04 (Monday), \
             FRCP 6(a)(1)(C)",
            "2027-01-03 Sunday skipped (weekend)",
            "due 2027-01-04 (Monday)",
        ]
    );
}

#[test]
fn clear_days_before_an_event_leave_the_act_the_day_before() {
    assert_eq!(
        texts(RuleSet::EwCpr, "3 days before 2008-10-20"),
        [
            "event 2008-10-20 (Monday) is not counted, CPR 2.8(3)",
            "a period of 3 days is 5 days or less: Saturdays, Sundays, bank holidays, \
             Christmas Day and Good Friday are not counted, CPR 2.8(4)",
            "2008-10-19 Sunday skipped (weekend)",
            "2008-10-18 Saturday skipped (weekend)",
            "counted back 3 clear days from 2008-10-19 to 2008-10-15",
            "the 3 clear days must lie between the act and the event: the last day to act is \
             the day before, 2008-10-14 (Tuesday), CPR 2.8(3)",
            "due 2008-10-14 (Tuesday)",
        ]
    );
}

#[test]
fn a_month_end_clamp_is_explained() {
    assert_eq!(
        texts(RuleSet::EwCpr, "1 month after 2026-01-31"),
        [
            "counted 1 month after 2026-01-31: the same day of the month is 2026-02-31",
            "2026-02-31 does not exist: clamped to 2026-02-28 (Saturday)",
            "last day 2026-02-28 is a Saturday: rolls forward to 2026-03-02 (Monday), CPR 2.8(5)",
            "2026-03-01 Sunday skipped (weekend)",
            "due 2026-03-02 (Monday)",
        ]
    );
}

#[test]
fn steps_serialise_with_a_machine_readable_kind() {
    let (period, trigger) = parse_rule("1 day after 2026-12-24").unwrap();
    let computed = compute(RuleSet::EwCpr, period, trigger, &[]).unwrap();
    let json = serde_json::to_value(&computed).unwrap();
    assert_eq!(json["rule_set"], "ew-cpr");
    assert_eq!(json["due"], "2026-12-29");
    assert_eq!(json["period"]["unit"], "days");
    assert_eq!(json["steps"][0]["kind"], "trigger-not-counted");
    let kinds: Vec<&str> = computed
        .steps
        .iter()
        .map(|s| s.kind)
        .map(|k| match k {
            StepKind::SkippedWeekend => "weekend",
            StepKind::SkippedHoliday => "holiday",
            _ => "",
        })
        .filter(|k| !k.is_empty())
        .collect();
    assert_eq!(kinds, ["holiday", "weekend", "weekend", "holiday"]);
}

#[test]
fn limits_are_refused_with_one_line() {
    let period = Period {
        amount: 10,
        unit: Unit::Days,
        direction: Direction::Before,
    };
    let error = compute(RuleSet::UsFrcp, period, date(2000, 1, 5), &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "counting reaches 1999-12-26, outside the years the holiday calendars cover (2000 to 2060)"
    );
    let error = compute(RuleSet::UsFrcp, period, date(2041, 1, 1), &[]).unwrap_err();
    assert!(matches!(error, ClockError::DateOutOfRange { .. }));
    let long = Period {
        amount: 3651,
        ..period
    };
    assert!(matches!(
        compute(RuleSet::EwCpr, long, date(2026, 1, 1), &[]),
        Err(ClockError::PeriodTooLong { max: 3650, .. })
    ));
    // The far end of the limits is still inside the calendars.
    let longest = Period {
        amount: MAX_DAYS,
        unit: Unit::CourtDays,
        direction: Direction::After,
    };
    assert!(compute(RuleSet::EwFpr, longest, LAST_TRIGGER, &[]).is_ok());
}

fn any_rule_set() -> impl Strategy<Value = RuleSet> {
    prop_oneof![
        Just(RuleSet::UsFrcp),
        Just(RuleSet::EwCpr),
        Just(RuleSet::EwFpr)
    ]
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Days), Just(Unit::CourtDays), Just(Unit::Months)]
}

/// A day in `first..=last`.
fn any_day(first: Date, last: Date) -> impl Strategy<Value = Date> {
    let span = (last - first).get_days();
    (0..=span).prop_map(move |n| first.checked_add(jiff::Span::new().days(n)).unwrap())
}

/// Months are capped at their own limit rather than refused, so every case runs.
fn within_limits(amount: u32, unit: Unit) -> u32 {
    match unit {
        Unit::Months => (amount - 1) % MAX_MONTHS + 1,
        _ => amount,
    }
}

fn closures_near(trigger: Date, offsets: &[i32]) -> Vec<Date> {
    offsets
        .iter()
        .map(|&n| trigger.checked_add(jiff::Span::new().days(n)).unwrap())
        .collect()
}

/// Counts the days strictly between two dates that a rule set counts for `amount` days.
fn clear_days_between(rules: RuleSet, amount: u32, act: Date, event: Date) -> u32 {
    let table = rules.rules();
    let short = table.short_period.is_some_and(|s| amount <= s.max_days);
    act.series(jiff::Span::new().days(1))
        .skip(1)
        .take_while(|d| *d < event)
        .filter(|d| !short || table.calendar.is_court_day(*d, &[]))
        .count() as u32
}

proptest! {
    #[test]
    fn a_forward_deadline_never_lands_on_a_closed_day(
        rules in any_rule_set(),
        unit in any_unit(),
        amount in 1u32..=400,
        trigger in any_day(date(2000, 1, 1), date(2039, 12, 31)),
        offsets in proptest::collection::vec(0i32..500, 0..8),
    ) {
        let closures = closures_near(trigger, &offsets);
        let period = Period { amount: within_limits(amount, unit), unit, direction: Direction::After };
        let computed = compute(rules, period, trigger, &closures).unwrap();
        prop_assert!(rules.rules().calendar.is_court_day(computed.due, &closures), "{:?}", computed);
        prop_assert!(computed.due > trigger);
        prop_assert_eq!(computed.steps.last().map(|s| s.kind), Some(StepKind::Due));
    }

    #[test]
    fn a_backward_deadline_is_an_earlier_court_day(
        rules in any_rule_set(),
        unit in any_unit(),
        amount in 1u32..=400,
        trigger in any_day(date(2012, 1, 1), date(2040, 12, 31)),
        offsets in proptest::collection::vec(-500i32..0, 0..8),
    ) {
        let closures = closures_near(trigger, &offsets);
        let period = Period { amount: within_limits(amount, unit), unit, direction: Direction::Before };
        let computed = compute(rules, period, trigger, &closures).unwrap();
        prop_assert!(rules.rules().calendar.is_court_day(computed.due, &closures), "{:?}", computed);
        prop_assert!(computed.due < trigger);
    }

    /// FRCP: the due date is the first court day on or after the plain count.
    #[test]
    fn frcp_rolls_to_the_first_court_day(
        amount in 1u32..=60,
        trigger in any_day(date(2000, 1, 1), date(2039, 12, 31)),
        offsets in proptest::collection::vec(0i32..70, 0..8),
    ) {
        let closures = closures_near(trigger, &offsets);
        let period = Period { amount, unit: Unit::Days, direction: Direction::After };
        let computed = compute(RuleSet::UsFrcp, period, trigger, &closures).unwrap();
        let expected = closures_near(trigger, &[amount as i32])[0]
            .series(jiff::Span::new().days(1))
            .find(|d| Calendar::UsFederal.is_court_day(*d, &closures))
            .unwrap();
        prop_assert_eq!(computed.due, expected);
    }

    /// England & Wales: the clear days between the act and the event are respected, and
    /// the next court day would no longer respect them (the deadline is the latest day).
    #[test]
    fn clear_days_before_an_event_are_kept_and_no_more(
        rules in prop_oneof![Just(RuleSet::EwCpr), Just(RuleSet::EwFpr)],
        amount in 1u32..=30,
        event in any_day(date(2001, 1, 1), date(2040, 12, 31)),
    ) {
        let period = Period { amount, unit: Unit::Days, direction: Direction::Before };
        let act = compute(rules, period, event, &[]).unwrap().due;
        prop_assert!(clear_days_between(rules, amount, act, event) >= amount);
        let later = act
            .series(jiff::Span::new().days(1))
            .skip(1)
            .find(|d| Calendar::EnglandWales.is_court_day(*d, &[]))
            .unwrap();
        prop_assert!(later >= event || clear_days_between(rules, amount, later, event) < amount);
    }
}
