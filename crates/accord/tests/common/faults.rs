//! What the I/O fault tests share: a mediator signed in to a running server, notes sent
//! under Idempotency-Keys, and the answers a fault gives.
#![allow(dead_code)] // each test file uses part of it

use super::server::Running;
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use std::process::Command;
use std::time::{Duration, Instant};

pub const EMAIL: &str = "maya@faults.example";
pub const PASSWORD: &str = "mediator-password";

pub fn accord(url: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["--database", url])
        .args(args)
        .env("ACCORD_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "accord {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn add_mediator(url: &str) {
    accord(
        url,
        &[
            "user",
            "add",
            "--email",
            EMAIL,
            "--name",
            "Maya Patel",
            "--role",
            "mediator",
        ],
    );
}

pub fn signed_in(server: &Running) -> Client {
    let client = Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let r = client
        .post(server.url("/session"))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    client
}

pub fn open_case(client: &Client, server: &Running) -> String {
    let r: Value = client
        .post(server.url("/cases"))
        .json(
            &json!({"title": "Elm Road", "dispute_type": "neighbour-community",
                      "jurisdiction": "england-wales", "time_zone": "Europe/London"}),
        )
        .send()
        .unwrap()
        .json()
        .unwrap();
    r["case"].as_str().unwrap().to_owned()
}

/// A joint note of `size` characters under `key`.
pub fn note(client: &Client, server: &Running, case: &str, key: &str, size: usize) -> Response {
    let text = format!("{key} {}", "x".repeat(size));
    client
        .post(server.url(&format!("/cases/{case}/notes")))
        .header("Idempotency-Key", key)
        .json(&json!({"text": text, "audience": {"kind": "everyone"}}))
        .send()
        .unwrap()
}

pub fn readyz(server: &Running) -> (u16, String) {
    let r = reqwest::blocking::get(format!("{}/readyz", server.base)).unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

/// The notes of the case, as its mediator sees them (the newest page).
pub fn notes(client: &Client, server: &Running, case: &str) -> Vec<String> {
    let r = client
        .get(server.url(&format!("/cases/{case}")))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200, "the case can be read");
    let view: Value = r.json().unwrap();
    view["view"]["case"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| key_of(&n["text"]))
        .collect()
}

/// The key a note was sent under: its first word.
pub fn key_of(text: &Value) -> String {
    let text = text.as_str().unwrap();
    text.split(' ').next().unwrap().to_owned()
}

/// Asserts a 503 that says why, as a person and a script would read it.
pub fn assert_unavailable(r: Response, reason: &str) {
    assert_eq!(r.status(), 503);
    assert_eq!(
        r.headers()["retry-after"],
        "5",
        "a 503 says when to try again"
    );
    let body: Value = r.json().unwrap();
    assert_eq!(body["error"], "database-unavailable", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(reason), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
}

pub fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let began = Instant::now();
    while !done() {
        assert!(
            began.elapsed() < Duration::from_secs(20),
            "{what}: not within 20 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
