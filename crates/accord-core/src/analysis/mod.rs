//! Reality-testing a litigation alternative: a risk tree of the case's phases (pleadings,
//! discovery, experts, motions, trial preparation, trial), folded exactly into expected
//! values and simulated path by path into a range of net outcomes to weigh against an offer.
//! Pure: no I/O; the simulation runs on rayon's threads and gives the same answer on any number.
//!
//! `analyse(tree, options, progress)` is the one entry the CLI and the API call;
//! `chart_svg(&analysis)` draws its histogram and `text_alternative` says it in words.

mod chart;
mod figures;
mod flat;
mod fold;
mod sample;
mod simulate;
mod tree;
mod validate;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_examples;
#[cfg(test)]
mod tests_simulate;
#[cfg(test)]
mod tests_validate;

pub use chart::{chart_svg, text_alternative};
pub use figures::{
    HISTOGRAM_BINS, HISTOGRAM_TAIL, HISTOGRAM_UPPER_TAIL, Histogram, MoneyPercentiles,
    MonthPercentiles, OfferComparison, Simulated, quantiles,
};
pub use fold::{EndStateOdds, Exact, fold};
pub use simulate::{CHUNK_PATHS, Outcomes, Progress, simulate};
pub use tree::{Award, Branch, ChanceNode, EndState, LogNormalAward, Node, Range, Tree, Z_90};
pub use validate::{
    MAX_AMOUNT, MAX_BRANCHES, MAX_DEPTH, MAX_ID_CHARS, MAX_LOGNORMAL_SPREAD, MAX_MONTHS, MAX_NODES,
    MAX_PATHS, PROBABILITY_TOLERANCE, TreeError, TreeErrors, validate, validate_tree,
};

use crate::case::money::Currency;
use serde::{Deserialize, Serialize};

/// Paths simulated when the options do not say: the mean's standard error is then about
/// 0.3 % of a typical spread, and the run takes a few tens of milliseconds.
pub const DEFAULT_PATHS: u64 = 100_000;

/// How to simulate: `{"paths": 1000000, "seed": 7, "offer": 6000000, "discount_rate": 0.05}`;
/// every field may be left out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// Paths to simulate, 1 to `MAX_PATHS`.
    pub paths: u64,
    /// The same seed gives the same figures, on any number of threads.
    pub seed: u64,
    /// The offer on the table now, in the tree's minor units.
    pub offer: Option<i64>,
    /// The party's own annual rate for money later rather than now, 0 to 1 (0.05 = 5 %).
    pub discount_rate: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            paths: DEFAULT_PATHS,
            seed: 0,
            offer: None,
            discount_rate: 0.0,
        }
    }
}

/// The exact fold and the simulated figures for one tree (the samples themselves are dropped).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub name: String,
    pub currency: Currency,
    pub exact: Exact,
    pub simulated: Simulated,
}

/// Validates the tree and the options (every problem at once), folds the tree exactly and
/// simulates it. `progress` is told after each chunk of `CHUNK_PATHS` paths.
pub fn analyse(
    tree: &Tree,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Analysis, TreeErrors> {
    let outcomes = simulate(tree, options, progress)?;
    Ok(Analysis {
        name: tree.name.clone(),
        currency: tree.currency,
        exact: fold(tree),
        simulated: outcomes.figures(options),
    })
}

/// A progress callback that ignores every report.
pub fn no_progress(_done: u64, _total: u64) {}
