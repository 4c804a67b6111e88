//! Export and import of a case as JSON Lines, one stored event a line. Import checks every
//! chain before writing anything, and names the line of the first broken link.

use crate::cases::Cases;
use crate::error::{AppError, Result};
use accord_core::case::{Audience, Case, CaseMetadata, Recorded};
use accord_core::chain::{self, RawEvent};
use accord_core::ids::CaseId;
use accord_store::StoreError;
use std::io::{BufRead, Write};

impl Cases {
    /// Writes a case's events as JSON Lines; returns how many. Every event: this is the
    /// operator's export (a backup, a move to another database).
    pub fn export(&self, case: CaseId, out: &mut impl Write) -> Result<usize> {
        self.export_lines(case, out, |_| true)
    }

    /// The events the mediator may see, as JSON Lines: everything but what a party entered
    /// for itself alone (an overlap figure, an answer to a proposal), which is left out whole —
    /// its kind and time would tell that it happened. Such an export re-imports only while the
    /// case has none; the operator's `export` holds every event.
    pub fn export_for_mediator(&self, case: CaseId, out: &mut impl Write) -> Result<usize> {
        self.export_lines(case, out, |raw| {
            serde_json::from_str::<Audience>(&raw.audience).is_ok_and(|a| a.includes_mediator())
        })
    }

    fn export_lines(
        &self,
        case: CaseId,
        out: &mut impl Write,
        include: impl Fn(&RawEvent) -> bool,
    ) -> Result<usize> {
        let events: Vec<RawEvent> = self
            .store()
            .events(case)?
            .into_iter()
            .filter(|raw| include(raw))
            .collect();
        for raw in &events {
            let line = chain::export_line(raw).map_err(|e| AppError::Corrupt {
                case: case.to_string(),
                reason: format!("event {}: {e}", raw.seq),
            })?;
            writeln!(out, "{line}")
                .map_err(|e| AppError::Import(format!("cannot write the export: {e}")))?;
        }
        Ok(events.len())
    }

    /// Reads JSON Lines holding one or more whole cases. Refuses the file — writing nothing —
    /// if a line cannot be read, a chain does not verify, or a case already exists.
    pub fn import(&self, input: impl BufRead) -> Result<Vec<ImportedCase>> {
        // (case id, events, line number of each event)
        let mut cases: Vec<(String, Vec<RawEvent>, Vec<usize>)> = Vec::new();
        for (i, line) in input.lines().enumerate() {
            let number = i + 1;
            let line =
                line.map_err(|e| AppError::Import(format!("line {number}: cannot be read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let raw = chain::parse_export_line(&line).map_err(|e| {
                AppError::Import(format!("line {number}: not an Accord event: {e}"))
            })?;
            match cases.iter_mut().find(|(id, ..)| *id == raw.case_id) {
                Some((_, events, lines)) => {
                    events.push(raw);
                    lines.push(number);
                }
                None => cases.push((raw.case_id.clone(), vec![raw], vec![number])),
            }
        }
        if cases.is_empty() {
            return Err(AppError::Import("the file holds no events".into()));
        }
        let mut checked = Vec::new();
        for (id, events, lines) in cases {
            if let Err(broken) = chain::verify_chain(&events) {
                let line = events
                    .iter()
                    .position(|e| e.seq == broken.seq)
                    .map_or(lines[0], |i| lines[i]);
                return Err(AppError::Import(format!(
                    "line {line}: the chain does not verify: {broken}"
                )));
            }
            let case: CaseId = id.parse().map_err(|_| {
                AppError::Import(format!("line {}: case id is not a UUID", lines[0]))
            })?;
            match self.store().events(case) {
                Err(StoreError::NotFound(_)) => {}
                Ok(_) => {
                    return Err(AppError::Import(format!(
                        "case {case} already exists in this database"
                    )));
                }
                Err(e) => return Err(e.into()),
            }
            let recorded: Vec<Recorded> = events
                .iter()
                .map(|r| Recorded::from_raw(r).expect("verified"))
                .collect();
            for (r, line) in recorded.iter().zip(&lines) {
                refuse_private_joint_fact(r, *line)?;
            }
            let state = Case::fold(&recorded);
            let metadata = CaseMetadata::of(&state).ok_or_else(|| {
                AppError::Import(format!(
                    "line {}: case {case} does not begin with CaseOpened",
                    lines[0]
                ))
            })?;
            // Its due items and figures, as any append writes them; no reminders are planned
            // for an imported case (as before), so none goes out for it until its next command.
            let derived = accord_store::Derived {
                outbox: Vec::new(),
                ..crate::read_models::derived(&state, &self.lead_times(), jiff::Timestamp::now())
            };
            checked.push((events, metadata, derived));
        }
        let mut imported = Vec::new();
        for (events, metadata, derived) in checked {
            self.store()
                .append_deriving(0, &events, &metadata, &derived)?;
            imported.push(ImportedCase {
                case: metadata.id,
                title: metadata.title,
                events: events.len(),
            });
        }
        Ok(imported)
    }
}

/// An event of a joint kind addressed to fewer than everyone (see `Event::may_be_private`) is
/// refused: coordinators' figures are built from joint facts, and it would reach them there.
/// So is one of a kind with a required audience (a screening) addressed to any other.
fn refuse_private_joint_fact(recorded: &Recorded, line: usize) -> Result<()> {
    if let Some(required) = recorded.event.required_audience()
        && recorded.audience != required
    {
        return Err(AppError::Import(format!(
            "line {line}: a {} must be addressed to {required}, not to {}",
            recorded.event.name(),
            recorded.audience
        )));
    }
    if recorded.audience != Audience::Everyone && !recorded.event.may_be_private() {
        return Err(AppError::Import(format!(
            "line {line}: a {} is a joint fact and must be addressed to everyone, not to {}",
            recorded.event.name(),
            recorded.audience
        )));
    }
    Ok(())
}

#[derive(Debug)]
pub struct ImportedCase {
    pub case: CaseId,
    pub title: String,
    pub events: usize,
}
