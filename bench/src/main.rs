//! `accord-bench`: durable append throughput, per-viewer fold latency, Accord over HTTP and
//! the risk tree's Monte Carlo against NumPy, as Markdown.

/// Accord allocates many small strings when it reads a case; mimalloc does that faster
/// than the system allocator (see bench/results/fold.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod append;
mod fold;
mod http;
mod report;
mod risk;
mod writer;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Benchmarks for Accord's event store; prints a Markdown results block")]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
    /// Also write the results block to this file.
    #[arg(long, global = true)]
    out: Option<PathBuf>,
    /// Where the temporary databases go (its filesystem decides what an fsync costs).
    #[arg(long, global = true, default_value_os_t = std::env::temp_dir())]
    dir: PathBuf,
}

#[derive(Subcommand)]
enum Bench {
    /// Durable single-event appends per second: Accord (one case, 100 cases) vs raw SQLite.
    Append {
        /// Appends per measurement.
        #[arg(long, default_value_t = 2000)]
        events: usize,
    },
    /// Load + fold of one large case for a party viewer: median and p99 latency.
    Fold {
        /// Events in the case.
        #[arg(long, default_value_t = 10_000)]
        events: u64,
        /// Timed load + fold runs.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// Also measure PostgreSQL, in a fresh database created through this admin URL.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// Accord over HTTP (release `accord serve`, wrk, sequential clients), each figure of
    /// issue 13 as a ratio to a reference measured in the same run.
    Http(http::Args),
    /// The litigation risk tree's Monte Carlo against a NumPy peer: wall times, the ratio,
    /// agreement within sampling error, the mean against the exact fold.
    Risk(risk::Args),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // The date and load average are the run's start, as the header says.
    let header = report::header(&cli.dir);
    let body = match &cli.bench {
        Bench::Append { events } => append::run(*events, &cli.dir)?,
        Bench::Fold {
            events,
            iterations,
            postgres,
        } => fold::run(*events, *iterations, postgres.as_deref(), &cli.dir)?,
        Bench::Http(args) => http::run(args, &cli.dir)?,
        Bench::Risk(args) => risk::run(args)?,
    };
    let results = format!("{header}{body}");
    print!("{results}");
    if let Some(out) = &cli.out {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(out, &results)?;
    }
    Ok(())
}
