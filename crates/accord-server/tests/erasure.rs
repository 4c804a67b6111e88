//! Erasure and export of a person over the API (GDPR Art. 15, 17, 20): a legal hold refuses
//! erasure with its reason and changes nothing; an erasure needs the password again; after
//! it the person's name and words read "[erased]" in every view, export and list row, on this
//! server and on another sharing the database; the account can no longer sign in; every
//! chain verifies; the other party's version moves by the one joint event only.

mod common;

use accord_core::case::{Audience, Viewer};
use accord_server::Cases;
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{Value, json};

const AMIRA: &str = "amira@party.example";

async fn erase_account(w: &World, admin: &str, account: &str, password: &str) -> Answer {
    w.call(
        Method::POST,
        &format!("/accounts/{account}/erasure"),
        Some(admin),
        &[],
        Some(json!({"basis": "Request by e-mail of 2026-12-07, GDPR Art. 17(1)(a)", "password": password})),
    )
    .await
}

async fn calendar(w: &World, who: &str) -> String {
    let path = format!("/cases/{}/calendar.ics", w.case);
    w.call(Method::GET, &path, Some(who), &[], None)
        .await
        .json
        .to_string()
}

fn shown(w: &World, viewer: Viewer) -> String {
    serde_json::to_string(&w.wb.cases.view(w.case, viewer).unwrap()).unwrap()
}

