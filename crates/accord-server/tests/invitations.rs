//! Invitations to mediate answered in writing, over the API: Ben declines with reasons he
//! keeps between himself and the mediator — Amira reads that he declined, never why; and an
//! invitation left unanswered past its date is recorded as such once, however many servers
//! sweep at the same moment (on SQLite and, where one answers, PostgreSQL).

mod common;

use accord_core::case::Event;
use accord_core::case::invitation::{InvitationStatus, latest};
use accord_server::Cases;
use accord_server::invitations::record_unanswered;
use accord_store::scratch::{ScratchDatabase, admin_url};
use accord_store::{Create, DatabaseUrl, Store};
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

const REASONS: &str = "I do not feel able to sit in a process with Amira yet";

#[tokio::test]
async fn a_written_decline_is_known_to_the_other_side_and_its_reasons_are_not() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let amira = w.join(w.party_a, "amira@party.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let path = |p: &str| format!("/cases/{}{p}", w.case);
    let invited = w
        .call(
            Method::POST,
            &path("/mediation-invitations"),
            Some(&maya),
            &[],
            Some(json!({"participant": w.party_b, "answer_by": "2030-01-08"})),
        )
        .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.json);
    let answer = path(&format!("/mediation-invitations/{}/answer", w.party_b));
    let by_amira = w
        .call(
            Method::POST,
            &answer,
            Some(&amira),
            &[],
            Some(json!({"kind": "accept"})),
        )
        .await;
    assert_eq!(
        by_amira.status,
        StatusCode::FORBIDDEN,
        "Amira cannot answer for Ben"
    );
    let no_reasons = w
        .call(
            Method::POST,
            &answer,
            Some(&ben),
            &[],
            Some(json!({"kind": "decline"})),
        )
        .await;
    assert_eq!(
        no_reasons.status,
        StatusCode::BAD_REQUEST,
        "{}",
        no_reasons.json
    );
    assert_eq!(no_reasons.json["field"], "text");
    let declined = w
        .call(
            Method::POST,
            &answer,
            Some(&ben),
            &[],
            Some(json!({"kind": "decline", "text": REASONS})),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.json);

    let hers = w
        .call(Method::GET, &path(""), Some(&amira), &[], None)
        .await;
    let invitation = &hers.json["view"]["case"]["invitations"][0];
    assert_eq!(invitation["status"], "answered");
    assert_eq!(invitation["kind"], "decline");
    assert!(!hers.json.to_string().contains(REASONS), "{}", hers.json);
    for who in [&ben, &maya] {
        let theirs = w.call(Method::GET, &path(""), Some(who), &[], None).await;
        assert_eq!(
            theirs.json["view"]["case"]["invitations"][0]["text"],
            REASONS
        );
    }
}

fn open(url: &DatabaseUrl) -> Cases {
    Cases::new(Store::open(url, Create::IfMissing).unwrap())
}

/// Four servers on one database sweep at once: "no answer" is recorded once.
fn recorded_once(url: DatabaseUrl, dir: tempfile::TempDir) {
    let w = World::on(&url, dir);
    // Asked for by tomorrow (a day already past is refused); the servers sweep two days on.
    let london = jiff::tz::TimeZone::get("Europe/London").unwrap();
    let answer_by = jiff::Timestamp::now()
        .to_zoned(london.clone())
        .date()
        .tomorrow()
        .unwrap();
    w.mediate(accord_core::case::Command::InviteToMediation {
        participant: w.party_b,
        answer_by,
    });
    let now = answer_by
        .saturating_add(jiff::ToSpan::days(2))
        .at(9, 0, 0, 0)
        .to_zoned(london)
        .unwrap()
        .timestamp();
    let servers: Vec<Cases> = (0..4).map(|_| open(&url)).collect();
    let recorded: usize = std::thread::scope(|s| {
        let passes: Vec<_> = servers
            .iter()
            .map(|cases| s.spawn(move || record_unanswered(cases, now).unwrap()))
            .collect();
        passes.into_iter().map(|p| p.join().unwrap()).sum()
    });
    assert_eq!(recorded, 1);
    let history = w.wb.cases.history(w.case).unwrap();
    let lapses = history
        .iter()
        .filter(|r| matches!(r.event, Event::InvitationLapsed { .. }))
        .count();
    assert_eq!(lapses, 1);
    assert!(matches!(
        latest(&history.state, w.party_b).unwrap().status,
        InvitationStatus::Lapsed { .. }
    ));
    // A later pass finds nothing to do; one before the date would have found nothing either.
    assert_eq!(record_unanswered(&servers[0], now).unwrap(), 0);
}

#[test]
fn an_unanswered_invitation_is_recorded_once_whatever_the_number_of_servers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    recorded_once(DatabaseUrl::Sqlite { path }, dir);
}

#[test]
fn an_unanswered_invitation_is_recorded_once_on_postgresql_too() {
    let db = ScratchDatabase::create(&admin_url()).unwrap();
    let url = DatabaseUrl::parse(&db.url()).unwrap();
    recorded_once(url, tempfile::tempdir().unwrap());
    drop(db);
}
