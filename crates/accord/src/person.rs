//! `accord person export | erase | erase-participant`: a person's data as JSON (GDPR Art. 15
//! and 20), and erasure (Art. 17), through the same services as the API.

use crate::commands::{Ctx, participant};
use accord_core::text::{Text, limits};
use accord_server::accounts::User;
use accord_server::{erasure, personal_data};
use anyhow::{Context, Result, anyhow};
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum PersonCmd {
    /// Write everything about one account as JSON: the account, its tokens and feeds, and in
    /// each of its cases what is theirs and what was addressed to their party
    Export {
        /// The account's e-mail
        email: String,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Erase an account from every case it takes part in, then the account itself (refused,
    /// with nothing erased, while any of its cases is under a legal hold)
    Erase {
        /// The account's e-mail
        email: String,
        /// Why it may be erased: who asked, when, under which article
        #[arg(long)]
        basis: String,
    },
    /// Erase one participant of one case, with or without an account
    EraseParticipant {
        case: String,
        /// The participant's name or id
        participant: String,
        #[arg(long)]
        basis: String,
    },
}

impl Ctx {
    pub(crate) fn person(&self, cmd: PersonCmd) -> Result<ExitCode> {
        match cmd {
            PersonCmd::Export { email, output } => {
                let user = self.account(&email)?;
                let data = personal_data::personal_data_of(&self.cases, &user)?;
                let text = serde_json::to_string_pretty(&data)?;
                match output {
                    Some(path) => {
                        std::fs::write(&path, text + "\n")
                            .with_context(|| format!("cannot write {}", path.display()))?;
                        eprintln!(
                            "Wrote the personal data of {email} ({} cases) to {}",
                            data.cases.len(),
                            path.display()
                        );
                    }
                    None => println!("{text}"),
                }
                Ok(ExitCode::SUCCESS)
            }
            PersonCmd::Erase { email, basis } => {
                let user = self.account(&email)?;
                let basis = Text::line("basis", &basis, limits::SHORT)?;
                let done = erasure::erase_account(&self.cases, &user.id, &basis, &self.actor)?;
                self.say(json!(done), || {
                    format!(
                        "Erased {email} from {} cases and forgot the account; \
                         each case's record now reads \"[erased]\" in their place.",
                        done.cases.len()
                    )
                })
            }
            PersonCmd::EraseParticipant {
                case,
                participant: who,
                basis,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let who = participant(&state, &who)?;
                let basis = Text::line("basis", &basis, limits::SHORT)?;
                let actors = erasure::participant_actors(&self.cases, id, who)?;
                let done = self.cases.erase(id, who, &actors, &basis, &self.actor)?;
                self.say(json!(done), || {
                    format!(
                        "Erased the participant from the case: {} stored payloads now read \"[erased]\" where they held their data.",
                        done.payloads_redacted
                    )
                })
            }
        }
    }

    fn account(&self, email: &str) -> Result<User> {
        let row = self
            .cases
            .store()
            .user_by_email(&email.trim().to_lowercase())?
            .ok_or_else(|| anyhow!("no account has the e-mail {email:?}"))?;
        Ok(User::try_from(row)?)
    }
}
