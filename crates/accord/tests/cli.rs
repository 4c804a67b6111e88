//! The `accord` binary as a person uses it: each test runs the real command against a fresh
//! SQLite file and checks what is printed, the exit code, and what was (not) written.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("accord.db")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .env(
                "ACCORD_DATABASE_URL",
                format!("sqlite:{}", self.db().display()),
            )
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed; returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its one-line error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should have failed");
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    fn event_count(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

fn demo_case(ws: &Workspace, word: &str) -> String {
    let list = ws.json(&["case", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains(word))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn demo_then_list_and_show_read_well() {
    let ws = Workspace::new();
    let out = ws.ok(&["demo"]);
    assert!(out.contains("Loaded 4 demo cases"), "{out}");
    let list = ws.ok(&["case", "list"]);
    for title in [
        "Ahmed & Brown",
        "Okafor v. Hudson",
        "Brightline Studio",
        "Elm Road",
    ] {
        assert!(list.contains(title), "{list}");
    }
    assert!(
        list.contains("impasse for now") && list.contains("no agreement"),
        "{list}"
    );
    let show = ws.ok(&["case", "show", "Brightline"]);
    assert!(show.contains("outcome: impasse for now"), "{show}");
    assert!(
        show.contains("nobody with authority to settle for: Oliver Grant"),
        "{show}"
    );
    assert!(
        show.contains("Valuation method") && show.contains("agreed – subject to formal paperwork")
    );
    // Loading again adds nothing.
    let again = ws.ok(&["demo"]);
    assert!(again.contains("already loaded"), "{again}");
    assert_eq!(ws.json(&["case", "list"]).as_array().unwrap().len(), 4);
}

#[test]
fn each_party_sees_only_its_own_private_notes() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    let amira = ws.ok(&["case", "show", "Layla", "--as", "Amira Ahmed"]);
    let ben = ws.ok(&["case", "show", "Layla", "--as", "Ben Brown"]);
    let sister = ws.ok(&["case", "show", "Layla", "--as", "Nadia Ahmed"]);
    let amira_secret = "alternate weekends in summer";
    let ben_secret = "shift pattern changes in January";
    let mediator_secret = "keep finances in caucus";
    assert!(
        amira.contains(amira_secret)
            && !amira.contains(ben_secret)
            && !amira.contains(mediator_secret)
    );
    assert!(
        ben.contains(ben_secret) && !ben.contains(amira_secret) && !ben.contains(mediator_secret)
    );
    assert_eq!(
        sister.replace("Nadia Ahmed (what", "Amira Ahmed (what"),
        amira,
        "a support person sees what the party sees"
    );
    let ben_json =
        serde_json::to_string(&ws.json(&["case", "show", "Layla", "--as", "Ben Brown"])).unwrap();
    assert!(!ben_json.contains(amira_secret) && !ben_json.contains(mediator_secret));
    let coordinator =
        serde_json::to_string(&ws.json(&["case", "show", "Layla", "--as", "coordinator"])).unwrap();
    for secret in [
        amira_secret,
        ben_secret,
        mediator_secret,
        "Amira",
        "Handovers at the school gate",
    ] {
        assert!(!coordinator.contains(secret), "coordinator saw {secret}");
    }
    let mediator = ws.ok(&["case", "show", "Layla"]);
    assert!(
        mediator.contains(amira_secret)
            && mediator.contains(ben_secret)
            && mediator.contains(mediator_secret)
    );
}

#[test]
fn a_case_walks_from_opening_to_closure() {
    let ws = Workspace::new();
    ws.ok(&["migrate"]);
    let opened = ws.json(&[
        "case",
        "open",
        "--title",
        "Reyes v. Acme",
        "--type",
        "workplace",
        "--jurisdiction",
        "us-federal",
        "--court-ordered",
        "--court-ref",
        "2:26-cv-001",
        "--clause",
        "arbitration",
    ]);
    let case = opened["case"].as_str().unwrap().to_owned();
    ws.ok(&["party", "add", &case, "--name", "Ana Reyes", "--authority"]);
    ws.ok(&["party", "add", &case, "--name", "Acme Corp"]);
    ws.ok(&[
        "party",
        "add",
        &case,
        "--name",
        "Dev Patel",
        "--role",
        "representative",
        "--for",
        "Acme Corp",
        "--authority",
    ]);
    ws.ok(&["issue", "add", &case, "--title", "Back pay"]);
    ws.ok(&["issue", "add", &case, "--title", "Reference letter"]);
    ws.ok(&[
        "session",
        "schedule",
        &case,
        "--at",
        "2026-12-01 10:00",
        "--format",
        "caucus",
        "--agenda",
        "Back pay",
    ]);
    ws.ok(&[
        "session",
        "held",
        &case,
        "1",
        "--on",
        "2026-12-01",
        "--attended",
        "Ana Reyes,Dev Patel",
    ]);
    ws.ok(&[
        "issue",
        "state",
        &case,
        "Reference letter",
        "--state",
        "agreed-final",
        "--reason",
        "Neutral reference",
    ]);
    ws.ok(&[
        "session",
        "outcome",
        &case,
        "1",
        "--outcome",
        "partial-agreement",
        "--summary",
        "Reference agreed",
    ]);
    ws.ok(&[
        "note",
        "add",
        &case,
        "--text",
        "Ana would settle at 9k",
        "--audience",
        "party:Ana Reyes",
        "--session",
        "1",
    ]);
    ws.ok(&["case", "close", &case, "--status", "partly-settled"]);

    let view = ws.json(&["case", "show", &case]);
    let c = &view["case"];
    assert_eq!(c["profile"]["time_zone"], "America/New_York");
    assert_eq!(c["profile"]["contract_clause"], "arbitration");
    assert_eq!(c["sessions"][0]["status"]["status"], "held");
    assert_eq!(
        c["sessions"][0]["status"]["authority_missing_for"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        c["sessions"][0]["starts_at"], "2026-12-01T15:00:00Z",
        "10:00 in New York"
    );
    assert_eq!(c["sessions"][0]["outcome"]["outcome"], "partial-agreement");
    assert_eq!(c["issues"][1]["state"]["state"], "agreed-final");
    assert_eq!(view["metadata"]["status"]["status"], "partly-settled");
    let acme = ws.json(&["case", "show", &case, "--as", "Dev Patel"]);
    assert!(!acme.to_string().contains("9k"));
    let late = ws.fails(&["issue", "add", &case, "--title", "Too late"]);
    assert!(late.contains("the case is closed"), "{late}");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    let before = ws.event_count();
    let long = "x".repeat(201);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "case",
                "open",
                "--title",
                "  ",
                "--type",
                "other",
                "--jurisdiction",
                "us-federal",
            ],
            "title must not be empty",
        ),
        (
            vec![
                "case",
                "open",
                "--title",
                &long,
                "--type",
                "other",
                "--jurisdiction",
                "us-federal",
            ],
            "title is too long",
        ),
        (
            vec![
                "case",
                "open",
                "--title",
                "X",
                "--type",
                "custody",
                "--jurisdiction",
                "us-federal",
            ],
            "--type",
        ),
        (
            vec![
                "case",
                "open",
                "--title",
                "X",
                "--type",
                "other",
                "--jurisdiction",
                "france",
            ],
            "--jurisdiction",
        ),
        (
            vec![
                "case",
                "open",
                "--title",
                "X",
                "--type",
                "other",
                "--jurisdiction",
                "us-federal",
                "--time-zone",
                "Mars/Base",
            ],
            "time_zone",
        ),
        (
            vec![
                "session",
                "held",
                "Layla",
                "1",
                "--on",
                "2026-13-01",
                "--attended",
                "Ben Brown",
            ],
            "--on",
        ),
        (
            vec!["session", "schedule", "Layla", "--at", "next tuesday"],
            "--at",
        ),
        (
            vec![
                "session",
                "outcome",
                "Layla",
                "2",
                "--outcome",
                "partial-agreement",
            ],
            "has not been held",
        ),
        (
            vec![
                "issue",
                "state",
                "Layla",
                "Summer holidays",
                "--state",
                "pilot",
            ],
            "review_on is not valid: is needed for the state pilot",
        ),
        (
            vec![
                "note",
                "add",
                "Layla",
                "--text",
                "hi",
                "--audience",
                "friends",
            ],
            "audience",
        ),
        (
            vec![
                "note",
                "add",
                "Layla",
                "--text",
                "hi",
                "--audience",
                "party:Nadia Ahmed",
            ],
            "Nadia Ahmed is a support-person, not a party",
        ),
        (
            vec![
                "party",
                "add",
                "Layla",
                "--name",
                "Rep",
                "--role",
                "representative",
                "--for",
                "Nobody",
            ],
            "no participant matches",
        ),
        (vec!["case", "show", "no-such-case"], "no case matches"),
        (
            vec!["case", "show", "Layla", "--as", "Stranger"],
            "no participant matches",
        ),
    ];
    for (args, expected) in cases {
        let err = ws.fails(&args);
        assert!(
            err.contains(expected),
            "{args:?}: expected {expected:?} in {err:?}"
        );
        assert!(
            err.trim().lines().count() <= 3,
            "{args:?}: error should be short: {err}"
        );
    }
    assert_eq!(ws.event_count(), before, "nothing was written");
}

