//! `accord session schedule | held | cancel | outcome`.

use crate::cli::*;
use crate::commands::*;
use crate::render;
use accord_core::case::Command;
use accord_core::case::vocabulary::*;
use accord_core::ids::*;
use accord_core::text::{Text, limits};
use accord_server::reference::resolve;
use anyhow::{Context, Result};
use std::process::ExitCode;

impl Ctx {
    pub(crate) fn session(&self, cmd: SessionCmd) -> Result<ExitCode> {
        match cmd {
            SessionCmd::Schedule {
                case,
                at,
                format,
                agenda,
                override_reason,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let override_reason =
                    Text::line_optional("override", override_reason.as_deref(), limits::SHORT)?;
                let zone = zone_of(&state);
                let starts_at = at
                    .in_zone(&zone)
                    .map_err(anyhow::Error::msg)
                    .context("at")?;
                let agenda = agenda
                    .iter()
                    .map(|r| {
                        resolve(
                            "issue",
                            r,
                            &state.issues,
                            |i| i.id.to_string(),
                            |i| i.title.to_string(),
                        )
                        .map(|i| i.id)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let session = SessionId::new_v7();
                let when = render::moment(starts_at, &zone);
                let cmd = Command::ScheduleSession {
                    session,
                    starts_at,
                    format,
                    agenda,
                    override_reason,
                };
                self.write(
                    id,
                    cmd,
                    session.to_string(),
                    format!(
                        "Session {} scheduled for {when} ({format})",
                        state.sessions.len() + 1
                    ),
                )
            }
            SessionCmd::Held {
                case,
                session,
                on,
                format,
                attended,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let session = session_ref(&state, &session)?;
                let planned = state
                    .session(session)
                    .map(|s| s.planned_format)
                    .unwrap_or(SessionFormat::Joint);
                let held_on =
                    on.unwrap_or_else(|| jiff::Timestamp::now().to_zoned(zone_of(&state)).date());
                let attendees = attended
                    .iter()
                    .filter(|a| !a.trim().is_empty())
                    .map(|a| participant(&state, a))
                    .collect::<Result<Vec<_>>>()?;
                let cmd = Command::RecordSessionHeld {
                    session,
                    held_on,
                    format: format.unwrap_or(planned),
                    attendees,
                };
                self.write(
                    id,
                    cmd,
                    session.to_string(),
                    format!("Session recorded as held on {held_on}"),
                )
            }
            SessionCmd::Cancel {
                case,
                session,
                reason,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let session = session_ref(&state, &session)?;
                let reason = Text::line_optional("reason", reason.as_deref(), limits::SHORT)?;
                self.write(
                    id,
                    Command::CancelSession { session, reason },
                    session.to_string(),
                    "Session cancelled".into(),
                )
            }
            SessionCmd::Outcome {
                case,
                session,
                outcome,
                summary,
            } => {
                let (id, state) = self.case_ref(&case)?;
                let session = session_ref(&state, &session)?;
                let summary =
                    Text::paragraph_optional("summary", summary.as_deref(), limits::LONG)?;
                let cmd = Command::RecordOutcome {
                    session,
                    outcome,
                    summary,
                };
                self.write(
                    id,
                    cmd,
                    session.to_string(),
                    format!("Outcome recorded: {}", render::outcome(outcome)),
                )
            }
        }
    }
}
