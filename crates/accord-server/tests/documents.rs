//! The documents as PDF, read as their readers read them (`pdftotext`) and kept as PNG pages
//! (`pdftoppm`, under `target/tmp/pdf/`): each names the case, the version and the last
//! event's hash of the record it was built from, holds what its reader may see, and never a
//! private string of the other party, a mediator's private note or a screening answer.

mod common;

use accord_core::case::invitation::AnswerKind;
use accord_core::case::miam_record::{MiamAssessment, MiamAttendance};
use accord_core::case::vocabulary::{Outcome, SessionFormat, TermState};
use accord_core::case::{Audience, Command};
use accord_core::ids::{IssueId, NoteId, SessionId};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use serde_json::json;
use tower::ServiceExt;

const PRIVATE_A: &str = "Amira would let Ben have alternate weekends";
const PRIVATE_B: &str = "Ben starts a new job with night shifts in March";
const MEDIATOR_ONLY: &str = "A pilot of the weekday plan would suit both";
const SCREENING: &str = "Afraid of Ben's temper at handovers";
const DECLINE_REASONS: &str = "Ben wants the court to decide about the holidays";
const JOINT_NOTE: &str = "Next time the parents bring the school calendar";
const AGREED: &str = "Handovers at the school gate on Fridays";

/// The documents of the story below, each with the viewers who may have it.
struct Story {
    w: World,
    maya: String,
    amira: String,
    ben: String,
    session: SessionId,
}

