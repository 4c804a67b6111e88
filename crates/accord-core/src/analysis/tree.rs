//! The litigation risk tree as a party writes it: chance nodes for the phases of a case, each
//! branch with its probability, the party's own cost and the months it takes, down to end
//! states with an award. Money is integer minor units of the tree's currency, never a float.

use crate::case::money::Currency;
use serde::{Deserialize, Serialize};

/// A whole tree: `{"currency": "USD", "name": "Okafor v Hudson Freight Lines", "root": {…}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// Every amount in the tree is in this currency's minor units (cents, pence, whole yen).
    pub currency: Currency,
    pub name: String,
    pub root: Node,
}

/// A point in the case: a chance node (a phase, `branches`) or an end state (`award`).
/// In JSON the two differ by which of `branches` and `award` they hold.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged, try_from = "RawNode")]
pub enum Node {
    Chance(ChanceNode),
    End(EndState),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Self::Chance(c) => &c.id,
            Self::End(e) => &e.id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Chance(c) => &c.name,
            Self::End(e) => &e.name,
        }
    }
}

/// A phase of the case whose outcome is uncertain, e.g. "Discovery".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChanceNode {
    /// Unique within the tree, e.g. "discovery"; errors and results name nodes by it.
    pub id: String,
    pub name: String,
    /// What can happen in this phase; their probabilities sum to 1.
    pub branches: Vec<Branch>,
}

/// One way a phase can go: how likely, what it costs the party, how long it takes, and what
/// comes next.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub label: String,
    /// Between 0 and 1.
    pub probability: f64,
    /// The party's own cost of this branch, in minor units (0 or more).
    pub cost: i64,
    /// How long this branch takes, in months (0 or more; fractions allowed).
    pub months: f64,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub next: Node,
}

/// Where a path ends: a settlement, a dismissal, a verdict. The award is what the party
/// receives (0 when it loses); the costs of the path are subtracted from it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndState {
    pub id: String,
    pub name: String,
    pub award: Award,
}

/// What an end state pays, in minor units: `{"fixed": 0}`,
/// `{"triangular": {"low": …, "likely": …, "high": …}}`, `{"pert": {…}}` or
/// `{"lognormal": {"median": …, "p90": …}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Award {
    /// Exactly this amount (a fixed settlement figure, or 0 for a loss).
    Fixed(i64),
    /// Triangular between low and high, most likely at `likely`; mean (l + m + h) / 3.
    Triangular(Range),
    /// PERT (a beta distribution shaped by the most likely value); mean (l + 4m + h) / 6.
    Pert(Range),
    /// Lognormal, for awards with a long right tail (a jury's damages).
    Lognormal(LogNormalAward),
}

/// A three-point estimate: low ≤ likely ≤ high, in minor units.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub low: i64,
    pub likely: i64,
    pub high: i64,
}

/// A lognormal award given by its median and its 90th percentile (minor units, p90 > median
/// > 0): mu = ln median, sigma = (ln p90 − ln median) / z(0.9).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogNormalAward {
    pub median: i64,
    pub p90: i64,
}

/// The standard normal's 90th percentile.
pub const Z_90: f64 = 1.281_551_565_544_600_4;

impl LogNormalAward {
    /// (mu, sigma) of the underlying normal.
    pub fn parameters(&self) -> (f64, f64) {
        let mu = (self.median as f64).ln();
        (mu, ((self.p90 as f64).ln() - mu) / Z_90)
    }
}

impl Award {
    /// The award's mean, in minor units.
    pub fn mean(&self) -> f64 {
        match *self {
            Self::Fixed(v) => v as f64,
            Self::Triangular(r) => (r.low as f64 + r.likely as f64 + r.high as f64) / 3.0,
            Self::Pert(r) => (r.low as f64 + 4.0 * r.likely as f64 + r.high as f64) / 6.0,
            Self::Lognormal(l) => {
                let (mu, sigma) = l.parameters();
                (mu + sigma * sigma / 2.0).exp()
            }
        }
    }
}

/// Either kind of node as it arrives, so that a node holding both `branches` and `award`, or
/// neither, is refused with its id named rather than with serde's "did not match any variant".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    id: String,
    name: String,
    #[serde(default)]
    branches: Option<Vec<Branch>>,
    #[serde(default)]
    award: Option<Award>,
}

impl TryFrom<RawNode> for Node {
    type Error = String;
    fn try_from(raw: RawNode) -> Result<Self, Self::Error> {
        let RawNode {
            id,
            name,
            branches,
            award,
        } = raw;
        match (branches, award) {
            (Some(branches), None) => Ok(Self::Chance(ChanceNode { id, name, branches })),
            (None, Some(award)) => Ok(Self::End(EndState { id, name, award })),
            (Some(_), Some(_)) => Err(format!(
                "node {id:?} has both branches and an award: a chance node has branches, an end state an award"
            )),
            (None, None) => Err(format!(
                "node {id:?} has neither branches nor an award: a chance node has branches, an end state an award"
            )),
        }
    }
}
