//! PostgreSQL stopped and started under load: clients keep sending notes, each under its
//! own Idempotency-Key, while the database goes away (an immediate stop, as a crash would)
//! and comes back. While it is down, writes answer 503 `database-unavailable` and `/readyz`
//! says not ready; once it is back the server recovers by itself, and every acknowledged
//! note is in the case exactly once.

mod common;
use common::faults::*;
use common::server::{Database, Running};
use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// A PostgreSQL cluster of the test's own (Debian's server binaries, run as `postgres`), on a
/// free loopback port, so that stopping it touches nothing else; removed when dropped.
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Cluster {
    fn create() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("Debian's postgresql is installed (the test command installs it)")
            .map(|e| e.unwrap().path().join("bin"))
            .filter(|b| b.join("pg_ctl").exists())
            .max()
            .expect("a PostgreSQL server under /usr/lib/postgresql");
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::os::unix::fs::chown(dir.path(), Some(uid_of("postgres")), None).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Self {
            bin,
            data,
            port,
            _dir: dir,
        };
        cluster.run("initdb", &["-A", "trust", "-U", "postgres", "-D"]);
        cluster.start();
        cluster
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join(program))
            .args(args)
            .arg(&self.data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.data.parent().unwrap().display()
        );
        let log = self.data.parent().unwrap().join("server.log");
        let log = log.to_str().unwrap();
        self.run("pg_ctl", &["-w", "-l", log, "-o", &options, "start", "-D"]);
    }

    /// Stops at once, as a crash or a pulled plug would (no shutdown checkpoint).
    fn stop(&self) {
        self.run("pg_ctl", &["-w", "-m", "immediate", "stop", "-D"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-m", "immediate", "stop", "-D"])
            .arg(&self.data)
            .output();
    }
}

fn uid_of(user: &str) -> u32 {
    let out = Command::new("id").args(["-u", user]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// What the clients saw: keys acknowledged, and how many answers were 503 for the outage.
#[derive(Default)]
struct Seen {
    acknowledged: Vec<String>,
    refused: usize,
    answer_lost: usize,
}

/// Sends notes under fresh keys until `stop`; a key refused or unanswered is sent again
/// (the same key) until it is acknowledged — so at the end each key is in the case once.
fn client_loop(
    client: Client,
    url: String,
    n: usize,
    stop: &std::sync::atomic::AtomicBool,
    seen: &std::sync::Mutex<Seen>,
) {
    let mut i = 0;
    let mut pending: Option<String> = None;
    let mut since = std::time::Instant::now();
    while !stop.load(std::sync::atomic::Ordering::Relaxed) || pending.is_some() {
        let key = match pending.take() {
            Some(key) => {
                assert!(
                    since.elapsed() < Duration::from_secs(60),
                    "{key}: not acknowledged within 60 s"
                );
                key
            }
            None => {
                i += 1;
                since = std::time::Instant::now();
                format!("c{n}-{i}")
            }
        };
        let sent = client
            .post(&url)
            .header("Idempotency-Key", &key)
            .json(&json!({"text": format!("{key} under load"), "audience": {"kind": "everyone"}}))
            .send();
        match sent.map(|r| (r.status().as_u16(), r.text().unwrap_or_default())) {
            // Carried out (201), or carried out by an earlier try whose answer was lost in
            // the outage (200, `applied`).
            Ok((201, _)) => seen.lock().unwrap().acknowledged.push(key),
            Ok((200, body)) if body.contains("\"applied\"") => {
                seen.lock().unwrap().acknowledged.push(key);
                seen.lock().unwrap().answer_lost += 1;
            }
            Ok((503, body)) => {
                // `busy` too: a write that met the outage between its tries to append.
                assert!(
                    body.contains("database-unavailable") || body.contains("\"busy\""),
                    "{key}: {body}"
                );
                seen.lock().unwrap().refused += 1;
                pending = Some(key);
                std::thread::sleep(Duration::from_millis(200));
            }
            // The first try of this key still runs on the server.
            Ok((409, _)) | Err(_) => pending = Some(key),
            Ok((status, body)) => panic!("{key}: {status} {body}"),
        }
    }
}

#[test]
fn postgres_stopped_under_load_answers_503_then_recovers_with_nothing_lost_or_run_twice() {
    let cluster = Cluster::create();
    let url = cluster.url();
    add_mediator(&url);
    let server = Running::start(Database::at(&url), &[]);
    let client = signed_in(&server);
    let case = open_case(&client, &server);
    let notes_url = server.url(&format!("/cases/{case}/notes"));
    let stop = std::sync::atomic::AtomicBool::new(false);
    let seen = std::sync::Mutex::new(Seen::default());
    std::thread::scope(|scope| {
        for n in 0..3 {
            let (client, url, stop, seen) = (client.clone(), notes_url.clone(), &stop, &seen);
            scope.spawn(move || client_loop(client, url, n, stop, seen));
        }
        eventually("load under way", || {
            seen.lock().unwrap().acknowledged.len() >= 30
        });
        cluster.stop();
        let (status, text) = readyz(&server);
        assert_eq!(
            (status, text.as_str()),
            (503, "not ready: the database does not answer")
        );
        eventually("writes refused", || seen.lock().unwrap().refused >= 3);
        let during = seen.lock().unwrap().acknowledged.len();
        cluster.start();
        eventually("ready again", || readyz(&server) == (200, "ready".into()));
        eventually("writes again", || {
            seen.lock().unwrap().acknowledged.len() >= during + 30
        });
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });

    let seen = seen.into_inner().unwrap();
    let mut acknowledged = seen.acknowledged;
    drop(server);
    // The export holds every note (the case view shows the newest page).
    let mut stored = exported_notes(&url, &case);
    stored.sort();
    acknowledged.sort();
    assert_eq!(
        stored, acknowledged,
        "each acknowledged note once; none lost, none twice"
    );
    assert!(accord(&url, &["verify"]).contains("Every chain verifies"));
    eprintln!(
        "postgres outage: {} notes acknowledged ({} told applied after their answer was lost), {} answers 503 while it was down",
        acknowledged.len(),
        seen.answer_lost,
        seen.refused
    );
}

/// The first word of every note in the case's export.
fn exported_notes(url: &str, case: &str) -> Vec<String> {
    accord(url, &["export", case])
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["event_type"] == "NoteAdded")
        .map(|e| key_of(&e["payload"]["text"]))
        .collect()
}
