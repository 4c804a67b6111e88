//! The binary where a newcomer first trips: many writers at once on one SQLite file, output
//! cut short by a pipe, a database path that cannot be a database.

mod common;

use common::workspace::Workspace;
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn twenty_concurrent_issue_adds_on_one_database_all_succeed() {
    let ws = Workspace::new();
    ws.ok(&["migrate"]);
    ws.ok(&[
        "case",
        "open",
        "--title",
        "Parallel",
        "--type",
        "workplace",
        "--jurisdiction",
        "england-wales",
    ]);
    let children: Vec<_> = (0..20)
        .map(|n| {
            ws.command(&["issue", "add", "Parallel", "--title", &format!("Issue {n}")])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let failed: Vec<String> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .filter(|out| !out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stderr).into_owned())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of 20 failed: {failed:?}",
        failed.len()
    );
    let case = ws.json(&["case", "show", "Parallel"]);
    assert_eq!(
        case["case"]["issues"].as_array().unwrap().len(),
        20,
        "{case}"
    );
}

#[test]
fn output_cut_short_by_a_closed_pipe_ends_quietly() {
    let ws = Workspace::new();
    ws.ok(&["demo"]);
    for args in [&["case", "list", "--json"][..], &["case", "show", "Layla"]] {
        let mut child = ws
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // As `| head -1` does once it has its line: the reader goes away; here before the
        // first byte, so that every write meets the closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
}

/// Runs `accord` on `url`, which must fail within two seconds; returns its error.
fn fails_at_once(ws: &Workspace, url: &str, args: &[&str]) -> String {
    let started = Instant::now();
    let out = ws
        .command(args)
        .env("ACCORD_DATABASE_URL", url)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success(), "{url} {args:?} should fail");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{url} {args:?} took {:?}: {stderr}",
        started.elapsed()
    );
    stderr
}

#[test]
fn a_database_path_that_cannot_be_a_database_fails_at_once_naming_why() {
    let ws = Workspace::new();
    let dir = ws.dir.path().display().to_string();
    for args in [&["case", "list"][..], &["migrate"]] {
        let err = fails_at_once(&ws, &format!("sqlite://{dir}"), args);
        assert!(err.contains("is a directory, not a database file"), "{err}");
        assert!(err.contains(&dir), "{err}");
    }
    let missing = format!("{dir}/no/such/place/accord.db");
    let err = fails_at_once(&ws, &format!("sqlite:{missing}"), &["case", "list"]);
    assert!(
        err.contains(&format!("directory {dir}/no/such/place does not exist")),
        "{err}"
    );
    std::fs::write(ws.dir.path().join("a-file"), "").unwrap();
    let err = fails_at_once(&ws, &format!("sqlite:{dir}/a-file/accord.db"), &["migrate"]);
    assert!(err.contains("a-file is not a directory"), "{err}");
}
