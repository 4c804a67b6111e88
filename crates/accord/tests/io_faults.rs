//! I/O faults on SQLite: the database on a small file system that fills up, and on one that
//! is read-only. Writes answer 503 `database-unavailable` with the reason, reads go on where
//! they can (not one that must first be recorded in an access log), `/readyz` says not ready
//! with the reason, nothing is half-written, and the server recovers by itself once space or
//! write access returns. These tests mount their own tmpfs (they run as root, as the test
//! command does). PostgreSQL stopped under load: io_faults_postgres.rs.

mod common;
use common::faults::*;
use common::server::{Database, Running};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `size` mounted on a fresh folder; unmounted when dropped.
struct Volume {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Volume {
    fn mount(size: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("volume");
        std::fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(
            mounted.success(),
            "these tests mount a tmpfs and must run as root (the test command does)"
        );
        Self { path, _dir: dir }
    }

    fn remount(&self, how: &str) {
        let done = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(done.success(), "remount,{how}");
    }

    fn url(&self) -> String {
        format!("sqlite:{}", self.path.join("accord.db").display())
    }
}

impl Drop for Volume {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// Fills `dir`'s file system to the last byte; returns the file that does it.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 64 * 1024];
    loop {
        if file.write_all(&block).is_err() {
            break;
        }
    }
    let mut byte = [0u8; 1];
    while file.write_all(&byte).is_ok() {
        byte[0] = 0;
    }
    path
}

#[test]
fn sqlite_on_a_full_disk_refuses_writes_with_503_keeps_reading_and_recovers_by_itself() {
    let volume = Volume::mount("6m");
    let url = volume.url();
    add_mediator(&url);
    let server = Running::start(Database::at(&url), &[]);
    let client = signed_in(&server);
    let case = open_case(&client, &server);
    let mut acknowledged = Vec::new();
    for n in 0..3 {
        let key = format!("before-{n}");
        assert_eq!(note(&client, &server, &case, &key, 100).status(), 201);
        acknowledged.push(key);
    }
    assert_eq!(readyz(&server).0, 200);

    let filler = fill(&volume.path);
    // SQLite may still find room in pages it already has; notes of 16 KB use it up.
    let refused = (0..400).map(|n| format!("full-{n}")).find_map(|key| {
        let r = note(&client, &server, &case, &key, 16_000);
        match r.status().as_u16() {
            201 => {
                acknowledged.push(key);
                None
            }
            503 => Some((key, r)),
            other => panic!("{key}: {other} {}", r.text().unwrap()),
        }
    });
    let (refused_key, answer) = refused.expect("a write refused once the disk is full");
    assert_unavailable(answer, "the disk holding the database is full");

    // Reads go on: the case list and the case itself, with every acknowledged note.
    let list = client.get(server.url("/cases")).send().unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(notes(&client, &server, &case).len(), acknowledged.len());
    let (status, text) = readyz(&server);
    assert_eq!(status, 503, "{text}");
    assert_eq!(text, "not ready: the disk holding the database is full");

    // Space comes back: the same request, retried under its key, is carried out once.
    std::fs::remove_file(filler).unwrap();
    eventually("ready again", || readyz(&server) == (200, "ready".into()));
    assert_eq!(
        note(&client, &server, &case, &refused_key, 16_000).status(),
        201
    );
    acknowledged.push(refused_key.clone());
    let again = note(&client, &server, &case, &refused_key, 16_000);
    assert_eq!(
        again.headers()["idempotent-replayed"],
        "true",
        "a retry of a carried-out request is answered from its key, not run again"
    );

    let mut seen = notes(&client, &server, &case);
    seen.sort();
    acknowledged.sort();
    assert_eq!(
        seen, acknowledged,
        "every acknowledged note, once; nothing half-written"
    );
    drop(server);
    assert!(accord(&url, &["verify"]).contains("Every chain verifies"));
}

#[test]
fn sqlite_on_a_read_only_file_system_serves_reads_refuses_writes_and_recovers_when_writable() {
    let volume = Volume::mount("16m");
    let url = volume.url();
    add_mediator(&url);
    let server = Running::start(Database::at(&url), &[]);
    let client = signed_in(&server);
    let case = open_case(&client, &server);
    assert_eq!(note(&client, &server, &case, "before", 100).status(), 201);
    // Linux refuses to make a file system read-only while files on it are open for writing,
    // so the server stops (as a crash would: SQLite's WAL files stay), and starts again on
    // the read-only file system, its signed-in session kept in the database.
    server.kill();
    volume.remount("ro");
    let server = Running::start(Database::at(&url), &[]);

    let (status, text) = readyz(&server);
    assert_eq!(
        (status, text.as_str()),
        (503, "not ready: the database is read-only just now")
    );
    // Reads go on for whoever is signed in — but not one that must first be recorded: this
    // server has not yet logged Maya's opening of the case, and hands over nothing it could
    // not log.
    let list = client.get(server.url("/cases")).send().unwrap();
    assert_eq!(list.status(), 200, "{}", list.text().unwrap());
    assert_unavailable(
        client
            .get(server.url(&format!("/cases/{case}")))
            .send()
            .unwrap(),
        "the database is read-only just now",
    );
    assert_unavailable(
        client
            .post(server.url("/session"))
            .json(&json!({"email": EMAIL, "password": PASSWORD}))
            .send()
            .unwrap(),
        "the database is read-only just now",
    );
    assert_unavailable(
        note(&client, &server, &case, "while-read-only", 100),
        "the database is read-only just now",
    );

    volume.remount("rw");
    eventually("ready again", || readyz(&server) == (200, "ready".into()));
    let client = signed_in(&server);
    assert_eq!(
        note(&client, &server, &case, "while-read-only", 100).status(),
        201
    );
    assert_eq!(
        notes(&client, &server, &case),
        ["before", "while-read-only"]
    );
    drop(server);
    assert!(accord(&url, &["verify"]).contains("Every chain verifies"));
}
