//! `accord deadline` as a person uses it: the real binary, no database. The expected dates
//! were worked out by hand from the rules (DOMAIN.md §8), not copied from the output:
//!
//! - 2026-12-21 is a Monday. In England & Wales Christmas Day is Friday 25th, Boxing Day
//!   Saturday 26th with its substitute day on Monday 28th, New Year's Day Friday 1 January
//!   2027. In the US, Christmas Day is Friday 25th and New Year's Day Friday 1 January.
//! - CPR 2.8: a period of more than 5 days counts weekends and bank holidays; the court
//!   office is closed on the last day → the next day it is open. Before an event the days
//!   are clear days: neither the event day nor the day of acting is in the period.
//! - FPR 2.9: the same, but periods of up to 7 days skip weekends and bank holidays.
//! - FRCP 6(a): count every day; a last day on a weekend or legal holiday runs to the next
//!   day that is neither.

mod common;

use common::server::{Database, Running};
use serde_json::{Value, json};
use std::process::{Command, Output};

fn accord(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        // The calculator must not need (or make) a database.
        .env("ACCORD_DATABASE_URL", "sqlite:/nonexistent/dir/accord.db")
        .current_dir(dir.path())
        .output()
        .unwrap()
}

/// Runs a command that must succeed; returns its standard output.
fn ok(args: &[&str]) -> String {
    let out = accord(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{args:?} wrote to stderr");
    String::from_utf8(out.stdout).unwrap()
}

fn compute(args: &[&str]) -> String {
    let mut all = vec!["deadline", "compute"];
    all.extend_from_slice(args);
    ok(&all)
}

fn compute_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&compute(&all)).unwrap()
}

fn first_line(out: &str) -> &str {
    out.lines().next().unwrap_or_default()
}

#[test]
fn seven_days_after_under_the_cpr_counts_the_holidays_and_rolls_off_the_boxing_day_substitute() {
    // Day 7 after Monday 21st is Monday 28th, the Boxing Day substitute day: closed, so
    // Tuesday 29th.
    let out = compute(&["--rules", "ew-cpr", "--days", "7", "--after", "2026-12-21"]);
    assert_eq!(
        first_line(&out),
        "Due: Tuesday 2026-12-29   (ew-cpr: 7 days after 2026-12-21)"
    );
    for words in [
        "trigger 2026-12-21 (Monday) is not counted, CPR 2.8(3)",
        "counted 7 clear days from 2026-12-22 to 2026-12-28, weekends and holidays included",
        "last day 2026-12-28 is Boxing Day (substitute day)",
        "rolls forward to 2026-12-29 (Tuesday), CPR 2.8(5)",
    ] {
        assert!(out.contains(words), "{words:?} missing from:\n{out}");
    }
}

#[test]
fn seven_days_after_under_the_frcp_counts_every_day() {
    // Day 7 after Monday 21st is Monday 28th, a working day in the US.
    let out = compute(&["--rules", "us-frcp", "--rule", "7 days after 2026-12-21"]);
    assert_eq!(
        first_line(&out),
        "Due: Monday 2026-12-28   (us-frcp: 7 days after 2026-12-21)"
    );
    assert!(out.contains("weekends and holidays included"), "{out}");
    assert!(!out.contains("rolls"), "nothing to roll: {out}");

    // Day 7 after Friday 18th is Christmas Day: the weekend after it is passed too.
    let out = compute(&["--rules", "us-frcp", "--days", "7", "--after", "2026-12-18"]);
    assert_eq!(
        first_line(&out),
        "Due: Monday 2026-12-28   (us-frcp: 7 days after 2026-12-18)"
    );
    for words in [
        "last day 2026-12-25 is Christmas Day (legal holiday): rolls forward to 2026-12-28 (Monday), FRCP 6(a)(1)(C)",
        "2026-12-26 Saturday skipped (weekend)",
        "2026-12-27 Sunday skipped (weekend)",
    ] {
        assert!(out.contains(words), "{words:?} missing from:\n{out}");
    }

    // The example: day 14 is Monday 4 January; New Year's Day inside counts.
    let out = compute(&[
        "--rules",
        "us-frcp",
        "--days",
        "14",
        "--after",
        "2026-12-21",
    ]);
    assert!(
        first_line(&out).starts_with("Due: Monday 2027-01-04"),
        "{out}"
    );
}

