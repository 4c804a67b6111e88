//! `accord reminders send | list`: one delivery pass of the e-mailed reminders now (what
//! `accord serve` does every `--reminder-interval` seconds), and the outbox as it stands.

use accord_core::case::reminders::LeadTimes;
use accord_server::mail::Mailer;
use accord_server::reference::short;
use accord_server::reminders::{Outcome, deliver_due};
use accord_store::Store;
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use jiff::Timestamp;
use serde_json::json;
use std::process::ExitCode;

/// The environment variable with the deadline reminders' lead times, read by every command
/// that writes to a case (and by `accord serve`'s `--reminder-days`).
pub const REMINDER_DAYS_ENV: &str = "ACCORD_REMINDER_DAYS";

#[derive(Subcommand)]
pub enum RemindersCmd {
    /// Deliver the reminders that are due now, once, and say what became of each. Safe to
    /// run beside a server: every reminder goes to each recipient once
    Send(SendArgs),
    /// The outbox: every reminder planned, its state, when it goes out and how often it was tried
    List,
}

#[derive(Args)]
pub struct SendArgs {
    /// The SMTP relay, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@relay.example:465;
    /// unset, reminders are written to the log (standard error) and kept as `logged`
    #[arg(long, env = "ACCORD_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of Accord's e-mails
    #[arg(
        long,
        env = "ACCORD_MAIL_FROM",
        default_value = "Accord <accord@localhost>"
    )]
    pub mail_from: String,
    /// Where people reach Accord, for the unsubscribe link in every reminder
    #[arg(
        long,
        env = "ACCORD_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
    /// Deliver as if it were this moment (RFC 3339), for tests
    #[arg(long, hide = true)]
    pub now: Option<Timestamp>,
}

/// `--reminder-days` for `accord serve`: "7,3,1".
pub fn lead_times(raw: &str) -> Result<LeadTimes, String> {
    LeadTimes::parse(raw).map_err(|e| e.to_string())
}

/// The lead times from `ACCORD_REMINDER_DAYS`, or the default 7, 3 and 1 days.
pub fn lead_times_from_env() -> Result<LeadTimes> {
    match std::env::var(REMINDER_DAYS_ENV) {
        Ok(raw) => LeadTimes::parse(&raw).with_context(|| format!("{REMINDER_DAYS_ENV}={raw:?}")),
        Err(_) => Ok(LeadTimes::default()),
    }
}

pub fn run(store: Store, cmd: RemindersCmd, json: bool) -> Result<ExitCode> {
    match cmd {
        RemindersCmd::Send(args) => send(&store, args, json),
        RemindersCmd::List => list(&store, json),
    }
}

fn send(store: &Store, args: SendArgs, json: bool) -> Result<ExitCode> {
    crate::serve::init_logs();
    let mailer = Mailer::new(args.smtp_url.as_deref(), &args.mail_from)?;
    let now = args.now.unwrap_or_else(Timestamp::now);
    let report = deliver_due(store, &mailer, &args.public_url, now)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    if report.reminders.is_empty() {
        println!("No reminders are due.");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} reminders handled, {} e-mails sent.",
        report.handled(),
        report.mails_sent()
    );
    for h in &report.reminders {
        let what = match &h.outcome {
            Outcome::Sent { to } if to.is_empty() => "sent: no one to send it to".to_owned(),
            Outcome::Sent { to } => format!("sent to {}", to.join(", ")),
            Outcome::Logged { to } => format!("logged (no SMTP relay) for {}", to.join(", ")),
            Outcome::Retrying {
                attempts,
                next_attempt_at,
                error,
                ..
            } => format!("attempt {attempts} failed ({error}); next at {next_attempt_at}"),
            Outcome::Failed { attempts, error } => {
                format!("given up after {attempts} attempts: {error}")
            }
            Outcome::ClaimedElsewhere => "taken by another worker".to_owned(),
        };
        println!("  {}  {}\n      {what}", short(&h.case), h.subject);
    }
    Ok(ExitCode::SUCCESS)
}

fn list(store: &Store, json: bool) -> Result<ExitCode> {
    let rows = store.outbox(None)?;
    if json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "case": r.case_id, "key": r.reminder_key, "status": r.status,
                    "send_at": r.send_at, "attempts": r.attempts, "next_attempt_at": r.next_attempt_at,
                    "last_error": r.last_error, "sent_at": r.sent_at, "deliveries": r.deliveries, "unconfirmed": r.unconfirmed,
                    "subject": r.subject,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("The outbox is empty.");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<10} {:<21} {:>5} {:>4}  {:<8}  KEY / SUBJECT",
        "STATUS", "SEND AT", "TRIES", "SENT", "CASE"
    );
    for r in &rows {
        println!(
            "{:<10} {:<21} {:>5} {:>4}  {:<8}  {}\n{:>56}{}",
            r.status,
            r.send_at,
            r.attempts,
            r.deliveries,
            short(&r.case_id),
            r.reminder_key,
            "",
            match r.unconfirmed {
                0 => r.subject.clone(),
                n => format!(
                    "{} ({n} unconfirmed: being sent when a process stopped)",
                    r.subject
                ),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
