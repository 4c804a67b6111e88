//! Every template typesets on A4 and on US Letter, and what a person typed comes out as the
//! text they typed, never as Typst markup.

use super::{Template, typeset};
use serde_json::{Value, json};
use std::process::Command;

/// Text that would do something if it were read as Typst markup.
const TYPED: &str = "*not bold* _not emph_ #eval(\"1+1\") ] [ $x$ // no comment <label> @ref \\";

fn data(template: Template, paper: &str) -> Value {
    let mut d = json!({
        "paper": paper,
        "kicker": "Accord · mediation record",
        "document": "A document",
        "made_on": "Monday 7 December 2026",
        "case": {"title": format!("Case {TYPED}"), "reference": "ACC-1234", "court_reference": "ZW26P00123"},
        "record": {
            "seen_as": "As Amira Haddad sees it",
            "explained": "Built from the case as Amira Haddad sees it.",
            "version": 12,
            "last_event_hash": "ab".repeat(32),
            "short_hash": "abababababab",
        },
    });
    let specific = match template {
        Template::Memorandum => json!({
            "status": "Version 1, issued",
            "memorandum": {
                "parties": ["Amira Haddad", "Ben Carter"],
                "agreed_final": [{"issue": "Handover", "state": "agreed", "detail": TYPED}],
                "conditional": [], "open": [{"issue": "Holidays", "state": "open", "detail": null}],
                "withdrawn_or_referred": [],
                "review_dates": [{"on": "2027-03-01", "issue": "Handover", "what": "review"}],
            },
            "confirmations": [{"version": 1, "by": "Ben Carter", "for_party": "Ben Carter", "on": "7 Dec 2026"}],
            "awaiting": ["Amira Haddad"],
            "content_hash": "cd".repeat(32),
        }),
        Template::MiamConfirmation => json!({"confirmation": {
            "party": "Amira Haddad", "attended_on": "Thursday 3 December 2026", "length": "45 minutes",
            "how": "Online, alone", "mediator": "Dana Mediator", "fmc_number": TYPED,
            "assessment": "Suitable for mediation", "expires_on": "Wednesday 3 April 2027",
            "expiry_rule": "Four months from the MIAM.",
        }}),
        Template::CourtReport => json!({"signed_by": "Dana Mediator", "report": {
            "court_ordered": "Yes", "result": "Partly settled", "closed_on": null,
            "sessions": [{"date": "1 Dec 2026", "held": "Yes", "attended": TYPED}],
        }}),
        Template::InvitationAnswer => json!({"answer": {
            "party": "Ben Carter", "invited_at": "1 Dec 2026", "answer_by": "15 Dec 2026",
            "answer": "Declined", "answered_at": "3 Dec 2026", "text_label": "Reasons",
            "text": TYPED, "sharing": "Shared with the other party.",
        }}),
        Template::SessionSummary => json!({"session": {
            "date": "1 Dec 2026", "format": "Online", "status": "Held", "attended": "Amira, Ben",
            "agenda": [{"title": "Handover", "state": "agreed"}], "outcome": "Partial agreement",
            "outcome_summary": TYPED, "notes": [{"written": "1 Dec 2026", "text": TYPED}],
        }}),
    };
    d.as_object_mut()
        .expect("an object")
        .extend(specific.as_object().expect("an object").clone());
    d
}

/// The PDF in a file of its own, for poppler's tools.
fn written(pdf: &[u8]) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("accord-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join(format!("{}.pdf", NEXT.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&file, pdf).expect("written");
    file
}

/// The PDF's text, as `pdftotext` (poppler-utils, installed by the test command) reads it.
fn text_of(pdf: &[u8]) -> String {
    let file = written(pdf);
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (Debian poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn squeezed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_template_typesets_on_a4_and_letter_with_typed_text_verbatim() {
    for template in Template::ALL {
        for paper in ["a4", "us-letter"] {
            let pdf = typeset(template, &data(template, paper))
                .unwrap_or_else(|e| panic!("{template:?} on {paper}: {e}"));
            assert!(pdf.starts_with(b"%PDF-"), "{template:?}");
            let text = squeezed(&text_of(&pdf));
            assert!(
                text.contains(&squeezed(TYPED)),
                "{template:?} on {paper}: {text}"
            );
            assert!(text.contains("ACC-1234"), "{template:?}: {text}");
            assert!(text.contains(&"ab".repeat(32)), "the hash is named: {text}");
            assert!(
                !text.contains("not bold*") || text.contains("*not bold*"),
                "{text}"
            );
        }
    }
}

#[test]
fn the_paper_size_is_the_one_asked_for() {
    let size = |paper: &str| {
        let pdf = typeset(Template::CourtReport, &data(Template::CourtReport, paper)).unwrap();
        let file = written(&pdf);
        let out = Command::new("pdfinfo")
            .arg(&file)
            .output()
            .expect("pdfinfo runs");
        let info = String::from_utf8(out.stdout).expect("UTF-8");
        info.lines()
            .find(|l| l.starts_with("Page size:"))
            .expect("a page size")
            .to_owned()
    };
    assert!(size("a4").contains("(A4)"), "{}", size("a4"));
    assert!(
        size("us-letter").contains("(letter)"),
        "{}",
        size("us-letter")
    );
}

#[test]
fn the_same_data_make_the_same_file() {
    let d = data(Template::Memorandum, "a4");
    assert_eq!(
        typeset(Template::Memorandum, &d).unwrap(),
        typeset(Template::Memorandum, &d).unwrap()
    );
}
