//! E-mailed reminders end to end: the real server and `accord reminders send` against a real
//! SMTP listener on loopback. Each member receives each due reminder once, however many
//! passes run (at once or one after another); a moved deadline's old reminders are cancelled;
//! a party's debrief reminder reaches only that party, those acting for it and the mediator;
//! with no relay the reminders are logged and kept.

mod common;

use common::server::{Backend, Database, Running};
use common::smtp::{self, Inbox};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::process::{Command, Output, Stdio};

const PASSWORD: &str = "mediator-password";
const SECRET_B: &str = "SECRET-B: my new job starts in March";
const MAYA: &str = "maya@rem.example";
const AMIRA: &str = "amira@rem.example";
const BEN: &str = "ben@rem.example";
const RITA: &str = "rita@rem.example";

fn accord(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["--database", db])
        .args(args)
        .env_remove("ACCORD_SMTP_URL")
        .env_remove("ACCORD_REMINDER_DAYS")
        .env("ACCORD_LOG", "info")
        .env("ACCORD_PASSWORD", PASSWORD)
        .output()
        .unwrap()
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `accord serve` on a fresh database with one mediator account, with `serve_flags` added and
/// no relay or lead times from the environment.
fn start(backend: Backend, serve_flags: &[&str]) -> Running {
    let db = Database::fresh(backend);
    ok(accord(&db.url, &["migrate"]));
    ok(accord(
        &db.url,
        &[
            "user",
            "add",
            "--email",
            MAYA,
            "--name",
            "Maya Patel",
            "--role",
            "mediator",
        ],
    ));
    Running::start_without_env(
        db,
        serve_flags,
        &["ACCORD_SMTP_URL", "ACCORD_REMINDER_DAYS"],
    )
}

// `Running` is this test crate's own type (from `common`), so this file may add to it.
impl Running {
    fn accord(&self, args: &[&str]) -> Output {
        ok(accord(&self.database.url, args))
    }

    /// `accord reminders send` as if it were `now`, to `smtp` (or the log).
    fn send_reminders(&self, smtp: Option<&str>, now: Timestamp) -> Output {
        let now = now.to_string();
        let mut args = vec!["reminders", "send", "--now", &now];
        if let Some(smtp) = smtp {
            args.extend(["--smtp-url", smtp]);
        }
        self.accord(&args)
    }

