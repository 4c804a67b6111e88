//! Accord as two stateless nodes on one PostgreSQL database, as behind a load balancer: a
//! write through either node is read at once through the other, and of two writes decided on
//! the same version through different nodes exactly one lands; the other answers 409.

mod common;

use common::server::{Backend, Database, Running};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};

const MAYA: &str = "maya.patel@accord.example";

fn signed_in(node: &Running) -> Client {
    let client = Client::builder().cookie_store(true).build().unwrap();
    let r = client
        .post(node.url("/session"))
        .json(&json!({"email": MAYA, "password": "accord-demo"}))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    client
}

fn show(client: &Client, node: &Running, case: &str) -> Value {
    client
        .get(node.url(&format!("/cases/{case}")))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

#[test]
fn two_nodes_on_one_postgresql_database_read_each_others_writes_and_race_safely() {
    let a = Running::start(Database::fresh(Backend::Postgres), &["--demo"]);
    let b = Running::start(Database::shared_with(&a), &[]);
    let (via_a, via_b) = (signed_in(&a), signed_in(&b));
    let cases: Value = via_a.get(a.url("/cases")).send().unwrap().json().unwrap();
    let case = cases["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains("Layla"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Both nodes read the case (each now holds it in its cache).
    assert_eq!(
        show(&via_a, &a, &case)["version"],
        show(&via_b, &b, &case)["version"]
    );

    for round in 0..8 {
        // A note through one node is read at once through the other.
        let (writer, wnode, reader, rnode) = if round % 2 == 0 {
            (&via_a, &a, &via_b, &b)
        } else {
            (&via_b, &b, &via_a, &a)
        };
        let text = format!("Round {round}: written through one node");
        let r = writer
            .post(wnode.url(&format!("/cases/{case}/notes")))
            .json(&json!({"text": text, "audience": {"kind": "mediator-only"}}))
            .send()
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let title = format!("Round {round} issue");
        let added: Value = writer
            .post(wnode.url(&format!("/cases/{case}/issues")))
            .json(&json!({"title": title}))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let issue = added["id"].as_str().unwrap().to_owned();
        let seen = show(reader, rnode, &case);
        assert!(
            seen.to_string().contains(&text),
            "round {round}: read through the other node"
        );
        assert!(
            seen.to_string().contains(&title),
            "round {round}: the new issue too"
        );

        // Two changes of one issue's state, decided on the same version, one through each
        // node at once: exactly one is written.
        let version = seen["version"].as_u64().unwrap();
        let states = ["agreed-final", "withdrawn"];
        let answers: Vec<(StatusCode, Value)> = std::thread::scope(|scope| {
            let runs: Vec<_> = [(&via_a, &a, states[0]), (&via_b, &b, states[1])]
                .into_iter()
                .map(|(client, node, state)| {
                    let (case, issue) = (&case, &issue);
                    scope.spawn(move || {
                        let r = client
                            .post(node.url(&format!("/cases/{case}/issues/{issue}/state")))
                            .header("If-Match", format!("\"{version}\""))
                            .json(&json!({"state": state, "reason": format!("round {round}")}))
                            .send()
                            .unwrap();
                        (r.status(), r.json().unwrap())
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let won: Vec<_> = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::OK)
            .collect();
        let lost: Vec<_> = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::CONFLICT)
            .collect();
        assert_eq!(
            (won.len(), lost.len()),
            (1, 1),
            "round {round}: {answers:?}"
        );
        let after = won[0].1["version"].as_u64().unwrap();
        assert_eq!(after, version + 1);
        assert_eq!(
            lost[0].1["current"].as_u64(),
            Some(after),
            "the loser learns the new version"
        );
        // Both nodes now show the same version and the same state of the issue.
        let (on_a, on_b) = (show(&via_a, &a, &case), show(&via_b, &b, &case));
        assert_eq!(on_a["version"].as_u64(), Some(after));
        assert_eq!(on_a["version"], on_b["version"]);
        let state_of = |shown: &Value| {
            shown["view"]["case"]["issues"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == issue.as_str())
                .unwrap()["state"]
                .clone()
        };
        assert_eq!(state_of(&on_a), state_of(&on_b));
        let shown = state_of(&on_a).to_string();
        assert!(
            states.iter().any(|s| shown.contains(s)),
            "the winner's state is there: {shown}"
        );
    }
}
