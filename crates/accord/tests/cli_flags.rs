//! Flags a newcomer reaches for: what is due as of a day and for one viewer, every advice
//! option, and a case opened with its mediator account.

mod common;

use common::server::{Database, Running};
use common::workspace::Workspace;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The due items of the case titled with `word` in `accord due --json` output.
fn due_in(due: &Value, word: &str) -> Vec<Value> {
    due.as_array()
        .unwrap()
        .iter()
        .filter(|c| c["title"].as_str().unwrap().contains(word))
        .flat_map(|c| c["items"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn due_answers_as_of_a_day_and_for_one_viewer() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    // The demo's debriefs are due two days after today; a year on they are all overdue,
    // and the day before that nothing is.
    let later = ws.json(&["due", "--as-of", "2099-01-01"]);
    let items = due_in(&later, "Brightline");
    assert!(!items.is_empty(), "{later}");
    assert!(items.iter().all(|i| i["overdue"] == true), "{later}");
    let text = ws.ok(&["due", "--as-of", "2099-01-01"]);
    assert!(text.starts_with("As of 2099-01-01:"), "{text}");
    assert!(text.contains("OVERDUE"), "{text}");
    let earlier = ws.json(&["due", "--as-of", "2000-01-01"]);
    assert!(
        due_in(&earlier, "Brightline")
            .iter()
            .all(|i| i["overdue"] == false),
        "{earlier}"
    );

    // Oliver sees his own debrief, not Sofia's, and only the cases he takes part in.
    let oliver = ws.json(&["due", "--as", "Oliver Grant"]);
    assert_eq!(oliver.as_array().unwrap().len(), 1, "{oliver}");
    let text = oliver.to_string();
    assert!(text.contains("your debrief"), "{text}");
    assert!(!text.contains("Sofia"), "{text}");
    let mediator = ws.json(&["due"]).to_string();
    assert!(mediator.contains("Sofia Marin's debrief"), "{mediator}");
    // A coordinator sees the clock only: no debriefs.
    let coordinator = ws.json(&["due", "--as", "coordinator"]).to_string();
    assert!(!coordinator.contains("debrief"), "{coordinator}");

    let err = ws.fails(&["due", "--as", "Nobody Atall"]);
    assert!(
        err.contains("no participant matches \"Nobody Atall\""),
        "{err}"
    );
    let err = ws.fails(&["due", "--as-of", "soon"]);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn advice_says_how_many_options_it_left_out_and_all_shows_them() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    let advice = ws.json(&["advice", "Brightline"]);
    let options = advice["advice"]["options"].as_array().unwrap();
    let kept = options.iter().filter(|o| o["excluded"] == false).count();
    assert!(kept > 5, "{advice}");
    let short = ws.ok(&["advice", "Brightline"]);
    assert!(
        short.contains(&format!("… and {} more (--all to see them)", kept - 5)),
        "{short}"
    );
    assert!(!short.contains(&format!("  {kept}. ")), "{short}");
    let all = ws.ok(&["advice", "Brightline", "--all"]);
    assert!(all.contains(&format!("  {kept}. ")), "{all}");
    assert!(!all.contains("--all to see them"), "{all}");
}

#[test]
fn a_case_opened_with_its_mediator_is_that_mediators_to_run() {
    let db = Database::sqlite();
    let ws = Workspace::new();
    let run = |args: &[&str]| {
        ws.command(args)
            .env("ACCORD_DATABASE_URL", &db.url)
            .env("ACCORD_PASSWORD", "a-long-password")
            .output()
            .unwrap()
    };
    let open = |title: &str, mediator: &str| {
        run(&[
            "case",
            "open",
            "--title",
            title,
            "--type",
            "workplace",
            "--jurisdiction",
            "england-wales",
            "--mediator",
            mediator,
        ])
    };
    assert!(run(&["migrate"]).status.success());
    for (email, role) in [
        ("helen@e2e.example", "mediator"),
        ("cora@e2e.example", "coordinator"),
    ] {
        let out = run(&[
            "user",
            "add",
            "--email",
            email,
            "--name",
            "Helen Ward",
            "--role",
            role,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let opened = open("Reyes v. Acme", "helen@e2e.example");
    let text = String::from_utf8_lossy(&opened.stdout);
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    assert!(
        text.contains("with mediator Helen Ward <helen@e2e.example>"),
        "{text}"
    );
    for (who, why) in [
        (
            "cora@e2e.example",
            "cora@e2e.example is not a mediator account",
        ),
        ("nobody@e2e.example", "no account nobody@e2e.example"),
    ] {
        let refused = open("Not opened", who);
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success() && err.contains(why), "{err}");
    }
    let titles = String::from_utf8_lossy(&run(&["case", "list", "--json"]).stdout).into_owned();
    assert!(titles.contains("Reyes v. Acme"), "{titles}");
    assert!(
        !titles.contains("Not opened"),
        "a refused opening wrote a case: {titles}"
    );

    // Helen signs in and runs the case: it is hers.
    let server = Running::start(db, &[]);
    let helen = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = helen
        .post(server.url("/session"))
        .json(&json!({"email": "helen@e2e.example", "password": "a-long-password"}))
        .send()
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cases: Value = helen
        .get(server.url("/cases"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let reyes = cases
        .as_array()
        .unwrap_or_else(|| cases["items"].as_array().expect("a page of cases"))
        .iter()
        .find(|c| c["title"] == "Reyes v. Acme")
        .unwrap_or_else(|| panic!("Helen's cases: {cases}"))
        .clone();
    let id = reyes["id"].as_str().unwrap();
    let added = helen
        .post(server.url(&format!("/cases/{id}/issues")))
        .json(&json!({"title": "Back pay"}))
        .send()
        .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
}
