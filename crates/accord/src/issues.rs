//! `accord issue add | state | reopen | option`: the issues on a case's agenda and their terms.

use crate::cli::*;
use crate::commands::*;
use accord_core::case::Command;
use accord_core::case::vocabulary::*;
use accord_core::ids::*;
use accord_core::text::{Text, limits};
use anyhow::Result;
use std::process::ExitCode;

impl Ctx {
    pub(crate) fn issue(&self, cmd: IssueCmd) -> Result<ExitCode> {
        match cmd {
            IssueCmd::Add {
                case,
                title,
                description,
            } => {
                let (id, _) = self.case_ref(&case)?;
                let issue = IssueId::new_v7();
                let cmd = Command::AddIssue {
                    issue,
                    title: Text::line("title", &title, limits::TITLE)?,
                    description: Text::paragraph_optional(
                        "description",
                        description.as_deref(),
                        limits::LONG,
                    )?,
                };
                self.write(
                    id,
                    cmd,
                    issue.to_string(),
                    format!("Issue added: {}", title.trim()),
                )
            }
            IssueCmd::State(a) => {
                let (id, state) = self.case_ref(&a.case)?;
                let issue = state.issue(issue_ref(&state, &a.issue)?).expect("resolved");
                let new_state = term_state(&a)?;
                let done = format!("{}: {}", issue.title, new_state.describe());
                let cmd = Command::SetIssueState {
                    issue: issue.id,
                    state: new_state,
                    reason: Text::line_optional("reason", a.reason.as_deref(), limits::SHORT)?,
                };
                self.write(id, cmd, issue.id.to_string(), done)
            }
            IssueCmd::Reopen {
                case,
                issue,
                reason,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let issue = issue_ref(&state, &issue)?;
                let cmd = Command::ReopenTerm {
                    issue,
                    reason: Text::line("reason", &reason, limits::SHORT)?,
                };
                self.write(id, cmd, issue.to_string(), "The term is open again".into())
            }
            IssueCmd::Option {
                case,
                issue,
                option,
                result,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let issue = issue_ref(&state, &issue)?;
                let cmd = Command::RecordOptionTried {
                    issue,
                    option: Text::line("option", &option, limits::SHORT)?,
                    result: Text::line_optional("result", result.as_deref(), limits::SHORT)?,
                };
                self.write(id, cmd, issue.to_string(), "Option recorded".into())
            }
        }
    }
}

fn term_state(a: &IssueStateArgs) -> Result<TermState> {
    Ok(TermState::from_parts(
        a.state,
        a.review_on,
        a.until,
        a.until_event.as_deref(),
        a.to.as_deref(),
    )?)
}