#[tokio::test]
async fn an_erased_account_is_gone_from_every_view_and_the_chain_still_verifies() {
    let w = World::new();
    let amira = w.join(w.party_a, AMIRA).await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let maya = w.sign_in("maya@h.example").await;
    let ada = w.sign_in("ada@h.example").await;
    let case = w.case;
    for (who, text, audience) in [
        (
            &amira,
            "I am moving to 4 Harbour Lane in March",
            private_to(w.party_a),
        ),
        (
            &amira,
            "Thank you all for today",
            json!({"kind": "everyone"}),
        ),
        (
            &ben,
            "Ben's own worry, for the mediator",
            private_to(w.party_b),
        ),
        (
            &maya,
            "Amira seemed tired; Ben Brown was calm",
            json!({"kind": "mediator-only"}),
        ),
    ] {
        let a = w.note(who, text, audience).await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.json);
    }

    let deadline = w
        .call(
            Method::POST,
            &format!("/cases/{case}/deadlines"),
            Some(&maya),
            &[],
            Some(json!({"kind": "filing-deadline", "label": "Amira Ahmed's statement", "on": "2027-01-15"})),
        )
        .await;
    assert_eq!(deadline.status, StatusCode::CREATED, "{}", deadline.json);
    assert!(calendar(&w, &ben).await.contains("Amira Ahmed"));
    let reminders = |w: &World| {
        w.wb.cases
            .store()
            .outbox(Some(&w.case.to_string()))
            .unwrap()
            .into_iter()
            .map(|r| format!("{} {}", r.subject, r.body))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(reminders(&w).contains("Amira Ahmed's statement"));

    // Her own data, signed in: hers and what was addressed to her party; nothing of Ben's
    // private note or of the mediator's own.
    let mine = w
        .call(Method::GET, "/me/personal-data", Some(&amira), &[], None)
        .await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.json);
    let text = mine.json.to_string();
    assert_eq!(mine.json["account"]["email"], AMIRA);
    assert!(text.contains("4 Harbour Lane") && text.contains("Thank you all"));
    assert!(!text.contains("Ben's own worry") && !text.contains("seemed tired"));
    assert!(!text.contains("\"seq\""), "no sequence numbers: {text}");
    assert_eq!(
        mine.headers["content-disposition"],
        "attachment; filename=\"accord-personal-data.json\""
    );

    let account = w.wb.cases.store().user_by_email(AMIRA).unwrap().unwrap().id;
    // Another server on the same database, its cache warm.
    let other = Cases::new(w.wb.cases.store().clone());
    assert!(
        serde_json::to_string(&other.view(case, Viewer::Mediator).unwrap())
            .unwrap()
            .contains("Amira")
    );

    // A legal hold refuses, naming the case and the reason, and nothing changes.
    let hold = w
        .call(
            Method::POST,
            &format!("/cases/{case}/legal-hold"),
            Some(&maya),
            &[],
            Some(json!({"reason": "Application FD26P00123 pending"})),
        )
        .await;
    assert_eq!(hold.status, StatusCode::OK, "{}", hold.json);
    let before = shown(&w, Viewer::Mediator);
    let refused = erase_account(&w, &ada, &account, PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json["error"], "legal-hold");
    assert_eq!(
        refused.json["message"],
        "the case is under a legal hold (case “Ahmed & Brown”): \
         nothing in it may be erased until the hold is lifted"
    );
    // An admin sees case metadata only: not the hold's reason, which its mediator wrote.
    assert!(!refused.json.to_string().contains("FD26P00123"));
    assert_eq!(shown(&w, Viewer::Mediator), before);
    w.sign_in(AMIRA).await;

    let lift = w
        .call(
            Method::POST,
            &format!("/cases/{case}/legal-hold/lift"),
            Some(&maya),
            &[],
            Some(json!({"reason": "Proceedings concluded"})),
        )
        .await;
    assert_eq!(lift.status, StatusCode::OK, "{}", lift.json);

    // Only an admin, and only with the password again.
    let by_mediator = erase_account(&w, &maya, &account, PASSWORD).await;
    assert_eq!(by_mediator.status, StatusCode::FORBIDDEN);
    let no_password = erase_account(&w, &ada, &account, "").await;
    assert_eq!(no_password.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_password.json["field"], "password");

    let ben_before = w.version(&ben).await;
    let done = erase_account(&w, &ada, &account, PASSWORD).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json["cases"], json!([case.to_string()]));
    assert!(done.json.get("payloads_redacted").is_none());

    // The person is gone: from each view, the case list, the export, the other server.
    for viewer in [Viewer::Mediator, Viewer::Participant(w.party_b)] {
        let seen = shown(&w, viewer);
        for word in ["Amira", "Ahmed", "Harbour Lane", "Thank you all"] {
            assert!(!seen.contains(word), "{viewer:?} still sees {word}: {seen}");
        }
        assert!(seen.contains("[erased]"));
    }
    assert!(shown(&w, Viewer::Mediator).contains("Ben's own worry"));
    assert!(shown(&w, Viewer::Mediator).contains("[erased] seemed tired; Ben Brown was calm"));
    let elsewhere = serde_json::to_string(&other.view(case, Viewer::Mediator).unwrap()).unwrap();
    assert!(!elsewhere.contains("Amira"), "{elsewhere}");
    let list = w.call(Method::GET, "/cases", Some(&ben), &[], None).await;
    assert!(!list.json.to_string().contains("Ahmed"), "{}", list.json);
    let export = w
        .call(
            Method::GET,
            &format!("/cases/{case}/export"),
            Some(&maya),
            &[],
            None,
        )
        .await;
    let lines = export.json.as_str().unwrap().to_owned();
    assert!(!lines.contains("Amira") && !lines.contains("Harbour"));
    let mail = reminders(&w);
    assert!(
        !mail.contains("Amira") && mail.contains("[erased]'s statement"),
        "{mail}"
    );
    let ics = calendar(&w, &ben).await;
    assert!(!ics.contains("Amira") && ics.contains("[erased]"), "{ics}");
    let report = w.wb.cases.verify(|_, _| {}).unwrap();
    assert!(report.broken.is_empty(), "{:?}", report.broken);

    // Ben saw one event more: the joint erasure, not the private ones.
    assert_eq!(w.version(&ben).await, ben_before + 1);
    let history = w.wb.cases.history(case).unwrap();
    let erasures: Vec<Audience> = history
        .iter()
        .filter(|r| r.event.name() == "PayloadsRedacted")
        .map(|r| r.audience)
        .collect();
    assert_eq!(
        erasures,
        [
            Audience::Everyone,
            Audience::PartyAndMediator { party: w.party_a },
            Audience::MediatorOnly
        ]
    );

    // The account: no sign-in, no session, its address forgotten.
    let me = w.call(Method::GET, "/me", Some(&amira), &[], None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let again = w
        .call(
            Method::POST,
            "/session",
            None,
            &[],
            Some(json!({"email": AMIRA, "password": PASSWORD})),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    let row = w.wb.cases.store().user_by_id(&account).unwrap().unwrap();
    assert_eq!((row.name.as_str(), row.password_hash), ("[erased]", None));
    assert!(row.email.ends_with("@erased.invalid"));

    // Erasing again finds nothing left to erase in the case.
    let twice = erase_account(&w, &ada, &account, PASSWORD).await;
    assert_eq!(twice.status, StatusCode::OK, "{}", twice.json);
    assert_eq!(twice.json["cases"], json!([]));
}

#[tokio::test]
async fn a_mediator_erases_a_participant_without_an_account_and_nobody_else_may() {
    let w = World::new();
    let ben = w.join(w.party_b, "ben@party.example").await;
    let maya = w.sign_in("maya@h.example").await;
    let case = w.case;
    let path = format!("/cases/{case}/participants/{}/erasure", w.party_a);
    let body = |password: &str| Some(json!({"basis": "Art. 17 request", "password": password}));

    let by_party = w
        .call(Method::POST, &path, Some(&ben), &[], body(PASSWORD))
        .await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN, "{}", by_party.json);
    let wrong = w
        .call(Method::POST, &path, Some(&maya), &[], body("not it"))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json["field"], "password");
    let bad_basis = w
        .call(
            Method::POST,
            &path,
            Some(&maya),
            &[],
            Some(json!({"basis": " ", "password": PASSWORD})),
        )
        .await;
    assert_eq!(bad_basis.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_basis.json["field"], "basis");

    let done = w
        .call(Method::POST, &path, Some(&maya), &[], body(PASSWORD))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(
        done.json["payloads_redacted"],
        Value::from(2),
        "{}",
        done.json
    );
    assert!(!shown(&w, Viewer::Participant(w.party_b)).contains("Amira"));
    let again = w
        .call(Method::POST, &path, Some(&maya), &[], body(PASSWORD))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.json["error"], "already-erased");
}
