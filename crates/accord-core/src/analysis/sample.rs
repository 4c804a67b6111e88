//! An award's distribution, built once per end state from rand_distr so each path draws from
//! it with no further checks: triangular, PERT (shape 4) and lognormal.

use super::tree::Award;
use rand_chacha::rand_core::RngCore;
use rand_distr::{Distribution, LogNormal, Pert, Triangular};

/// What one end state pays, ready to sample (minor units, as a float).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Sampler {
    Fixed(f64),
    Triangular(Triangular<f64>),
    Pert(Pert<f64>),
    LogNormal(LogNormal<f64>),
}

impl Sampler {
    /// The sampler of a validated award. A three-point estimate with low = high is that one
    /// amount (rand_distr's PERT refuses an empty range).
    pub(crate) fn of(award: &Award) -> Self {
        let f = |v: i64| v as f64;
        match *award {
            Award::Fixed(v) => Self::Fixed(f(v)),
            Award::Triangular(r) | Award::Pert(r) if r.low == r.high => Self::Fixed(f(r.low)),
            Award::Triangular(r) => Self::Triangular(
                Triangular::new(f(r.low), f(r.high), f(r.likely))
                    .expect("validated: low ≤ likely ≤ high"),
            ),
            Award::Pert(r) => Self::Pert(
                Pert::new(f(r.low), f(r.high))
                    .with_mode(f(r.likely))
                    .expect("validated: low ≤ likely ≤ high, low < high"),
            ),
            Award::Lognormal(l) => {
                let (mu, sigma) = l.parameters();
                Self::LogNormal(LogNormal::new(mu, sigma).expect("validated: p90 > median > 0"))
            }
        }
    }

    #[inline]
    pub(crate) fn sample<R: RngCore + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Self::Fixed(v) => *v,
            Self::Triangular(d) => d.sample(rng),
            Self::Pert(d) => d.sample(rng),
            Self::LogNormal(d) => d.sample(rng),
        }
    }
}
