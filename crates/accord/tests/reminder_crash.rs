//! No reminder is sent twice when the sender is killed: `accord reminders send` is killed
//! with SIGKILL at the worst moment — the relay has the whole message but has not answered —
//! and a later pass, after the first one's lease is over, does not send it again. The outbox
//! shows the delivery as unconfirmed. (A relay that refuses a message gives the claim back:
//! `reminders.rs` shows such a reminder retried and delivered once.)

mod common;

use common::server::{Backend, Database};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::Value;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

const MAYA: &str = "maya@crash.example";

fn accord(db: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
    cmd.args(["--database", db])
        .args(args)
        .env_remove("ACCORD_SMTP_URL")
        .env_remove("ACCORD_REMINDER_DAYS")
        .env("ACCORD_PASSWORD", "mediator-password")
        .env("ACCORD_LOG", "warn");
    cmd
}

fn ok(db: &str, args: &[&str]) -> Output {
    let out = accord(db, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A relay that keeps each whole message it receives and, while `held`, does not answer it
/// until released: the moment when the message is delivered but the sender does not know.
#[derive(Clone, Default)]
struct Relay {
    state: Arc<(Mutex<RelayState>, Condvar)>,
    current: Vec<u8>,
}

#[derive(Default)]
struct RelayState {
    messages: Vec<String>,
    held: bool,
}

impl mailin_embedded::Handler for Relay {
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin_embedded::Response {
        let text = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        let (lock, changed) = &*self.state;
        let mut state = lock.lock().unwrap();
        state.messages.push(text);
        changed.notify_all();
        while state.held {
            state = changed.wait(state).unwrap();
        }
        mailin_embedded::response::OK
    }
}

impl Relay {
    fn start(held: bool) -> (Self, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let relay = Self::default();
        relay.state.0.lock().unwrap().held = held;
        let mut server = mailin_embedded::Server::new(relay.clone());
        server
            .with_name("relay.crash.example")
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        (relay, url)
    }

    /// Waits (up to 30 s) until the relay holds `n` messages.
    fn wait_for(&self, n: usize) {
        let (lock, changed) = &*self.state;
        let state = lock.lock().unwrap();
        let (state, timeout) = changed
            .wait_timeout_while(state, Duration::from_secs(30), |s| s.messages.len() < n)
            .unwrap();
        assert!(!timeout.timed_out(), "got {:?}", state.messages);
    }

    fn release(&self) {
        let (lock, changed) = &*self.state;
        lock.lock().unwrap().held = false;
        changed.notify_all();
    }

    fn messages(&self) -> Vec<String> {
        self.state.0.lock().unwrap().messages.clone()
    }
}

#[test]
fn a_sender_killed_while_the_relay_takes_a_reminder_does_not_send_it_again() {
    let db = Database::fresh(Backend::Sqlite);
    let url = db.url.as_str();
    ok(url, &["migrate"]);
    ok(
        url,
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
    );
    ok(
        url,
        &[
            "case",
            "open",
            "--title",
            "Elm Road",
            "--type",
            "neighbour-community",
            "--jurisdiction",
            "england-wales",
            "--mediator",
            MAYA,
        ],
    );
    let london = jiff::tz::TimeZone::get("Europe/London").unwrap();
    let today = Timestamp::now().to_zoned(london.clone()).date();
    let tomorrow = (today + 1.day()).to_string();
    ok(
        url,
        &[
            "deadline",
            "add",
            "Elm Road",
            "--kind",
            "court-hearing",
            "--label",
            "Hearing",
            "--on",
            &tomorrow,
        ],
    );
    // As of 08:00 today in London (or now, if later), its one-day reminder is due.
    let morning = today.at(8, 0, 1, 0).to_zoned(london).unwrap().timestamp();
    let now = morning.max(Timestamp::now());

    let (relay, smtp) = Relay::start(true);
    let mut pass = accord(url, &["reminders", "send", "--smtp-url", &smtp, "--now"])
        .arg(now.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    relay.wait_for(1);
    pass.kill().unwrap(); // SIGKILL, before the relay's answer
    pass.wait().unwrap();
    relay.release();

    // The first pass's lease on the row is over: a later pass takes the row again.
    let later = (now + SignedDuration::from_mins(20)).to_string();
    let again = ok(
        url,
        &["reminders", "send", "--smtp-url", &smtp, "--now", &later],
    );
    let said = String::from_utf8_lossy(&again.stdout);
    assert_eq!(relay.messages().len(), 1, "sent twice: {said}");
    assert!(relay.messages()[0].contains("Hearing"));

    let listed: Value =
        serde_json::from_slice(&ok(url, &["reminders", "list", "--json"]).stdout).unwrap();
    let row = &listed.as_array().unwrap()[0];
    assert_eq!(row["status"], "sent", "{listed:#}");
    assert_eq!(
        (row["deliveries"].as_u64(), row["unconfirmed"].as_u64()),
        (Some(1), Some(1))
    );
    let human = String::from_utf8_lossy(&ok(url, &["reminders", "list"]).stdout).into_owned();
    assert!(human.contains("1 unconfirmed"), "{human}");
}
