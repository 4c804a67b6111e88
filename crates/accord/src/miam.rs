//! `accord miam grounds | check`: the MIAM exemption grounds (FPR r.3.8, PD3A as amended from
//! 29 April 2024) and the stateless checker, as the API's `/miam/grounds` and `/miam/check`.
//! No database.

use accord_core::miam::{self, Claim, Need};
use anyhow::{Context, Result};
use clap::Subcommand;
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum MiamCmd {
    /// Every exemption ground: its key, rule and what a claim of it needs; then the grounds
    /// removed in 2024
    Grounds,
    /// Check a claim (JSON, as `POST /api/v1/miam/check` takes it): complete, or exactly what
    /// is missing for each ground, with its rule
    #[command(after_help = "Example claim:\n  \
        {\"application_on\": \"2026-12-07\", \"grounds\": [\n    \
        {\"ground\": \"domestic-abuse/idva\", \"evidence_attached\": true},\n    \
        {\"ground\": \"other/no-mediator-within-15-miles\", \"unable_to_attend_online\": true}]}")]
    Check {
        /// The claim's file, or - for standard input
        claim: PathBuf,
    },
    /// Record a party's MIAM on its case: attendance and assessment (the mediator's)
    Record(crate::miam_record::RecordArgs),
    /// Issue the confirmation of a party's latest MIAM: it supports a court application for
    /// four months, and its expiry goes on the clock
    Confirm { case: String, party: String },
}

impl MiamCmd {
    /// Whether the command reads or writes a case (the grounds and the checker need none).
    pub fn needs_cases(&self) -> bool {
        matches!(self, Self::Record(_) | Self::Confirm { .. })
    }
}

pub fn run(cmd: MiamCmd, as_json: bool) -> Result<ExitCode> {
    match cmd {
        MiamCmd::Grounds if as_json => {
            let all = json!({"categories": miam::CATEGORIES, "removed": miam::REMOVED});
            println!("{}", serde_json::to_string_pretty(&all)?);
        }
        MiamCmd::Grounds => print!("{}", grounds_text()),
        MiamCmd::Record(_) | MiamCmd::Confirm { .. } => {
            unreachable!("run with the cases, by Ctx::miam")
        }
        MiamCmd::Check { claim } => {
            let text = read(&claim)?;
            // The field at fault is named (`grounds[0].attended_on: …`), as the API does.
            let claim: Claim =
                serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&text))
                    .map_err(|e| anyhow::anyhow!("{}: {}", e.path(), e.inner()))
                    .with_context(|| format!("{} is not a claim", claim.display()))?;
            let assessed = miam::check(&claim)?;
            if as_json {
                println!("{}", serde_json::to_string_pretty(&assessed)?);
            } else {
                print!("{}", assessment_text(&assessed));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read(path: &PathBuf) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn need_text(need: &Need) -> String {
    match need {
        Need::EvidenceCopy { what } => what.to_string(),
        Need::UnableToAttendOnline => "cannot attend a MIAM online or by video-link".into(),
        Need::Explanation { what } => format!("an explanation of {what}"),
        Need::MediatorsContacted { at_least } => format!(
            "{at_least} mediators within 15 miles contacted (or all, if fewer), with their details and dates"
        ),
        Need::AttendedWithin { months } => {
            format!("attended within {months} months before the application")
        }
        Need::ProviderConfirmation => "the provider's signed written confirmation".into(),
        Need::CertificateOrDetails => {
            "the MIAM certificate, or the MIAM's date and provider".into()
        }
    }
}

fn grounds_text() -> String {
    let mut out = String::new();
    for c in miam::CATEGORIES {
        out.push_str(&format!("{} ({})\n", c.title, c.rule));
        for g in c.grounds {
            out.push_str(&format!("  {}  [{}]\n", g.key, g.rule));
            for n in g.needs {
                out.push_str(&format!("      needs: {}\n", need_text(n)));
            }
        }
        out.push('\n');
    }
    out.push_str("Removed on 29 April 2024 (a claim of one is refused):\n");
    for r in miam::REMOVED {
        out.push_str(&format!("  {}: {}\n", r.key, r.why));
    }
    out
}

fn assessment_text(a: &miam::Assessment) -> String {
    let mut out = String::from(if a.complete {
        "Complete: every ground claimed has what the rules ask for.\n"
    } else {
        "Not complete yet: see what is missing below.\n"
    });
    for g in &a.grounds {
        let mark = if g.complete { "complete" } else { "missing" };
        out.push_str(&format!("  {} ({}): {mark}\n", g.ground, g.rule));
        for m in &g.missing {
            out.push_str(&format!("      - {}\n", m.what));
        }
    }
    out.push_str("An exemption is claimed, for the court to decide (FPR r.3.10); it is never granted here.\n");
    out
}
