//! `accord case open | list | show | close`: a case as a whole, and who mediates it.

use crate::cli::*;
use crate::commands::*;
use crate::render;
use accord_core::case::access::GrantedBy;
use accord_core::case::vocabulary::*;
use accord_core::case::{CaseView, Command, Viewer};
use accord_core::ids::*;
use accord_core::text::{Text, limits};
use accord_core::time_zone::TimeZoneName;
use accord_server::access;
use accord_server::accounts::{AccountRole, User};
use accord_server::workbench::Workbench;
use anyhow::{Context, Result, anyhow};
use std::process::ExitCode;

impl Ctx {
    pub(crate) fn case(&self, cmd: CaseCmd) -> Result<ExitCode> {
        match cmd {
            CaseCmd::Open(a) => {
                let zone = a.time_zone.as_deref().unwrap_or(match a.jurisdiction {
                    Jurisdiction::EnglandWales => "Europe/London",
                    Jurisdiction::UsFederal => "America/New_York",
                });
                let case = CaseId::new_v7();
                let cmd = Command::OpenCase {
                    case,
                    title: Text::line("title", &a.title, limits::TITLE)?,
                    dispute_type: a.dispute_type,
                    jurisdiction: a.jurisdiction,
                    time_zone: TimeZoneName::parse(zone)?,
                    court_ordered: a.court_ordered,
                    contract_clause: a.clause,
                    court_reference: Text::line_optional(
                        "court_ref",
                        a.court_ref.as_deref(),
                        limits::SHORT,
                    )?,
                };
                // The account is checked before anything is written, so that a mistyped
                // e-mail does not leave a case behind without its mediator.
                let workbench = Workbench::new(self.cases.store().clone());
                let mediator = a
                    .mediator
                    .as_deref()
                    .map(|email| mediator_account(&workbench, email))
                    .transpose()?;
                let executed = self.execute(case, cmd)?;
                let mut done = format!("Opened case {:?}", a.title.trim());
                if let Some(m) = mediator {
                    // Recorded in the case as granted by the operator, like any change of access.
                    workbench.grant(case, &m, None, &operator(), GrantedBy::Operator)?;
                    done.push_str(&format!(" with mediator {} <{}>", m.name, m.email));
                }
                self.written(&executed, case.to_string(), done)
            }
            CaseCmd::List => {
                let list = self.cases.list()?;
                if self.json {
                    println!("{}", serde_json::to_string_pretty(&list)?);
                } else if list.is_empty() {
                    println!(
                        "No cases yet. `accord case open --help` opens one; `accord demo` loads examples."
                    );
                } else {
                    print!("{}", render::case_list(&list));
                }
                Ok(ExitCode::SUCCESS)
            }
            CaseCmd::Show { case, viewer } => {
                let (id, state) = self.case_ref(&case)?;
                let viewer = match viewer.trim().to_lowercase().as_str() {
                    "mediator" => Viewer::Mediator,
                    "coordinator" => Viewer::Coordinator,
                    _ => Viewer::Participant(participant(&state, &viewer)?),
                };
                let view = self.cases.view(id, viewer)?;
                if let CaseView::Content { case, .. } = &view {
                    accord_server::sensitive_reads::opened_at_console(
                        &self.cases,
                        id,
                        &accord_core::case::sensitive::in_view(case, case.notes.len()),
                    )?;
                }
                if self.json {
                    println!("{}", serde_json::to_string_pretty(&view)?);
                } else {
                    print!("{}", render::case_view(&view, &state, viewer));
                }
                Ok(ExitCode::SUCCESS)
            }
            CaseCmd::Close {
                case,
                status,
                summary,
            } => {
                let (id, _) = self.case_ref(&case)?;
                let summary =
                    Text::paragraph_optional("summary", summary.as_deref(), limits::LONG)?;
                self.write(
                    id,
                    Command::CloseCase { status, summary },
                    id.to_string(),
                    format!("Case closed: {status}"),
                )
            }
            CaseCmd::Hold { case, reason } => {
                let (id, _) = self.case_ref(&case)?;
                let reason = Text::line("reason", &reason, limits::SHORT)?;
                let done = format!(
                    "Legal hold placed ({reason}): nothing in the case can be erased until it is lifted"
                );
                self.write(id, Command::PlaceLegalHold { reason }, String::new(), done)
            }
            CaseCmd::Release { case, reason } => {
                let (id, _) = self.case_ref(&case)?;
                let reason = Text::line("reason", &reason, limits::SHORT)?;
                let done = format!("Legal hold lifted ({reason})");
                self.write(id, Command::LiftLegalHold { reason }, String::new(), done)
            }
        }
    }
}

/// The account `--mediator` names, if it may be a case's mediator.
fn mediator_account(workbench: &Workbench, email: &str) -> Result<User> {
    let user = workbench
        .accounts
        .by_email(email)
        .map_err(|e| anyhow!("--mediator: {e}"))?
        .with_context(|| {
            format!("--mediator: no account {email}; `accord user add --role mediator` makes one")
        })?;
    access::may_open_cases(&user).map_err(|_| {
        anyhow!(
            "--mediator: {} is not a mediator account (it is {})",
            user.email,
            user.role
        )
    })?;
    Ok(user)
}

/// Whoever runs `accord` at the server's machine holds the database itself, so where a
/// service asks for a staff account it acts with an admin's authority.
fn operator() -> User {
    User {
        id: "operator".into(),
        email: String::new(),
        name: "operator".into(),
        role: AccountRole::Admin,
    }
}