    /// The outbox, as `accord reminders list --json` shows it.
    fn outbox(&self) -> Vec<Value> {
        let out = self.accord(&["reminders", "list", "--json"]);
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

struct Person(Client);

impl Person {
    fn sign_in(server: &Running, email: &str, password: &str) -> Self {
        let p = Self(Client::builder().cookie_store(true).build().unwrap());
        let (status, body) = p.post(
            &server.url("/session"),
            json!({"email": email, "password": password}),
        );
        assert_eq!(status, StatusCode::OK, "{body}");
        p
    }

    fn post(&self, url: &str, body: Value) -> (StatusCode, Value) {
        let r = common::versions::post_seen(&self.0, url, &body)
            .send()
            .unwrap();
        let status = r.status();
        (status, r.json().unwrap_or(Value::Null))
    }

    /// Posts a command that must succeed; returns the id it made, if any.
    fn run(&self, url: &str, body: Value) -> String {
        let (status, answer) = self.post(url, body);
        assert!(status.is_success(), "{url}: {status} {answer}");
        answer["id"].as_str().unwrap_or_default().to_owned()
    }
}

struct Case {
    id: String,
    party_a: String,
    party_b: String,
    maya: Person,
    ben: Person,
}

/// A case in London with two parties and a representative for the first, each of whom
/// joined through an invitation; Maya, who opened it, is its mediator.
fn case_with_people(server: &Running) -> Case {
    let maya = Person::sign_in(server, MAYA, PASSWORD);
    let id = {
        let (status, opened) = maya.post(
            &server.url("/cases"),
            json!({"title": "Ahmed & Brown", "dispute_type": "child-arrangements",
                   "jurisdiction": "england-wales", "time_zone": "Europe/London"}),
        );
        assert_eq!(status, StatusCode::CREATED, "{opened}");
        opened["case"].as_str().unwrap().to_owned()
    };
    let participants = server.url(&format!("/cases/{id}/participants"));
    let party_a = maya.run(
        &participants,
        json!({"name": "Amira Ahmed", "role": "party"}),
    );
    let party_b = maya.run(&participants, json!({"name": "Ben Brown", "role": "party"}));
    let rep = maya.run(
        &participants,
        json!({"name": "Rita Rao", "role": "representative", "acting_for": party_a}),
    );
    let mut joined = Vec::new();
    for (participant, email) in [(&party_a, AMIRA), (&party_b, BEN), (&rep, RITA)] {
        let (status, invited) = maya.post(
            &server.url(&format!("/cases/{id}/invitations")),
            json!({"participant": participant, "email": email}),
        );
        assert_eq!(status, StatusCode::CREATED, "{invited}");
        let person = Person(Client::builder().cookie_store(true).build().unwrap());
        let (status, body) = person.post(
            &server.url("/invitations/accept"),
            json!({"token": invited["token"], "password": "party-password"}),
        );
        assert_eq!(status, StatusCode::OK, "{body}");
        joined.push(person);
    }
    let ben = joined.swap_remove(1);
    Case {
        id,
        party_a,
        party_b,
        maya,
        ben,
    }
}

fn london() -> TimeZone {
    TimeZone::get("Europe/London").unwrap()
}

fn today() -> Date {
    Timestamp::now().to_zoned(london()).date()
}

/// The messages to each address, in arrival order.
fn by_recipient(messages: &[String], who: &str) -> Vec<String> {
    messages
        .iter()
        .filter(|m| smtp::to(m) == who)
        .cloned()
        .collect()
}

fn subject(message: &str) -> &str {
    message
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .unwrap_or_else(|| panic!("no subject in {message}"))
}

/// Waits for `n` messages, then a little longer to see that no more arrive.
fn exactly(inbox: &Inbox, n: usize) -> Vec<String> {
    inbox.wait_for(n);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let got = inbox.messages();
    assert_eq!(
        got.len(),
        n,
        "{:#?}",
        got.iter().map(|m| subject(m)).collect::<Vec<_>>()
    );
    got
}

fn keys_with_status(outbox: &[Value], status: &str) -> Vec<String> {
    let mut keys: Vec<String> = outbox
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["key"].as_str().unwrap().to_owned())
        .collect();
    keys.sort();
    keys
}

#[test]
fn reminders_arrive_at_the_smtp_listener_once_each() {
    deadline_reminders(Backend::Sqlite);
}

#[test]
fn reminders_arrive_at_the_smtp_listener_once_each_on_postgresql() {
    deadline_reminders(Backend::Postgres);
}

fn deadline_reminders(backend: Backend) {
    let (inbox, smtp) = Inbox::start();
    // The server's own worker runs once at start (nothing is due then); the passes of this
    // test are `accord reminders send`.
    let server = start(backend, &["--reminder-interval", "3600"]);
    let case = case_with_people(&server);
    let deadlines = server.url(&format!("/cases/{}/deadlines", case.id));
    let tomorrow = today() + 1.day();
    let next_week = today() + 7.days();
    let hearing = case.maya.run(
        &deadlines,
        json!({"kind": "court-hearing", "label": "Final hearing", "on": tomorrow}),
    );
    let disclosure = case.maya.run(
        &deadlines,
        json!({"kind": "filing-deadline", "label": "Disclosure", "on": next_week}),
    );
    let outbox = server.outbox();
    assert_eq!(
        keys_with_status(&outbox, "pending"),
        {
            let mut keys = vec![
                format!("deadline:{hearing}:{tomorrow}:1d"),
                format!("deadline:{disclosure}:{next_week}:1d"),
                format!("deadline:{disclosure}:{next_week}:3d"),
                format!("deadline:{disclosure}:{next_week}:7d"),
            ];
            keys.sort();
            keys
        },
        "{outbox:#?}"
    );

    // As of 08:00 today in London (or now, if later), the hearing's 1-day reminder and the
    // disclosure's 7-day one are due. Two passes at once, then a third: each mailed once.
    let morning = today()
        .at(8, 0, 1, 0)
        .to_zoned(london())
        .unwrap()
        .timestamp();
    let as_of = morning.max(Timestamp::now());
    let now = as_of.to_string();
    let passes: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_accord"))
                .args(["--database", &server.database.url, "reminders", "send"])
                .args(["--smtp-url", &smtp, "--now", &now])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for pass in passes {
        ok(pass.wait_with_output().unwrap());
    }
    let again = server.send_reminders(Some(&smtp), as_of);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        "No reminders are due."
    );
    let mail = exactly(&inbox, 8);
    for who in [MAYA, AMIRA, BEN, RITA] {
        let theirs = by_recipient(&mail, who);
        let mut subjects: Vec<String> = theirs.iter().map(|m| subject(m).to_owned()).collect();
        subjects.sort();
        assert_eq!(
            subjects,
            [
                "Reminder: Disclosure is due in 7 days (Ahmed & Brown)",
                "Reminder: Final hearing is due tomorrow (Ahmed & Brown)",
            ],
            "{who}"
        );
    }
    let hearing_mail = by_recipient(&mail, BEN)
        .into_iter()
        .find(|m| subject(m).contains("Final hearing"))
        .unwrap();
    assert!(
        hearing_mail.contains(
            "Final hearing (court hearing) in the case \"Ahmed & Brown\" is due tomorrow"
        ),
        "{hearing_mail}"
    );
    let outbox = server.outbox();
    let sent: Vec<&Value> = outbox.iter().filter(|r| r["status"] == "sent").collect();
    assert_eq!(sent.len(), 2, "{outbox:#?}");
    assert!(
        sent.iter()
            .all(|r| r["deliveries"] == 4 && r["attempts"] == 0)
    );

