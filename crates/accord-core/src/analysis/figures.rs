//! What the simulation says, in figures: the mean and its standard error, percentiles of the
//! net outcome and of the months, how the offer compares, and a histogram for the chart.
//! Percentiles interpolate linearly between order statistics (NumPy's default), found by
//! selection rather than a full sort.

use super::Options;
use super::simulate::Outcomes;
use serde::{Deserialize, Serialize};

/// Bins of the net-outcome histogram.
pub const HISTOGRAM_BINS: usize = 40;
/// The histogram spans the 1st to the 95th percentile (and the offer); the paths beyond are
/// counted in the end bins, so a long tail of large awards does not squash the chart.
pub const HISTOGRAM_TAIL: f64 = 0.01;
/// The share of paths above the histogram's span, at most (the long tail of large awards).
pub const HISTOGRAM_UPPER_TAIL: f64 = 0.05;

/// The simulated figures; money in minor units, rounded to the nearest.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Simulated {
    pub paths: u64,
    pub seed: u64,
    pub mean_net: i64,
    /// The standard error of `mean_net` (minor units).
    pub standard_error: f64,
    pub net: MoneyPercentiles,
    pub mean_months: f64,
    pub months: MonthPercentiles,
    /// The annual rate each path's net was discounted at, over its months.
    pub discount_rate: f64,
    /// Mean of net / (1 + rate)^(months / 12).
    pub mean_discounted_net: i64,
    pub offer: Option<OfferComparison>,
    pub histogram: Histogram,
}

/// P10, median and P90 of the net outcome (award − costs), minor units.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyPercentiles {
    pub p10: i64,
    pub p50: i64,
    pub p90: i64,
}

/// P10, median and P90 of the months to a decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthPercentiles {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// The offer on the table now against going on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferComparison {
    /// Minor units, on the table now (not discounted).
    pub offer: i64,
    /// Share of paths whose discounted net is more than the offer.
    pub probability_going_on_beats_offer: f64,
    /// Share of paths whose net (not discounted) is less than the offer: where it sits among
    /// the outcomes, 0.6 meaning at the 60th percentile.
    pub share_of_outcomes_below_offer: f64,
}

/// Counts of net outcomes in `HISTOGRAM_BINS` equal bins from `low` to `high` (minor units).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    pub low: i64,
    pub high: i64,
    pub counts: Vec<u64>,
}

impl Outcomes {
    /// The figures; reorders the samples in place while selecting percentiles.
    pub fn figures(mut self, options: &Options) -> Simulated {
        let n = self.net.len() as f64;
        let s = self.sums;
        let mean = s.net / n;
        let variance = (s.net_squared / n - mean * mean).max(0.0) * n / (n - 1.0).max(1.0);
        let (q, m) = rayon::join(
            || {
                quantiles(
                    &mut self.net,
                    &[HISTOGRAM_TAIL, 0.1, 0.5, 0.9, 1.0 - HISTOGRAM_UPPER_TAIL],
                )
            },
            || quantiles(&mut self.months, &[0.1, 0.5, 0.9]),
        );
        let money = |v: f64| v.round() as i64;
        let offer = options.offer.map(|offer| OfferComparison {
            offer,
            probability_going_on_beats_offer: s.beats_offer as f64 / n,
            share_of_outcomes_below_offer: s.below_offer as f64 / n,
        });
        let (mut low, mut high) = (q[0].floor() as i64, q[4].ceil() as i64);
        if let Some(offer) = options.offer {
            (low, high) = (low.min(offer), high.max(offer));
        }
        if high <= low {
            high = low + 1;
        }
        Simulated {
            paths: options.paths,
            seed: options.seed,
            mean_net: money(mean),
            standard_error: (variance / n).sqrt(),
            net: MoneyPercentiles {
                p10: money(q[1]),
                p50: money(q[2]),
                p90: money(q[3]),
            },
            mean_months: s.months / n,
            months: MonthPercentiles {
                p10: m[0],
                p50: m[1],
                p90: m[2],
            },
            discount_rate: options.discount_rate,
            mean_discounted_net: money(s.discounted / n),
            offer,
            histogram: histogram(&self.net, low, high),
        }
    }
}

/// Counted in parallel, a chunk at a time; integer counts add up the same in any order.
fn histogram(values: &[f64], low: i64, high: i64) -> Histogram {
    use rayon::prelude::*;
    let (lo, width) = (low as f64, (high - low) as f64 / HISTOGRAM_BINS as f64);
    let counts = values
        .par_chunks(1 << 16)
        .map(|chunk| {
            let mut counts = vec![0u64; HISTOGRAM_BINS];
            for &v in chunk {
                // `as usize` saturates: below `low` lands in the first bin.
                let bin = (((v - lo) / width) as usize).min(HISTOGRAM_BINS - 1);
                counts[bin] += 1;
            }
            counts
        })
        .reduce(
            || vec![0u64; HISTOGRAM_BINS],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
                a
            },
        );
    Histogram { low, high, counts }
}

/// The quantiles `ps` (in [0, 1]) of `values`, by linear interpolation at rank (n − 1)·p.
/// The ranks needed (each k and k + 1) are selected middle first, each within the part its
/// neighbours already bound, so five quantiles cost little more than two full selections.
pub fn quantiles(values: &mut [f64], ps: &[f64]) -> Vec<f64> {
    let n = values.len();
    let mut ranks: Vec<usize> = ps
        .iter()
        .flat_map(|&p| {
            let k = ((n - 1) as f64 * p).floor() as usize;
            [k, (k + 1).min(n - 1)]
        })
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    select_ranks(values, 0, &ranks);
    ps.iter()
        .map(|&p| {
            let h = (n - 1) as f64 * p;
            let k = h.floor() as usize;
            let (kth, next) = (values[k], values[(k + 1).min(n - 1)]);
            kth + (h - k as f64) * (next - kth)
        })
        .collect()
}

/// Puts the element of each rank (ascending, relative to the whole slice: `offset` is where
/// `values` starts) in its sorted place.
fn select_ranks(values: &mut [f64], offset: usize, ranks: &[usize]) {
    if ranks.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let k = ranks[mid] - offset;
    let (left, _, right) = values.select_nth_unstable_by(k, f64::total_cmp);
    select_ranks(left, offset, &ranks[..mid]);
    select_ranks(right, offset + k + 1, &ranks[mid + 1..]);
}