#[test]
fn seven_days_under_the_fpr_is_a_short_period_that_skips_christmas() {
    // Counted days: 22, 23, 24, 29, 30, 31 December, then 4 January (25th Christmas,
    // 26th-27th weekend, 28th Boxing Day substitute, 1st New Year's Day, 2nd-3rd weekend).
    let out = compute(&["--rules", "ew-fpr", "--days", "7", "--after", "2026-12-21"]);
    assert_eq!(
        first_line(&out),
        "Due: Monday 2027-01-04   (ew-fpr: 7 days after 2026-12-21)"
    );
    for words in [
        "is 7 days or less",
        "FPR 2.9(4)",
        "2026-12-25 Christmas Day skipped (bank holiday)",
        "2026-12-26 Saturday skipped (weekend)",
        "2026-12-27 Sunday skipped (weekend)",
        "2026-12-28 Boxing Day (substitute day) skipped (bank holiday)",
        "2027-01-01 New Year's Day skipped (bank holiday)",
        "2027-01-02 Saturday skipped (weekend)",
        "2027-01-03 Sunday skipped (weekend)",
    ] {
        assert!(out.contains(words), "{words:?} missing from:\n{out}");
    }
}

#[test]
fn before_an_event_the_cpr_counts_clear_days() {
    // Hearing Friday 2027-03-05, 7 days' notice. Clear days: 26 February to 4 March, so
    // serve by Thursday 25 February. The FRCP counts back 7 days to Friday 26 February.
    let out = compute(&["--rules", "ew-cpr", "--days", "7", "--before", "2027-03-05"]);
    assert_eq!(
        first_line(&out),
        "Due: Thursday 2027-02-25   (ew-cpr: 7 days before 2027-03-05)"
    );
    assert!(
        out.contains("event 2027-03-05 (Friday) is not counted"),
        "{out}"
    );
    assert!(
        out.contains("the 7 clear days must lie between the act and the event"),
        "{out}"
    );
    let out = compute(&[
        "--rules",
        "us-frcp",
        "--days",
        "7",
        "--before",
        "2027-03-05",
    ]);
    assert!(
        first_line(&out).starts_with("Due: Friday 2027-02-26"),
        "{out}"
    );

    // CPR 2.8's own examples: 3 days before a Friday hearing (Tuesday to Thursday are the
    // clear days) and before a Monday hearing (the weekend is not counted).
    let due = |event: &str| {
        compute_json(&["--rules", "ew-cpr", "--days", "3", "--before", event])["due"].clone()
    };
    assert_eq!(due("2006-10-20"), "2006-10-16");
    assert_eq!(due("2008-10-20"), "2008-10-14");
}

#[test]
fn closure_days_and_the_rule_in_words_give_the_same_answers_as_the_flags() {
    // The 28th is the Boxing Day substitute; with the 29th closed too, Wednesday 30th.
    let out = compute(&[
        "--rules",
        "ew-cpr",
        "--days",
        "7",
        "--after",
        "2026-12-21",
        "--closed",
        "2026-12-29",
    ]);
    assert!(
        first_line(&out).starts_with("Due: Wednesday 2026-12-30"),
        "{out}"
    );
    assert!(
        out.contains("2026-12-29 Tuesday skipped (closure day)"),
        "{out}"
    );

    for (rule, flags) in [
        (
            "7 days after 2026-12-21",
            ["--days", "7", "--after", "2026-12-21"],
        ),
        (
            "3 clear days before 2008-10-20",
            ["--days", "3", "--before", "2008-10-20"],
        ),
        (
            "2 court days after 2026-12-24",
            ["--court-days", "2", "--after", "2026-12-24"],
        ),
        (
            "1 month after 2026-01-31",
            ["--months", "1", "--after", "2026-01-31"],
        ),
    ] {
        let mut by_flags = vec!["--rules", "ew-cpr"];
        by_flags.extend_from_slice(&flags);
        assert_eq!(
            compute(&["--rules", "ew-cpr", "--rule", rule]),
            compute(&by_flags),
            "{rule}"
        );
    }
}

#[test]
fn json_gives_the_due_date_and_the_steps() {
    let v = compute_json(&["--rules", "ew-cpr", "--rule", "7 days after 2026-12-21"]);
    assert_eq!(v["due"], "2026-12-29");
    assert_eq!(v["rule_set"], "ew-cpr");
    assert_eq!(v["trigger"], "2026-12-21");
    assert_eq!(
        v["period"],
        json!({"amount": 7, "unit": "days", "direction": "after"})
    );
    let steps = v["steps"].as_array().unwrap();
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["trigger-not-counted", "counted", "rolled-forward", "due"]
    );
    for step in steps {
        assert!(step["date"].as_str().unwrap().len() == 10, "{step}");
        assert!(!step["text"].as_str().unwrap().is_empty(), "{step}");
    }
}

