//! `accord deadline add | list | explain | move | close`: the procedural clock of a case. A
//! deadline is a fixed date (`--on`) or a rule (`--rule "7 days after 2026-12-21"`) counted
//! under the case's court rules; the computation is kept, so `explain` shows how it was reached.

use crate::commands::Ctx;
use crate::deadline::explain;
use crate::parse;
use accord_core::case::Command;
use accord_core::case::deadline::{Deadline, DeadlineKind, DeadlineStatus, DueRule};
use accord_core::case::state::Case;
use accord_core::clock::{RuleSet, parse_rule};
use accord_core::ids::DeadlineId;
use accord_core::text::{Text, limits};
use accord_server::reference::resolve;
use anyhow::{Result, bail};
use clap::Args;
use jiff::civil::Date;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct When {
    /// A fixed date (YYYY-MM-DD)
    #[arg(long, value_parser = parse::date)]
    pub on: Option<Date>,
    /// A rule counted under the case's court rules, e.g. "7 days after 2026-12-21",
    /// "3 clear days before 2027-03-05", "1 month after 2026-01-31"
    #[arg(long)]
    pub rule: Option<String>,
    /// Count under these rules instead of the case's own: us-frcp, ew-cpr or ew-fpr
    #[arg(long, value_parser = parse::word::<RuleSet>)]
    pub rules: Option<RuleSet>,
    /// A day the court or the service is closed besides weekends and holidays (repeat, or
    /// separate with commas)
    #[arg(long, value_parser = parse::date, value_delimiter = ',')]
    pub closed: Vec<Date>,
}

impl When {
    fn due_rule(&self) -> Result<DueRule> {
        match (self.on, &self.rule) {
            (Some(_), None) if !self.closed.is_empty() => {
                bail!("--closed counts only with --rule; a fixed date is as given")
            }
            (Some(on), None) => Ok(DueRule::Fixed { on }),
            (None, Some(rule)) => {
                let (period, trigger) =
                    parse_rule(rule).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
                Ok(DueRule::Computed {
                    rule_set: self.rules,
                    period,
                    trigger,
                    closed: self.closed.clone(),
                })
            }
            (Some(_), Some(_)) => bail!("give --on or --rule, not both"),
            (None, None) => bail!("give the date: --on DATE, or --rule \"7 days after DATE\""),
        }
    }
}

#[derive(Args)]
pub struct AddArgs {
    pub case: String,
    /// court-hearing, filing-deadline, limitation-period, discovery-cut-off,
    /// invitation-response, miam-confirmation-expiry, pilot-review, temporary-term-end,
    /// next-outreach or other
    #[arg(long, value_parser = parse::word::<DeadlineKind>)]
    pub kind: DeadlineKind,
    /// What it is, as people say it: "Final hearing", "Defence due"
    #[arg(long)]
    pub label: String,
    #[command(flatten)]
    pub when: When,
}

#[derive(Args)]
pub struct MoveArgs {
    pub case: String,
    /// The deadline: its label or id
    pub deadline: String,
    #[command(flatten)]
    pub when: When,
    /// Why it moved (kept with the deadline's history)
    #[arg(long)]
    pub reason: String,
}

#[derive(Args)]
pub struct CloseArgs {
    pub case: String,
    pub deadline: String,
    /// met, missed or cancelled
    #[arg(long = "as")]
    pub outcome: String,
    /// Why it was cancelled
    #[arg(long)]
    pub reason: Option<String>,
}

fn deadline_ref(state: &Case, reference: &str) -> Result<DeadlineId> {
    Ok(resolve(
        "deadline",
        reference,
        &state.deadlines,
        |d| d.id.to_string(),
        |d| d.label.to_string(),
    )?
    .id)
}

fn status(d: &Deadline) -> String {
    match &d.status {
        DeadlineStatus::Pending => "pending".into(),
        DeadlineStatus::Met { .. } => "met".into(),
        DeadlineStatus::Missed { .. } => "MISSED".into(),
        DeadlineStatus::Cancelled { reason } => format!("cancelled: {reason}"),
    }
}

