//! Who opened which private note or debrief, and when: logged by every read that hands one
//! over, shown to the case's mediators only, one entry per account and record in ten minutes.

mod common;

use accord_core::case::{Audience, Command};
use accord_core::ids::NoteId;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::Value;

fn log_path(w: &World) -> String {
    format!("/cases/{}/access-log", w.case)
}

async fn entries(w: &World, cookie: &str) -> Vec<Value> {
    let got = w
        .call(Method::GET, &log_path(w), Some(cookie), &[], None)
        .await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.json);
    got.json["entries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn each_opening_of_a_private_note_is_logged_for_the_mediators_alone() {
    let w = World::new();
    let a = w.join(w.party_a, "amira@h.example").await;
    let b = w.join(w.party_b, "ben@h.example").await;
    let maya = w.sign_in("maya@h.example").await;
    let cora = w.sign_in("cora@h.example").await;
    let wrote = w.note(&a, "A's caucus note", private_to(w.party_a)).await;
    assert_eq!(wrote.status, StatusCode::CREATED, "{}", wrote.json);
    w.mediate(Command::AddNote {
        note: NoteId::new_v7(),
        text: text("For everyone"),
        audience: Audience::Everyone,
        about_session: None,
    });
    let before = entries(&w, &maya).await.len();

    // Ben's view holds no private note of his: nothing is logged for him.
    let case = format!("/cases/{}", w.case);
    assert_eq!(
        w.call(Method::GET, &case, Some(&b), &[], None).await.status,
        StatusCode::OK
    );
    // Amira opens her caucus note twice in ten minutes: one entry.
    for _ in 0..2 {
        assert_eq!(
            w.call(Method::GET, &case, Some(&a), &[], None).await.status,
            StatusCode::OK
        );
    }
    let log = entries(&w, &maya).await;
    assert_eq!(log.len(), before + 1, "{log:#?}");
    let newest = &log[0];
    assert_eq!(newest["by"], "Amira Ahmed");
    assert_eq!(newest["what"], "Caucus note with Amira Ahmed");
    assert_eq!(newest["via"], "case view (API)");
    assert_eq!(newest["record"]["kind"], "caucus-note");
    assert_eq!(newest["record"]["note"], wrote.json["id"]);
    assert!(
        newest["at"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    // The log names no text of the note.
    assert!(
        !serde_json::to_string(&log)
            .unwrap()
            .contains("A's caucus note")
    );

    // The web case page is a route of its own.
    let page = page(&w, Method::GET, &case, Some(&a), &[], &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(entries(&w, &maya).await[0]["via"], "case page");

    // Only the case's mediators read the log: not the parties, not a coordinator.
    for cookie in [&a, &b, &cora] {
        let refused = w
            .call(Method::GET, &log_path(&w), Some(cookie), &[], None)
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.json);
    }
}

#[tokio::test]
async fn an_export_logs_every_private_record_and_the_log_pages_back() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    for i in 0..3 {
        w.mediate(Command::AddNote {
            note: NoteId::new_v7(),
            text: text(&format!("private {i}")),
            audience: Audience::MediatorOnly,
            about_session: None,
        });
    }
    let export = w
        .call(
            Method::GET,
            &format!("/cases/{}/export", w.case),
            Some(&maya),
            &[],
            None,
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let log = entries(&w, &maya).await;
    let exported: Vec<_> = log.iter().filter(|e| e["via"] == "export").collect();
    assert_eq!(exported.len(), 3, "{log:#?}");
    assert!(
        exported
            .iter()
            .all(|e| e["what"] == "Mediator's private note")
    );

    // A page of one names the cursor for the entries before it.
    let one = w
        .call(
            Method::GET,
            &format!("{}?limit=1", log_path(&w)),
            Some(&maya),
            &[],
            None,
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.json["older"].is_string(), "{}", one.json);
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("before=yesterday", "before"),
    ] {
        let bad = w
            .call(
                Method::GET,
                &format!("{}?{query}", log_path(&w)),
                Some(&maya),
                &[],
                None,
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}: {}", bad.json);
        assert_eq!(bad.json["field"], field, "{query}");
    }
}
