//! Every rule a risk tree and its options must meet, checked in one walk that reports all the
//! problems it finds (not just the first), each naming the node and the field to fix.

use super::Options;
use super::tree::{Award, Node, Range, Tree};
use crate::case::money::Currency;
use crate::text::{Text, limits};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// Sibling probabilities may differ from 1 by this much (rounding in a spreadsheet).
pub const PROBABILITY_TOLERANCE: f64 = 1e-6;
/// Levels from the root to the deepest end state, both counted: six phases and an end state
/// need 7; an appeal or a retrial fits well within.
pub const MAX_DEPTH: usize = 12;
/// Branches of one chance node.
pub const MAX_BRANCHES: usize = 12;
/// Nodes in the whole tree, chance nodes and end states together.
pub const MAX_NODES: usize = 2_000;
/// Simulated paths in one analysis: ten million take a few seconds and 160 MB.
pub const MAX_PATHS: u64 = 10_000_000;
/// The largest amount anywhere in a tree or an offer, in minor units (10^15: ten trillion
/// dollars), so that sums along a path stay exact in a float.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;
/// The longest single branch, in months (50 years).
pub const MAX_MONTHS: f64 = 600.0;
/// A lognormal's p90 is at most this many times its median (sigma ≤ 3.6): beyond it the
/// mean is dominated by awards no court has made.
pub const MAX_LOGNORMAL_SPREAD: i64 = 100;
/// Node ids are short: they label results and errors.
pub const MAX_ID_CHARS: usize = 100;

/// One problem: the node it is in (`None` for the tree itself or the options), the field
/// (`branches[2].probability`, `award.lognormal.p90`, `currency`, `paths`) and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeError {
    pub node: Option<String>,
    pub field: String,
    pub reason: String,
}

/// Every problem found in a tree and the options it was to be analysed with.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct TreeErrors {
    pub errors: Vec<TreeError>,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.node {
            Some(node) => write!(f, "node {node:?}, {}: {}", self.field, self.reason),
            None => write!(f, "{}: {}", self.field, self.reason),
        }
    }
}

impl fmt::Display for TreeErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(
            f,
            "the risk tree has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.errors {
            write!(f, "\n- {e}")?;
        }
        Ok(())
    }
}

/// Checks the tree alone (the example files, a tree before it is saved).
pub fn validate_tree(tree: &Tree) -> Result<(), TreeErrors> {
    finish(tree_errors(tree))
}

/// Checks the tree and the options an analysis would run with.
pub fn validate(tree: &Tree, options: &Options) -> Result<(), TreeErrors> {
    let mut errors = tree_errors(tree);
    errors.extend(option_errors(options));
    finish(errors)
}

fn finish(errors: Vec<TreeError>) -> Result<(), TreeErrors> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(TreeErrors { errors })
    }
}

struct Found(Vec<TreeError>);

impl Found {
    fn add(&mut self, node: Option<&str>, field: impl Into<String>, reason: impl Into<String>) {
        self.0.push(TreeError {
            node: node.map(str::to_owned),
            field: field.into(),
            reason: reason.into(),
        });
    }

    fn line(&mut self, node: Option<&str>, field: String, raw: &str, max: usize) {
        if let Err(e) = Text::line("text", raw, max) {
            let reason = e.to_string();
            let reason = reason.strip_prefix("text ").unwrap_or(&reason);
            self.add(node, field, reason.to_owned());
        }
    }
}

