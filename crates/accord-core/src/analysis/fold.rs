//! The exact answer: the tree folded into expected values, each end state's probability, and
//! what the path to it costs and takes. No sampling; the simulation is checked against it.

use super::tree::{Node, Tree};
use serde::{Deserialize, Serialize};

/// Expected values over every path, money in minor units (rounded to the nearest).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exact {
    /// Expected award − expected costs.
    pub expected_net: i64,
    pub expected_award: i64,
    /// The party's own costs, expected over the paths.
    pub expected_costs: i64,
    /// Expected months until the case reaches its end state.
    pub expected_months: f64,
    /// Each end state, in the tree's order (depth first, branches in order).
    pub end_states: Vec<EndStateOdds>,
}

/// One end state: how likely it is and what reaching it means.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EndStateOdds {
    pub id: String,
    pub name: String,
    pub probability: f64,
    /// The mean of its award.
    pub expected_award: i64,
    /// The costs on the path to it (one path leads to each end state).
    pub costs: i64,
    pub months: f64,
}

/// Folds a valid tree (see `validate`). Sibling probabilities are divided by their sum, which
/// validation holds within `PROBABILITY_TOLERANCE` of 1, exactly as the simulation does.
pub fn fold(tree: &Tree) -> Exact {
    let mut ends = Vec::new();
    walk(&tree.root, 1.0, 0.0, 0.0, &mut ends);
    let (mut award, mut costs, mut months) = (0.0, 0.0, 0.0);
    for e in &ends {
        award += e.probability * e.award;
        costs += e.probability * e.costs;
        months += e.probability * e.months;
    }
    Exact {
        expected_net: (award - costs).round() as i64,
        expected_award: award.round() as i64,
        expected_costs: costs.round() as i64,
        expected_months: months,
        end_states: ends
            .into_iter()
            .map(|e| EndStateOdds {
                id: e.id,
                name: e.name,
                probability: e.probability,
                expected_award: e.award.round() as i64,
                costs: e.costs.round() as i64,
                months: e.months,
            })
            .collect(),
    }
}

/// The exact expected net as a float, for comparing with a simulated mean.
#[cfg(test)]
pub(crate) fn expected_net(tree: &Tree) -> f64 {
    let mut ends = Vec::new();
    walk(&tree.root, 1.0, 0.0, 0.0, &mut ends);
    ends.iter()
        .map(|e| e.probability * (e.award - e.costs))
        .sum()
}

struct End {
    id: String,
    name: String,
    probability: f64,
    award: f64,
    costs: f64,
    months: f64,
}

/// Validation bounds the depth at `MAX_DEPTH`, so recursion is safe.
fn walk(node: &Node, probability: f64, costs: f64, months: f64, ends: &mut Vec<End>) {
    match node {
        Node::End(end) => ends.push(End {
            id: end.id.clone(),
            name: end.name.clone(),
            probability,
            award: end.award.mean(),
            costs,
            months,
        }),
        Node::Chance(chance) => {
            let total: f64 = chance.branches.iter().map(|b| b.probability).sum();
            for b in &chance.branches {
                walk(
                    &b.next,
                    probability * b.probability / total,
                    costs + b.cost as f64,
                    months + b.months,
                    ends,
                );
            }
        }
    }
}