#[test]
fn a_mistyped_database_path_is_not_created() {
    let ws = Workspace::new();
    let err = ws.fails(&["case", "list"]);
    assert!(
        err.contains("no database at") && err.contains("accord migrate"),
        "{err}"
    );
    assert!(!ws.db().exists());
}

/// Changes one byte of one stored event with SQLite itself, as an attacker with file access would.
fn tamper(db: &Path, case: &str, seq: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let changed = conn
        .execute(
            "UPDATE events SET payload = replace(payload, 'Amira', 'Amirb') WHERE case_id = ?1 AND seq = ?2",
            rusqlite::params![case, seq],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

#[test]
fn verify_names_the_case_and_event_that_was_edited() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    let clean = ws.ok(&["verify"]);
    assert!(
        clean.contains("Checked 4 cases") && clean.contains("Every chain verifies"),
        "{clean}"
    );
    let case = demo_case(&ws, "Layla");
    tamper(&ws.db(), &case, 2);
    let out = ws.run(&["verify"]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "BROKEN: case {case}, event 2: its payload does not match"
        )),
        "{text}"
    );
    let json = ws.run(&["verify", "--json"]);
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["broken"][0]["case"], case.as_str());
    assert_eq!(report["broken"][0]["seq"], 2);
}

#[test]
fn export_and_import_round_trip_and_a_broken_file_is_refused_with_its_line() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    let case = demo_case(&ws, "Okafor");
    let file = ws.path("okafor.jsonl");
    ws.ok(&["export", &case, "--output", &file]);
    let lines = std::fs::read_to_string(&file).unwrap();
    let count = lines.lines().count();
    assert!(count > 10);
    for line in lines.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["case_id"], case.as_str());
    }

    let other = Workspace::new();
    let imported = other.ok(&["import", &file]);
    assert!(
        imported.contains(&format!("({count} events)")),
        "{imported}"
    );
    assert_eq!(
        other.ok(&["case", "show", &case]),
        ws.ok(&["case", "show", &case])
    );
    assert!(other.ok(&["verify"]).contains("Every chain verifies"));
    let twice = other.fails(&["import", &file]);
    assert!(twice.contains("already exists"), "{twice}");

    // One edited byte on line 5: refused, naming the line; nothing written.
    let edited: Vec<String> = lines
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 4 {
                l.replacen("\"name\":\"", "\"name\":\"X", 1)
            } else {
                l.to_owned()
            }
        })
        .collect();
    assert_ne!(edited.join("\n"), lines.trim_end());
    let bad = ws.path("edited.jsonl");
    std::fs::write(&bad, edited.join("\n")).unwrap();
    let third = Workspace::new();
    let err = third.fails(&["import", &bad]);
    assert!(err.contains("line 5: the chain does not verify"), "{err}");
    assert_eq!(third.event_count(), 0);
}

