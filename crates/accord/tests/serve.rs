//! `accord serve` end to end: the real binary on a free loopback port, driven over HTTP by a
//! mediator and two parties who joined through invitations.

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};
use std::process::Command;
use std::sync::{Arc, Barrier};

mod common;
use common::server::{Backend, Database, Running};
use common::smtp::Inbox;

const PASSWORD: &str = "mediator-password";
const SECRET_A: &str = "SECRET-A: I could live with alternate weekends";
const SECRET_B: &str = "SECRET-B: my new job starts in March";
const SECRET_M: &str = "SECRET-M: a pilot schedule may unlock this";

/// `accord serve` on a fresh database of the given backend with one mediator account, with
/// `serve_flags` added.
fn start(backend: Backend, serve_flags: &[&str]) -> Running {
    let db = Database::fresh(backend);
    let added = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["--database", &db.url, "migrate"])
        .output()
        .unwrap();
    assert!(added.status.success());
    let added = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args([
            "--database",
            &db.url,
            "user",
            "add",
            "--email",
            "maya@e2e.example",
            "--name",
            "Maya Patel",
        ])
        .args(["--role", "mediator"])
        .env("ACCORD_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    Running::start(db, serve_flags)
}

/// One person's browser-like client: keeps its session cookie, and every body it received.
struct Person {
    client: Client,
    seen: std::sync::Mutex<Vec<String>>,
}

impl Person {
    fn new() -> Self {
        Self {
            client: Client::builder().cookie_store(true).build().unwrap(),
            seen: Default::default(),
        }
    }

