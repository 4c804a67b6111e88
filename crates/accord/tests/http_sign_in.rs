//! Signing in and writing, end to end against the real `accord serve`: a write a browser sends
//! from another site is refused (login CSRF included), and sign-in limits that an attacker at
//! another address cannot turn against the account's owner.

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use serde_json::json;

mod common;
use common::one_mediator::{EMAIL, credentials, json_of, start};
use common::smtp::Inbox;

/// Asserts that `r` is the cross-origin refusal and sets no cookie.
fn refused(r: Response, what: &str) {
    assert!(!r.headers().contains_key("set-cookie"), "{what}");
    let (status, body) = json_of(r);
    assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {body}");
    assert_eq!(body["error"], "cross-origin", "{what}");
    assert!(body["message"].is_string(), "{what}");
}

#[test]
fn a_write_from_another_site_is_refused_and_a_cross_site_sign_in_signs_nobody_in() {
    let (inbox, smtp) = Inbox::start();
    let server = start(&["--smtp-url", &smtp]);
    let client = Client::new();
    let session = server.url("/session");
    let evil = "https://evil.example";
    let post = || client.post(&session).json(&credentials());
    refused(post().header("Origin", evil).send().unwrap(), "Origin");
    refused(
        post().header("Origin", "null").send().unwrap(),
        "Origin: null",
    );
    refused(
        post()
            .header("Referer", format!("{evil}/page"))
            .send()
            .unwrap(),
        "Referer",
    );
    refused(
        post()
            .header("Sec-Fetch-Site", "cross-site")
            .send()
            .unwrap(),
        "Sec-Fetch-Site",
    );
    // Scripts send neither header; Accord's own pages send its origin.
    assert_eq!(post().send().unwrap().status(), StatusCode::OK);
    assert_eq!(
        post()
            .header("Origin", &server.base)
            .send()
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let referer = format!("{}/sign-in", server.base);
    assert_eq!(
        post().header("Referer", referer).send().unwrap().status(),
        StatusCode::OK
    );

    // Login CSRF through the e-mailed link's form: the attacker's own link, posted from their
    // site, must not sign the victim's browser into the attacker's account.
    let asked = client
        .post(server.url("/sign-in-links"))
        .json(&json!({"email": EMAIL}))
        .send();
    assert_eq!(asked.unwrap().status(), StatusCode::ACCEPTED);
    let mail = inbox.wait_for(1).remove(0);
    let token = mail
        .split_once("token=")
        .unwrap()
        .1
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let form = || {
        client
            .post(format!("{}/sign-in", server.base))
            .form(&[("token", &token)])
    };
    refused(
        form().header("Origin", evil).send().unwrap(),
        "the sign-in form",
    );
    let no_redirects = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let own = no_redirects
        .post(format!("{}/sign-in", server.base))
        .header("Origin", &server.base)
        .form(&[("token", &token)])
        .send()
        .unwrap();
    assert_eq!(
        own.status(),
        StatusCode::SEE_OTHER,
        "the link still works from Accord's page"
    );
    assert!(own.headers().contains_key("set-cookie"));

    // A cookie-authenticated write from another site is refused; a Bearer token's is not.
    let maya = Client::builder().cookie_store(true).build().unwrap();
    assert_eq!(
        maya.post(&session)
            .json(&credentials())
            .send()
            .unwrap()
            .status(),
        200
    );
    let tokens = server.url("/tokens");
    let cross = maya
        .post(&tokens)
        .header("Origin", evil)
        .json(&json!({"name": "x"}))
        .send();
    refused(cross.unwrap(), "a cookie-authenticated POST");
    refused(
        maya.delete(&session).header("Origin", evil).send().unwrap(),
        "DELETE /session",
    );
    let (status, created) = json_of(
        maya.post(&tokens)
            .json(&json!({"name": "script"}))
            .send()
            .unwrap(),
    );
    assert_eq!(status, StatusCode::CREATED);
    let bearer = Client::new()
        .post(&tokens)
        .bearer_auth(created["token"].as_str().unwrap())
        .header("Origin", evil)
        .json(&json!({"name": "from a script"}))
        .send()
        .unwrap();
    assert_eq!(bearer.status(), StatusCode::CREATED);
    // Reading is never refused.
    let read = maya
        .get(server.url("/me"))
        .header("Origin", evil)
        .send()
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
}

#[test]
fn the_public_urls_origin_counts_as_this_site_behind_a_proxy() {
    let server = start(&["--public-url", "https://accord.example/"]);
    let post = |origin: &str| {
        let r = Client::new()
            .post(server.url("/session"))
            .header("Origin", origin)
            .json(&credentials());
        r.send().unwrap().status()
    };
    assert_eq!(post("https://accord.example"), StatusCode::OK);
    assert_eq!(post("http://accord.example"), StatusCode::FORBIDDEN);
    assert_eq!(
        post("https://accord.example.evil.example"),
        StatusCode::FORBIDDEN
    );
}

/// A client whose connections come from `ip` (any 127.x.y.z is this machine on Linux).
fn client_from(ip: &str) -> Client {
    Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

#[test]
fn an_attacker_guessing_from_elsewhere_cannot_lock_the_owner_out() {
    let server = start(&[]);
    let session = server.url("/session");
    let attacker = client_from("127.0.0.2");
    let guess = json!({"email": EMAIL, "password": "a-wrong-guess"});
    let mut refused = None;
    for attempt in 1..=10 {
        let status = attacker
            .post(&session)
            .json(&guess)
            .send()
            .unwrap()
            .status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(attempt);
            break;
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(refused, Some(6), "five guesses a minute from one address");
    // Even the right password is refused from the attacker's address for now ...
    let again = attacker.post(&session).json(&credentials()).send().unwrap();
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    // ... but the owner, from her own address, signs in.
    let owner = client_from("127.0.0.3");
    let (status, body) = json_of(owner.post(&session).json(&credentials()).send().unwrap());
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["email"], EMAIL);
}
