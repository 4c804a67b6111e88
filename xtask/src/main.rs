//! Project tasks, so each is one command on any machine:
//! `cargo xtask test` (everything CI runs), `cargo xtask demo`, `cargo xtask bench`.

mod browser;

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

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BenchKind {
    Append,
    Fold,
    Http,
    Risk,
}

#[derive(Subcommand)]
enum Task {
    /// Every check CI runs: formatting, clippy, all tests on SQLite and PostgreSQL, and the
    /// browser tests (web-tests/, in Debian's chromium)
    Test,
    /// Only the browser tests: build accord, install chromium and web-tests' npm packages,
    /// run `node --test` in web-tests/
    WebTests,
    /// Only schemathesis against the API of a demo server (ACCORD_SCHEMATHESIS_SEED=N for
    /// inputs other than the test command's fixed seed)
    Schemathesis,
    /// Build Accord and run it on ./accord.db with the demo cases and accounts (prints the URL)
    Demo,
    /// Run the benchmarks and write their results under bench/results/; name one
    /// (append, fold, http, risk) to run only it; arguments after `--` go to `accord-bench http`
    /// (e.g. `cargo xtask bench http -- --list-cases 10000,100000`)
    Bench {
        which: Option<BenchKind>,
        #[arg(last = true)]
        args: Vec<String>,
    },
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("xtask lives in the workspace")?
        .to_path_buf();
    match Cli::parse().task {
        Task::Test => test(&root),
        Task::WebTests => {
            step(
                "build accord",
                &mut cargo(&root, &["build", "-p", "accord"]),
            )?;
            browser::browser_tests(&root, &target_dir(&root).join("debug/accord"))
        }
        Task::Schemathesis => {
            let venv = ensure_venv(&root)?;
            step(
                "build accord",
                &mut cargo(&root, &["build", "-p", "accord"]),
            )?;
            schemathesis(&target_dir(&root).join("debug/accord"), &venv)
        }
        Task::Demo => demo(&root),
        Task::Bench { which, args } => bench(&root, which, &args),
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
    step(
        "poppler-utils (pdftotext, pdftoppm) for the PDF tests",
        Command::new("bash").arg(root.join("xtask/ensure-poppler.sh")),
    )?;
    let mut tests = cargo(root, &["test", "--workspace"]);
    tests.env("ACCORD_TEST_POSTGRES_URL", &pg);
    step(
        "cargo test (core, SQLite and PostgreSQL conformance, CLI, API)",
        &mut tests,
    )?;
    let venv = ensure_venv(root)?;
    step("build accord", &mut cargo(root, &["build", "-p", "accord"]))?;
    let accord = target_dir(root).join("debug/accord");
    check_holidays(root, &accord, &venv)?;
    check_calendars(root, &accord, &venv)?;
    schemathesis(&accord, &venv)?;
    browser::browser_tests(root, &accord)?;
    Ok(())
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` if set (relative to the workspace,
/// where cargo runs), otherwise `target/`.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"))
}

/// The Python tools the tests use, pinned, in `target/venv` (installed once by
/// `xtask/ensure-venv.sh`); returns the venv's path.
fn ensure_venv(root: &Path) -> Result<PathBuf> {
    eprintln!("==> schemathesis and holidays (PyPI) in target/venv");
    let out = Command::new("bash")
        .arg(root.join("xtask/ensure-venv.sh"))
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run xtask/ensure-venv.sh")?;
    if !out.status.success() {
        bail!("the Python tools (schemathesis, holidays) could not be installed");
    }
    let venv = String::from_utf8(out.stdout)?
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_owned();
    Ok(PathBuf::from(venv))
}

/// Each holiday calendar, 2000 to 2040, against the PyPI `holidays` package: any date one
/// lists and the other does not (outside `xtask/check_holidays.py`'s allow-list) fails.
fn check_holidays(root: &Path, accord: &Path, venv: &Path) -> Result<()> {
    let name = "holiday tables cross-checked against the PyPI holidays package";
    eprintln!("==> {name}");
    let start = Instant::now();
    for calendar in ["us-federal", "england-wales"] {
        let mut tables = Command::new(accord)
            .args(["deadline", "holidays", "--calendar", calendar])
            .args(["--from", "2000", "--to", "2040", "--json"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .context("cannot run accord deadline holidays")?;
        let tables_out = tables.stdout.take().context("accord's output")?;
        let checked = Command::new(venv.join("bin/python"))
            .arg(root.join("xtask/check_holidays.py"))
            .stdin(tables_out)
            .status()
            .context("cannot run xtask/check_holidays.py")?;
        let listed = tables.wait()?;
        if !listed.success() {
            bail!("accord deadline holidays --calendar {calendar} failed ({listed})");
        }
        if !checked.success() {
            bail!("{name}: {calendar} differs ({checked})");
        }
    }
    eprintln!("    {name}: ok in {:.1}s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Runs schemathesis against the OpenAPI document of a server seeded with the demo cases,
/// signed in as a demo mediator: no 5xx, and every answer fits the schema.
fn schemathesis(accord: &Path, venv: &Path) -> Result<()> {
    eprintln!("==> schemathesis against /api/v1/openapi.json");
    let start = Instant::now();
    let st = venv.join("bin/st");
    let dir = tempfile::tempdir()?;
    let (mut server, base) = start_demo(accord, dir.path())?;
    let result = (|| {
        let config = seed_config(&base, dir.path())?;
        // A fixed seed makes the test command answer the same on every run; a different one
        // (ACCORD_SCHEMATHESIS_SEED=N) explores other inputs. What a seed finds becomes a
        // deterministic test (the API matrix checks every answer's status is documented).
        let seed = std::env::var("ACCORD_SCHEMATHESIS_SEED").unwrap_or_else(|_| "20261207".into());
        eprintln!("    seed {seed}");
        let status = Command::new(&st)
            // schemathesis keeps a cache of failures in `.schemathesis/` where it runs: not
            // in the work tree.
            .current_dir(dir.path())
            .arg("--config-file")
            .arg(&config)
            .args(["run", &format!("{base}/api/v1/openapi.json"), "--url", &format!("{base}/api/v1")])
            // Signing out everywhere revokes the run's own API token, after which every other
            // operation could only answer 401; it is tested end to end instead.
            .args(["--exclude-path", "/sessions"])
            .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"])
            // The coverage phase crashes inside schemathesis on Python 3.11 (an AST recursion
            // error in its own code), so the examples, fuzzing and stateful phases run. The
            // stateful phase chains calls through the links schemathesis infers from the
            // document (a created case's or issue's id into the operations that take it).
            .args(["--phases", "examples,fuzzing,stateful", "--max-examples", "30", "--workers", "2", "--no-color"])
            .args(["--seed", &seed])
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

/// `accord serve --demo` on a new SQLite database in `dir` and a free loopback port: the
/// running server and its base URL (from its first line). Kill it when done.
fn start_demo(accord: &Path, dir: &Path) -> Result<(std::process::Child, String)> {
    use std::io::BufRead;
    let mut server = Command::new(accord)
        .args([
            "--database",
            &format!("sqlite:{}", dir.join("accord.db").display()),
        ])
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .env("ACCORD_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot start accord serve")?;
    let base = (|| {
        let mut lines = std::io::BufReader::new(server.stdout.take().context("server output")?);
        let mut first = String::new();
        lines.read_line(&mut first)?;
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        Ok(first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .with_context(|| format!("no URL in {first:?}"))?
            .trim_end_matches('/')
            .to_owned())
    })();
    match base {
        Ok(base) => Ok((server, base)),
        Err(e) => {
            let _ = server.kill();
            let _ = server.wait();
            Err(e)
        }
    }
}

/// A demo mediator's private calendar feed, fetched as a calendar app fetches it (no cookie),
/// and the case's `.ics` download, each read by PyPI `icalendar` (`xtask/check_ics.py`): every
/// session of the case and a deadline moved once are there, with their UIDs, start, SEQUENCE
/// and STATUS as the API reports them; each UID once; each event with a DTSTAMP.
fn check_calendars(root: &Path, accord: &Path, venv: &Path) -> Result<()> {
    let name = "calendars read by the PyPI icalendar package";
    eprintln!("==> {name}");
    let start = Instant::now();
    let dir = tempfile::tempdir()?;
    let (mut server, base) = start_demo(accord, dir.path())?;
    let result = calendar_checks(root, venv, &base, dir.path());
    let _ = server.kill();
    let _ = server.wait();
    result?;
    eprintln!("    {name}: ok in {:.1}s", start.elapsed().as_secs_f64());
    Ok(())
}

fn calendar_checks(root: &Path, venv: &Path, base: &str, dir: &Path) -> Result<()> {
    use serde_json::{Value, json};
    let client = reqwest::blocking::Client::builder()
        .cookie_store(true)
        .build()?;
    let api = |path: &str| format!("{base}/api/v1{path}");
    let me: Value = client
        .post(api("/session"))
        .json(&json!({"email": "maya.patel@accord.example", "password": "accord-demo"}))
        .send()?
        .error_for_status()?
        .json()?;
    let cases: Value = client
        .get(api("/cases"))
        .send()?
        .error_for_status()?
        .json()?;
    let case = cases["items"][0]["id"]
        .as_str()
        .context("the demo mediator has a case")?;
    let title = cases["items"][0]["title"].as_str().unwrap_or_default();
    let made: Value = client
        .post(api(&format!("/cases/{case}/deadlines")))
        .json(&json!({"kind": "court-hearing", "label": "Final hearing", "on": "2027-02-10"}))
        .send()?
        .error_for_status()?
        .json()?;
    let deadline = made["id"].as_str().context("the new deadline's id")?;
    // Moving replaces the date, so the command names the version it was decided on.
    let version = made["version"].as_u64().context("the case's version")?;
    client
        .post(api(&format!("/cases/{case}/deadlines/{deadline}/move")))
        .header("If-Match", format!("\"{version}\""))
        .json(&json!({"on": "2027-03-03", "reason": "Re-listed"}))
        .send()?
        .error_for_status()?;
    // What the API says the case holds: the calendars must say the same.
    let shown: Value = client
        .get(api(&format!("/cases/{case}")))
        .send()?
        .error_for_status()?
        .json()?;
    let deadlines: Value = client
        .get(api(&format!("/cases/{case}/deadlines")))
        .send()?
        .error_for_status()?
        .json()?;
    let mut events = Vec::new();
    for s in shown["view"]["case"]["sessions"]
        .as_array()
        .context("sessions")?
    {
        let cancelled = s["status"]["status"] == "cancelled";
        events.push(json!({
            "uid": format!("session-{}@accord", s["id"].as_str().context("a session id")?),
            "start": s["starts_at"],
            "status": if cancelled { "CANCELLED" } else { "CONFIRMED" },
            "summary_contains": title,
        }));
    }
    for d in deadlines.as_array().context("deadlines")? {
        let state = d["status"]["state"].as_str().unwrap_or_default();
        let moves = d["moves"].as_array().map_or(0, Vec::len);
        events.push(json!({
            "uid": format!("deadline-{}@accord", d["id"].as_str().context("a deadline id")?),
            "start": d["due_on"],
            "sequence": moves + usize::from(state != "pending"),
            "status": if state == "cancelled" { "CANCELLED" } else { "CONFIRMED" },
            "summary_contains": d["label"],
        }));
    }
    if !events
        .iter()
        .any(|e| e["uid"] == format!("deadline-{deadline}@accord") && e["sequence"] == 1)
    {
        bail!("the moved deadline is not listed as moved once: {deadlines}");
    }
    let feed: Value = client
        .post(api("/calendar-feeds"))
        .json(&json!({"name": "xtask"}))
        .send()?
        .error_for_status()?
        .json()?;
    let feed_url = feed["url"].as_str().context("the feed's URL")?;
    let subscribed = reqwest::blocking::get(feed_url)?
        .error_for_status()?
        .bytes()?;
    let downloaded = client
        .get(api(&format!("/cases/{case}/calendar.ics")))
        .send()?
        .error_for_status()?
        .bytes()?;
    let user_name = me["user"]["name"].as_str().unwrap_or_default();
    for (what, ics, calendar) in [
        ("the feed", subscribed, format!("Accord: {user_name}")),
        ("the case's .ics", downloaded, format!("Accord: {title}")),
    ] {
        let expected = dir.join("expected.json");
        std::fs::write(
            &expected,
            json!({"name": calendar, "events": events}).to_string(),
        )?;
        let mut check = Command::new(venv.join("bin/python"))
            .arg(root.join("xtask/check_ics.py"))
            .arg(&expected)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .context("cannot run xtask/check_ics.py")?;
        std::io::Write::write_all(&mut check.stdin.take().context("its input")?, &ics)?;
        let status = check.wait()?;
        if !status.success() {
            bail!("check_ics.py: {what} differs from the API ({status})");
        }
    }
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
    let case = cases["items"][0]["id"]
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

fn bench(root: &Path, which: Option<BenchKind>, extra: &[String]) -> Result<()> {
    let wanted = |k: BenchKind| which.is_none_or(|w| w == k);
    // Only the store's and the server's benchmarks need PostgreSQL.
    let pg = if [BenchKind::Append, BenchKind::Fold, BenchKind::Http]
        .into_iter()
        .any(wanted)
    {
        ensure_postgres(root)?
    } else {
        String::new()
    };
    let run = |args: &[&str]| {
        let mut all = vec!["run", "--release", "-p", "accord-bench", "--"];
        all.extend_from_slice(args);
        cargo(root, &all)
    };
    if wanted(BenchKind::Append) {
        step(
            "append benchmark",
            &mut run(&["append", "--out", "bench/results/append.md"]),
        )?;
    }
    if wanted(BenchKind::Fold) {
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
    }
    if wanted(BenchKind::Http) {
        step(
            "wrk installed",
            Command::new("bash").arg(root.join("xtask/ensure-wrk.sh")),
        )?;
        // The bench starts target/release/accord, next to itself.
        step(
            "build accord (release)",
            &mut cargo(root, &["build", "--release", "-p", "accord"]),
        )?;
        let mut args = vec!["http", "--postgres", &pg, "--out", "bench/results/http.md"];
        args.extend(extra.iter().map(String::as_str));
        step("HTTP benchmark (SQLite, PostgreSQL)", &mut run(&args))?;
    }
    if wanted(BenchKind::Risk) {
        let python = ensure_bench_venv(root)?;
        let python = python.to_string_lossy();
        step(
            "risk tree benchmark (Accord against NumPy)",
            &mut run(&[
                "risk",
                "--paths",
                "1000000",
                "--tree",
                "examples/risk-trees/personal-injury.json",
                "--python",
                &python,
                "--out",
                "bench/results/risk.md",
            ]),
        )?;
    }
    Ok(())
}

/// The NumPy peer's Python: a venv at target/bench-venv with bench/peers/requirements.txt
/// (NumPy, pinned) from PyPI, made once; returns its python.
fn ensure_bench_venv(root: &Path) -> Result<PathBuf> {
    let venv = target_dir(root).join("bench-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        step(
            "python3 -m venv target/bench-venv",
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
        )
        .context("the risk benchmark needs python3 with the venv module (python3-venv)")?;
    }
    step(
        "pip install -r bench/peers/requirements.txt",
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "-r"])
            .arg(root.join("bench/peers/requirements.txt")),
    )?;
    Ok(python)
}
