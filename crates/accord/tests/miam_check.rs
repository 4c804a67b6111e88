//! `accord miam grounds | check` and `/api/v1/miam/check` as an applicant uses them: the real
//! binary with no database, and the server without sign-in, giving the same answers.

mod common;

use common::server::{Database, Running};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn accord(args: &[&str], stdin: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        // The checker must not need (or make) a database.
        .env("ACCORD_DATABASE_URL", "sqlite:/nonexistent/dir/accord.db")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn claim() -> Value {
    json!({"application_on": "2026-12-07", "grounds": [
        {"ground": "domestic-abuse/idva", "evidence_attached": true},
        {"ground": "other/no-appointment-within-15-business-days", "unable_to_attend_online": true,
         "mediators_within_15_miles": 6,
         "mediators_contacted": [{"name": "Leeds Family Mediation",
            "contact": "1 Park Row, Leeds; 0113 496 0001", "contacted_on": "2026-11-20"}]}
    ]})
}

#[test]
fn a_claim_is_checked_the_same_on_the_command_line_and_over_the_api() {
    let out = accord(&["miam", "check", "-"], &claim().to_string());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Not complete yet"), "{text}");
    assert!(text.contains("domestic-abuse/idva (FPR r.3.8(1)(a); PD3A para 20): complete"));
    assert!(text.contains(
        "- an explanation of why the applicant cannot attend a MIAM online or by video-link"
    ));
    assert!(
        text.contains("- 4 more authorised family mediators"),
        "{text}"
    );
    assert!(text.contains("never granted here"));

    let cli: Value = serde_json::from_slice(
        &accord(&["--json", "miam", "check", "-"], &claim().to_string()).stdout,
    )
    .unwrap();
    let server = Running::start(Database::sqlite(), &[]);
    let client = reqwest::blocking::Client::new();
    let api = client
        .post(server.url("/miam/check"))
        .json(&claim())
        .send()
        .unwrap();
    assert_eq!(api.status().as_u16(), 200);
    let api: Value = api.json().unwrap();
    assert_eq!(api, cli);
    assert_eq!(
        (api["complete"].as_bool(), api["status"].as_str()),
        (Some(false), Some("claimed"))
    );

    // A removed ground is refused over the API, naming the field and why.
    let removed = client
        .post(server.url("/miam/check"))
        .json(&json!({"grounds": [{"ground": "other/not-habitually-resident"}]}))
        .send()
        .unwrap();
    assert_eq!(removed.status().as_u16(), 400);
    let body: Value = removed.json().unwrap();
    assert_eq!(body["field"], "grounds");
    assert!(
        body["message"].as_str().unwrap().contains("29 April 2024"),
        "{body}"
    );
    let grounds: Value = client
        .get(server.url("/miam/grounds"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let cli_grounds: Value =
        serde_json::from_slice(&accord(&["--json", "miam", "grounds"], "").stdout).unwrap();
    assert_eq!(grounds, cli_grounds);
    assert_eq!(grounds["categories"].as_array().unwrap().len(), 5);
}

#[test]
fn a_bad_claim_is_one_line_naming_the_problem() {
    for (claim, says) in [
        (r#"{"grounds": []}"#, "grounds: name at least one ground"),
        (
            r#"{"grounds": [{"ground": "urgency/unreasonable-hardship"}]}"#,
            "claim urgency/financial-hardship",
        ),
        (
            r#"{"grounds": [{"ground": "urgency/boredom"}]}"#,
            "\"urgency/boredom\" is not a MIAM exemption ground",
        ),
        (
            r#"{"grounds": [{"ground": "urgency/harm-to-child", "colour": "red"}]}"#,
            "unknown field `colour`",
        ),
        (
            r#"{"grounds": [{"ground": "previous-attendance/within-4-months", "attended_on": "2026-02-30"}]}"#,
            "attended_on",
        ),
    ] {
        let out = accord(&["miam", "check", "-"], claim);
        assert!(!out.status.success(), "{claim}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{claim}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let human = String::from_utf8(accord(&["miam", "grounds"], "").stdout).unwrap();
    assert!(human.contains("Domestic abuse (FPR r.3.8(1)(a); PD3A para 20)"));
    assert!(human.contains("Removed on 29 April 2024"));
}
