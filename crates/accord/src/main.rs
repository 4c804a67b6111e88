//! The `accord` command: reads the command line and configuration, opens the store, and hands
//! each command to the application services.

/// Accord allocates many small strings when it reads a case; mimalloc does that faster
/// than the system allocator (see bench/results/fold.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod after_session;
mod case_deadlines;
mod cli;
mod commands;
mod deadline;
mod parse;
mod reminders;
mod render;
mod render_after_session;
mod serve;
mod users;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
