//! `accord due`: what is due across every case, overdue first, for one viewer (the mediator
//! by default, a coordinator, or a participant by name), as of today or a day given.

use crate::commands::Ctx;
use crate::parse;
use accord_core::case::fold_for;
use accord_core::case::state::Case;
use accord_core::ids::ParticipantId;
use accord_server::AppError;
use accord_server::access::CaseAccess;
use accord_server::after_session::{due_as_of, today_in};
use accord_server::reference::resolve;
use anyhow::{Result, bail};
use clap::Args;
use jiff::civil::Date;
use serde_json::json;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct DueArgs {
    /// Whose list: `mediator` (everything), `coordinator` (the procedural clock only), or a
    /// participant's name (what it or its party must do, and the dates everyone shares)
    #[arg(long = "as", default_value = "mediator")]
    pub viewer: String,
    /// Count from this day (YYYY-MM-DD) instead of today in each case's time zone: what
    /// will be due, and overdue, then
    #[arg(long, value_parser = parse::date)]
    pub as_of: Option<Date>,
}

/// The participant called `name` in `case`, if there is one; an error if the name is
/// ambiguous there.
fn participant_in(case: &Case, name: &str) -> Result<Option<ParticipantId>> {
    match resolve(
        "participant",
        name,
        &case.participants,
        |p| p.id.to_string(),
        |p| p.name.to_string(),
    ) {
        Ok(p) => Ok(Some(p.id)),
        Err(AppError::NoMatch { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl Ctx {
    /// What is due across every case the viewer may see, most urgent case first.
    pub fn due(&self, a: DueArgs) -> Result<ExitCode> {
        let name = a.viewer.trim();
        let everywhere = match name.to_lowercase().as_str() {
            "mediator" => Some(CaseAccess::Mediator),
            "coordinator" => Some(CaseAccess::Metadata),
            _ => None,
        };
        let mut seen_in_a_case = false;
        let mut all = Vec::new();
        for meta in self.cases.list()? {
            let history = self.cases.history(meta.id)?;
            let access = match everywhere {
                Some(access) => access,
                // A participant's list holds only the cases it takes part in.
                None => match participant_in(&Case::fold(history.iter()), name)? {
                    Some(me) => CaseAccess::Participant(me),
                    None => continue,
                },
            };
            seen_in_a_case = true;
            let state = fold_for(&history, access.viewer())?;
            let today = a.as_of.unwrap_or_else(|| today_in(&state));
            let items = due_as_of(&state, access, today);
            if !items.is_empty() {
                all.push((meta, items));
            }
        }
        if everywhere.is_none() && !seen_in_a_case {
            bail!(
                "--as: no participant matches {name:?} in any case; \
                 expected mediator, coordinator or a participant's name"
            );
        }
        all.sort_by_key(|(_, items)| (!items[0].overdue, items[0].due_on));
        let value = json!(
            all.iter()
                .map(|(m, items)| json!({"case": m.id, "title": m.title, "items": items}))
                .collect::<Vec<_>>()
        );
        self.say(value, || {
            let mut out = String::new();
            if let Some(day) = a.as_of {
                let _ = writeln!(out, "As of {day}:");
            }
            if all.is_empty() {
                out.push_str("Nothing is due.");
                return out;
            }
            for (meta, items) in &all {
                let _ = writeln!(out, "{}", meta.title);
                for i in items {
                    let flag = if i.overdue { "OVERDUE " } else { "" };
                    let _ = writeln!(out, "  {flag}{}  {}", i.due_on, i.what);
                }
            }
            out.trim_end().to_owned()
        })
    }
}
