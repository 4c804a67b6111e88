//! Crash safety: clients keep sending commands, each under its own `Idempotency-Key`, while
//! `accord serve` is killed with SIGKILL at random moments and started again. After every
//! restart each command a client saw acknowledged is in its case, and every chain verifies;
//! a command whose answer was lost is retried with the same key until it is answered, and at
//! the end every command is in its case exactly once — none lost, none run twice.
//!
//! `ACCORD_CRASH_CYCLES` sets the cycles per backend (default 8); `ACCORD_CRASH_REPORT=FILE`
//! appends the figures as Markdown (bench/results/crash.md comes from a 100-cycle run).

mod common;
use common::server::{Backend, Database};
use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

const EMAIL: &str = "maya@crash.example";
const PASSWORD: &str = "mediator-password";
const CASES: usize = 6;
const CLIENTS: usize = 4;

fn accord(url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
    cmd.args(["--database", url]);
    cmd
}

/// The server process, killed when dropped (so a failing test leaves none behind).
struct Server(Child);

impl Server {
    fn kill(&mut self) {
        let _ = self.0.kill(); // SIGKILL
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `accord serve` on `url`; returns the process and its base URL once it listens.
fn serve(url: &str) -> (Server, String) {
    let mut child = accord(url)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ACCORD_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    lines.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .trim_end_matches('/')
        .to_owned();
    (Server(child), base)
}

/// One command: an issue with a title of its own, added to a case under its own key.
#[derive(Clone)]
struct Sent {
    case: String,
    title: String,
}

#[derive(Default)]
struct Tally {
    acknowledged: Vec<Sent>,
    /// Answered only after a retry (the first try's connection died with the server).
    retried: usize,
    /// Answered "applied before the restart" (events committed, answer lost).
    applied_unanswered: usize,
}

struct Load {
    base: RwLock<String>,
    stop: AtomicBool,
    tally: Mutex<Tally>,
    sent: AtomicUsize,
}

/// Sends `sent` under `key` until it has an answer; returns how many tries it took and
/// whether the answer was "applied, answer not kept".
fn send_until_answered(load: &Load, client: &Client, key: &str, sent: &Sent) -> (usize, bool) {
    let began = Instant::now();
    let mut last = String::new();
    for tries in 1.. {
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "{key}: no answer in 60 s; the last: {last}"
        );
        let base = load.base.read().unwrap().clone();
        let answer = client
            .post(format!("{base}/api/v1/cases/{}/issues", sent.case))
            .header("Idempotency-Key", key)
            .json(&json!({"title": sent.title}))
            .timeout(Duration::from_secs(10))
            .send();
        match answer {
            Ok(r) if r.status() == 201 => return (tries, false),
            Ok(r) if r.status() == 200 => {
                let body: Value = r.json().unwrap();
                assert_eq!(body["applied"]["case"], sent.case.as_str(), "{body}");
                return (tries, true);
            }
            // The first try is still running (the same server), or the server is starting.
            Ok(r) if r.status() == 409 || r.status() == 503 => {
                last = format!("{} {}", r.status(), r.text().unwrap_or_default());
            }
            Ok(r) => panic!("{key}: {} {}", r.status(), r.text().unwrap_or_default()),
            // The server was killed: try again once it is back.
            Err(e) => last = format!("{e:?}"),
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    unreachable!()
}

fn client_loop(load: Arc<Load>, client: Client, cases: Vec<String>, n: usize) {
    let mut i = 0;
    while !load.stop.load(Ordering::Relaxed) {
        let sent = Sent {
            case: cases[(n + i) % cases.len()].clone(),
            title: format!("crash c{n} #{i}"),
        };
        let key = format!("crash-{n}-{i}");
        load.sent.fetch_add(1, Ordering::Relaxed);
        let (tries, applied) = send_until_answered(&load, &client, &key, &sent);
        let mut tally = load.tally.lock().unwrap();
        tally.acknowledged.push(sent);
        tally.retried += usize::from(tries > 1);
        tally.applied_unanswered += usize::from(applied);
        i += 1;
    }
}

/// Each case's issue titles, as the mediator sees them.
fn titles(client: &Client, base: &str, cases: &[String]) -> HashMap<String, Vec<String>> {
    cases
        .iter()
        .map(|case| {
            let shown: Value = client
                .get(format!("{base}/api/v1/cases/{case}"))
                .send()
                .unwrap()
                .json()
                .unwrap();
            let issues = shown["view"]["case"]["issues"].as_array().unwrap();
            let titles = issues
                .iter()
                .map(|i| i["title"].as_str().unwrap().to_owned())
                .collect();
            (case.clone(), titles)
        })
        .collect()
}

fn verify(url: &str) {
    let out = accord(url).args(["verify", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "a chain does not verify: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

struct Figures {
    backend: &'static str,
    cycles: usize,
    acknowledged: usize,
    retried: usize,
    applied_unanswered: usize,
    lost: usize,
    duplicated: usize,
    seconds: f64,
}

fn crash_cycles(backend: Backend, name: &'static str) -> Figures {
    let cycles: usize = std::env::var("ACCORD_CRASH_CYCLES")
        .ok()
        .map(|v| v.parse().expect("ACCORD_CRASH_CYCLES is a number"))
        .unwrap_or(8);
    let started = Instant::now();
    let db = Database::fresh(backend);
    let added = accord(&db.url)
        .args(["user", "add", "--email", EMAIL, "--name", "Maya Patel"])
        .args(["--role", "mediator"])
        .env("ACCORD_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let (mut server, base) = serve(&db.url);
    let maya = Client::builder().cookie_store(true).build().unwrap();
    let signed = maya
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .unwrap();
    assert_eq!(signed.status(), 200);
    let cases: Vec<String> = (0..CASES)
        .map(|n| {
            let opened: Value = maya
                .post(format!("{base}/api/v1/cases"))
                .json(
                    &json!({"title": format!("Crash case {n}"), "dispute_type": "workplace",
                              "jurisdiction": "england-wales", "time_zone": "Europe/London"}),
                )
                .send()
                .unwrap()
                .json()
                .unwrap();
            opened["case"].as_str().unwrap().to_owned()
        })
        .collect();

    let load = Arc::new(Load {
        base: RwLock::new(base),
        stop: AtomicBool::new(false),
        tally: Mutex::default(),
        sent: AtomicUsize::new(0),
    });
    // Each client is a browser of Maya's: the same session cookie (it outlives restarts).
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let (load, client, cases) = (load.clone(), maya.clone(), cases.clone());
            std::thread::spawn(move || client_loop(load, client, cases, n))
        })
        .collect();

    let mut seed = std::process::id() as u64 ^ started.elapsed().as_nanos() as u64;
    let mut next_random = move |below: u64| {
        // xorshift: a kill moment that differs run to run, without a crate for it.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    for cycle in 0..cycles {
        std::thread::sleep(Duration::from_millis(100 + next_random(400)));
        server.kill();
        let acknowledged: Vec<Sent> = load.tally.lock().unwrap().acknowledged.clone();
        let (restarted, base) = serve(&db.url);
        server = restarted;
        *load.base.write().unwrap() = base.clone();
        verify(&db.url);
        let found = titles(&maya, &base, &cases);
        for sent in &acknowledged {
            assert!(
                found[&sent.case].contains(&sent.title),
                "cycle {cycle}: acknowledged {:?} is missing",
                sent.title
            );
        }
    }
    load.stop.store(true, Ordering::Relaxed);
    clients.into_iter().for_each(|c| c.join().unwrap());

    let base = load.base.read().unwrap().clone();
    verify(&db.url);
    let found = titles(&maya, &base, &cases);
    let tally = load.tally.lock().unwrap();
    let mut lost = 0;
    let mut duplicated = 0;
    for sent in &tally.acknowledged {
        match found[&sent.case]
            .iter()
            .filter(|t| **t == sent.title)
            .count()
        {
            0 => lost += 1,
            1 => {}
            _ => duplicated += 1,
        }
    }
    // Nothing else was written either: every issue is one a client sent.
    let expected: HashSet<_> = tally.acknowledged.iter().map(|s| &s.title).collect();
    let stored: usize = found.values().map(Vec::len).sum();
    assert_eq!(stored, tally.acknowledged.len() + duplicated - lost);
    assert!(found.values().flatten().all(|t| expected.contains(t)));
    assert_eq!(load.sent.load(Ordering::Relaxed), tally.acknowledged.len());
    server.kill();
    Figures {
        backend: name,
        cycles,
        acknowledged: tally.acknowledged.len(),
        retried: tally.retried,
        applied_unanswered: tally.applied_unanswered,
        lost,
        duplicated,
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn report(f: &Figures) {
    let line = format!(
        "| {} | {} | {} | {} | {} | {} | {} | {:.0} s |",
        f.backend,
        f.cycles,
        f.acknowledged,
        f.retried,
        f.applied_unanswered,
        f.lost,
        f.duplicated,
        f.seconds
    );
    println!("{line}");
    if let Ok(file) = std::env::var("ACCORD_CRASH_REPORT") {
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            // A relative path is the workspace's, not this crate's (cargo runs tests here).
            .open(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../..")
                    .join(file),
            )
            .unwrap();
        writeln!(out, "{line}").unwrap();
    }
    assert_eq!((f.lost, f.duplicated), (0, 0), "lost or run twice");
    assert!(
        f.acknowledged > f.cycles,
        "the load kept going: {}",
        f.acknowledged
    );
}

#[test]
fn sigkill_loses_no_acknowledged_command_on_sqlite() {
    report(&crash_cycles(Backend::Sqlite, "SQLite"));
}

#[test]
fn sigkill_loses_no_acknowledged_command_on_postgres() {
    report(&crash_cycles(Backend::Postgres, "PostgreSQL"));
}
