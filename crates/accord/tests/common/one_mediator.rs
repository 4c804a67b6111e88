//! A fresh server with one mediator account, and small helpers for the tests that sign in.
#![allow(dead_code)] // each test file uses part of it

use super::server::{Database, Running};
use reqwest::StatusCode;
use reqwest::blocking::Response;
use serde_json::{Value, json};
use std::process::Command;

pub const EMAIL: &str = "maya@edge.example";
pub const PASSWORD: &str = "mediator-password";

/// `accord serve <flags>` on a fresh SQLite database with one mediator account.
pub fn start(flags: &[&str]) -> Running {
    let db = Database::sqlite();
    let added = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["--database", &db.url, "user", "add", "--email", EMAIL])
        .args(["--name", "Maya Patel", "--role", "mediator"])
        .env("ACCORD_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    Running::start(db, flags)
}

pub fn json_of(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub fn credentials() -> Value {
    json!({"email": EMAIL, "password": PASSWORD})
}
