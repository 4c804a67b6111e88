//! A long case's view holds its latest notes, and the rest a page at a time: every note the
//! viewer may see exactly once, in order, and none it may not (not even in the counts).

mod common;

use accord_core::case::{Audience, Command};
use accord_core::ids::NoteId;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::Value;

#[tokio::test]
async fn a_partys_notes_come_a_page_at_a_time_and_count_only_what_it_may_see() {
    let w = World::new();
    let a = w.join(w.party_a, "amira@h.example").await;
    let b = w.join(w.party_b, "ben@h.example").await;
    for i in 0..60 {
        w.note(&a, &format!("A-{i:02}"), private_to(w.party_a))
            .await;
    }
    for i in 0..30 {
        w.note(&b, &format!("B-{i:02}"), private_to(w.party_b))
            .await;
    }
    for i in 0..20 {
        w.mediate(Command::AddNote {
            note: NoteId::new_v7(),
            text: text(&format!("J-{i:02}")),
            audience: Audience::Everyone,
            about_session: None,
        });
    }
    let case = w.case;
    let texts = |notes: &Value| -> Vec<String> {
        notes
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["text"].as_str().unwrap().to_owned())
            .collect()
    };
    for (cookie, mine, total) in [(&a, "A-", 80), (&b, "B-", 50)] {
        let shown = w
            .call(
                Method::GET,
                &format!("/cases/{case}"),
                Some(cookie),
                &[],
                None,
            )
            .await
            .json;
        let page = &shown["view"]["notes_page"];
        assert_eq!(page["total"], total, "{mine}: counts only what it may see");
        assert_eq!(page["shown"], 50);
        let mut all = texts(&shown["view"]["case"]["notes"]);
        let mut cursor = page["older"].as_str().map(str::to_owned);
        while let Some(before) = cursor {
            let older = w
                .call(
                    Method::GET,
                    &format!("/cases/{case}/notes?before={before}&limit=25"),
                    Some(cookie),
                    &[],
                    None,
                )
                .await;
            assert_eq!(older.status, StatusCode::OK, "{}", older.json);
            let mut earlier = texts(&older.json["notes"]);
            earlier.append(&mut all);
            all = earlier;
            cursor = older.json["older"].as_str().map(str::to_owned);
        }
        assert_eq!(all.len(), total, "{mine}: every note once");
        let expected: Vec<String> = (0..if mine == "A-" { 60 } else { 30 })
            .map(|i| format!("{mine}{i:02}"))
            .chain((0..20).map(|i| format!("J-{i:02}")))
            .collect();
        assert_eq!(
            all, expected,
            "{mine}: in order, and nothing of the other party"
        );
    }
    // Another party's note is no cursor for B: the answer does not say it exists.
    let shown = w
        .call(Method::GET, &format!("/cases/{case}"), Some(&a), &[], None)
        .await
        .json;
    let a_note = shown["view"]["case"]["notes"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let probe = w
        .call(
            Method::GET,
            &format!("/cases/{case}/notes?before={a_note}"),
            Some(&b),
            &[],
            None,
        )
        .await;
    assert_eq!(probe.status, StatusCode::BAD_REQUEST);
    assert_eq!(probe.json["field"], "before");
    let unknown = w
        .call(
            Method::GET,
            &format!("/cases/{case}/notes?before={}", NoteId::new_v7()),
            Some(&b),
            &[],
            None,
        )
        .await;
    assert_eq!(
        (
            unknown.status,
            unknown.json["message"]
                .as_str()
                .map(|m| m.contains("not a note"))
        ),
        (
            probe.status,
            probe.json["message"]
                .as_str()
                .map(|m| m.contains("not a note"))
        ),
        "another party's note and no note at all answer alike"
    );
}
