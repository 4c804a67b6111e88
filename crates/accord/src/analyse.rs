//! `accord analyse tree FILE`: a litigation risk tree (JSON, see examples/risk-trees/) weighed
//! against the offer on the table — the exact fold, the simulated percentiles, the chance that
//! going on beats the offer, and the chart written to a file. The tree alone needs no
//! database; `--case` and `--as` take the offer from that party's latest debrief.

use crate::commands::{Ctx, participant};
use accord_core::analysis::{Analysis, MAX_PATHS, Options, Tree};
use accord_core::case::money::{Currency, Money};
use accord_server::risk_analysis::{self, OfferSource, RiskAnswer};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AnalyseCmd {
    /// Analyse a litigation risk tree against the offer on the table
    #[command(after_help = "Examples:\n  \
        accord analyse tree examples/risk-trees/personal-injury.json --offer \"60,000 USD\" --discount-rate 0.05 --chart chart.svg\n  \
        accord analyse tree examples/risk-trees/wage-claim.json --paths 1000000 --seed 7 --json\n  \
        accord analyse tree my-tree.json --case Okafor --as \"Grace Okafor\"   (the offer from her latest debrief)")]
    Tree(TreeArgs),
}

#[derive(Args)]
pub struct TreeArgs {
    /// The tree, as JSON (the format: examples/risk-trees/README.md)
    pub file: PathBuf,
    /// The offer on the table now, e.g. "60,000 USD" (in the tree's currency)
    #[arg(long)]
    pub offer: Option<String>,
    /// Take the offer from a party's latest debrief in this case (with --as)
    #[arg(long, requires = "party")]
    pub case: Option<String>,
    /// The party whose debrief holds the offer
    #[arg(long = "as", requires = "case")]
    pub party: Option<String>,
    /// Your yearly rate for money later rather than now, 0 to 1 (0.05 = 5 %)
    #[arg(long, default_value_t = 0.0)]
    pub discount_rate: f64,
    /// Paths to simulate (at most 10,000,000)
    #[arg(long, default_value_t = accord_core::analysis::DEFAULT_PATHS)]
    pub paths: u64,
    /// The same seed gives the same figures, on any number of cores
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write the chart of net outcomes (SVG, the offer marked) to this file
    #[arg(long)]
    pub chart: Option<PathBuf>,
}

impl AnalyseCmd {
    /// Whether it needs the database (an offer from a debrief).
    pub fn needs_cases(&self) -> bool {
        let Self::Tree(a) = self;
        a.case.is_some()
    }
}

fn read_tree(file: &PathBuf) -> Result<Tree> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a risk tree (the format: examples/risk-trees/README.md)",
            file.display()
        )
    })
}

/// Runs the analysis; `ctx` is there when the offer comes from a case.
pub fn run(cmd: AnalyseCmd, json: bool, ctx: Option<&Ctx>) -> Result<ExitCode> {
    let AnalyseCmd::Tree(a) = cmd;
    let tree = read_tree(&a.file)?;
    let mut options = Options {
        paths: a.paths,
        seed: a.seed,
        offer: None,
        discount_rate: a.discount_rate,
    };
    let source = match (&a.offer, &a.case, &a.party, ctx) {
        (Some(offer), _, _, _) => {
            let money = Money::parse(offer)?;
            options.offer = Some(risk_analysis::typed_offer(&tree, &money)?);
            Some(OfferSource::Typed)
        }
        (None, Some(case), Some(party), Some(ctx)) => {
            let (_, state) = ctx.case_ref(case)?;
            let party = state.party_of(participant(&state, party)?);
            options.offer = risk_analysis::debrief_offer(&state, party, &tree)?;
            if options.offer.is_none() {
                bail!("that party's debriefs name no offer in money; give one with --offer");
            }
            Some(OfferSource::Debrief)
        }
        _ => None,
    };
    if options.paths > MAX_PATHS {
        bail!("--paths: at most {MAX_PATHS}");
    }
    let bar = indicatif::ProgressBar::new(options.paths);
    bar.set_style(
        indicatif::ProgressStyle::with_template("simulating {bar:40} {percent}% ({eta} left)")
            .expect("a fixed template"),
    );
    if options.paths < 2_000_000 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let answer =
        risk_analysis::analyse(&tree, &options, source, &|done, _| bar.set_position(done))?;
    bar.finish_and_clear();
    if let Some(path) = &a.chart {
        std::fs::write(path, &answer.chart.svg)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        print!("{}", summary(&answer, a.chart.as_ref()));
    }
    Ok(ExitCode::SUCCESS)
}

