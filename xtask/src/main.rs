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
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask lives in the workspace")?.to_path_buf();
    match Cli::parse().task {
        Task::Test => test(&root),
        Task::Demo => demo(&root),
        Task::Bench => bench(&root),
    }
}

fn step(name: &str, cmd: &mut Command) -> Result<()> {
    eprintln!("==> {name}");
    let start = Instant::now();
    let status = cmd.status().with_context(|| format!("cannot start: {name}"))?;
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
    let url = String::from_utf8(out.stdout)?.lines().last().unwrap_or_default().trim().to_owned();
    eprintln!("    using {}", url.replace(":postgres@", ":***@"));
    Ok(url)
}

fn test(root: &Path) -> Result<()> {
    let pg = ensure_postgres(root)?;
    step("cargo fmt --check", &mut cargo(root, &["fmt", "--all", "--check"]))?;
    step(
        "cargo clippy",
        &mut cargo(root, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    let mut tests = cargo(root, &["test", "--workspace"]);
    tests.env("ACCORD_TEST_POSTGRES_URL", &pg);
    step("cargo test (core, SQLite and PostgreSQL conformance, CLI)", &mut tests)?;
    Ok(())
}

fn demo(root: &Path) -> Result<()> {
    step("build accord", &mut cargo(root, &["build", "--release", "-p", "accord"]))?;
    let accord: PathBuf = root.join("target/release/accord");
    step(
        "accord serve --demo",
        Command::new(&accord).args(["--database", "sqlite:accord.db", "serve", "--demo"]).current_dir(root),
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
    step("append benchmark", &mut run(&["append", "--out", "bench/results/append.md"]))?;
    step("fold benchmark (SQLite)", &mut run(&["fold", "--out", "bench/results/fold.md"]))?;
    step(
        "fold benchmark (PostgreSQL)",
        &mut run(&["fold", "--postgres", &pg, "--out", "bench/results/fold-postgres.md"]),
    )?;
    Ok(())
}
