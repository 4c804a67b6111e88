//! `accord invitation send | answer | lapse`: invitations to mediate answered in writing, as
//! the API's `/cases/{case}/mediation-invitations` routes; `lapse` records "no answer" where
//! the date has passed, as `accord serve`'s worker does on every pass.

use crate::commands::{Ctx, party};
use crate::parse;
use accord_core::case::invitation::AnswerKind;
use accord_server::http::invitation_answers::AnswerInvitation;
use anyhow::Result;
use clap::Subcommand;
use jiff::civil::Date;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum InvitationCmd {
    /// Invite a party to mediate, with a date to answer by
    Send {
        case: String,
        party: String,
        /// The day to answer by (the case's time zone)
        #[arg(long, value_parser = parse::date)]
        answer_by: Date,
    },
    /// Record a party's written answer: accept, decline, other-mediator or other-times
    Answer {
        case: String,
        party: String,
        /// accept, decline, other-mediator or other-times
        kind: AnswerKind,
        /// The reasons, or the times proposed (needed unless it accepts)
        #[arg(long)]
        text: Option<String>,
        /// Let the other side read the reasons (that the party answered, and how, is joint)
        #[arg(long)]
        shared: bool,
    },
    /// Record "no answer" for every invitation whose date has passed
    Lapse,
}

impl Ctx {
    pub(crate) fn invitation(&self, cmd: InvitationCmd) -> Result<ExitCode> {
        match cmd {
            InvitationCmd::Send {
                case,
                party: who,
                answer_by,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let participant = party(&state, &who)?;
                let done =
                    format!("{who} invited to mediate: an answer is asked for by {answer_by}");
                self.write(
                    id,
                    accord_core::case::Command::InviteToMediation {
                        participant,
                        answer_by,
                    },
                    String::new(),
                    done,
                )
            }
            InvitationCmd::Answer {
                case,
                party: who,
                kind,
                text,
                shared,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let participant = party(&state, &who)?;
                let body = AnswerInvitation {
                    kind,
                    text,
                    shared,
                    expected_version: None,
                };
                let done = format!("{who}'s answer recorded ({kind})");
                self.write(id, body.command(participant)?, String::new(), done)
            }
            InvitationCmd::Lapse => {
                let n = accord_server::invitations::record_unanswered(
                    &self.cases,
                    jiff::Timestamp::now(),
                )?;
                self.say(serde_json::json!({"recorded": n}), || match n {
                    0 => "No invitation has lapsed.".into(),
                    n => format!("No answer recorded for {n} invitation(s) past their date."),
                })
            }
        }
    }
}
