//! The litigation risk tree's Monte Carlo: Accord (`analysis::analyse`, rayon) against a
//! NumPy-vectorised peer (`bench/peers/risk_tree.py`) walking the same tree with the same
//! distributions; wall times, their ratio, and whether the two agree within sampling error.

use crate::report::verdict;
use accord_core::analysis::{self, Options, Tree, no_progress};
use accord_core::case::money::{Currency, Money};
use anyhow::{Context, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Accord should be at least this many times faster than NumPy.
const TARGET_RATIO: f64 = 5.0;
/// The simulated mean should be this close to the exact fold (relative).
const TARGET_MEAN: f64 = 0.005;
/// Standard errors two independent estimates may differ by and still agree.
const SIGMAS: f64 = 4.0;

#[derive(clap::Args)]
pub struct Args {
    /// Simulated paths per run.
    #[arg(long, default_value_t = 1_000_000)]
    paths: u64,
    /// The risk tree (JSON, see examples/risk-trees/README.md).
    #[arg(long, default_value = "examples/risk-trees/personal-injury.json")]
    tree: PathBuf,
    /// The Python with NumPy (e.g. target/bench-venv/bin/python).
    #[arg(long, default_value = "python3")]
    python: PathBuf,
    /// Timed runs on each side; the best counts.
    #[arg(long, default_value_t = 5)]
    runs: u64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The offer on the table, in the tree's minor units.
    #[arg(long, default_value_t = 6_000_000)]
    offer: i64,
    /// The party's annual discount rate.
    #[arg(long, default_value_t = 0.05)]
    discount_rate: f64,
}

/// What the peer prints.
#[derive(Deserialize)]
struct Peer {
    mean_net: f64,
    standard_error: f64,
    p10: f64,
    p50: f64,
    p90: f64,
    mean_months: f64,
    mean_discounted_net: f64,
    probability_going_on_beats_offer: f64,
    seconds: Vec<f64>,
    best_seconds: f64,
    numpy: String,
}

pub fn run(args: &Args) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(&args.tree)
        .with_context(|| format!("cannot read {}", args.tree.display()))?;
    let tree: Tree = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a risk tree", args.tree.display()))?;
    analysis::validate_tree(&tree)?;
    let options = |run: u64| Options {
        paths: args.paths,
        seed: args.seed + run,
        offer: Some(args.offer),
        discount_rate: args.discount_rate,
    };
    let threads = rayon::current_num_threads();
    let (accord, accord_times) = time_accord(&tree, args, &options)?;
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let (_, single_times) = one_thread.install(|| time_accord(&tree, args, &options))?;
    let peer = run_peer(args)?;

    let best = |t: &[Duration]| t.iter().min().copied().unwrap_or_default().as_secs_f64();
    let (a_best, s_best) = (best(&accord_times), best(&single_times));
    let ratio = peer.best_seconds / a_best;
    let ratio_single = peer.best_seconds / s_best;
    let currency = tree.currency;
    let m = |minor: f64| money(minor, currency);
    let list = |t: Vec<f64>| {
        t.iter()
            .map(|s| format!("{s:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sim = &accord.simulated;

    let mut out = format!(
        "\n## Litigation risk tree: {paths} Monte Carlo paths through `{tree}`\n\n\
         {name}: {ends} end states, offer {offer} on the table, discounted at {rate} a year. \
         Each run simulates every path and computes the figures (mean, P10/P50/P90 of the net \
         outcome and the months, the offer comparison, a 40-bin histogram); timed: that \
         alone, not reading the tree or starting Python. One untimed run, then {runs} timed \
         runs each side (seeds {seed}…), the best counts. Accord: `analysis::analyse` \
         (validation and the exact fold included), ChaCha8 streams per 16,384-path chunk, \
         rayon; NumPy {numpy}: `bench/peers/risk_tree.py`, one vectorised pass per node \
         (PCG64, `triangular`, `beta` for PERT, `lognormal`).\n\n\
         | side | best s | all runs (s) | mean net | P10 | P50 | P90 | P(going on beats offer) |\n\
         | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n",
        paths = args.paths,
        tree = args.tree.display(),
        name = tree.name,
        ends = accord.exact.end_states.len(),
        offer = m(args.offer as f64),
        rate = args.discount_rate,
        runs = args.runs,
        seed = args.seed,
        numpy = peer.numpy,
    );
    out += &format!(
        "| Accord, rayon on {threads} threads | {a_best:.4} | {} | {} | {} | {} | {} | {:.4} |\n",
        list(accord_times.iter().map(Duration::as_secs_f64).collect()),
        m(sim.mean_net as f64),
        m(sim.net.p10 as f64),
        m(sim.net.p50 as f64),
        m(sim.net.p90 as f64),
        sim.offer
            .map_or(0.0, |o| o.probability_going_on_beats_offer),
    );
    out += &format!(
        "| Accord, 1 thread | {s_best:.4} | {} | | | | | |\n",
        list(single_times.iter().map(Duration::as_secs_f64).collect()),
    );
    out += &format!(
        "| NumPy (1 thread) | {:.4} | {} | {} | {} | {} | {} | {:.4} |\n\n",
        peer.best_seconds,
        list(peer.seconds.clone()),
        m(peer.mean_net),
        m(peer.p10),
        m(peer.p50),
        m(peer.p90),
        peer.probability_going_on_beats_offer,
    );
    out += &format!(
        "NumPy best ÷ Accord best: **{ratio:.1}×** on {threads} threads (target ≥ {TARGET_RATIO}×: {}); \
         {ratio_single:.1}× with Accord on one thread.\n",
        verdict(ratio >= TARGET_RATIO)
    );
    out += &agreement(&tree, &options(0), &peer)?;
    Ok(out)
}

/// One untimed run, then `runs` timed ones; the last analysis and every time.
fn time_accord(
    tree: &Tree,
    args: &Args,
    options: &dyn Fn(u64) -> Options,
) -> anyhow::Result<(analysis::Analysis, Vec<Duration>)> {
    analysis::analyse(
        tree,
        &Options {
            paths: 10_000,
            ..options(0)
        },
        &no_progress,
    )?;
    let mut times = Vec::new();
    let mut last = None;
    for run in 0..args.runs {
        let start = Instant::now();
        let a = analysis::analyse(tree, &options(run), &no_progress)?;
        times.push(start.elapsed());
        last = Some(a);
    }
    Ok((last.context("at least one run")?, times))
}

fn run_peer(args: &Args) -> anyhow::Result<Peer> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/risk_tree.py");
    let out = Command::new(&args.python)
        .arg(&script)
        .arg("--tree")
        .arg(&args.tree)
        .args([
            "--paths",
            &args.paths.to_string(),
            "--runs",
            &args.runs.to_string(),
        ])
        .args([
            "--seed",
            &args.seed.to_string(),
            "--offer",
            &args.offer.to_string(),
        ])
        .args(["--rate", &args.discount_rate.to_string()])
        .output()
        .with_context(|| format!("cannot run {} {}", args.python.display(), script.display()))?;
    if !out.status.success() {
        bail!(
            "the NumPy peer failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// Whether NumPy's figures are Accord's within sampling error, and Accord's mean against the
/// exact fold.
///
/// A quantile is compared through Accord's own sample, which needs no density estimate (the
/// net outcome has point masses, e.g. a loss at trial): NumPy's P10 must be a P10 of Accord's
/// sample, that is the share of Accord's paths below it (and at or below it, for a point mass)
/// must bracket 0.10 within SIGMAS × √(2 p (1 − p) / n), the standard error of the difference of
/// two independent empirical CDFs at that point.
fn agreement(tree: &Tree, options: &Options, peer: &Peer) -> anyhow::Result<String> {
    let outcomes = analysis::simulate(tree, options, &no_progress)?;
    let mut net = outcomes.net;
    net.sort_unstable_by(f64::total_cmp);
    let n = net.len() as f64;
    let sim = analysis::analyse(tree, options, &no_progress)?.simulated;
    let mut out = format!(
        "\n### Do the two agree?\n\n\
         Each NumPy percentile located in Accord's sample (seed {}): the share of Accord's paths \
         below it and at or below it must bracket p within {SIGMAS} × √(2p(1−p)/n).\n\n\
         | figure | Accord | NumPy | Accord's paths below / at or below NumPy's | tolerance | agree |\n\
         | --- | ---: | ---: | ---: | ---: | --- |\n",
        options.seed
    );
    let m = |minor: f64| money(minor, tree.currency);
    let mut all = true;
    for (label, p, ours, theirs) in [
        ("P10", 0.1, sim.net.p10, peer.p10),
        ("P50", 0.5, sim.net.p50, peer.p50),
        ("P90", 0.9, sim.net.p90, peer.p90),
    ] {
        let below = net.partition_point(|&x| x < theirs) as f64 / n;
        let at_or_below = net.partition_point(|&x| x <= theirs) as f64 / n;
        let tol = SIGMAS * (2.0 * p * (1.0 - p) / n).sqrt();
        let ok = below - tol <= p && p <= at_or_below + tol;
        all &= ok;
        out += &format!(
            "| {label} | {} | {} | {below:.5} / {at_or_below:.5} | ±{tol:.5} | {} |\n",
            m(ours as f64),
            m(theirs),
            if ok { "yes" } else { "**no**" }
        );
    }
    let se = (sim.standard_error.powi(2) + peer.standard_error.powi(2)).sqrt();
    let mean_ok = (sim.mean_net as f64 - peer.mean_net).abs() <= SIGMAS * se;
    all &= mean_ok;
    out += &format!(
        "| mean net | {} | {} | difference {} | ±{} ({SIGMAS} SE) | {} |\n",
        m(sim.mean_net as f64),
        m(peer.mean_net),
        m((sim.mean_net as f64 - peer.mean_net).abs()),
        m(SIGMAS * se),
        if mean_ok { "yes" } else { "**no**" }
    );
    out += &format!(
        "| mean months | {:.3} | {:.3} | | | |\n| mean discounted net | {} | {} | | | |\n\n",
        sim.mean_months,
        peer.mean_months,
        m(sim.mean_discounted_net as f64),
        m(peer.mean_discounted_net),
    );
    out += &format!(
        "Agreement within sampling error: {}.\n\n",
        if all { "yes" } else { "**NO**" }
    );
    let exact = analysis::fold(tree).expected_net as f64;
    let rel = (sim.mean_net as f64 - exact).abs() / exact.abs();
    out += &format!(
        "Accord's simulated mean {} against the exact fold's expected net {}: {:.3} % apart, \
         {:.1} standard errors (target within {} %: {}).\n",
        m(sim.mean_net as f64),
        m(exact),
        rel * 100.0,
        (sim.mean_net as f64 - exact).abs() / sim.standard_error,
        TARGET_MEAN * 100.0,
        verdict(rel <= TARGET_MEAN)
    );
    Ok(out)
}

fn money(minor: f64, currency: Currency) -> String {
    Money {
        minor_units: minor.round() as i64,
        currency,
    }
    .to_string()
}
