//! Project tasks, so each is one command on any machine:
//! `cargo xtask test` (everything CI runs), `cargo xtask demo`, `cargo xtask bench`.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Accord's project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Every check CI runs: formatting, clippy, and all tests on SQLite and PostgreSQL
    Test,
    /// Build Accord and run it on ./accord.db with the demo cases and accounts (prints the URL)
    Demo,
    /// Run the benchmarks and write their results under bench/results/
    Bench,
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask lives in the workspace")?
        .to_path_buf();
    match Cli::parse().task {
        Task::Test => test(&root),
        Task::Demo => demo(&root),
        Task::Bench => bench(&root),
    }
}

fn step(name: &str, cmd: &mut Command) -> Result<()> {
    eprintln!("==> {name}");
    let start = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("cannot start: {name}"))?;
    if !status.success() {
        bail!("{name} failed ({status})");
    }
    eprintln!("    {name}: ok in {:.1}s", start.elapsed().as_secs_f64());
    Ok(())
}

fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root).args(args);
    cmd
}

/// The admin URL of a PostgreSQL server on loopback, starting or installing one if needed.
fn ensure_postgres(root: &Path) -> Result<String> {
    eprintln!("==> PostgreSQL on 127.0.0.1:5432");
    let out = Command::new("bash")
        .arg(root.join("xtask/ensure-postgres.sh"))
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run xtask/ensure-postgres.sh")?;
    if !out.status.success() {
        bail!("PostgreSQL is needed for the conformance suite and could not be started");
    }
    let url = String::from_utf8(out.stdout)?
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned();
    eprintln!("    using {}", url.replace(":postgres@", ":***@"));
    Ok(url)
}

fn test(root: &Path) -> Result<()> {
    let pg = ensure_postgres(root)?;
    step(
        "cargo fmt --check",
        &mut cargo(root, &["fmt", "--all", "--check"]),
    )?;
    step(
        "cargo clippy",
        &mut cargo(
            root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
    )?;
    let mut tests = cargo(root, &["test", "--workspace"]);
    tests.env("ACCORD_TEST_POSTGRES_URL", &pg);
    step(
        "cargo test (core, SQLite and PostgreSQL conformance, CLI, API)",
        &mut tests,
    )?;
    schemathesis(root)?;
    Ok(())
}

/// Runs schemathesis against the OpenAPI document of a server seeded with the demo cases,
/// signed in as a demo mediator: no 5xx, and every answer fits the schema.
fn schemathesis(root: &Path) -> Result<()> {
    eprintln!("==> schemathesis against /api/v1/openapi.json");
    let start = Instant::now();
    let out = Command::new("bash")
        .arg(root.join("xtask/ensure-schemathesis.sh"))
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run xtask/ensure-schemathesis.sh")?;
    if !out.status.success() {
        bail!("schemathesis could not be installed");
    }
    let st = String::from_utf8(out.stdout)?
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned();
    step("build accord", &mut cargo(root, &["build", "-p", "accord"]))?;
    let dir = tempfile::tempdir()?;
    let mut server = Command::new(root.join("target/debug/accord"))
        .args([
            "--database",
            &format!("sqlite:{}", dir.path().join("accord.db").display()),
        ])
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .env("ACCORD_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot start accord serve")?;
    let result = (|| {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(server.stdout.take().context("server output")?);
        let mut first = String::new();
        lines.read_line(&mut first)?;
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .with_context(|| format!("no URL in {first:?}"))?
            .trim_end_matches('/')
            .to_owned();
        let config = seed_config(&base, dir.path())?;
        let status = Command::new(&st)
            .arg("--config-file")
            .arg(&config)
            .args(["run", &format!("{base}/api/v1/openapi.json"), "--url", &format!("{base}/api/v1")])
            .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"])
            // The coverage phase crashes inside schemathesis on Python 3.11 (an AST recursion
            // error in its own code), so the examples and fuzzing phases run.
            .args(["--phases", "examples,fuzzing", "--max-examples", "30", "--workers", "2", "--no-color"])
            .status()
            .context("cannot run schemathesis")?;
        if !status.success() {
            bail!("schemathesis found problems ({status})");
        }
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result?;
    eprintln!(
        "    schemathesis: ok in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Signs in as the demo mediator, makes an API token, and writes a schemathesis config that
/// uses it and the ids of a real case, issue, session and participant.
fn seed_config(base: &str, dir: &Path) -> Result<PathBuf> {
    use serde_json::{Value, json};
    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()?;
    let api = |path: &str| format!("{base}/api/v1{path}");
    client
        .post(api("/session"))
        .json(&json!({"email": "maya.patel@accord.example", "password": "accord-demo"}))
        .send()?
        .error_for_status()?;
    let token: Value = client
        .post(api("/tokens"))
        .json(&json!({"name": "schemathesis"}))
        .send()?
        .json()?;
    let cases: Value = client.get(api("/cases")).send()?.json()?;
    let case = cases[0]["id"]
        .as_str()
        .context("the demo mediator has a case")?;
    let shown: Value = client.get(api(&format!("/cases/{case}"))).send()?.json()?;
    let view = &shown["view"]["case"];
    let first = |list: &str| view[list][0]["id"].as_str().unwrap_or_default().to_owned();
    let config = format!(
        "[headers]\nAuthorization = \"Bearer {}\"\n\n[parameters]\ncase = \"{case}\"\nissue = \"{}\"\nsession = \"{}\"\n",
        token["token"].as_str().context("a token")?,
        first("issues"),
        first("sessions"),
    );
    let path = dir.join("schemathesis.toml");
    std::fs::write(&path, config)?;
    Ok(path)
}

fn demo(root: &Path) -> Result<()> {
    step(
        "build accord",
        &mut cargo(root, &["build", "--release", "-p", "accord"]),
    )?;
    let accord: PathBuf = root.join("target/release/accord");
    step(
        "accord serve --demo",
        Command::new(&accord)
            .args(["--database", "sqlite:accord.db", "serve", "--demo"])
            .current_dir(root),
    )?;
    Ok(())
}

fn bench(root: &Path) -> Result<()> {
    let pg = ensure_postgres(root)?;
    let run = |args: &[&str]| {
        let mut all = vec!["run", "--release", "-p", "accord-bench", "--"];
        all.extend_from_slice(args);
        cargo(root, &all)
    };
    step(
        "append benchmark",
        &mut run(&["append", "--out", "bench/results/append.md"]),
    )?;
    step(
        "fold benchmark (SQLite)",
        &mut run(&["fold", "--out", "bench/results/fold.md"]),
    )?;
    step(
        "fold benchmark (PostgreSQL)",
        &mut run(&[
            "fold",
            "--postgres",
            &pg,
            "--out",
            "bench/results/fold-postgres.md",
        ]),
    )?;
    Ok(())
}