fn money(currency: Currency, minor: i64) -> String {
    Money {
        minor_units: minor,
        currency,
    }
    .to_string()
}

fn percent(p: f64) -> String {
    format!("{:.1} %", p * 100.0)
}

/// The readable summary table.
pub fn summary(answer: &RiskAnswer, chart: Option<&PathBuf>) -> String {
    let a: &Analysis = &answer.analysis;
    let (e, s, c) = (&a.exact, &a.simulated, a.currency);
    let m = |minor| money(c, minor);
    let mut out = format!("{} — {}\n", a.name, c.as_str());
    let _ = writeln!(out, "\nExact, folding the tree");
    let _ = writeln!(
        out,
        "  expected net (award − costs)   {}",
        m(e.expected_net)
    );
    let _ = writeln!(
        out,
        "  expected award                 {}",
        m(e.expected_award)
    );
    let _ = writeln!(
        out,
        "  expected costs                 {}",
        m(e.expected_costs)
    );
    let _ = writeln!(
        out,
        "  expected months to a decision  {:.1}",
        e.expected_months
    );
    let _ = writeln!(
        out,
        "\n  {:<44} {:>8} {:>18} {:>16} {:>7}",
        "end state", "chance", "award (mean)", "costs", "months"
    );
    for end in &e.end_states {
        let name: String = end.name.chars().take(44).collect();
        let _ = writeln!(
            out,
            "  {name:<44} {:>8} {:>18} {:>16} {:>7.1}",
            percent(end.probability),
            m(end.expected_award),
            m(end.costs),
            end.months
        );
    }
    let _ = writeln!(
        out,
        "\nSimulated, {} paths, seed {}",
        group(s.paths),
        s.seed
    );
    let _ = writeln!(
        out,
        "  net outcome   P10 {}   P50 {}   P90 {}",
        m(s.net.p10),
        m(s.net.p50),
        m(s.net.p90)
    );
    let _ = writeln!(
        out,
        "  months        P10 {:.1}   P50 {:.1}   P90 {:.1}",
        s.months.p10, s.months.p50, s.months.p90
    );
    let _ = writeln!(
        out,
        "  mean net      {} (± {} standard error; exact {})",
        m(s.mean_net),
        m(s.standard_error.round() as i64),
        m(e.expected_net)
    );
    match &s.offer {
        Some(o) => {
            let from = match answer.offer_from {
                Some(OfferSource::Debrief) => " (from the debrief)",
                _ => "",
            };
            let _ = writeln!(out, "\nThe offer on the table{from}: {}", m(o.offer));
            let _ = writeln!(
                out,
                "  chance going on beats it        {} (each path discounted at {} a year)",
                percent(o.probability_going_on_beats_offer),
                percent(s.discount_rate)
            );
            let _ = writeln!(
                out,
                "  mean net, discounted            {}",
                m(s.mean_discounted_net)
            );
            let _ = writeln!(
                out,
                "  outcomes below the offer        {}",
                percent(o.share_of_outcomes_below_offer)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\nNo offer given: add --offer \"60,000 USD\" to weigh going on against it."
            );
        }
    }
    if let Some(path) = chart {
        let _ = writeln!(out, "\nChart written to {}", path.display());
    }
    let _ = writeln!(out, "\n{}", answer.chart.text);
    out
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