    fn keep(&self, r: Response) -> (StatusCode, Value) {
        let status = r.status();
        let text = r.text().unwrap();
        self.seen.lock().unwrap().push(text.clone());
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    fn get(&self, url: &str) -> (StatusCode, Value) {
        self.keep(self.client.get(url).send().unwrap())
    }

    fn post(&self, url: &str, body: Value) -> (StatusCode, Value) {
        self.keep(
            common::versions::post_seen(&self.client, url, &body)
                .send()
                .unwrap(),
        )
    }

    fn everything_seen(&self) -> String {
        self.seen.lock().unwrap().join("\n")
    }
}

struct Case {
    id: String,
    party_a: String,
    party_b: String,
}

fn sign_in(server: &Running, email: &str, password: &str) -> Person {
    let p = Person::new();
    let (status, body) = p.post(
        &server.url("/session"),
        json!({"email": email, "password": password}),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    p
}

/// A case with two parties, each of whom joined through an invitation.
fn case_with_parties(server: &Running, maya: &Person) -> (Case, Person, Person) {
    let (status, opened) = maya.post(
        &server.url("/cases"),
        json!({"title": "Ahmed & Brown", "dispute_type": "child-arrangements", "jurisdiction": "england-wales",
               "time_zone": "Europe/London"}),
    );
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    let id = opened["case"].as_str().unwrap().to_owned();
    let mut parties = Vec::new();
    for (name, email) in [
        ("Amira Ahmed", "amira@e2e.example"),
        ("Ben Brown", "ben@e2e.example"),
    ] {
        let (status, added) = maya.post(
            &server.url(&format!("/cases/{id}/participants")),
            json!({"name": name, "role": "party"}),
        );
        assert_eq!(status, StatusCode::CREATED, "{added}");
        let participant = added["id"].as_str().unwrap().to_owned();
        let (status, invited) = maya.post(
            &server.url(&format!("/cases/{id}/invitations")),
            json!({"participant": participant, "email": email}),
        );
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let person = Person::new();
        let token = invited["token"].as_str().unwrap();
        let (status, joined) = person.post(
            &server.url("/invitations/accept"),
            json!({"token": token, "password": "party-password"}),
        );
        assert_eq!(status, StatusCode::OK, "{joined}");
        let (status, again) = Person::new().post(
            &server.url("/invitations/accept"),
            json!({"token": token, "password": "x-password-2"}),
        );
        assert_eq!(
            (status, again["error"].as_str()),
            (StatusCode::GONE, Some("invitation-unusable"))
        );
        parties.push((participant, person));
    }
    let (b, a) = (parties.pop().unwrap(), parties.pop().unwrap());
    (
        Case {
            id,
            party_a: a.0,
            party_b: b.0,
        },
        a.1,
        b.1,
    )
}

#[test]
fn a_party_never_receives_the_other_partys_private_text() {
    privacy_across_parties(Backend::Sqlite);
}

#[test]
fn a_party_never_receives_the_other_partys_private_text_on_postgresql() {
    privacy_across_parties(Backend::Postgres);
}

fn privacy_across_parties(backend: Backend) {
    let server = start(backend, &[]);
    let maya = sign_in(&server, "maya@e2e.example", PASSWORD);
    let (case, amira, ben) = case_with_parties(&server, &maya);
    let notes = server.url(&format!("/cases/{}/notes", case.id));
    let private = |party: &str| json!({"kind": "party-and-mediator", "party": party});

    assert_eq!(
        amira
            .post(
                &notes,
                json!({"text": SECRET_A, "audience": private(&case.party_a)})
            )
            .0,
        201
    );
    assert_eq!(
        ben.post(
            &notes,
            json!({"text": SECRET_B, "audience": private(&case.party_b)})
        )
        .0,
        201
    );
    assert_eq!(
        maya.post(
            &notes,
            json!({"text": SECRET_M, "audience": {"kind": "mediator-only"}})
        )
        .0,
        201
    );
    assert_eq!(
        ben.post(
            &notes,
            json!({"text": "Happy to meet again.", "audience": {"kind": "everyone"}})
        )
        .0,
        201
    );

    // Everything Ben might try, including what he may not do.
    let case_url = server.url(&format!("/cases/{}", case.id));
    let (status, shown) = ben.get(&case_url);
    assert_eq!(status, 200);
    assert!(
        shown.to_string().contains(SECRET_B) && shown.to_string().contains("Happy to meet again.")
    );
    ben.get(&server.url("/cases"));
    ben.get(&server.url("/me"));
    assert_eq!(
        ben.get(&format!("{case_url}/export")).0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ben.get(&format!("{case_url}/members")).0,
        StatusCode::FORBIDDEN
    );
    let (status, refused) = ben.post(
        &notes,
        json!({"text": "sneaky", "audience": private(&case.party_a)}),
    );
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (status, stale) = ben.post(
        &notes,
        json!({"text": "late", "audience": {"kind": "everyone"}, "expected_version": 1}),
    );
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");
    assert_eq!(
        ben.post(&format!("{case_url}/close"), json!({"status": "settled"}))
            .0,
        StatusCode::FORBIDDEN
    );
    for (who, person, forbidden) in [
        ("Ben", &ben, [SECRET_A, SECRET_M]),
        ("Amira", &amira, [SECRET_B, SECRET_M]),
    ] {
        person.get(&case_url);
        let all = person.everything_seen();
        for secret in forbidden {
            assert!(!all.contains(secret), "{who} received {secret:?}");
        }
    }

    // The mediator sees all of it, and the export carries it.
    let (_, everything) = maya.get(&case_url);
    let text = everything.to_string();
    assert!(
        [SECRET_A, SECRET_B, SECRET_M]
            .iter()
            .all(|s| text.contains(s))
    );
    let export = maya
        .client
        .get(format!("{case_url}/export"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        export.lines().count() as u64,
        everything["version"].as_u64().unwrap(),
        "one line an event"
    );
    assert!(export.contains(SECRET_A));
    assert!(server.stop(), "the server exits cleanly on SIGTERM");
}

#[test]
fn of_two_commands_on_the_same_version_exactly_one_is_written() {
    one_of_two_concurrent_commands(Backend::Sqlite);
}

#[test]
fn of_two_commands_on_the_same_version_exactly_one_is_written_on_postgresql() {
    one_of_two_concurrent_commands(Backend::Postgres);
}

fn one_of_two_concurrent_commands(backend: Backend) {
    let server = start(backend, &[]);
    let maya = sign_in(&server, "maya@e2e.example", PASSWORD);
    let (case, amira, ben) = case_with_parties(&server, &maya);
    let case_url = server.url(&format!("/cases/{}", case.id));
    let (_, before) = maya.get(&case_url);
    let version = before["version"].as_u64().unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let statuses: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = [("Amira", &amira), ("Ben", &ben)]
            .into_iter()
            .map(|(name, person)| {
                let barrier = barrier.clone();
                let url = format!("{case_url}/notes");
                s.spawn(move || {
                    barrier.wait();
                    let r = person
                        .client
                        .post(&url)
                        .header("If-Match", format!("\"{version}\""))
                        .json(&json!({"text": format!("{name} was here"), "audience": {"kind": "everyone"}}))
                        .send()
                        .unwrap();
                    (r.status().as_u16(), r.text().unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut codes: Vec<u16> = statuses.iter().map(|(c, _)| *c).collect();
    codes.sort();
    assert_eq!(codes, [201, 409], "{statuses:?}");
    let conflict: Value =
        serde_json::from_str(&statuses.iter().find(|(c, _)| *c == 409).unwrap().1).unwrap();
    assert_eq!(conflict["current"].as_u64(), Some(version + 1));
    let (_, after) = maya.get(&case_url);
    assert_eq!(after["version"].as_u64(), Some(version + 1));
    let text = after.to_string();
    assert_eq!(
        ["Amira was here", "Ben was here"]
            .iter()
            .filter(|t| text.contains(*t))
            .count(),
        1
    );
}

#[test]
fn a_retried_command_with_the_same_idempotency_key_is_written_once() {
    let server = start(Backend::Sqlite, &[]);
    let maya = sign_in(&server, "maya@e2e.example", PASSWORD);
    let (case, _, _) = case_with_parties(&server, &maya);
    let case_url = server.url(&format!("/cases/{}", case.id));
    let send = || {
        maya.client
            .post(format!("{case_url}/issues"))
            .header("Idempotency-Key", "add-holidays-1")
            .json(&json!({"title": "School holidays"}))
            .send()
            .unwrap()
    };
    let first = send();
    assert_eq!(first.status(), 201);
    let first_body = first.text().unwrap();
    let second = send();
    assert_eq!(second.status(), 201);
    assert_eq!(
        second
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true")
    );
    assert_eq!(
        second.text().unwrap(),
        first_body,
        "the first answer, again"
    );
    let (_, shown) = maya.get(&case_url);
    let issues = shown["view"]["case"]["issues"].as_array().unwrap();
    assert_eq!(
        issues
            .iter()
            .filter(|i| i["title"] == "School holidays")
            .count(),
        1
    );
}

#[test]
fn bad_input_is_refused_clearly_and_nothing_is_written() {
    let server = start(Backend::Sqlite, &[]);
    let maya = sign_in(&server, "maya@e2e.example", PASSWORD);
    let (case, _, _) = case_with_parties(&server, &maya);
    let case_url = server.url(&format!("/cases/{}", case.id));
    let version = || maya.get(&case_url).1["version"].as_u64().unwrap();
    let start = version();
    let notes = format!("{case_url}/notes");

    let too_long = "x".repeat(20_001);
    let (status, err) = maya.post(
        &notes,
        json!({"text": too_long, "audience": {"kind": "everyone"}}),
    );
    assert_eq!(
        (status, err["error"].as_str(), err["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid"), Some("text"))
    );
    let huge = "y".repeat(70 * 1024);
    let (status, err) = maya.post(
        &notes,
        json!({"text": huge, "audience": {"kind": "everyone"}}),
    );
    assert_eq!(
        (status, err["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("too-large")),
        "{err}"
    );
    let (status, err) = maya.post(
        &notes,
        json!({"text": "hi", "audience": {"kind": "everyone"}, "expected_versoin": 3}),
    );
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an unknown field is refused, not ignored: {err}"
    );
    let (status, err) = maya.post(&format!("{case_url}/issues"), json!({"title": "   "}));
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("title")),
        "{err}"
    );
    let r = maya
        .client
        .post(&notes)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let (status, _) = maya.get(&server.url("/cases/not-a-case-id"));
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = maya.post(
        &format!("{case_url}/sessions"),
        json!({"starts_at": "31/12/2026", "format": "joint"}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(version(), start, "nothing was written");

    // Participants are limited per case.
    let mut last = StatusCode::CREATED;
    for i in 0..60 {
        let (status, err) = maya.post(
            &format!("{case_url}/participants"),
            json!({"name": format!("Witness {i}"), "role": "support-person", "acting_for": case.party_a}),
        );
        last = status;
        if status != StatusCode::CREATED {
            assert_eq!(err["error"].as_str(), Some("limit-reached"), "{err}");
            break;
        }
    }
    assert_eq!(last, StatusCode::BAD_REQUEST);
}

#[test]
fn sign_in_answers_alike_for_unknown_accounts_and_wrong_passwords_and_is_rate_limited() {
    let server = start(Backend::Sqlite, &[]);
    let anon = Person::new();
    let url = server.url("/session");
    let (s1, unknown) = anon.post(
        &url,
        json!({"email": "nobody@e2e.example", "password": "whatever-pass"}),
    );
    let (s2, wrong) = anon.post(
        &url,
        json!({"email": "maya@e2e.example", "password": "wrong-password"}),
    );
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(unknown, wrong, "the same answer either way");
    let mut limited = None;
    for _ in 0..10 {
        let r = anon
            .client
            .post(&url)
            .json(&json!({"email": "maya@e2e.example", "password": "guess-guess"}))
            .send()
            .unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(r);
            break;
        }
    }
    let limited = limited.expect("repeated failures are rate limited");
    assert!(limited.headers().contains_key("retry-after"));
    // Tokens work for scripts, and revoking one stops it.
    let other = Person::new();
    other.post(
        &url,
        json!({"email": "nobody-else@e2e.example", "password": "whatever-pass"}),
    );
    let health = anon
        .client
        .get(format!("{}/healthz", server.base))
        .send()
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = anon
        .client
        .get(format!("{}/readyz", server.base))
        .send()
        .unwrap();
    assert_eq!(ready.status(), 200);
    // Metrics are on a listener of their own (tests/http_edge.rs), not here.
    let metrics = anon.client.get(format!("{}/metrics", server.base)).send();
    assert_eq!(metrics.unwrap().status(), StatusCode::NOT_FOUND);
}

#[test]
fn api_tokens_act_for_their_owner_until_revoked() {
    let server = start(Backend::Sqlite, &[]);
    let maya = sign_in(&server, "maya@e2e.example", PASSWORD);
    let (status, created) = maya.post(&server.url("/tokens"), json!({"name": "nightly export"}));
    assert_eq!(status, StatusCode::CREATED);
    let token = created["token"].as_str().unwrap();
    let script = Client::new();
    let me = script
        .get(server.url("/me"))
        .bearer_auth(token)
        .send()
        .unwrap();
    assert_eq!(me.status(), 200);
    assert!(me.text().unwrap().contains("maya@e2e.example"));
    let revoke = maya
        .client
        .delete(server.url(&format!("/tokens/{}", created["id"].as_str().unwrap())))
        .send()
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        script
            .get(server.url("/me"))
            .bearer_auth(token)
            .send()
            .unwrap()
            .status(),
        401
    );
    // Signing out everywhere ends the cookie session too.
    let ended = maya.client.delete(server.url("/sessions")).send().unwrap();
    assert_eq!(ended.status(), 200);
    assert_eq!(maya.get(&server.url("/me")).0, StatusCode::UNAUTHORIZED);
}

#[test]
fn an_e_mailed_sign_in_link_arrives_and_signs_in_once() {
    let (inbox, smtp) = Inbox::start();
    let server = start(Backend::Sqlite, &["--smtp-url", &smtp]);
    let anyone = Person::new();
    // Known and unknown accounts get the same answer; only the known one gets mail.
    for email in ["maya@e2e.example", "nobody@e2e.example"] {
        let (status, body) = anyone.post(&server.url("/sign-in-links"), json!({"email": email}));
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!(
            body["message"],
            "if an account has that e-mail, a sign-in link is on its way"
        );
    }
    let mail = inbox.wait_for(1).remove(0);
    assert!(mail.contains("To: maya@e2e.example"), "{mail}");
    assert!(mail.contains("Subject: Your Accord sign-in link"), "{mail}");
    let link = mail
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{}/sign-in?token=", server.base)))
        .unwrap_or_else(|| panic!("no link to this server in {mail}"));
    let token = link.split_once("token=").unwrap().1;

    // Opening the link shows a page; it does not use the link (mail scanners open links too).
    let page = anyone.client.get(link).send().unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().unwrap().contains("Sign in to Accord"));

    let maya = Person::new();
    let (status, me) = maya.post(
        &server.url("/sign-in-links/redeem"),
        json!({"token": token}),
    );
    assert_eq!(status, StatusCode::OK, "{me}");
    let (status, me) = maya.get(&server.url("/me"));
    assert_eq!(
        (status, me["user"]["email"].as_str()),
        (StatusCode::OK, Some("maya@e2e.example"))
    );

    let (status, again) = Person::new().post(
        &server.url("/sign-in-links/redeem"),
        json!({"token": token}),
    );
    assert_eq!(status, StatusCode::GONE, "{again}");
    assert_eq!(again["error"], "sign-in-link-unusable");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(inbox.wait_for(1).len(), 1, "no mail for an unknown account");
}
