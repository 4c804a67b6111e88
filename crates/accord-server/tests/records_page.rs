//! The mediator's "Keeping and erasing" page: a legal hold placed and lifted through its form;
//! an erasure refused under the hold and with a wrong password, the problem beside the field
//! and nothing erased; then carried out, listed, and the name gone from the case page. Nobody
//! but the case's mediator may open the page.

mod common;

use axum::http::{Method, StatusCode};
use common::*;

const ORIGIN: (&str, &str) = ("origin", "http://127.0.0.1:8080");

async fn get(w: &World, path: &str, session: &str) -> Page {
    page(w, Method::GET, path, Some(session), &[], &[]).await
}

async fn post(w: &World, path: &str, session: &str, form: &[(&str, &str)]) -> Page {
    page(w, Method::POST, path, Some(session), form, &[ORIGIN]).await
}

#[tokio::test]
async fn a_mediator_holds_lifts_and_erases_through_the_records_page() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    // Amira has an account: her account's name is shown in the members and the access log.
    let amira = w.join(w.party_a, "amira@party.example").await;
    w.note(
        &amira,
        "Amira's note to the mediator",
        private_to(w.party_a),
    )
    .await;
    w.version(&amira).await; // she reads it back: an opening, in her account's name
    let log_before = get(&w, &format!("/cases/{}/access-log", w.case), &maya).await;
    assert!(
        log_before.html.contains("<td>Amira Ahmed</td>"),
        "{}",
        log_before.html
    );
    let records = format!("/cases/{}/records", w.case);

    let seen = get(&w, &records, &maya).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.html.contains("The case is not under a legal hold."));
    assert!(seen.html.contains("Amira Ahmed, party"));
    let by_party = get(&w, &records, &ben).await;
    assert_eq!(by_party.status, StatusCode::FORBIDDEN);
    assert!(!by_party.html.contains("Amira Ahmed, party"));

    let form = |html: &str| (hidden(html, "csrf"), hidden(html, "version"));
    let (csrf, version) = form(&seen.html);
    let placed = post(
        &w,
        &format!("{records}/hold"),
        &maya,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("hold-reason", "Application FD26P00123 pending"),
        ],
    )
    .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.html);
    let held = get(&w, &records, &maya).await;
    assert!(held.html.contains("Under a legal hold since"));
    assert!(held.html.contains("Application FD26P00123 pending"));

    let (csrf, version) = form(&held.html);
    let erase = |password: &'static str, csrf: String, version: String| {
        let path = format!("{records}/erase");
        let party = w.party_a.to_string();
        let (w, maya) = (&w, maya.clone());
        async move {
            post(
                w,
                &path,
                &maya,
                &[
                    ("csrf", &csrf),
                    ("version", &version),
                    ("erase-participant", &party),
                    ("erase-basis", "E-mail of 2026-12-07, GDPR Art. 17(1)(a)"),
                    ("erase-password", password),
                ],
            )
            .await
        }
    };
    let refused = erase(PASSWORD, csrf.clone(), version.clone()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.html.contains(
        "The case is under a legal hold (Application FD26P00123 pending): nothing in it may be erased until the hold is lifted."
    ), "{}", refused.html);
    assert!(
        refused.html.contains("E-mail of 2026-12-07"),
        "what was typed is kept"
    );

    let (csrf, version) = form(&refused.html);
    let lifted = post(
        &w,
        &format!("{records}/hold"),
        &maya,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("hold-reason", "Proceedings concluded"),
        ],
    )
    .await;
    assert_eq!(lifted.status, StatusCode::SEE_OTHER, "{}", lifted.html);

    let open = get(&w, &records, &maya).await;
    let (csrf, version) = form(&open.html);
    let wrong = erase("not my password", csrf.clone(), version.clone()).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong.html.contains("id=\"erase-password-error\""),
        "{}",
        wrong.html
    );
    assert!(
        !wrong.html.contains("not my password"),
        "a password is never shown again"
    );
    assert!(
        get(&w, &format!("/cases/{}", w.case), &maya)
            .await
            .html
            .contains("Amira Ahmed")
    );

    let done = erase(PASSWORD, csrf, version).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.html);
    let after = get(&w, &records, &maya).await;
    assert!(
        after
            .html
            .contains("E-mail of 2026-12-07, GDPR Art. 17(1)(a)")
    );
    assert!(!after.html.contains("Amira Ahmed, party"));
    let members = w
        .call(
            Method::GET,
            &format!("/cases/{}/members", w.case),
            Some(&maya),
            &[],
            None,
        )
        .await;
    assert!(
        !members.json.to_string().contains("Amira"),
        "{}",
        members.json
    );
    assert!(members.json.to_string().contains("[erased]"));
    let log = get(&w, &format!("/cases/{}/access-log", w.case), &maya).await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.html.contains("<td>[erased]</td>"), "{}", log.html);
    assert!(!log.html.contains("Amira"), "{}", log.html);
    for who in [&maya, &ben] {
        let case_page = get(&w, &format!("/cases/{}", w.case), who).await;
        assert_eq!(case_page.status, StatusCode::OK);
        assert!(!case_page.html.contains("Amira"), "{}", case_page.html);
        assert!(case_page.html.contains("[erased]"));
    }
}