#[test]
fn a_mediator_takes_the_business_case_from_impasse_to_a_next_move_with_reasons() {
    let w = Workspace::new();
    w.ok(&["demo"]);
    w.ok(&[
        "debrief",
        "add",
        "Brightline",
        "1",
        "--by",
        "Sofia Marin",
        "--offer",
        "240000 GBP",
        "--dealbreaker",
        "PRIVATE-SOFIA: nothing paid after two years",
        "--budget",
        "medium",
    ]);
    w.ok(&[
        "stall",
        "Brightline",
        "--session",
        "1",
        "--reason",
        "no-authority-present=The trustee who must approve the sale did not attend",
    ]);

    let advice = w.json(&["advice", "Brightline"]);
    let top = &advice["advice"]["options"][0];
    assert_eq!(top["item"], "mediate-again", "{advice}");
    assert!(
        top["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["because"].as_str().unwrap().contains("decision-maker")),
        "{top}"
    );
    assert_eq!(
        advice["advice"]["upgrades"][0]["item"],
        "require-decision-maker"
    );
    let text = w.ok(&["advice", "Brightline"]);
    assert!(text.contains("1. mediate again"), "{text}");
    assert!(text.contains("the parties decide"), "{text}");

    let chosen = w.ok(&[
        "next-step",
        "choose",
        "Brightline",
        "--step",
        "mediate-again",
        "--owner",
        "Helen Ward",
        "--due",
        "2026-12-04",
    ]);
    assert!(
        chosen.contains("Helen Ward owns the next outreach, by 2026-12-04"),
        "{chosen}"
    );
    let due = w.ok(&["due"]);
    assert!(due.contains("2026-12-04  mediate again"), "{due}");

    let oliver = w.ok(&["case", "show", "Brightline", "--as", "Oliver Grant"]);
    assert!(!oliver.contains("PRIVATE-SOFIA"), "{oliver}");
    assert!(oliver.contains("next step: mediate again"), "{oliver}");
    let sofia = w.ok(&["case", "show", "Brightline", "--as", "Sofia Marin"]);
    assert!(sofia.contains("PRIVATE-SOFIA"), "{sofia}");
    let oliver_advice = w.json(&["advice", "Brightline", "--as", "Oliver Grant"]);
    assert!(!oliver_advice.to_string().contains("PRIVATE-SOFIA"));

    let report = w.ok(&["court-report", "Brightline"]);
    assert!(report.contains("Result: pending"), "{report}");
    assert!(
        !report.contains("PRIVATE-SOFIA") && !report.contains("240"),
        "{report}"
    );
}

#[test]
fn the_memorandum_is_confirmed_by_version_and_goes_stale_when_the_case_changes() {
    let w = Workspace::new();
    w.ok(&["demo"]);
    w.ok(&["memorandum", "issue", "Brightline"]);
    let hash = w.json(&["memorandum", "show", "Brightline"])["current_hash"]
        .as_str()
        .unwrap()
        .to_owned();
    w.ok(&[
        "memorandum",
        "confirm",
        "Brightline",
        "--by",
        "Sofia Marin",
        "--version",
        "1",
        "--hash",
        &hash,
    ]);
    // A representative confirms for its party.
    w.ok(&[
        "memorandum",
        "confirm",
        "Brightline",
        "--by",
        "Eleanor Grant",
        "--version",
        "1",
        "--hash",
        &hash,
    ]);
    let shown = w.json(&["memorandum", "show", "Brightline"]);
    assert_eq!(
        shown["confirmations"].as_array().unwrap().len(),
        2,
        "{shown}"
    );
    assert_eq!(shown["awaiting"], serde_json::json!([]), "{shown}");

    w.ok(&[
        "issue",
        "state",
        "Brightline",
        "Buy-out price",
        "--state",
        "agreed-final",
        "--reason",
        "£230k",
    ]);
    assert_eq!(
        w.json(&["memorandum", "show", "Brightline"])["changed_since_issued"],
        true
    );
    w.ok(&["memorandum", "issue", "Brightline"]);
    let shown = w.json(&["memorandum", "show", "Brightline"]);
    assert!(
        shown["confirmations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["stale"] == true),
        "{shown}"
    );
    assert_eq!(
        shown["awaiting"],
        serde_json::json!(["Sofia Marin", "Oliver Grant"])
    );
    let text = w.ok(&["memorandum", "show", "Brightline"]);
    assert!(
        text.contains("Version 2") && text.contains("STALE"),
        "{text}"
    );
    let err = w.fails(&[
        "memorandum",
        "confirm",
        "Brightline",
        "--by",
        "Sofia Marin",
        "--version",
        "1",
        "--hash",
        &hash,
    ]);
    assert!(
        err.contains("version 1 is not the latest memorandum; version 2 is"),
        "{err}"
    );
}

#[test]
fn after_session_input_that_does_not_fit_is_refused_and_nothing_is_written() {
    let w = Workspace::new();
    w.ok(&["demo"]);
    let before = w.event_count();
    for (args, says) in [
        (
            vec!["debrief", "add", "Brightline", "1", "--offer", "lots"],
            "amount",
        ),
        (
            vec!["debrief", "add", "Brightline", "1", "--by", "James Cole"],
            "not a party",
        ),
        (
            vec!["stall", "Brightline", "--reason", "posturing"],
            "needs a line of evidence",
        ),
        (
            vec!["stall", "Brightline", "--reason", "bad-luck=it rained"],
            "bad-luck",
        ),
        (
            vec![
                "next-step",
                "choose",
                "Brightline",
                "--step",
                "mediate-again",
                "--owner",
                "Helen Ward",
                "--due",
                "2026-13-01",
            ],
            "2026-13-01",
        ),
        (
            vec![
                "rate",
                "Brightline",
                "1",
                "--by",
                "Sofia Marin",
                "--moment",
                "after",
                "--clarity",
                "9",
                "--temperature",
                "2",
            ],
            "clarity",
        ),
        (
            vec![
                "issue",
                "state",
                "Brightline",
                "Valuation method",
                "--state",
                "open",
            ],
            "reopen",
        ),
        (
            vec![
                "memorandum",
                "confirm",
                "Brightline",
                "--by",
                "Sofia Marin",
                "--version",
                "1",
                "--hash",
                "abc",
            ],
            "hash",
        ),
    ] {
        let err = w.fails(&args);
        // The first line says what is wrong (clap adds a hint line after its own errors).
        let first = err.lines().next().unwrap_or_default();
        assert!(first.contains(says), "{args:?}: {err}");
    }
    assert_eq!(w.event_count(), before, "nothing was written");
}

#[test]
fn a_case_deadline_is_counted_under_the_cases_rules_explained_moved_and_due() {
    let w = Workspace::new();
    w.ok(&["demo"]);
    w.ok(&[
        "case",
        "open",
        "--title",
        "Reyes v. Acme",
        "--type",
        "workplace",
        "--jurisdiction",
        "us-federal",
    ]);
    // England & Wales, civil (CPR 2.8): 7 days is not a short period, so the holidays count;
    // the last day, Monday 28 December 2026, is the Boxing Day substitute: the court office is
    // closed, so it rolls to Tuesday 29 December.
    let ew = w.ok(&[
        "deadline",
        "add",
        "Brightline",
        "--kind",
        "filing-deadline",
        "--label",
        "Reply to the valuation",
        "--rule",
        "7 days after 2026-12-21",
    ]);
    assert!(ew.contains("Due: Tuesday 2026-12-29   (ew-cpr"), "{ew}");
    assert!(ew.contains("Boxing Day"), "{ew}");
    // US federal (FRCP 6(a)): every day counts; Monday 28 December is no federal holiday.
    let us = w.ok(&[
        "deadline",
        "add",
        "Reyes",
        "--kind",
        "filing-deadline",
        "--label",
        "Response to motion",
        "--rule",
        "7 days after 2026-12-21",
    ]);
    assert!(us.contains("Due: Monday 2026-12-28   (us-frcp"), "{us}");

    w.ok(&[
        "deadline",
        "add",
        "Layla",
        "--kind",
        "court-hearing",
        "--label",
        "Final hearing",
        "--on",
        "2027-02-10",
    ]);
    let moved = w.ok(&[
        "deadline",
        "move",
        "Layla",
        "Final hearing",
        "--on",
        "2027-03-03",
        "--reason",
        "Re-listed by the court",
    ]);
    assert!(
        moved.contains("moved from 2027-02-10 to 2027-03-03: Re-listed by the court"),
        "{moved}"
    );
    let explained = w.json(&["deadline", "explain", "Reyes", "Response to motion"]);
    assert_eq!(explained["due_on"], "2026-12-28");
    assert_eq!(explained["computation"]["rule_set"], "us-frcp");

    // The service is closed on Tuesday 29 December too: the last day rolls on to Wednesday.
    let closed = w.ok(&[
        "deadline",
        "add",
        "Brightline",
        "--kind",
        "filing-deadline",
        "--label",
        "Costs schedule",
        "--rule",
        "7 days after 2026-12-21",
        "--closed",
        "2026-12-29",
    ]);
    assert!(closed.contains("Due: Wednesday 2026-12-30"), "{closed}");
    let due = w.ok(&["due"]);
    assert!(
        due.contains("2026-12-29  Reply to the valuation (filing-deadline)"),
        "{due}"
    );
    assert!(
        due.contains("2027-03-03  Final hearing (court-hearing)"),
        "{due}"
    );
    w.ok(&["deadline", "close", "Layla", "Final hearing", "--as", "met"]);
    assert!(!w.ok(&["due"]).contains("Final hearing"));
    let err = w.fails(&[
        "deadline",
        "close",
        "Layla",
        "Final hearing",
        "--as",
        "missed",
    ]);
    assert!(err.contains("no longer pending"), "{err}");
    let err = w.fails(&[
        "deadline",
        "add",
        "Layla",
        "--kind",
        "other",
        "--label",
        "x",
        "--rule",
        "7 days after 1850-01-01",
    ]);
    assert!(err.lines().next().unwrap().contains("--rule"), "{err}");
}

#[test]
fn what_the_console_prints_of_a_screening_or_a_private_note_is_in_the_access_log() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    let logged = || -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(ws.db()).unwrap();
        let mut q = conn
            .prepare(
                "SELECT record, via FROM sensitive_reads WHERE user_id = 'operator' ORDER BY id",
            )
            .unwrap();
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    ws.ok(&["case", "show", "Layla", "--as", "coordinator"]);
    assert!(logged().is_empty(), "metadata holds no sensitive record");
    std::fs::write(
        ws.path("screening.json"),
        r#"{"answers": {"abuse": {"concern": "no"}, "threats": {"concern": "no"},
            "fear": {"concern": "yes", "detail": "Afraid at handovers"},
            "child_protection": {"concern": "no"}, "power_imbalance": {"concern": "no"},
            "capacity": {"concern": "no"}}, "judgement": "suitable"}"#,
    )
    .unwrap();
    ws.ok(&[
        "safety",
        "screen",
        "Layla",
        "Amira",
        &ws.path("screening.json"),
    ]);
    let shown = ws.ok(&["safety", "show", "Layla"]);
    assert!(shown.contains("Afraid at handovers"), "{shown}");
    let after_safety = logged();
    assert!(
        after_safety
            .iter()
            .any(|(r, via)| r.starts_with("screening:") && via == "command line (accord)"),
        "{after_safety:?}"
    );
    // The mediator's view of the demo case holds caucus notes and debriefs: each is logged.
    ws.ok(&["case", "show", "Layla"]);
    let after_case = logged();
    assert!(after_case.len() > after_safety.len(), "{after_case:?}");
    assert!(
        after_case
            .iter()
            .any(|(r, _)| r.starts_with("caucus-note:")),
        "{after_case:?}"
    );
}
