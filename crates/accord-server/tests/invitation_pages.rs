//! Invitations to mediate through the pages: the mediator invites Ben with a date; Ben
//! declines on his portal with reasons he does not share (an answer without reasons is
//! refused beside the field); the mediator's page shows the decline and its reasons, Amira's
//! shows nothing of the reasons.

mod common;

use axum::http::{Method, StatusCode};
use common::*;

const ORIGIN: (&str, &str) = ("origin", "http://127.0.0.1:8080");
const REASONS: &str = "Not ready to be in the same process as Amira";

async fn get(w: &World, path: &str, session: &str) -> Page {
    page(w, Method::GET, path, Some(session), &[], &[]).await
}

async fn post(w: &World, path: &str, session: &str, form: &[(&str, &str)]) -> Page {
    page(w, Method::POST, path, Some(session), form, &[ORIGIN]).await
}

#[tokio::test]
async fn a_party_declines_in_writing_on_its_portal_and_its_reasons_stay_private() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let amira = w.join(w.party_a, "amira@party.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let case = format!("/cases/{}", w.case);
    let mediator_page = get(&w, &case, &maya).await;
    assert!(mediator_page.html.contains("Nobody has been invited yet."));
    let form = |html: &str| (hidden(html, "csrf"), hidden(html, "version"));
    let (csrf, version) = form(&mediator_page.html);
    let party = w.party_b.to_string();
    let invited = post(
        &w,
        &format!("{case}/mediation-invitations"),
        &maya,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("mediate-participant", &party),
            ("mediate-answer_by", "2030-01-08"),
        ],
    )
    .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.html);

    let portal = get(&w, &case, &ben).await;
    assert!(
        portal.html.contains("Your answer, by 8 January 2030"),
        "{}",
        portal.html
    );
    let (csrf, version) = form(&portal.html);
    let answer = format!("{case}/mediation-invitations/answer");
    let refused = post(
        &w,
        &answer,
        &ben,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("answer-kind", "decline"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.html);
    assert!(
        refused.html.contains("id=\"answer-text-error\""),
        "{}",
        refused.html
    );
    let declined = post(
        &w,
        &answer,
        &ben,
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("answer-kind", "decline"),
            ("answer-text", REASONS),
        ],
    )
    .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER, "{}", declined.html);

    let mediator_page = get(&w, &case, &maya).await;
    assert!(mediator_page.html.contains("Declined on"));
    assert!(mediator_page.html.contains(REASONS));
    let hers = get(&w, &case, &amira).await;
    assert!(
        hers.html.contains("Declined on"),
        "that Ben declined is joint"
    );
    assert!(!hers.html.contains(REASONS), "{}", hers.html);
    // Her own portal has no invitation of hers, so no answer form.
    assert!(!hers.html.contains("Send my answer"));
}