async fn story() -> Story {
    let w = World::new().with_documents();
    let maya = w.sign_in("maya@h.example").await;
    let amira = w.join(w.party_a, "amira@party.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let (a, b) = (w.party_a, w.party_b);
    // Ben declines in writing, his reasons for himself and the mediator.
    w.mediate(Command::InviteToMediation {
        participant: b,
        answer_by: jiff::civil::date(2030, 1, 8),
    });
    w.mediate(Command::AnswerInvitation {
        participant: b,
        kind: AnswerKind::Decline,
        text: Some(text(DECLINE_REASONS)),
        shared: false,
    });
    // Amira's MIAM, and its confirmation.
    w.mediate(Command::RecordMiam {
        party: a,
        attendance: MiamAttendance {
            attended_on: jiff::civil::date(2026, 10, 31),
            minutes: 50,
            mediator: text("Maya Patel"),
            fmc_number: text("FMC-20417"),
            online: true,
            jointly: false,
            assessment: MiamAssessment::Suitable,
            reason: None,
        },
    });
    w.mediate(Command::IssueMiamConfirmation { party: a });
    // Ben's screening: the mediator's alone.
    let screened = w
        .call(
            Method::POST,
            &format!("/cases/{}/screenings", w.case),
            Some(&maya),
            &[],
            Some(json!({
                "party": b,
                "answers": {
                    "abuse": {"concern": "no"}, "threats": {"concern": "no"},
                    "fear": {"concern": "yes", "detail": SCREENING},
                    "child_protection": {"concern": "no"}, "power_imbalance": {"concern": "no"},
                    "capacity": {"concern": "no"}
                },
                "judgement": "suitable"
            })),
        )
        .await;
    assert_eq!(screened.status, StatusCode::OK, "{}", screened.json);
    // A session with one term agreed and one still open.
    let (handovers, holidays, session) =
        (IssueId::new_v7(), IssueId::new_v7(), SessionId::new_v7());
    for (issue, title) in [
        (handovers, "School handovers"),
        (holidays, "Summer holidays"),
    ] {
        w.mediate(Command::AddIssue {
            issue,
            title: text(title),
            description: None,
        });
    }
    w.mediate(Command::ScheduleSession {
        session,
        starts_at: "2026-12-04T10:00:00Z".parse().unwrap(),
        format: SessionFormat::Caucus,
        agenda: vec![handovers, holidays],
        override_reason: None,
    });
    w.mediate(Command::RecordSessionHeld {
        session,
        held_on: jiff::civil::date(2026, 12, 4),
        format: SessionFormat::Caucus,
        attendees: vec![a, b],
    });
    w.mediate(Command::SetIssueState {
        issue: handovers,
        state: TermState::AgreedFinal,
        reason: Some(text(AGREED)),
    });
    w.mediate(Command::RecordOutcome {
        session,
        outcome: Outcome::PartialAgreement,
        summary: Some(text("Handovers settled; the summer is still open")),
    });
    for (body, audience) in [
        (JOINT_NOTE, Audience::Everyone),
        (PRIVATE_A, Audience::PartyAndMediator { party: a }),
        (PRIVATE_B, Audience::PartyAndMediator { party: b }),
        (MEDIATOR_ONLY, Audience::MediatorOnly),
    ] {
        w.mediate(Command::AddNote {
            note: NoteId::new_v7(),
            text: text(body),
            audience,
            about_session: Some(session),
        });
    }
    w.mediate(Command::IssueMemorandum);
    Story {
        w,
        maya,
        amira,
        ben,
        session,
    }
}

/// The PDF at `path` for the holder of `cookie`: its status and, when 200, its text.
async fn pdf(w: &World, cookie: &str, path: &str, name: &str) -> (StatusCode, String) {
    let req = Request::builder()
        .uri(format!("/api/v1/cases/{}{path}", w.case))
        .header("cookie", format!("accord_session={cookie}"))
        .body(Body::empty())
        .unwrap();
    let response = accord_server::http::router(w.api.clone())
        .oneshot(req)
        .await
        .unwrap();
    let status = response.status();
    let is_pdf = response.headers()["content-type"] == "application/pdf";
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    if status != StatusCode::OK {
        return (status, String::from_utf8_lossy(&bytes).into_owned());
    }
    assert!(is_pdf, "{path}: not served as a PDF");
    assert!(
        pdf::keep_pages(&bytes, name) >= 1,
        "{path}: no page rendered"
    );
    (status, pdf::text(&bytes))
}

/// What `text` must hold and must not.
fn check(what: &str, text: &str, holds: &[&str], never: &[&str]) {
    for s in holds {
        assert!(text.contains(s), "{what} should hold {s:?}: {text}");
    }
    for s in never {
        assert!(!text.contains(s), "{what} holds {s:?}: {text}");
    }
}

#[tokio::test]
async fn each_document_holds_what_its_reader_may_see_and_names_the_record() {
    let s = story().await;
    let w = &s.w;
    let (a, b) = (w.party_a, w.party_b);
    let everyone_private = [PRIVATE_A, PRIVATE_B, MEDIATOR_ONLY, SCREENING];
    let reference = w.case.to_string();

    // The memorandum, from each reader's own fold: the agreed term, the open one, the record.
    for (who, cookie, seen_as) in [
        ("mediator", &s.maya, "The mediator's record"),
        ("amira", &s.amira, "As Amira Ahmed sees it"),
        ("ben", &s.ben, "As Ben Brown sees it"),
    ] {
        let (status, text) = pdf(w, cookie, "/memorandum.pdf", &format!("memorandum-{who}")).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        check(
            &format!("the memorandum for {who}"),
            &text,
            &[
                "Memorandum of partial agreement",
                AGREED,
                "Summer holidays",
                &reference,
                seen_as,
                "Version 1, issued",
            ],
            &everyone_private,
        );
    }

    // Amira's MIAM confirmation: hers and the mediator's; Ben is told there is none.
    let expiry = "Sunday 28 February 2027";
    for (who, cookie) in [("mediator", &s.maya), ("amira", &s.amira)] {
        let (status, text) = pdf(
            w,
            cookie,
            &format!("/miam/{a}/confirmation.pdf"),
            &format!("miam-{who}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        check(
            &format!("the MIAM confirmation for {who}"),
            &text,
            &[
                "MIAM confirmation",
                "Amira Ahmed",
                "FMC-20417",
                "Saturday 31 October 2026",
                expiry,
                "Online, alone",
            ],
            &everyone_private,
        );
    }
    let (status, text) = pdf(
        w,
        &s.ben,
        &format!("/miam/{a}/confirmation.pdf"),
        "miam-ben",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{text}");
    assert!(
        !text.contains("FMC-20417") && !text.contains(expiry),
        "{text}"
    );

    // Ben's written answer: his reasons for him and the mediator; Amira reads that he
    // declined, and that the reasons were not shared.
    for (who, cookie, reasons) in [
        ("mediator", &s.maya, true),
        ("ben", &s.ben, true),
        ("amira", &s.amira, false),
    ] {
        let (status, text) = pdf(
            w,
            cookie,
            &format!("/mediation-invitations/{b}/answer.pdf"),
            &format!("answer-{who}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        check(
            &format!("the answer for {who}"),
            &text,
            &[
                "Answer to an invitation to mediate",
                "Ben Brown",
                "Declined mediation",
                "Tuesday 8 January 2030",
            ],
            &[PRIVATE_A, PRIVATE_B, MEDIATOR_ONLY, SCREENING],
        );
        assert_eq!(text.contains(DECLINE_REASONS), reasons, "{who}: {text}");
        if !reasons {
            assert!(text.contains("did not share its reasons"), "{text}");
        }
    }

    // The session summary and the court report: the joint record, the same for everyone,
    // the mediator included.
    let mut summaries = Vec::new();
    for (who, cookie) in [("mediator", &s.maya), ("amira", &s.amira), ("ben", &s.ben)] {
        let (status, text) = pdf(
            w,
            cookie,
            &format!("/sessions/{}/summary.pdf", s.session),
            &format!("summary-{who}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        check(
            &format!("the session summary for {who}"),
            &text,
            &[
                "Session summary",
                JOINT_NOTE,
                "Amira Ahmed, Ben Brown",
                "Partial agreement",
                "The joint record",
            ],
            &[
                PRIVATE_A,
                PRIVATE_B,
                MEDIATOR_ONLY,
                SCREENING,
                DECLINE_REASONS,
            ],
        );
        summaries.push(text.replace(&text[text.find("Made on").unwrap()..][..40], ""));
        let (status, text) = pdf(
            w,
            cookie,
            "/court-report.pdf",
            &format!("court-report-{who}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        check(
            &format!("the court report for {who}"),
            &text,
            &[
                "Report to the court",
                "Partly settled",
                "Amira Ahmed, Ben Brown",
            ],
            &[
                PRIVATE_A,
                PRIVATE_B,
                MEDIATOR_ONLY,
                SCREENING,
                DECLINE_REASONS,
                JOINT_NOTE,
                AGREED,
            ],
        );
    }
    assert!(
        summaries.windows(2).all(|p| p[0] == p[1]),
        "the summary differs by reader"
    );
}

#[tokio::test]
async fn a_document_names_the_version_and_hash_its_reader_can_check() {
    let s = story().await;
    let w = &s.w;
    let version = w.version(&s.amira).await;
    let (_, text) = pdf(w, &s.amira, "/memorandum.pdf", "memorandum-version").await;
    assert!(
        text.contains(&format!("version {version}")),
        "Amira's version {version}: {text}"
    );
    let hex = |t: &str| -> String {
        t.split_whitespace()
            .rev()
            .find(|w| w.len() == 64 && w.chars().all(|c| c.is_ascii_hexdigit()))
            .unwrap_or_default()
            .to_owned()
    };
    let before = hex(&text);
    assert_eq!(before.len(), 64, "{text}");
    // A note only the mediator reads moves neither Amira's version nor her document's hash;
    // a joint one moves both.
    w.mediate(Command::AddNote {
        note: NoteId::new_v7(),
        text: text_of("Mediator only, later"),
        audience: Audience::MediatorOnly,
        about_session: None,
    });
    let (_, after_private) = pdf(w, &s.amira, "/memorandum.pdf", "memorandum-private").await;
    assert_eq!(
        hex(&after_private),
        before,
        "a private event moved Amira's document"
    );
    w.mediate(Command::AddNote {
        note: NoteId::new_v7(),
        text: text_of("For everyone, later"),
        audience: Audience::Everyone,
        about_session: None,
    });
    let (_, after_joint) = pdf(w, &s.amira, "/memorandum.pdf", "memorandum-joint").await;
    assert_ne!(hex(&after_joint), before);
    assert!(
        after_joint.contains(&format!("version {}", version + 1)),
        "{after_joint}"
    );
}

fn text_of(s: &str) -> accord_core::text::Text {
    text(s)
}

#[tokio::test]
async fn letter_paper_on_request_a_bad_paper_named_and_no_document_for_a_coordinator() {
    let s = story().await;
    let w = &s.w;
    let bad = w
        .call(
            Method::GET,
            &format!("/cases/{}/memorandum.pdf?paper=a5", w.case),
            Some(&s.maya),
            &[],
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json["field"], "paper", "{}", bad.json);
    let (status, _) = pdf(
        w,
        &s.maya,
        "/court-report.pdf?paper=letter",
        "court-report-letter",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let cora = w.sign_in("cora@h.example").await;
    let (status, text) = pdf(w, &cora, "/memorandum.pdf", "memorandum-coordinator").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    let (status, text) = pdf(w, &cora, "/court-report.pdf", "court-report-coordinator").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        !text.contains(AGREED) && !text.contains(JOINT_NOTE),
        "{text}"
    );
    // Without its typesetter a server says so instead of failing.
    let plain = World::new();
    let maya = plain.sign_in("maya@h.example").await;
    let (status, text) = pdf(&plain, &maya, "/court-report.pdf", "none").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert!(text.contains("documents-unavailable"), "{text}");
}
