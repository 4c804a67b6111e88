//! The `accord` command: reads the command line and configuration, opens the store, and hands
//! each command to the application services.

mod cli;
mod commands;
mod parse;
mod render;

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