#[test]
fn bad_input_is_one_line_naming_the_problem_and_nothing_on_stdout() {
    const D: &str = "2026-12-21";
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["--rules", "fr-cpc", "--days", "7", "--after", D],
            2,
            "'--rules <RULES>': unknown value \"fr-cpc\"; expected one of: us-frcp, ew-cpr, ew-fpr",
        ),
        (
            &["--rules", "ew-cpr", "--days", "7", "--after", "2026-13-01"],
            2,
            "'--after <DATE>': \"2026-13-01\" is not a date: write it as YYYY-MM-DD",
        ),
        (
            &["--rules", "ew-cpr", "--days", "7", "--after", "21/12/2026"],
            2,
            "\"21/12/2026\" is not a date",
        ),
        (
            &[
                "--rules", "ew-cpr", "--days", "7", "--months", "1", "--after", D,
            ],
            1,
            "give only one period: --days and --months were both given",
        ),
        (
            &["--rules", "ew-cpr", "--days", "0", "--after", D],
            1,
            "--days: a period must be at least 1 day",
        ),
        (
            &["--rules", "ew-cpr", "--months", "121", "--after", D],
            1,
            "--months: a period of 121 months is longer than the limit of 120 months",
        ),
        (
            &["--rules", "ew-cpr", "--days", "-3", "--after", D],
            2,
            "'--days <N>'",
        ),
        (
            &["--rules", "ew-cpr", "--days", "7", "--after", "1850-01-01"],
            1,
            "--after: the date 1850-01-01 is outside the supported dates 2000-01-01 to 2040-12-31",
        ),
        (
            &[
                "--rules", "ew-cpr", "--days", "7", "--after", D, "--before", D,
            ],
            1,
            "give only one date: --after and --before were both given",
        ),
        (
            &["--rules", "ew-cpr", "--days", "7"],
            1,
            "give the date: --after DATE or --before DATE",
        ),
        (
            &["--rules", "ew-cpr", "--after", D],
            1,
            "give the period: --days N, --court-days N or --months N",
        ),
        (
            &["--days", "7", "--after", D],
            1,
            "give the rule set: --rules us-frcp",
        ),
        (
            &["--rules", "ew-cpr", "--rule", "seven days after 2026-12-21"],
            1,
            "--rule: \"seven\" is not a whole number of days or months",
        ),
        (
            &[
                "--rules",
                "ew-cpr",
                "--rule",
                "7 days after 2026-12-21",
                "--days",
                "7",
            ],
            1,
            "--rule already states the period: leave out --days",
        ),
        (
            &[
                "--rules",
                "ew-cpr",
                "--court-days",
                "3650",
                "--before",
                "2001-01-01",
            ],
            1,
            "outside the years the holiday calendars cover (2000 to 2060)",
        ),
    ];
    let holidays: &[(&[&str], i32, &str)] = &[
        (
            &["--calendar", "mars", "--from", "2026"],
            2,
            "unknown value \"mars\"; expected one of: us-federal, england-wales",
        ),
        (
            &["--calendar", "us-federal", "--from", "1850"],
            1,
            "--from 1850: the holiday calendars cover the years 2000 to 2060",
        ),
        (
            &["--calendar", "us-federal", "--from", "2026", "--to", "2025"],
            1,
            "--to 2025 is before --from 2026",
        ),
        (&["--from", "2026"], 1, "give the calendar"),
    ];
    let all = cases
        .iter()
        .map(|c| ("compute", c))
        .chain(holidays.iter().map(|c| ("holidays", c)));
    for (command, (args, code, expected)) in all {
        let mut full = vec!["deadline", command];
        full.extend_from_slice(args);
        let out = accord(&full);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(*code), "{full:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{full:?} printed on stdout");
        // One line says what is wrong; clap adds only its pointer to --help.
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty() && *l != "For more information, try '--help'.")
            .collect();
        assert_eq!(lines.len(), 1, "{full:?}: {stderr}");
        assert!(lines[0].starts_with("error: "), "{full:?}: {stderr}");
        assert!(
            lines[0].contains(expected),
            "{full:?}: expected {expected:?} in {stderr}"
        );
    }
}

#[test]
fn holidays_are_listed_for_people_and_as_json_for_the_cross_check() {
    let out = ok(&[
        "deadline",
        "holidays",
        "--calendar",
        "england-wales",
        "--from",
        "2026",
    ]);
    assert!(out.starts_with("england-wales 2026: 9 days\n"), "{out}");
    assert!(
        out.contains("2026-12-28 Mon  Boxing Day (substitute day)"),
        "{out}"
    );

    let v: Value = serde_json::from_str(&ok(&[
        "deadline",
        "holidays",
        "--calendar",
        "us-federal",
        "--from",
        "2021",
        "--to",
        "2022",
        "--json",
    ]))
    .unwrap();
    assert_eq!(
        (v["calendar"].as_str(), v["from"].as_i64(), v["to"].as_i64()),
        (Some("us-federal"), Some(2021), Some(2022))
    );
    let dates: Vec<&str> = v["holidays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    // Juneteenth's first year (observed Friday 18 June), Christmas observed on Friday 24th,
    // New Year's Day 2022 observed on Friday 31 December 2021.
    for day in ["2021-06-18", "2021-12-24", "2021-12-31", "2022-06-20"] {
        assert!(dates.contains(&day), "{day} missing from {dates:?}");
    }
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "in date order");
}

