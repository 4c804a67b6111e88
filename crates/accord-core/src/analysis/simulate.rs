//! The Monte Carlo: paths split into fixed-size chunks, each drawn from its own ChaCha8
//! stream (the seed, and the chunk's index as the stream number), run in parallel with rayon.
//! Every chunk writes its own slice and its own sums, and the sums are added in chunk order,
//! so the answer is the same on one thread or many.

use super::Options;
use super::flat::Flat;
use super::tree::Tree;
use super::validate::{TreeErrors, validate};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Paths per chunk: the unit of parallel work, of seeding and of progress reports.
pub const CHUNK_PATHS: usize = 16_384;

/// Told after each chunk: (paths done, paths in all). Chunks finish on several threads, so a
/// report may arrive after one with a larger count: show the largest seen.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Every simulated path's net outcome and months (minor units and months, as floats), in path
/// order, with the sums the figures need. Kept out of any serialized answer.
pub struct Outcomes {
    pub net: Vec<f64>,
    pub months: Vec<f64>,
    pub(crate) sums: Sums,
}

/// Per-chunk totals, added in chunk order.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sums {
    pub net: f64,
    pub net_squared: f64,
    pub months: f64,
    pub discounted: f64,
    /// Paths whose discounted net is more than the offer.
    pub beats_offer: u64,
    /// Paths whose (undiscounted) net is less than the offer.
    pub below_offer: u64,
}

impl Sums {
    fn add(mut self, o: Sums) -> Sums {
        self.net += o.net;
        self.net_squared += o.net_squared;
        self.months += o.months;
        self.discounted += o.discounted;
        self.beats_offer += o.beats_offer;
        self.below_offer += o.below_offer;
        self
    }
}

/// Validates, then simulates `options.paths` paths through the tree.
pub fn simulate(
    tree: &Tree,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Outcomes, TreeErrors> {
    validate(tree, options)?;
    Ok(run(&Flat::of(tree), options, progress))
}

pub(crate) fn run(flat: &Flat, options: &Options, progress: Progress<'_>) -> Outcomes {
    let total = options.paths;
    let n = total as usize;
    let mut net = vec![0.0; n];
    let mut months = vec![0.0; n];
    // net / (1 + rate)^(months / 12) = net · exp(−months · ln(1 + rate) / 12)
    let decay = (1.0 + options.discount_rate).ln() / 12.0;
    let offer = options.offer.map(|o| o as f64);
    let done = AtomicU64::new(0);
    let chunk_sums: Vec<Sums> = net
        .par_chunks_mut(CHUNK_PATHS)
        .zip(months.par_chunks_mut(CHUNK_PATHS))
        .enumerate()
        .map(|(chunk, (net, months))| {
            let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
            rng.set_stream(chunk as u64);
            let mut s = Sums::default();
            for (net, months) in net.iter_mut().zip(months.iter_mut()) {
                let (n, m) = flat.walk(&mut rng);
                *net = n;
                *months = m;
                let discounted = n * (-m * decay).exp();
                s.net += n;
                s.net_squared += n * n;
                s.months += m;
                s.discounted += discounted;
                if let Some(offer) = offer {
                    s.beats_offer += u64::from(discounted > offer);
                    s.below_offer += u64::from(n < offer);
                }
            }
            let now = done.fetch_add(net.len() as u64, Ordering::Relaxed) + net.len() as u64;
            progress(now, total);
            s
        })
        .collect();
    let sums = chunk_sums.into_iter().fold(Sums::default(), Sums::add);
    Outcomes { net, months, sums }
}
