//! `accord advice`: the next-step options, process upgrades and formats for a case, ranked,
//! each with its reasons, as one viewer may see them; or the whole rule table.

use crate::commands::{Ctx, participant};
use accord_core::advice::{Ranked, rules_markdown};
use accord_core::case::state::Case;
use accord_core::case::{Viewer, fold_for};
use accord_server::after_session::{AdviceAnswer, advice_answer};
use anyhow::{Context, Result};
use clap::Args;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Args)]
pub struct AdviceArgs {
    /// The case
    pub case: Option<String>,
    /// See the advice as a participant sees it (drawn only from what it may see)
    #[arg(long = "as", default_value = "mediator")]
    pub viewer: String,
    /// Every option, upgrade and format, not only the best five (three formats)
    #[arg(long)]
    pub all: bool,
    /// Print the whole rule table instead
    #[arg(long)]
    pub rules: bool,
}

/// The viewer named by `--as`: `mediator`, or a participant's name.
fn viewer(state: &Case, who: &str) -> Result<Viewer> {
    Ok(if who.trim().eq_ignore_ascii_case("mediator") {
        Viewer::Mediator
    } else {
        Viewer::Participant(participant(state, who)?)
    })
}

impl Ctx {
    pub fn advice(&self, a: AdviceArgs) -> Result<ExitCode> {
        if a.rules {
            print!("{}", rules_markdown());
            return Ok(ExitCode::SUCCESS);
        }
        let case = a.case.context("name a case, or ask for --rules")?;
        let (id, state) = self.case_ref(&case)?;
        let history = self.cases.history(id)?;
        let folded = fold_for(&history, viewer(&state, &a.viewer)?)?;
        let answer = advice_answer(&folded)?;
        self.say(serde_json::to_value(&answer)?, || {
            render_advice(&state, &answer, a.all)
        })
    }
}

/// The first `limit` items that are not set aside (all with `None`), then how many more
/// there are, then those set aside with why.
fn ranked<T>(out: &mut String, heading: &str, items: &[Ranked<T>], limit: Option<usize>) {
    let _ = writeln!(out, "\n{heading}");
    let kept = items.iter().filter(|r| !r.excluded).count();
    let limit = limit.unwrap_or(kept);
    for (n, r) in items.iter().filter(|r| !r.excluded).take(limit).enumerate() {
        let _ = write!(out, "  {}. {} (score {})", n + 1, r.label, r.score);
        if let Some(p) = &r.profile {
            let _ = write!(
                out,
                " — decides: {}; {}; {}; cost {}; {}",
                p.who_decides, p.binding, p.time_band, p.cost_band, p.confidentiality
            );
        }
        out.push('\n');
        for reason in r.reasons.iter().filter(|r| r.change() != 0) {
            let sign = if reason.change() > 0 { '+' } else { '-' };
            let _ = writeln!(out, "       {sign}{} {}", reason.weight, reason.because);
        }
    }
    if kept > limit {
        let _ = writeln!(out, "  … and {} more (--all to see them)", kept - limit);
    }
    for r in items.iter().filter(|r| r.excluded) {
        let why = r
            .reasons
            .iter()
            .find(|x| x.change() == 0 && x.weight == 0)
            .map_or("", |x| x.because.as_str());
        let _ = writeln!(out, "  set aside: {} — {why}", r.label);
    }
}

/// The advice in words; with `all`, every option rather than the best few of each list.
fn render_advice(state: &Case, answer: &AdviceAnswer, all: bool) -> String {
    let limit = |n: usize| if all { None } else { Some(n) };
    let a = &answer.advice;
    let title = state
        .profile
        .as_ref()
        .map_or(String::new(), |p| p.title.to_string());
    let mut out = format!("Advice for {title}\nIt explains and ranks; the parties decide.\n");
    if let Some(c) = &a.clock {
        let _ = writeln!(out, "\nCLOCK FIRST: {}", c.message);
    }
    for c in &a.cautions {
        let _ = writeln!(out, "\nCaution: {c}");
    }
    ranked(
        &mut out,
        "Next-step options, best fit first:",
        &a.options,
        limit(5),
    );
    ranked(
        &mut out,
        "Process upgrades for a second attempt:",
        &a.upgrades,
        limit(5),
    );
    ranked(
        &mut out,
        "Formats for the next meeting:",
        &a.formats,
        limit(3),
    );
    if !a.fixes.is_empty() {
        let _ = writeln!(out, "\nUsual fixes for why it stalled:");
        for f in &a.fixes {
            let _ = writeln!(out, "  {}: {}", f.label, f.usual_fix);
        }
    }
    out.trim_end().to_owned()
}
