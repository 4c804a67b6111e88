//! `accord safety show | screen | pause | resume | contact`: the case's safety screening,
//! pauses and safe contacts (DOMAIN.md §7), as the API's `/cases/{case}/safety`,
//! `/screenings`, `/pause`, `/resume` and `/safe-contact`.

use crate::commands::{Ctx, party};
use crate::render::moment;
use accord_core::case::Command;
use accord_core::case::safety::{ContactChannel, SafeContact};
use accord_core::text::{Text, limits};
use accord_server::http::safety::RecordScreening;
use accord_server::safety::{SafetyRecord, record_of};
use anyhow::{Context, Result};
use clap::Subcommand;
use std::fmt::Write;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum SafetyCmd {
    /// The case's safety record: each party's screening, safe contact, the adaptations in
    /// force, overrides and pauses (the mediator's alone)
    Show { case: String },
    /// Record a party's screening from a JSON file (as `POST /api/v1/cases/{case}/screenings`
    /// takes it, without `party`)
    #[command(after_help = "Example screening:\n  \
        {\"answers\": {\"abuse\": {\"concern\": \"yes\", \"detail\": \"Coercive control alleged\"},\n    \
        \"threats\": {\"concern\": \"no\"}, \"fear\": {\"concern\": \"yes\"},\n    \
        \"child_protection\": {\"concern\": \"no\"}, \"power_imbalance\": {\"concern\": \"unsure\"},\n    \
        \"capacity\": {\"concern\": \"no\"}},\n   \
        \"judgement\": \"suitable-with-adaptations\", \"adaptations\": [\"shuttle-only\"]}\n\n\
        concern: no, unsure or yes. judgement: suitable, suitable-with-adaptations or\n\
        not-suitable (with a reason). adaptations: shuttle-only, separate-arrival,\n\
        online-only, support-person.")]
    Screen {
        case: String,
        /// The party screened: its name or id
        party: String,
        /// The screening's file, or - for standard input
        file: PathBuf,
    },
    /// Pause the case: no session can be scheduled until it is resumed (the parties see only
    /// that it is paused)
    Pause {
        case: String,
        /// Why (the mediator's alone)
        #[arg(long)]
        reason: String,
    },
    /// Resume a paused case
    Resume {
        case: String,
        #[arg(long)]
        reason: String,
    },
    /// Record how a party may be reached safely (that party and the mediator alone see it)
    Contact {
        case: String,
        party: String,
        /// email, phone, text-message, post or through-representative
        #[arg(long)]
        channel: ContactChannel,
        /// The number, address or person to use
        #[arg(long)]
        detail: Option<String>,
        /// When contact is safe, e.g. "weekdays 10:00 to 14:00"
        #[arg(long)]
        times: Option<String>,
        /// Messages must say neither "Accord" nor "mediation"
        #[arg(long)]
        discreet: bool,
    },
}

impl Ctx {
    pub(crate) fn safety(&self, cmd: SafetyCmd) -> Result<ExitCode> {
        match cmd {
            SafetyCmd::Show { case } => {
                let (id, state) = self.case_ref(&case)?;
                // The screenings are logged as opened before they are printed.
                accord_server::sensitive_reads::opened_at_console(
                    &self.cases,
                    id,
                    &accord_core::case::sensitive::in_screenings(&state),
                )?;
                let record = record_of(&state);
                let zone = crate::commands::zone_of(&state);
                self.say(serde_json::to_value(&record)?, || text(&record, &zone))
            }
            SafetyCmd::Screen {
                case,
                party: who,
                file,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let party = party(&state, &who)?;
                let mut body: serde_json::Value = serde_json::from_str(&read(&file)?)
                    .with_context(|| format!("{} is not JSON", file.display()))?;
                if let Some(fields) = body.as_object_mut() {
                    fields.insert("party".into(), serde_json::json!(party));
                }
                let body: RecordScreening = serde_path_to_error::deserialize(body)
                    .map_err(|e| anyhow::anyhow!("{}: {}", e.path(), e.inner()))
                    .with_context(|| format!("{} is not a screening", file.display()))?;
                let (party, screening) = body.screening()?;
                let done = format!("Screening of {who} recorded ({})", screening.judgement);
                self.write(
                    id,
                    Command::RecordScreening { party, screening },
                    String::new(),
                    done,
                )
            }
            SafetyCmd::Pause { case, reason } => {
                let (id, _) = self.case_ref(&case)?;
                let reason = Text::paragraph("reason", &reason, limits::SHORT)?;
                let done = "Case paused: no session can be scheduled until it is resumed".into();
                self.write(id, Command::PauseCase { reason }, String::new(), done)
            }
            SafetyCmd::Resume { case, reason } => {
                let (id, _) = self.case_ref(&case)?;
                let reason = Text::paragraph("reason", &reason, limits::SHORT)?;
                let done = "Case resumed".into();
                self.write(id, Command::ResumeCase { reason }, String::new(), done)
            }
            SafetyCmd::Contact {
                case,
                party: who,
                channel,
                detail,
                times,
                discreet,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let party = party(&state, &who)?;
                let contact = SafeContact {
                    channel,
                    detail: Text::line_optional("detail", detail.as_deref(), limits::SHORT)?,
                    times: Text::line_optional("times", times.as_deref(), limits::SHORT)?,
                    may_name_service: !discreet,
                };
                let done = format!("Safe contact for {who} recorded ({channel})");
                self.write(
                    id,
                    Command::GiveSafeContact { party, contact },
                    String::new(),
                    done,
                )
            }
        }
    }
}

