//! The real `accord serve` on a free loopback port, on a fresh database, for tests that drive
//! it over HTTP.
#![allow(dead_code)] // each test file uses part of it

use accord_store::scratch::{self, ScratchDatabase};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

#[derive(Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database: a SQLite file in a temporary folder, or a scratch PostgreSQL
/// database (`ACCORD_TEST_POSTGRES_URL`). Both are removed when this is dropped.
pub struct Database {
    pub url: String,
    _dir: tempfile::TempDir,
    _postgres: Option<ScratchDatabase>,
}

impl Database {
    pub fn sqlite() -> Self {
        Self::fresh(Backend::Sqlite)
    }

    /// The database another running server uses, for a second node on it (removed with the
    /// first).
    pub fn shared_with(running: &Running) -> Self {
        Self {
            url: running.database.url.clone(),
            _dir: tempfile::tempdir().unwrap(),
            _postgres: None,
        }
    }

    /// A database at `url` that the test made itself (and removes itself).
    pub fn at(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            _dir: tempfile::tempdir().unwrap(),
            _postgres: None,
        }
    }

    pub fn fresh(backend: Backend) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let postgres = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(ScratchDatabase::create(&scratch::admin_url()).unwrap()),
        };
        let url = match &postgres {
            None => format!("sqlite:{}", dir.path().join("accord.db").display()),
            Some(pg) => pg.url(),
        };
        Self {
            url,
            _dir: dir,
            _postgres: postgres,
        }
    }
}

/// `accord serve` running on 127.0.0.1, killed when dropped (before its database goes).
pub struct Running {
    child: Child,
    /// Where it listens, as `http://127.0.0.1:<port>` (no trailing slash).
    pub base: String,
    pub database: Database,
}

impl Running {
    /// `accord --database <database> serve --listen 127.0.0.1:0 <flags>`, logging warnings
    /// only; returns once it has printed its address.
    pub fn start(database: Database, flags: &[&str]) -> Self {
        Self::start_without_env(database, flags, &[])
    }

    /// The same, with the variables `unset` taken out of its environment.
    pub fn start_without_env(database: Database, flags: &[&str], unset: &[&str]) -> Self {
        let mut serve = Command::new(env!("CARGO_BIN_EXE_accord"));
        serve
            .args([
                "--database",
                &database.url,
                "serve",
                "--listen",
                "127.0.0.1:0",
            ])
            .args(flags)
            .env("ACCORD_LOG", "warn")
            .stdout(Stdio::piped());
        for name in unset {
            serve.env_remove(name);
        }
        let mut child = serve.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        lines.read_line(&mut first).unwrap();
        // Keep reading what the server prints (the demo accounts, say), as a terminal would.
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .trim_end_matches('/')
            .to_owned();
        Self {
            child,
            base,
            database,
        }
    }

    /// The API's URL for `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    /// Kills it with SIGKILL, as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops with SIGTERM, as a service manager would; true if it exited cleanly.
    pub fn stop(mut self) -> bool {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.child.wait().map(|s| s.success()).unwrap_or(false)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