    // The disclosure moves: its reminders not yet sent are cancelled, new ones planned; the
    // one already sent stays sent.
    let later = today() + 20.days();
    case.maya.run(
        &server.url(&format!("/cases/{}/deadlines/{disclosure}/move", case.id)),
        json!({"on": later, "reason": "The court extended time"}),
    );
    let outbox = server.outbox();
    assert_eq!(
        keys_with_status(&outbox, "cancelled"),
        [
            format!("deadline:{disclosure}:{next_week}:1d"),
            format!("deadline:{disclosure}:{next_week}:3d"),
        ]
    );
    assert_eq!(keys_with_status(&outbox, "sent"), {
        let mut keys = vec![
            format!("deadline:{hearing}:{tomorrow}:1d"),
            format!("deadline:{disclosure}:{next_week}:7d"),
        ];
        keys.sort();
        keys
    });
    assert_eq!(
        keys_with_status(&outbox, "pending"),
        [1, 3, 7].map(|lead| format!("deadline:{disclosure}:{later}:{lead}d"))
    );
    server.send_reminders(Some(&smtp), as_of);
    exactly(&inbox, 8);
    assert!(
        server.stop(),
        "the server and its reminder worker stop on SIGTERM"
    );
}

#[test]
fn a_partys_debrief_reminder_reaches_that_party_its_representative_and_the_mediator_only() {
    let (inbox, smtp) = Inbox::start();
    let server = start(Backend::Sqlite, &["--reminder-interval", "3600"]);
    let case = case_with_people(&server);
    let url = |path: &str| server.url(&format!("/cases/{}{path}", case.id));
    case.ben.run(
        &url("/notes"),
        json!({"text": SECRET_B, "audience": {"kind": "party-and-mediator", "party": case.party_b}}),
    );
    let session = case.maya.run(
        &url("/sessions"),
        json!({"starts_at": Timestamp::now(), "format": "joint"}),
    );
    case.maya.run(
        &url(&format!("/sessions/{session}/held")),
        json!({"held_on": today(), "format": "joint", "attendees": [case.party_a, case.party_b]}),
    );
    case.maya.run(
        &url(&format!("/sessions/{session}/outcome")),
        json!({"outcome": "partial-agreement", "summary": "Agreed the school run; holidays open"}),
    );
    // Nothing is due yet: a debrief's reminder goes out a day before it is due (48 hours on).
    let quiet = server.send_reminders(Some(&smtp), Timestamp::now());
    assert_eq!(
        String::from_utf8_lossy(&quiet.stdout).trim(),
        "No reminders are due."
    );
    let tomorrow = Timestamp::now() + SignedDuration::from_hours(25);
    server.send_reminders(Some(&smtp), tomorrow);
    // Amira's reminder: Amira, Rita (for Amira), Maya. Ben's: Ben, Maya. Maya's own: Maya.
    let mail = exactly(&inbox, 6);
    let (amira, rita, ben, maya) = (
        by_recipient(&mail, AMIRA),
        by_recipient(&mail, RITA),
        by_recipient(&mail, BEN),
        by_recipient(&mail, MAYA),
    );
    assert_eq!(
        (amira.len(), rita.len(), ben.len(), maya.len()),
        (1, 1, 1, 3)
    );
    for m in amira.iter().chain(&rita) {
        assert!(m.contains("The private debrief for Amira Ahmed"), "{m}");
        for of_b in ["Ben", SECRET_B, &case.party_b] {
            assert!(!m.contains(of_b), "A's reminder holds {of_b:?}: {m}");
        }
    }
    assert!(
        ben[0].contains("The private debrief for Ben Brown"),
        "{}",
        ben[0]
    );
    assert!(!ben[0].contains("Amira") && !ben[0].contains(&case.party_a));
    assert!(
        maya.iter()
            .any(|m| m.contains("Your debrief as the mediator")),
        "{maya:#?}"
    );
    assert!(mail.iter().all(|m| !m.contains(SECRET_B)));
}

