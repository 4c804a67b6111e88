//! The review's findings on accounts and access: taking over an account through an
//! invitation, silent access, and credentials that outlive a sign-out everywhere.

mod common;

use accord_server::http;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use serde_json::{Value, json};
use tower::ServiceExt;

// ---- 1. account takeover through an invitation ---------------------------------------------

#[tokio::test]
async fn an_invitation_to_an_existing_account_never_checks_a_password() {
    let w = World::new();
    // A mediator invites the admin's e-mail and tries passwords with the token.
    let token = w.invite(w.party_b, "ada@h.example");
    for guess in ["wrong-password-1", PASSWORD] {
        let a = w
            .call(
                Method::POST,
                "/invitations/accept",
                None,
                &[],
                Some(json!({"token": token, "password": guess})),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.json);
        assert_eq!(a.json["error"], "sign-in-first");
        assert!(
            !a.headers.contains_key("set-cookie"),
            "no session, even for the right password"
        );
    }
    // The admin, signed in, accepts the same (unused) invitation.
    let admin = w.sign_in("ada@h.example").await;
    let a = w
        .call(
            Method::POST,
            "/invitations/accept",
            Some(&admin),
            &[],
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(a.json["user"]["email"], "ada@h.example");
    // Signed in as someone else, another's invitation is refused.
    let token = w.invite(w.party_a, "someone@h.example");
    let a = w
        .call(
            Method::POST,
            "/invitations/accept",
            Some(&admin),
            &[],
            Some(json!({"token": token, "password": PASSWORD})),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

// ---- 2. no silent access --------------------------------------------------------------------

#[tokio::test]
async fn every_change_of_access_is_in_the_case_and_first_reads_are_logged() {
    let w = World::new();
    let b = w.join(w.party_b, "ben@h.example").await;
    // The admin makes a mediator account and assigns it to the case.
    let admin = w.sign_in("ada@h.example").await;
    let made = w
        .call(
            Method::POST,
            "/users",
            Some(&admin),
            &[],
            Some(json!({"email": "mole@h.example", "name": "Moe Mole", "role": "mediator", "password": PASSWORD})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let case = w.case;
    let assigned = w
        .call(
            Method::POST,
            &format!("/cases/{case}/mediators"),
            Some(&admin),
            &[],
            Some(json!({"email": "mole@h.example"})),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::NO_CONTENT);
    // Ben, a party, sees who was given access, by whom.
    let seen = w
        .call(Method::GET, &format!("/cases/{case}"), Some(&b), &[], None)
        .await;
    let access = seen.json["view"]["case"]["access"].as_array().unwrap();
    let names: Vec<_> = access
        .iter()
        .map(|r| {
            format!(
                "{} {} by {} ({})",
                r["name"].as_str().unwrap(),
                r["access"]["kind"].as_str().unwrap(),
                r["by_name"].as_str().unwrap(),
                r["by"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "maya mediator by maya (opening)",
            "Ben Brown participant by maya (invitation)",
            "Moe Mole mediator by ada (admin)",
        ]
    );
    assert!(
        !seen.json.to_string().contains("mole@h.example"),
        "no e-mails"
    );
    // The new mediator reads; the case's mediators see when.
    let mole = w.sign_in("mole@h.example").await;
    let maya = w.sign_in("maya@h.example").await;
    let members = |cookie: String| {
        let w = &w;
        async move {
            w.call(
                Method::GET,
                &format!("/cases/{case}/members"),
                Some(&cookie),
                &[],
                None,
            )
            .await
            .json
        }
    };
    let read_by = |m: &Value, name: &str| {
        m.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["first_read_at"]
            .clone()
    };
    assert!(read_by(&members(maya.clone()).await, "Moe Mole").is_null());
    w.call(
        Method::GET,
        &format!("/cases/{case}"),
        Some(&mole),
        &[],
        None,
    )
    .await;
    assert!(read_by(&members(maya).await, "Moe Mole").is_string());
}

// ---- 3. signing out everywhere ---------------------------------------------------------------

#[tokio::test]
async fn signing_out_everywhere_revokes_tokens_and_calendar_feeds() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let token = w
        .call(
            Method::POST,
            "/tokens",
            Some(&maya),
            &[],
            Some(json!({"name": "script"})),
        )
        .await
        .json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed = w
        .call(
            Method::POST,
            "/calendar-feeds",
            Some(&maya),
            &[],
            Some(json!({"name": "phone"})),
        )
        .await
        .json["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed_path = feed.split("/calendar/").nth(1).unwrap().to_owned();
    let bearer = format!("Bearer {token}");
    let me = |auth: String| {
        let w = &w;
        async move {
            w.call(Method::GET, "/me", None, &[("authorization", &auth)], None)
                .await
                .status
        }
    };
    assert_eq!(me(bearer.clone()).await, StatusCode::OK);
    let ended = w
        .call(Method::DELETE, "/sessions", Some(&maya), &[], None)
        .await;
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(
        me(bearer).await,
        StatusCode::UNAUTHORIZED,
        "the API token is revoked"
    );
    let req = Request::builder()
        .uri(format!("/calendar/{feed_path}"))
        .body(Body::empty())
        .unwrap();
    let feed = http::router(w.api.clone()).oneshot(req).await.unwrap();
    assert_eq!(
        feed.status(),
        StatusCode::NOT_FOUND,
        "the feed URL is revoked"
    );
    // A password reset does the same.
    let maya = w.sign_in("maya@h.example").await;
    w.wb.accounts
        .reset_password("maya@h.example", "another-long-password")
        .unwrap();
    assert_eq!(
        w.call(Method::GET, "/me", Some(&maya), &[], None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