fn tree_errors(tree: &Tree) -> Vec<TreeError> {
    let mut found = Found(Vec::new());
    if let Err(e) = Currency::parse("currency", tree.currency.as_str()) {
        found.add(None, "currency", e.to_string());
    }
    found.line(None, "name".into(), &tree.name, limits::NAME);
    let mut ids = HashSet::new();
    let mut nodes = 0usize;
    let mut too_deep = false;
    // Depth first with an explicit stack: a tree built in code may be deeper than any JSON.
    let mut stack: Vec<(&Node, usize)> = vec![(&tree.root, 1)];
    while let Some((node, depth)) = stack.pop() {
        nodes += 1;
        if nodes == MAX_NODES + 1 {
            found.add(
                None,
                "root",
                format!("the tree has more than {MAX_NODES} nodes"),
            );
        }
        let id = node.id();
        let at = Some(id);
        found.line(at, "id".into(), id, MAX_ID_CHARS);
        if !ids.insert(id) {
            found.add(
                at,
                "id",
                format!("{id:?} is the id of another node too; ids are unique"),
            );
        }
        found.line(at, "name".into(), node.name(), limits::NAME);
        match node {
            Node::End(end) => award_errors(&mut found, id, &end.award),
            Node::Chance(chance) => {
                let branches = &chance.branches;
                if branches.is_empty() {
                    found.add(at, "branches", "a chance node needs at least one branch");
                }
                if branches.len() > MAX_BRANCHES {
                    found.add(
                        at,
                        "branches",
                        format!(
                            "{} branches; a chance node has at most {MAX_BRANCHES}",
                            branches.len()
                        ),
                    );
                }
                let mut sum = 0.0;
                let mut all_valid = true;
                for (i, b) in branches.iter().enumerate() {
                    let field = |name: &str| format!("branches[{i}].{name}");
                    found.line(at, field("label"), &b.label, limits::SHORT);
                    let p = b.probability;
                    if (0.0..=1.0).contains(&p) {
                        sum += p;
                    } else {
                        all_valid = false;
                        found.add(
                            at,
                            field("probability"),
                            format!("{p} is not between 0 and 1"),
                        );
                    }
                    if b.cost < 0 {
                        found.add(
                            at,
                            field("cost"),
                            format!("{} is negative; costs are 0 or more", b.cost),
                        );
                    } else if b.cost > MAX_AMOUNT {
                        found.add(
                            at,
                            field("cost"),
                            format!("more than {MAX_AMOUNT} minor units"),
                        );
                    }
                    if b.months.is_nan() || b.months < 0.0 {
                        found.add(
                            at,
                            field("months"),
                            format!("{} is not a duration of 0 or more months", b.months),
                        );
                    } else if b.months > MAX_MONTHS {
                        found.add(
                            at,
                            field("months"),
                            format!("{} months; a branch takes at most {MAX_MONTHS}", b.months),
                        );
                    }
                    if depth >= MAX_DEPTH {
                        if !too_deep {
                            too_deep = true;
                            found.add(
                                at,
                                field("next"),
                                format!("the tree is deeper than {MAX_DEPTH} levels"),
                            );
                        }
                    } else {
                        stack.push((&b.next, depth + 1));
                    }
                }
                if all_valid && !branches.is_empty() && (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
                    found.add(
                        at,
                        "branches.probability",
                        format!(
                            "the branches' probabilities sum to {}, not 1",
                            (sum * 1e9).round() / 1e9
                        ),
                    );
                }
            }
        }
    }
    found.0
}

fn award_errors(found: &mut Found, id: &str, award: &Award) {
    let at = Some(id);
    let amount = |found: &mut Found, field: &str, v: i64| {
        if v < 0 {
            found.add(at, field, format!("{v} is negative; an award is 0 or more"));
        } else if v > MAX_AMOUNT {
            found.add(at, field, format!("more than {MAX_AMOUNT} minor units"));
        }
    };
    let range = |found: &mut Found, kind: &str, r: &Range| {
        amount(found, &format!("award.{kind}.low"), r.low);
        amount(found, &format!("award.{kind}.high"), r.high);
        if !(r.low <= r.likely && r.likely <= r.high) {
            found.add(
                at,
                format!("award.{kind}"),
                format!(
                    "low ({}) ≤ likely ({}) ≤ high ({}) does not hold",
                    r.low, r.likely, r.high
                ),
            );
        }
    };
    match award {
        Award::Fixed(v) => amount(found, "award.fixed", *v),
        Award::Triangular(r) => range(found, "triangular", r),
        Award::Pert(r) => range(found, "pert", r),
        Award::Lognormal(l) => {
            if l.median <= 0 {
                found.add(
                    at,
                    "award.lognormal.median",
                    format!("{} is not more than 0", l.median),
                );
            }
            amount(found, "award.lognormal.p90", l.p90);
            if l.p90 <= l.median {
                found.add(
                    at,
                    "award.lognormal.p90",
                    format!(
                        "p90 ({}) must be more than the median ({})",
                        l.p90, l.median
                    ),
                );
            } else if l.median > 0 && l.p90 > l.median.saturating_mul(MAX_LOGNORMAL_SPREAD) {
                found.add(
                    at,
                    "award.lognormal.p90",
                    format!("p90 is at most {MAX_LOGNORMAL_SPREAD} times the median"),
                );
            }
        }
    }
}

fn option_errors(options: &Options) -> Vec<TreeError> {
    let mut found = Found(Vec::new());
    if options.paths == 0 || options.paths > MAX_PATHS {
        found.add(
            None,
            "paths",
            format!(
                "{} paths; simulate between 1 and {MAX_PATHS}",
                options.paths
            ),
        );
    }
    let rate = options.discount_rate;
    if !(0.0..=1.0).contains(&rate) {
        found.add(
            None,
            "discount_rate",
            format!("{rate} is not an annual rate between 0 and 1 (0.05 is 5 % a year)"),
        );
    }
    if let Some(offer) = options.offer
        && !(0..=MAX_AMOUNT).contains(&offer)
    {
        found.add(
            None,
            "offer",
            format!("{offer} is not between 0 and {MAX_AMOUNT} minor units"),
        );
    }
    found.0
}