fn read(path: &PathBuf) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn text(record: &SafetyRecord, zone: &jiff::tz::TimeZone) -> String {
    let mut out = String::new();
    match record.paused_since {
        Some(at) => {
            let _ = writeln!(out, "PAUSED since {}", moment(at, zone));
        }
        None => out.push_str("Not paused\n"),
    }
    let words = |v: &[String]| {
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    };
    let in_force: Vec<String> = record.adaptations.iter().map(|a| a.to_string()).collect();
    let _ = writeln!(out, "Adaptations in force: {}", words(&in_force));
    if !record.not_suitable_for.is_empty() {
        out.push_str("Mediation judged NOT SUITABLE for a party: no session without an override\n");
    }
    for p in &record.parties {
        let _ = writeln!(out, "\n{}", p.name);
        match &p.screening {
            None => out.push_str("  not screened\n"),
            Some(s) => {
                let sc = &s.screening;
                let _ = writeln!(
                    out,
                    "  screened {}: {}{}",
                    moment(s.at, zone),
                    sc.judgement,
                    sc.reason
                        .as_ref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                );
                let adaptations: Vec<String> =
                    sc.adaptations.iter().map(|a| a.to_string()).collect();
                let _ = writeln!(out, "  adaptations: {}", words(&adaptations));
                for (question, answer) in sc.answers.each() {
                    let _ = writeln!(
                        out,
                        "  {:<17} {}{}",
                        question.replace('_', " "),
                        answer.concern,
                        answer
                            .detail
                            .as_ref()
                            .map(|d| format!(": {d}"))
                            .unwrap_or_default()
                    );
                }
                if !p.earlier.is_empty() {
                    let _ = writeln!(out, "  earlier screenings: {}", p.earlier.len());
                }
            }
        }
        if let Some(c) = &p.safe_contact {
            let c = &c.contact;
            let _ = writeln!(
                out,
                "  safe contact: {}{}{}{}",
                c.channel,
                c.detail
                    .as_ref()
                    .map(|d| format!(" {d}"))
                    .unwrap_or_default(),
                c.times
                    .as_ref()
                    .map(|t| format!(", {t}"))
                    .unwrap_or_default(),
                if c.may_name_service {
                    ""
                } else {
                    " — messages must not name the service"
                }
            );
        }
    }
    for o in &record.overrides {
        let _ = writeln!(
            out,
            "\nOverride {}: a {} session despite {} — {}",
            moment(o.at, zone),
            o.format,
            o.overridden.join("; "),
            o.reason
        );
    }
    for p in &record.pauses {
        let what = if p.paused { "Paused" } else { "Resumed" };
        let _ = writeln!(out, "\n{what} {}: {}", moment(p.at, zone), p.reason);
    }
    if !record.conflicting_sessions.is_empty() {
        let _ = writeln!(
            out,
            "\n{} scheduled session(s) in a format the screening now rules out",
            record.conflicting_sessions.len()
        );
    }
    out
}
