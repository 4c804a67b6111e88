//! What the `accord` binary refuses to let into a case (review findings 12, 13, 14), end to
//! end: one-line fields with line breaks or bidirectional controls, user text that would act
//! as Markdown in the memorandum, negative offers and made-up currencies, dates out of range.

mod common;

use common::workspace::Workspace;

#[test]
fn a_title_or_name_with_a_line_break_or_bidi_override_is_refused_naming_the_field() {
    let w = Workspace::with_demo();
    let forged = "Holidays\n## Agreed and final\n- pay 1m";
    let err = w.refused(&["issue", "add", "Brightline", "--title", forged]);
    assert_eq!(
        err,
        "error: title is not valid: must be one line: no line breaks or tabs"
    );
    let err = w.refused(&["party", "add", "Brightline", "--name", "Evil \u{202E}nosaj"]);
    assert!(
        err.contains("name is not valid: contains bidirectional formatting characters"),
        "{err}"
    );
    let err = w.refused(&["issue", "add", "Brightline", "--title", "\u{200B}\u{200D}"]);
    assert_eq!(err, "error: title must not be empty");
    // A note keeps its lines.
    w.ok(&[
        "note",
        "add",
        "Brightline",
        "--text",
        "First line\nSecond line",
        "--audience",
        "everyone",
    ]);
}

#[test]
fn user_text_renders_escaped_in_the_memorandum() {
    let w = Workspace::with_demo();
    let title = "# 1. *x* [a](b)";
    w.ok(&["issue", "add", "Brightline", "--title", title]);
    w.ok(&[
        "issue",
        "state",
        "Brightline",
        title,
        "--state",
        "agreed-final",
    ]);
    let memo = w.json(&["memorandum", "show", "Brightline"]);
    let md = memo["markdown"].as_str().unwrap();
    assert!(
        md.contains(r"- **\# 1. \*x\* \[a\]\(b\)** — agreed – final"),
        "{md}"
    );
    assert!(!md.lines().any(|l| l.starts_with("# 1")), "{md}");
}

/// Sofia Marin's debrief of the Brightline session, with this offer.
fn debrief(offer: &str) -> [&str; 8] {
    [
        "debrief",
        "add",
        "Brightline",
        "1",
        "--by",
        "Sofia Marin",
        "--offer",
        offer,
    ]
}

#[test]
fn offers_are_iso_currencies_in_their_own_minor_unit_and_never_negative() {
    let w = Workspace::with_demo();
    for (offer, says) in [
        (
            "GBP -5000",
            "amount is not valid: an offer cannot be negative",
        ),
        (
            "100 XYZ",
            "currency is not valid: \"XYZ\" is not an ISO 4217 currency code",
        ),
        (
            "100 ABC",
            "currency is not valid: \"ABC\" is not an ISO 4217 currency code",
        ),
        ("12.5 JPY", "amount is not valid: JPY has no minor unit"),
        (
            "1.2345 KWD",
            "amount is not valid: KWD has 3 decimal places at most",
        ),
    ] {
        let err = w.refused(&debrief(offer));
        assert!(err.contains(says), "{offer}: {err}");
    }
    w.ok(&debrief("12500 JPY"));
    let shown = w.ok(&["case", "show", "Brightline", "--as", "Sofia Marin"]);
    assert!(shown.contains("12,500 JPY"), "{shown}");
    assert!(
        !shown.contains("12,500.00 JPY") && !shown.contains("125.00 JPY"),
        "{shown}"
    );
    w.ok(&debrief("1.234 KWD"));
    let shown = w.ok(&["case", "show", "Brightline", "--as", "Sofia Marin"]);
    assert!(shown.contains("1.234 KWD"), "{shown}");
}

#[test]
fn dates_outside_the_clocks_years_are_refused_with_the_range_named() {
    let w = Workspace::with_demo();
    let range = "is outside the dates Accord supports, 2000-01-01 to 2060-12-31";
    let err = w.refused(&[
        "deadline",
        "add",
        "Brightline",
        "--kind",
        "court-hearing",
        "--label",
        "Hearing",
        "--on",
        "1800-01-01",
    ]);
    assert_eq!(err, format!("error: on is not valid: 1800-01-01 {range}"));
    let err = w.refused(&[
        "next-step",
        "choose",
        "Brightline",
        "--step",
        "mediate-again",
        "--owner",
        "Helen Ward",
        "--due",
        "2099-01-01",
    ]);
    assert!(
        err.contains(&format!("due_on is not valid: 2099-01-01 {range}")),
        "{err}"
    );
    let err = w.refused(&[
        "issue",
        "state",
        "Brightline",
        "Valuation method",
        "--state",
        "pilot",
        "--review-on",
        "1800-01-01",
    ]);
    assert!(
        err.contains(&format!("review_on is not valid: 1800-01-01 {range}")),
        "{err}"
    );
}