#[test]
fn without_an_smtp_relay_reminders_are_logged_once_and_kept() {
    let server = start(
        Backend::Sqlite,
        &["--reminder-interval", "3600", "--reminder-days", "10,2"],
    );
    let maya = Person::sign_in(&server, MAYA, PASSWORD);
    let (status, opened) = maya.post(
        &server.url("/cases"),
        json!({"title": "Noise at number 12", "dispute_type": "neighbour-community",
               "jurisdiction": "england-wales", "time_zone": "Europe/London"}),
    );
    assert_eq!(status, StatusCode::CREATED, "{opened}");
    let case = opened["case"].as_str().unwrap();
    let witness = maya.run(
        &server.url(&format!("/cases/{case}/deadlines")),
        json!({"kind": "filing-deadline", "label": "Witness statement", "on": today()}),
    );
    let first = server.send_reminders(None, Timestamp::now());
    let (out, log) = (
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&first.stderr),
    );
    assert!(
        out.contains("logged (no SMTP relay) for maya@rem.example"),
        "{out}"
    );
    assert!(
        log.contains("Reminder: Witness statement is due today (Noise at number 12)"),
        "{log}"
    );
    assert!(log.contains("no ACCORD_SMTP_URL"), "{log}");
    let outbox = server.outbox();
    assert_eq!(outbox.len(), 1);
    assert_eq!(
        (
            outbox[0]["key"].as_str(),
            outbox[0]["status"].as_str(),
            outbox[0]["deliveries"].as_u64()
        ),
        (
            Some(format!("deadline:{witness}:{}:2d", today()).as_str()),
            Some("logged"),
            Some(0)
        )
    );
    let second = server.send_reminders(None, Timestamp::now());
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).trim(),
        "No reminders are due."
    );
    assert!(!String::from_utf8_lossy(&second.stderr).contains("Witness statement"));
    // The server's --reminder-days decide the lead times of what it plans.
    let later = today() + 30.days();
    let hearing = maya.run(
        &server.url(&format!("/cases/{case}/deadlines")),
        json!({"kind": "court-hearing", "label": "Hearing", "on": later}),
    );
    assert_eq!(
        keys_with_status(&server.outbox(), "pending"),
        [10, 2].map(|lead| format!("deadline:{hearing}:{later}:{lead}d"))
    );
}