/// A deadline in words: its date, how it was reached, and where it moved from.
fn explained(d: &Deadline) -> String {
    let mut out = format!("{} ({}) — {}\n", d.label, d.kind, status(d));
    match &d.computation {
        Some(c) => out.push_str(&explain(c, &[])),
        None => {
            let _ = writeln!(out, "Due: {} (a fixed date)", d.due_on);
        }
    }
    for m in &d.moves {
        let _ = writeln!(out, "  moved from {} to {}: {}", m.from, m.to, m.reason);
    }
    out
}

impl Ctx {
    pub fn case_deadline(&self, cmd: crate::deadline::DeadlineCmd) -> Result<ExitCode> {
        use crate::deadline::DeadlineCmd as D;
        match cmd {
            D::Add(a) => {
                let (id, _) = self.case_ref(&a.case)?;
                let deadline = DeadlineId::new_v7();
                let cmd = Command::SetDeadline {
                    deadline,
                    kind: a.kind,
                    label: Text::line("label", &a.label, limits::SHORT)?,
                    rule: a.when.due_rule()?,
                };
                let executed = self.execute(id, cmd)?;
                let d = executed.state().deadline(deadline).expect("just set");
                self.say(serde_json::to_value(d)?, || explained(d))
            }
            D::List { case } => {
                let (_, state) = self.case_ref(&case)?;
                self.say(serde_json::to_value(&state.deadlines)?, || {
                    if state.deadlines.is_empty() {
                        return "No deadlines on this case.".into();
                    }
                    let mut out = String::new();
                    for d in &state.deadlines {
                        let moved = match d.moves.len() {
                            0 => String::new(),
                            n => format!(" (moved {n}×)"),
                        };
                        let _ = writeln!(
                            out,
                            "  {}  {:<34} {:<24} {}{moved}",
                            d.due_on,
                            d.label.as_str(),
                            d.kind.to_string(),
                            status(d)
                        );
                    }
                    out.trim_end().to_owned()
                })
            }
            D::Explain { case, deadline } => {
                let (_, state) = self.case_ref(&case)?;
                let d = state
                    .deadline(deadline_ref(&state, &deadline)?)
                    .expect("resolved");
                self.say(serde_json::to_value(d)?, || explained(d))
            }
            D::Move(a) => {
                let (id, state) = self.case_ref(&a.case)?;
                let deadline = deadline_ref(&state, &a.deadline)?;
                let cmd = Command::MoveDeadline {
                    deadline,
                    rule: a.when.due_rule()?,
                    reason: Text::line("reason", &a.reason, limits::SHORT)?,
                };
                let executed = self.execute(id, cmd)?;
                let d = executed.state().deadline(deadline).expect("exists");
                self.say(serde_json::to_value(d)?, || explained(d))
            }
            D::Close(a) => {
                let (id, state) = self.case_ref(&a.case)?;
                let deadline = deadline_ref(&state, &a.deadline)?;
                let cmd = match a.outcome.trim().to_lowercase().as_str() {
                    "met" => Command::MarkDeadlineMet { deadline },
                    "missed" => Command::MarkDeadlineMissed { deadline },
                    "cancelled" | "canceled" => Command::CancelDeadline {
                        deadline,
                        reason: Text::line(
                            "reason",
                            a.reason.as_deref().unwrap_or_default(),
                            limits::SHORT,
                        )?,
                    },
                    other => {
                        bail!("--as: unknown value {other:?}; expected met, missed or cancelled")
                    }
                };
                self.write(
                    id,
                    cmd,
                    deadline.to_string(),
                    format!("Deadline marked {}", a.outcome.trim()),
                )
            }
            D::Compute(_) | D::Holidays(_) => {
                unreachable!("the calculator runs without a database")
            }
        }
    }
}
