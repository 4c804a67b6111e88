//! The `accord` binary run against a fresh SQLite file in a temporary directory.
#![allow(dead_code)] // each test file uses part of it

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh workspace with the demo cases in it.
    pub fn with_demo() -> Self {
        let w = Self::new();
        w.ok(&["demo"]);
        w
    }

    /// Runs a command that must fail and write nothing; returns its first error line.
    pub fn refused(&self, args: &[&str]) -> String {
        let before = self.event_count();
        let err = self.fails(args);
        assert_eq!(self.event_count(), before, "{args:?} wrote something");
        err.lines().next().unwrap_or_default().to_owned()
    }

    pub fn event_count(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("accord.db")
    }

    /// The command, ready to run against this workspace's database.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
        cmd.args(args)
            .env(
                "ACCORD_DATABASE_URL",
                format!("sqlite:{}", self.db().display()),
            )
            .current_dir(self.dir.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; returns what it printed on standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should have failed");
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// The id of the case whose title contains `word`.
    pub fn case_id(&self, word: &str) -> String {
        let list = self.json(&["case", "list"]);
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"].as_str().unwrap().contains(word))
            .unwrap_or_else(|| panic!("no case titled with {word:?}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}