#[test]
fn the_server_sends_due_reminders_in_the_background_once_each() {
    let (inbox, smtp) = Inbox::start();
    let server = start(
        Backend::Sqlite,
        &["--smtp-url", &smtp, "--reminder-interval", "1"],
    );
    let maya = Person::sign_in(&server, MAYA, PASSWORD);
    let (_, opened) = maya.post(
        &server.url("/cases"),
        json!({"title": "Grant family trust", "dispute_type": "elder-care",
               "jurisdiction": "england-wales", "time_zone": "Europe/London"}),
    );
    let case = opened["case"].as_str().unwrap();
    maya.run(
        &server.url(&format!("/cases/{case}/deadlines")),
        json!({"kind": "court-hearing", "label": "Directions hearing", "on": today()}),
    );
    let first = inbox.wait_for(1);
    assert_eq!(smtp::to(&first[0]), MAYA);
    assert_eq!(
        subject(&first[0]),
        "Reminder: Directions hearing is due today (Grant family trust)"
    );
    // Several more passes run meanwhile; none mails it again.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_eq!(inbox.messages().len(), 1);
    let outbox = server.outbox();
    assert_eq!(outbox[0]["status"], "sent");
    assert!(server.stop());
}

#[test]
fn a_party_whose_safe_contact_asks_for_discretion_gets_reminders_that_name_nothing() {
    let (inbox, smtp) = Inbox::start();
    let server = start(
        Backend::Sqlite,
        &["--reminder-interval", "3600", "--smtp-url", &smtp],
    );
    let case = case_with_people(&server);
    let url = |path: &str| server.url(&format!("/cases/{}{path}", case.id));
    case.ben.run(
        &url("/safe-contact"),
        json!({"party": case.party_b, "channel": "email", "times": "evenings only",
               "may_name_service": false}),
    );
    // Ben may not give Amira's.
    let (status, _) = case.ben.post(
        &url("/safe-contact"),
        json!({"party": case.party_a, "channel": "phone", "may_name_service": true}),
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    case.maya.run(
        &url("/deadlines"),
        json!({"kind": "court-hearing", "label": "Final hearing", "on": today() + 1.day()}),
    );
    server.send_reminders(Some(&smtp), Timestamp::now());
    let mail = exactly(&inbox, 4);
    let ben = by_recipient(&mail, BEN);
    assert_eq!(subject(&ben[0]), "A reminder");
    // No display name on the sender (its address is the operator's ACCORD_MAIL_FROM), and
    // nothing in the text names the service, mediation, the case or the hearing.
    assert!(
        ben[0].contains("\nFrom: accord@localhost\r\n")
            || ben[0].contains("\nFrom: accord@localhost\n"),
        "{}",
        ben[0]
    );
    let (_, text) = ben[0]
        .split_once("\r\n\r\n")
        .or(ben[0].split_once("\n\n"))
        .unwrap();
    for named in ["accord", "mediat", "ahmed", "brown", "hearing", "final"] {
        assert!(
            !text.to_lowercase().contains(named),
            "Ben's reminder says {named:?}: {}",
            ben[0]
        );
    }
    assert!(ben[0].contains("Sign in to read it"), "{}", ben[0]);
    // Everyone else's names the hearing and the case, as before.
    for who in [MAYA, AMIRA, RITA] {
        let theirs = by_recipient(&mail, who);
        assert_eq!(
            subject(&theirs[0]),
            "Reminder: Final hearing is due tomorrow (Ahmed & Brown)"
        );
    }
    // So is the sign-in link Ben asks for; Amira's names the service.
    for who in [BEN, AMIRA] {
        let anyone = Person(Client::builder().cookie_store(true).build().unwrap());
        let (status, _) = anyone.post(&server.url("/sign-in-links"), json!({"email": who}));
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let mail = exactly(&inbox, 6);
    let link = |who| {
        by_recipient(&mail, who)
            .into_iter()
            .find(|m| subject(m).contains("sign-in link"))
            .unwrap_or_else(|| panic!("no sign-in link for {who}"))
    };
    let bens = link(BEN);
    assert_eq!(subject(&bens), "Your sign-in link");
    let (_, text) = bens
        .split_once("\r\n\r\n")
        .or(bens.split_once("\n\n"))
        .unwrap();
    for named in ["accord", "mediat", "ben brown"] {
        assert!(
            !text.to_lowercase().contains(named),
            "Ben's link says {named:?}: {bens}"
        );
    }
    assert!(text.contains("/sign-in?token="), "{bens}");
    assert_eq!(subject(&link(AMIRA)), "Your Accord sign-in link");
}
