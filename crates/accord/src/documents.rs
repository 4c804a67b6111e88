//! `accord document KIND CASE --pdf FILE`: the same documents the API and the pages offer,
//! built by the same service from the fold of the viewer named by `--as`.

use crate::commands::{Ctx, participant, session_ref};
use accord_core::case::Viewer;
use accord_server::documents::{Paper, Which, prepare};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    /// The memorandum of (partial) agreement, with who confirmed which version
    Memorandum,
    /// The outcome-only report for the court (the joint record)
    CourtReport,
    /// A party's MIAM confirmation (`--party`)
    MiamConfirmation,
    /// A participant's written answer to the invitation to mediate (`--party`)
    InvitationAnswer,
    /// A session's summary for the parties, joint content only (`--session`)
    SessionSummary,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

#[derive(Args)]
pub struct DocumentArgs {
    pub kind: Kind,
    /// The case
    pub case: String,
    /// Where to write the PDF
    #[arg(long)]
    pub pdf: PathBuf,
    /// The party the document is about (miam-confirmation, invitation-answer)
    #[arg(long)]
    pub party: Option<String>,
    /// The session, by its number in `case show` or its id (session-summary)
    #[arg(long)]
    pub session: Option<String>,
    /// Whose view it is built from: `mediator`, `coordinator`, or a participant's name
    #[arg(long = "as", default_value = "mediator")]
    pub viewer: String,
    /// A4 unless the case is in a U.S. court
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
}

impl Ctx {
    pub fn document(&self, a: DocumentArgs) -> Result<ExitCode> {
        let (id, state) = self.case_ref(&a.case)?;
        let party = || -> Result<_> {
            let name = a
                .party
                .as_deref()
                .context("--party: name the party the document is about")?;
            participant(&state, name)
        };
        let which = match a.kind {
            Kind::Memorandum => Which::Memorandum,
            Kind::CourtReport => Which::CourtReport,
            Kind::MiamConfirmation => Which::MiamConfirmation(party()?),
            Kind::InvitationAnswer => Which::InvitationAnswer(party()?),
            Kind::SessionSummary => {
                let s = a
                    .session
                    .as_deref()
                    .context("--session: name the session (its number in `case show`)")?;
                Which::SessionSummary(session_ref(&state, s)?)
            }
        };
        let viewer = match a.viewer.trim().to_lowercase().as_str() {
            "mediator" => Viewer::Mediator,
            "coordinator" => Viewer::Coordinator,
            _ => Viewer::Participant(participant(&state, &a.viewer)?),
        };
        if viewer == Viewer::Coordinator && which != Which::CourtReport {
            bail!(
                "--as coordinator: coordinators see case metadata only; of the documents, the court report"
            );
        }
        let history = self.cases.history(id)?;
        let own = history.view_fold(viewer)?;
        let joint = history.view_fold(Viewer::Coordinator)?;
        let paper = a.paper.map(|p| match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        });
        let prepared = prepare(which, &own, &joint, viewer, paper)?;
        let pdf = accord_documents::typeset(prepared.template, &prepared.data)?;
        // Written beside the target and renamed, so a failure leaves no half-written file.
        let partial = a.pdf.with_extension("pdf.partial");
        std::fs::write(&partial, &pdf).with_context(|| format!("writing {}", partial.display()))?;
        std::fs::rename(&partial, &a.pdf)
            .with_context(|| format!("writing {}", a.pdf.display()))?;
        let title = prepared.data["document"].as_str().unwrap_or("Document");
        let record = &prepared.data["record"];
        if self.json {
            println!(
                "{}",
                serde_json::json!({"file": a.pdf, "document": title, "bytes": pdf.len(),
                    "version": record["version"], "last_event_hash": record["last_event_hash"]})
            );
        } else {
            println!(
                "Wrote {} ({title}, {} KB): {}, version {}, last event {}",
                a.pdf.display(),
                pdf.len().div_ceil(1024),
                record["seen_as"].as_str().unwrap_or(""),
                record["version"],
                record["short_hash"].as_str().unwrap_or("")
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
