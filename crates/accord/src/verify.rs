//! `accord verify [--anchor FILE] [--against FILE]`: every case's hash chain checked, and its
//! head written to an anchor file kept elsewhere, or checked against one written earlier — a
//! case truncated or rolled back to an older state verifies as a chain, but not against its
//! anchor.

use crate::commands::Ctx;
use accord_core::anchor::Anchors;
use anyhow::{Context, Result, bail};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads an anchor file, or a backup's manifest (whose heads are one).
fn read_anchors(file: &PathBuf) -> Result<Anchors> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let not_anchors = || format!("{} is not an anchor file", file.display());
    let value: serde_json::Value = serde_json::from_str(&text).with_context(not_anchors)?;
    let anchors: Anchors = if value["format"] == accord_server::backup::FORMAT {
        serde_json::from_value::<accord_server::backup::Manifest>(value)
            .with_context(not_anchors)?
            .heads
    } else {
        serde_json::from_value(value).with_context(not_anchors)?
    };
    if anchors.format != accord_core::anchor::FORMAT {
        bail!(
            "{} is an anchor file of format {:?}; this Accord reads {:?}",
            file.display(),
            anchors.format,
            accord_core::anchor::FORMAT
        );
    }
    Ok(anchors)
}

impl Ctx {
    pub(crate) fn verify(
        &self,
        anchor: Option<PathBuf>,
        against: Option<PathBuf>,
    ) -> Result<ExitCode> {
        let anchors = against.as_ref().map(read_anchors).transpose()?;
        let interactive = !self.json && std::io::IsTerminal::is_terminal(&std::io::stderr());
        let report = self.cases.verify_against(anchors.as_ref(), |done, total| {
            if interactive && (done % 100 == 0 || done == total) {
                eprint!("\rchecked {done} of {total} cases");
            }
        })?;
        if interactive {
            eprintln!();
        }
        let ok = report.broken.is_empty() && report.unanchored.is_empty();
        if let Some(file) = &anchor {
            if !report.broken.is_empty() {
                bail!("a chain is broken: no anchor file written (see `accord verify`)");
            }
            let written = Anchors::of(jiff::Timestamp::now().to_string(), report.heads.clone());
            std::fs::write(file, serde_json::to_string_pretty(&written)?)
                .with_context(|| format!("cannot write {}", file.display()))?;
        }
        let broken: Vec<_> = report
            .broken
            .iter()
            .map(|b| json!({"case": b.case_id, "seq": b.seq, "problem": b.problem.to_string()}))
            .collect();
        let unanchored: Vec<_> = report
            .unanchored
            .iter()
            .map(|(case, p)| json!({"case": case, "problem": p.to_string()}))
            .collect();
        self.say(
            json!({"cases": report.cases, "events": report.events, "broken": broken,
                   "unanchored": unanchored, "anchors_written": anchor, "checked_against": against}),
            || {
                let mut out = format!("Checked {} cases, {} events.", report.cases, report.events);
                if report.broken.is_empty() {
                    out.push_str(" Every chain verifies.");
                }
                for b in &report.broken {
                    out.push_str(&format!("\nBROKEN: {b}"));
                }
                if let (Some(file), Some(a)) = (&against, &anchors) {
                    match report.unanchored.is_empty() {
                        true => out.push_str(&format!(
                            "\nEvery case anchored in {} ({} cases, {}) still holds its anchored head.",
                            file.display(),
                            a.cases.len(),
                            a.written_at
                        )),
                        false => {
                            for (case, p) in &report.unanchored {
                                out.push_str(&format!("\nNOT AS ANCHORED: case {case}: {p}"));
                            }
                        }
                    }
                }
                if let Some(file) = &anchor {
                    out.push_str(&format!(
                        "\nWrote the head of each of {} cases to {}: keep it somewhere else.",
                        report.heads.len(),
                        file.display()
                    ));
                }
                out
            },
        )?;
        Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(3)
        })
    }
}
