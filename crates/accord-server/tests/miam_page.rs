//! A party's MIAM through the pages: the mediator records it (a missing field refused beside
//! it, what was typed kept) and issues the confirmation; the party's portal shows the last day
//! it supports an application, which is in her due list; the other party's page, view and due
//! list hold nothing of it.

mod common;

use axum::http::{Method, StatusCode};
use common::*;

const ORIGIN: (&str, &str) = ("origin", "http://127.0.0.1:8080");
const FMC: &str = "FMC-4521";

async fn get(w: &World, path: &str, session: &str) -> Page {
    page(w, Method::GET, path, Some(session), &[], &[]).await
}

#[tokio::test]
async fn the_mediator_records_a_miam_and_its_confirmation_reaches_its_party_alone() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let amira = w.join(w.party_a, "amira@party.example").await;
    let ben = w.join(w.party_b, "ben@party.example").await;
    let case_path = format!("/cases/{}", w.case);
    let shown = get(&w, &case_path, &maya).await;
    assert!(shown.html.contains("Record a MIAM"));
    let (csrf, version) = (hidden(&shown.html, "csrf"), hidden(&shown.html, "version"));
    let party = w.party_a.to_string();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("miam-party", party.as_str()),
        ("miam-attended_on", "2026-11-20"),
        ("miam-minutes", "50"),
        ("miam-mediator", "Maya Patel"),
        ("miam-fmc_number", ""),
        ("miam-online", "true"),
        ("miam-assessment", "other-party-declined"),
    ];
    let post = |form: Vec<(&'static str, &str)>, path: String| {
        let (w, maya) = (&w, maya.clone());
        let form: Vec<(String, String)> = form
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        async move {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            page(w, Method::POST, &path, Some(&maya), &form, &[ORIGIN]).await
        }
    };
    let refused = post(form.clone(), format!("{case_path}/miam")).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.html);
    assert!(
        refused.html.contains("id=\"miam-fmc_number-error\""),
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains("value=\"Maya Patel\""),
        "what was typed is kept"
    );

    form[6] = ("miam-fmc_number", FMC);
    let recorded = post(form, format!("{case_path}/miam")).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.html);
    let shown = get(&w, &case_path, &maya).await;
    assert!(
        shown
            .html
            .contains("20 November 2026, 50 minutes, online, alone, with Maya Patel (FMC-4521)")
    );
    let (csrf, version) = (hidden(&shown.html, "csrf"), hidden(&shown.html, "version"));
    let confirmed = post(
        vec![("csrf", csrf.as_str()), ("version", version.as_str())],
        format!("{case_path}/miam/{party}/confirmation"),
    )
    .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.html
    );

    let portal = get(&w, &case_path, &amira).await;
    assert!(portal.html.contains("Your MIAM"), "{}", portal.html);
    assert!(
        portal
            .html
            .contains("on or before <strong>20 March 2027</strong>")
    );
    let due = w
        .call(
            Method::GET,
            &format!("{case_path}/due"),
            Some(&amira),
            &[],
            None,
        )
        .await;
    assert!(
        due.json.to_string().contains("miam-expires"),
        "{}",
        due.json
    );

    let bens = get(&w, &case_path, &ben).await;
    // His own row says "Not recorded"; nothing of hers is there.
    assert!(bens.html.contains("Your MIAM") && bens.html.contains("Not recorded"));
    assert!(
        !bens.html.contains(FMC) && !bens.html.contains("20 March 2027"),
        "{}",
        bens.html
    );
    let bens_view = w.call(Method::GET, &case_path, Some(&ben), &[], None).await;
    assert_eq!(
        bens_view.json["view"]["case"]["miam"],
        serde_json::json!([])
    );
    let bens_due = w
        .call(
            Method::GET,
            &format!("{case_path}/due"),
            Some(&ben),
            &[],
            None,
        )
        .await;
    assert!(
        !bens_due.json.to_string().contains("miam"),
        "{}",
        bens_due.json
    );
}
