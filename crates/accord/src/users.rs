//! `accord user add | reset-password | list`: staff accounts from the command line.

use crate::cli::UserCmd;
use accord_server::accounts::Accounts;
use accord_store::Store;
use anyhow::{Context, Result, bail};
use serde_json::json;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;

/// The new password: `ACCORD_PASSWORD`, or the first line of standard input.
fn read_password() -> Result<String> {
    if let Ok(p) = std::env::var("ACCORD_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (at least 10 characters; shown as you type): ");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("password: none given; set ACCORD_PASSWORD or pipe it on standard input");
    }
    Ok(password)
}

pub fn run(store: Store, cmd: UserCmd, json: bool) -> Result<ExitCode> {
    let accounts = Accounts::new(Arc::new(store));
    let out = match cmd {
        UserCmd::Add { email, name, role } => {
            let user = accounts.create_user(&email, &name, role, &read_password()?)?;
            (
                json!({"user": user}),
                format!("Added {} <{}> as {}.", user.name, user.email, user.role),
            )
        }
        UserCmd::ResetPassword { email } => {
            let user = accounts.reset_password(&email, &read_password()?)?;
            (
                json!({"user": user}),
                format!(
                    "New password set for {}; their sessions have ended.",
                    user.email
                ),
            )
        }
        UserCmd::List => {
            let users = accounts.all()?;
            let text = users
                .iter()
                .map(|u| format!("{:<40} {:<12} {}", u.email, u.role, u.name))
                .collect::<Vec<_>>();
            (
                json!(users),
                if text.is_empty() {
                    "No accounts yet.".into()
                } else {
                    text.join("\n")
                },
            )
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&out.0)?);
    } else {
        println!("{}", out.1);
    }
    Ok(ExitCode::SUCCESS)
}
