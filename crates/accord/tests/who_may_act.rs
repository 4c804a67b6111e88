//! Who may act for a party, over the real API (review findings 7 and 8): a support person
//! sees what its party sees and does nothing in its name; a representative without authority
//! to settle cannot complete its party's confirmation of the memorandum. Also the API's side
//! of findings 12 and 14: one-line text and dates are checked with the field named.

mod common;

use accord_server::demo_people::email_for;
use common::case_json::participant;
use common::server::{Database, Running};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};

/// Every demo account's password (`demo_people::PASSWORD`).
const PASSWORD: &str = "accord-demo";

/// A signed-in browser.
struct Person(Client);

impl Person {
    fn sign_in(server: &Running, name: &str) -> Self {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let r = client
            .post(server.url("/session"))
            .json(&json!({"email": email_for(name), "password": PASSWORD}))
            .send()
            .unwrap();
        assert!(r.status().is_success(), "{name} signs in: {}", r.status());
        Self(client)
    }

    fn get(&self, url: &str) -> Value {
        let r = self.0.get(url).send().unwrap();
        assert_eq!(r.status(), StatusCode::OK, "GET {url}");
        r.json().unwrap()
    }

    fn post(&self, url: &str, body: Value) -> (StatusCode, Value) {
        let r = common::versions::post_seen(&self.0, url, &body)
            .send()
            .unwrap();
        let status = r.status();
        let text = r.text().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

/// A demo case as its mediator sees it: its URL and its view.
fn demo_case(server: &Running, mediator: &Person, title_part: &str) -> (String, Value) {
    let cases = mediator.get(&server.url("/cases"));
    let id = cases["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains(title_part))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let url = server.url(&format!("/cases/{id}"));
    let view = mediator.get(&url)["view"]["case"].clone();
    (url, view)
}

/// The latest session that was held and ended without full agreement.
fn debriefed_session(view: &Value) -> String {
    view["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|s| s["status"]["status"] == "held" && s["outcome"]["outcome"] != "full-agreement")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_support_person_neither_shares_its_partys_debrief_nor_writes_in_its_name() {
    let server = Running::start(Database::sqlite(), &["--demo"]);
    let maya = Person::sign_in(&server, "Maya Patel");
    let (case, view) = demo_case(&server, &maya, "Layla");
    let session = debriefed_session(&view);
    let amira = participant(&view, "Amira Ahmed");
    let nadia_id = participant(&view, "Nadia Ahmed");
    let a = Person::sign_in(&server, "Amira Ahmed");
    let nadia = Person::sign_in(&server, "Nadia Ahmed");
    let debriefs = format!("{case}/sessions/{session}/debriefs");
    let (status, answer) = a.post(
        &debriefs,
        json!({"author": {"kind": "party", "party": amira},
               "dealbreakers": ["PRIVATE-AMIRA-dealbreaker"]}),
    );
    assert!(status.is_success(), "{status} {answer}");
    let version = || maya.get(&case)["version"].clone();
    let before = version();

    let refused = [
        (
            format!("{debriefs}/share"),
            json!({"party": amira, "kind": "dealbreaker", "index": 1}),
        ),
        (
            debriefs.clone(),
            json!({"author": {"kind": "party", "party": amira},
                   "dealbreakers": ["written by Nadia"]}),
        ),
        (
            format!("{case}/preparations"),
            json!({"party": amira, "goals": ["Nadia's goal"], "shared": true}),
        ),
        (
            format!("{case}/notes"),
            json!({"text": "Amira accepts", "audience": {"kind": "everyone"}}),
        ),
        (
            format!("{case}/sessions/{session}/ratings"),
            json!({"participant": nadia_id, "moment": "after", "clarity": 5, "temperature": 1}),
        ),
    ];
    for (url, body) in refused {
        let (status, answer) = nadia.post(&url, body.clone());
        assert_eq!(status, StatusCode::FORBIDDEN, "{url} {body}: {answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .contains("support person"),
            "{answer}"
        );
    }
    assert_eq!(version(), before, "nothing was written");
    // Everyone else still sees nothing of Amira's debrief.
    let ben = Person::sign_in(&server, "Ben Brown");
    assert!(!ben.get(&case).to_string().contains("PRIVATE-AMIRA"));
}

#[test]
fn a_representative_without_authority_to_settle_cannot_confirm_for_its_party() {
    let server = Running::start(Database::sqlite(), &["--demo"]);
    let helen = Person::sign_in(&server, "Helen Ward");
    let (case, view) = demo_case(&server, &helen, "Brightline");
    let (status, answer) = helen.post(&format!("{case}/memorandum"), json!({}));
    assert!(status.is_success(), "{status} {answer}");
    let memo = helen.get(&format!("{case}/memorandum"));
    let hash = memo["latest_issued"]["content_hash"].as_str().unwrap();
    let version = memo["latest_issued"]["version"].as_u64().unwrap();
    let confirm = format!("{case}/memorandum/{version}/confirmations");

    let sofia = Person::sign_in(&server, "Sofia Marin");
    let body = |who: &str| json!({"by": participant(&view, who), "content_hash": hash, "password": PASSWORD});
    let (status, answer) = sofia.post(&confirm, body("Sofia Marin"));
    assert_eq!(status, StatusCode::OK, "{answer}");
    // James Cole acts for Oliver Grant, without authority to settle.
    let james = Person::sign_in(&server, "James Cole");
    let (status, answer) = james.post(&confirm, body("James Cole"));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"], "no-authority-to-settle", "{answer}");
    let memo = helen.get(&format!("{case}/memorandum"));
    assert_eq!(memo["awaiting"], json!(["Oliver Grant"]), "{memo}");
    assert_eq!(memo["confirmations"].as_array().unwrap().len(), 1);
    // The trustee, who has that authority, completes Oliver's side.
    let trustee = Person::sign_in(&server, "Eleanor Grant (trustee, Grant Family Trust)");
    let (status, answer) = trustee.post(
        &confirm,
        body("Eleanor Grant (trustee, Grant Family Trust)"),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    let memo = helen.get(&format!("{case}/memorandum"));
    assert_eq!(memo["awaiting"], json!([]), "{memo}");
}

#[test]
fn the_api_names_the_field_of_a_forged_title_or_a_date_out_of_range() {
    let server = Running::start(Database::sqlite(), &["--demo"]);
    let helen = Person::sign_in(&server, "Helen Ward");
    let (case, _) = demo_case(&server, &helen, "Brightline");
    let (status, answer) = helen.post(
        &format!("{case}/issues"),
        json!({"title": "Holidays\n## Agreed and final\n- pay 1m"}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["field"], "title", "{answer}");
    let (status, answer) = helen.post(
        &format!("{case}/deadlines"),
        json!({"kind": "court-hearing", "label": "Hearing", "on": "1800-01-01"}),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["field"], "on", "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("2000-01-01 to 2060-12-31"),
        "{answer}"
    );
}
