//! What may enter a case (review findings 12, 13 and 14): one-line text holds no line breaks
//! or bidirectional controls and the memorandum's Markdown escapes user text; money is an ISO
//! 4217 currency, never negative; every calendar date lies within the clock's years.

use super::test_story::*;

use super::deadline::{DeadlineKind, DueRule};
use super::debrief::{Author, Currency, Debrief, Money, Offer};
use super::*;
use crate::advice::NextStep;
use crate::clock::{Direction, Period, Unit};
use crate::error::DomainError;
use crate::ids::*;
use crate::text::{Text, limits};
use jiff::civil::date;
use vocabulary::*;

// ---- 12. text and the memorandum's Markdown ------------------------------------------------

#[test]
fn an_issue_title_that_would_forge_a_memorandum_section_is_refused() {
    let err = Text::line(
        "title",
        "Holidays\n## Agreed and final\n- pay 1m",
        limits::TITLE,
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("title"));
    assert_eq!(
        err.to_string(),
        "title is not valid: must be one line: no line breaks or tabs"
    );
    // A note may have lines, but no bidirectional override.
    assert!(Text::paragraph("text", "one\ntwo", limits::LONG).is_ok());
    let err = Text::paragraph("text", "pay \u{202E}0001", limits::LONG).unwrap_err();
    assert_eq!(err.field(), Some("text"));
    // A name of zero-width characters only is empty.
    let err = Text::line("name", "\u{200B}\u{FEFF}", limits::NAME).unwrap_err();
    assert_eq!(err.to_string(), "name must not be empty");
}

#[test]
fn user_text_in_the_memorandum_markdown_is_escaped() {
    let (mut s, _) = Story::family();
    let issue = s.issue("# 1. *x* [a](b)");
    s.set(issue, TermState::AgreedFinal, Some("_all_ <b>agreed</b>"));
    s.issue_memorandum().unwrap();
    let issued = s.state.latest_memorandum().unwrap();
    let md = issued.memorandum.to_markdown(Some(issued.version));
    assert!(
        md.contains(r"- **\# 1. \*x\* \[a\]\(b\)** — agreed – final: \_all\_ \<b\>agreed\</b\>"),
        "{md}"
    );
    // The only headings are the memorandum's own.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings.len(), 6, "{headings:?}");
    // The hash covers the text as written, not its escaping.
    assert_eq!(issued.memorandum.agreed_final[0].issue, "# 1. *x* [a](b)");
}

// ---- 13. money -----------------------------------------------------------------------------

fn debrief_offering(amount: Money) -> Debrief {
    Debrief {
        best_offer: Some(Offer {
            amount: Some(amount),
            terms: None,
        }),
        ..Debrief::default()
    }
}

#[test]
fn a_debrief_with_a_negative_offer_or_a_made_up_currency_is_refused() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    let author = Author::Party { party: p.a };
    // As an API body arrives: any three letters deserialise, so the rule must hold in decide.
    let money = |json: &str| -> Money { serde_json::from_str(json).unwrap() };
    let err = s
        .debrief(
            session,
            author,
            debrief_offering(money(r#"{"minor_units": -500000, "currency": "GBP"}"#)),
        )
        .unwrap_err();
    assert_eq!(err.field(), Some("best_offer.amount"));
    assert!(
        err.to_string().contains("an offer cannot be negative"),
        "{err}"
    );
    for code in ["XYZ", "ABC"] {
        let json = format!(r#"{{"minor_units": 100, "currency": "{code}"}}"#);
        let err = s
            .debrief(session, author, debrief_offering(money(&json)))
            .unwrap_err();
        assert_eq!(err.field(), Some("best_offer.amount.currency"), "{code}");
    }
    let yen = Money::parse("12500 JPY").unwrap();
    s.debrief(session, author, debrief_offering(yen)).unwrap();
    let offer = s
        .state
        .debrief(session, author)
        .unwrap()
        .debrief
        .best_offer
        .clone();
    assert_eq!(offer.unwrap().to_string(), "12,500 JPY");
    assert_eq!(
        Currency::parse("currency", "kwd").unwrap().minor_digits(),
        3
    );
}

// ---- 14. dates -----------------------------------------------------------------------------

fn out_of_range(err: DomainError, field: &str) {
    assert_eq!(err.field(), Some(field), "{err}");
    assert!(
        err.to_string()
            .contains("outside the dates Accord supports"),
        "{err}"
    );
}

#[test]
fn a_fixed_deadline_in_1800_is_refused_with_the_range_named() {
    let (mut s, _) = Story::family();
    let err = s
        .run(Command::SetDeadline {
            deadline: DeadlineId::new_v7(),
            kind: DeadlineKind::CourtHearing,
            label: t("Final hearing"),
            rule: DueRule::Fixed {
                on: date(1800, 1, 1),
            },
        })
        .unwrap_err();
    out_of_range(err.clone(), "on");
    assert_eq!(
        err.to_string(),
        "on is not valid: 1800-01-01 is outside the dates Accord supports, 2000-01-01 to 2060-12-31"
    );
    assert!(s.state.deadlines.is_empty());
    let computed = |trigger, closed| DueRule::Computed {
        rule_set: None,
        period: Period {
            amount: 14,
            unit: Unit::Days,
            direction: Direction::After,
        },
        trigger,
        closed,
    };
    let set = |rule| Command::SetDeadline {
        deadline: DeadlineId::new_v7(),
        kind: DeadlineKind::FilingDeadline,
        label: t("Defence"),
        rule,
    };
    // A trigger the clock counts from has its own, narrower range, named by the clock.
    let err = s.run(set(computed(date(2041, 1, 1), vec![]))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rule is not valid: the date 2041-01-01 is outside the supported dates 2000-01-01 to 2040-12-31"
    );
    let err = s
        .run(set(computed(date(2027, 1, 4), vec![date(1999, 12, 31)])))
        .unwrap_err();
    out_of_range(err, "closed");
    s.run(set(computed(date(2027, 1, 4), vec![]))).unwrap();
    s.run(set(DueRule::Fixed {
        on: date(2060, 12, 31),
    }))
    .unwrap();
}

#[test]
fn review_until_next_step_and_session_dates_outside_the_range_are_refused() {
    let (mut s, p) = Story::family();
    let issue = s.issue("Weekday schedule");
    let state = |state| Command::SetIssueState {
        issue,
        state,
        reason: None,
    };
    let err = s
        .run(state(TermState::Pilot {
            review_on: date(1800, 1, 1),
        }))
        .unwrap_err();
    out_of_range(err, "review_on");
    let err = s
        .run(state(TermState::AgreedTemporary {
            until: Some(date(2099, 1, 1)),
            until_event: None,
        }))
        .unwrap_err();
    out_of_range(err, "until");
    let err = s
        .run(Command::ChooseNextStep {
            step: NextStep::MediateAgain,
            owner: p.maya,
            due_on: date(1800, 1, 1),
            note: None,
        })
        .unwrap_err();
    out_of_range(err, "due_on");
    let session = s.schedule();
    let err = s
        .run(Command::RecordSessionHeld {
            session,
            held_on: date(1999, 12, 31),
            format: SessionFormat::Joint,
            attendees: vec![p.a],
        })
        .unwrap_err();
    out_of_range(err, "held_on");
    let err = s
        .run(Command::ScheduleSession {
            session: SessionId::new_v7(),
            starts_at: "1800-01-01T10:00:00Z".parse().unwrap(),
            format: SessionFormat::Joint,
            agenda: vec![],
            override_reason: None,
        })
        .unwrap_err();
    out_of_range(err, "starts_at");
}
