//! The `accord` command: reads the command line and configuration, opens the store, and hands
//! each command to the application services.

/// Accord allocates many small strings when it reads a case; mimalloc does that faster
/// than the system allocator (see bench/results/fold.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod advice;
mod after_session;
mod analyse;
mod backups;
mod case;
mod case_deadlines;
mod cli;
mod commands;
mod deadline;
mod documents;
mod due;
mod invitations;
mod issues;
mod miam;
mod miam_record;
mod parse;
mod person;
mod reminders;
mod render;
mod render_after_session;
mod render_reality;
mod safety;
mod serve;
mod sessions;
mod users;
mod verify;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_when_the_reader_goes_away();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) if closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `accord case list | head -1`: once the reader has what it wants and closes the pipe,
/// `println!` panics on the next write. That is how such a pipeline ends, not a fault: end
/// quietly with success, as the program would have had it printed everything.
fn quiet_when_the_reader_goes_away() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        // std's own words for a failed `print!`, with the error it met (EPIPE).
        if message.starts_with("failed printing to stdout")
            && message.to_lowercase().contains("broken pipe")
        {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// Whether a command stopped because standard output's reader went away.
fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