#[test]
fn the_api_answers_what_the_command_line_answers_without_sign_in() {
    let server = Running::start(Database::sqlite(), &[]);
    let client = reqwest::blocking::Client::new();
    let post = |body: Value| {
        let r = client
            .post(server.url("/deadlines/compute"))
            .json(&body)
            .send()
            .unwrap();
        (r.status().as_u16(), r.json::<Value>().unwrap())
    };
    // rules, amount, unit, direction, date, closure days
    type Example = (
        &'static str,
        u32,
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    );
    let examples: [Example; 6] = [
        ("ew-cpr", 7, "days", "after", "2026-12-21", &[]),
        ("us-frcp", 7, "days", "after", "2026-12-18", &[]),
        ("ew-fpr", 7, "days", "after", "2026-12-21", &[]),
        ("ew-cpr", 7, "days", "before", "2027-03-05", &[]),
        ("ew-cpr", 7, "days", "after", "2026-12-21", &["2026-12-29"]),
        ("us-frcp", 3, "court-days", "after", "2026-11-25", &[]),
    ];
    for (rules, amount, unit, direction, date, closed) in examples {
        let amount_text = amount.to_string();
        let (unit_flag, date_flag) = (format!("--{unit}"), format!("--{direction}"));
        let mut args = vec!["--rules", rules, &unit_flag, &amount_text, &date_flag, date];
        let joined = closed.join(",");
        if !closed.is_empty() {
            args.extend(["--closed", joined.as_str()]);
        }
        let cli = compute_json(&args);
        let (status, api) = post(json!({
            "rules": rules, "amount": amount, "unit": unit, "direction": direction,
            "date": date, "closed": closed,
        }));
        assert_eq!(status, 200, "{api}");
        assert_eq!(api, cli, "{args:?}");
        let words = format!("{amount} {unit} {direction} {date}");
        let (status, in_words) = post(json!({"rules": rules, "rule": words, "closed": closed}));
        assert_eq!((status, &in_words), (200, &cli), "{words}");
    }
    assert_eq!(
        post(json!({"rules": "ew-cpr", "rule": "7 days after 2026-12-21"})).1["due"],
        "2026-12-29"
    );

    // Bad input: 400 in the one error shape, naming the field.
    for (body, field) in [
        (
            json!({"rules": "fr-cpc", "rule": "7 days after 2026-12-21"}),
            "rules",
        ),
        (
            json!({"rules": "ew-cpr", "amount": 0, "unit": "days", "direction": "after", "date": "2026-12-21"}),
            "amount",
        ),
        (
            json!({"rules": "ew-cpr", "amount": 7, "unit": "days", "direction": "after", "date": "1850-01-01"}),
            "date",
        ),
        (
            json!({"rules": "ew-cpr", "amount": 7, "unit": "weeks", "direction": "after", "date": "2026-12-21"}),
            "unit",
        ),
        (
            json!({"rules": "ew-cpr", "amount": 7, "unit": "days", "direction": "after"}),
            "date",
        ),
        (
            json!({"rules": "ew-cpr", "rule": "7 days after 2026-12-21", "amount": 7}),
            "amount",
        ),
        (
            json!({"rules": "ew-cpr", "rule": "7 days after 2026-13-01"}),
            "rule",
        ),
        (
            json!({"rules": "ew-cpr", "rule": "7 days after 2026-12-21", "closed": ["soon"]}),
            "closed",
        ),
    ] {
        let (status, err) = post(body.clone());
        assert_eq!(status, 400, "{body}: {err}");
        assert_eq!(err["error"], "invalid", "{err}");
        assert_eq!(err["field"], field, "{body}: {err}");
        assert!(
            err["message"].as_str().is_some_and(|m| !m.contains('\n')),
            "{err}"
        );
    }

    // The holidays of one year are the CLI's list for that year.
    let r = client
        .get(server.url("/holidays/england-wales/2026"))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let api: Value = r.json().unwrap();
    let cli: Value = serde_json::from_str(&ok(&[
        "deadline",
        "holidays",
        "--calendar",
        "england-wales",
        "--from",
        "2026",
        "--json",
    ]))
    .unwrap();
    assert_eq!(api, cli["holidays"]);
    for (path, field) in [
        ("us-federal/1999", "year"),
        ("us-federal/-1", "year"),
        ("us-federal/99999", "year"),
        ("mars/2026", "calendar"),
    ] {
        let r = client
            .get(server.url(&format!("/holidays/{path}")))
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{path}");
        assert_eq!(r.json::<Value>().unwrap()["field"], field, "{path}");
    }
}
