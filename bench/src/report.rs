//! The results block's header (command, date, machine) and the statistics it reports.

use std::path::Path;
use std::time::Duration;

/// The command that ran this benchmark, the date, the machine and where the databases were.
pub fn header(dir: &Path) -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo run` sets CARGO_PKG_NAME for the program it runs.
    let program = if std::env::var_os("CARGO_PKG_NAME").is_some() {
        let profile = if cfg!(debug_assertions) {
            ""
        } else {
            " --release"
        };
        format!("cargo run{profile} -p accord-bench --")
    } else {
        "accord-bench".to_owned()
    };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                Some(
                    l.strip_prefix("model name")?
                        .trim_start_matches([' ', '\t', ':'])
                        .to_owned(),
                )
            })
        })
        .unwrap_or_else(|| "unknown".into());
    let build = if cfg!(debug_assertions) {
        "DEBUG build: these numbers mean nothing"
    } else {
        "release build"
    };
    // Other work on the machine steals time from the benchmark: say how much there was.
    let load = std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".into(),
        |l| l.split(' ').take(3).collect::<Vec<_>>().join(" "),
    );
    format!(
        "- command: `{program} {}`\n- date: {}\n- machine: nproc {cores}, CPU {cpu}, \
         load average {load} at the start\n\
         - accord: {}, {build}; databases in {} ({})\n",
        args.join(" "),
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC"),
        git_revision(),
        dir.display(),
        filesystem_of(dir),
    )
}

fn git_revision() -> String {
    std::process::Command::new("git")
        .args(["describe", "--always", "--dirty"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "revision unknown".into(),
            |o| format!("git {}", String::from_utf8_lossy(&o.stdout).trim()),
        )
}

/// The filesystem type of the mount holding `dir`, from /proc/mounts.
fn filesystem_of(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() > 2 && dir.starts_with(f[1])).then(|| (f[1].len(), f[2].to_owned()))
        })
        .max()
        .map_or_else(|| "filesystem unknown".into(), |(_, fs)| fs)
}

/// The value at percentile `p` (0–100) of `sorted`, by the nearest-rank method.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// "met" or "MISSED", for a target line.
pub fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**MISSED**" }
}
