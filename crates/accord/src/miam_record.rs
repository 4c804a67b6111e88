//! `accord miam record | confirm`: a party's MIAM on its case, as the API's
//! `POST /cases/{case}/miam` and `…/miam/{participant}/confirmation`.

use crate::commands::{Ctx, party};
use crate::miam::MiamCmd;
use crate::parse;
use accord_core::case::Command;
use accord_core::case::miam_record::{MiamAssessment, expiry};
use accord_server::http::miam_record::RecordMiam;
use anyhow::Result;
use clap::Args;
use jiff::civil::Date;
use std::process::ExitCode;

#[derive(Args)]
pub struct RecordArgs {
    pub case: String,
    /// The party who attended: its name or id
    pub party: String,
    /// The day of the MIAM
    #[arg(long, value_parser = parse::date)]
    pub on: Date,
    /// How long it lasted, in minutes
    #[arg(long)]
    pub minutes: u16,
    /// The mediator who conducted it
    #[arg(long)]
    pub mediator: String,
    /// Their Family Mediation Council registration number
    #[arg(long)]
    pub fmc: String,
    /// Held online (by video); in person otherwise
    #[arg(long)]
    pub online: bool,
    /// Attended together with the other party
    #[arg(long)]
    pub jointly: bool,
    /// suitable, not-suitable, other-party-did-not-attend or other-party-declined
    #[arg(long)]
    pub assessment: MiamAssessment,
    /// Why, when not suitable
    #[arg(long)]
    pub reason: Option<String>,
}

impl Ctx {
    pub(crate) fn miam(&self, cmd: MiamCmd) -> Result<ExitCode> {
        match cmd {
            MiamCmd::Record(a) => {
                let (id, state) = self.case_ref(&a.case)?;
                let body = RecordMiam {
                    party: party(&state, &a.party)?,
                    attended_on: a.on,
                    minutes: a.minutes,
                    mediator: a.mediator,
                    fmc_number: a.fmc,
                    online: a.online,
                    jointly: a.jointly,
                    assessment: a.assessment,
                    reason: a.reason,
                    expected_version: None,
                };
                let done = format!(
                    "MIAM of {} on {} recorded ({})",
                    a.party, a.on, a.assessment
                );
                self.write(id, body.command()?, String::new(), done)
            }
            MiamCmd::Confirm { case, party: who } => {
                let (id, state) = self.case_ref(&case)?;
                let party = party(&state, &who)?;
                let attended = state.miam.iter().find(|m| m.party == party);
                let done = match attended {
                    Some(m) => format!(
                        "MIAM confirmation for {who} issued: it supports a court application made on or before {}",
                        expiry(m.attendance.attended_on)
                    ),
                    None => String::new(),
                };
                self.write(
                    id,
                    Command::IssueMiamConfirmation { party },
                    String::new(),
                    done,
                )
            }
            MiamCmd::Grounds | MiamCmd::Check { .. } => crate::miam::run(cmd, self.json),
        }
    }
}
