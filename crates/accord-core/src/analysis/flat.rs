//! The tree flattened for the simulation: nodes in one array, each chance node's branches as
//! a run of cumulative probabilities, costs, months and next-node indices, so a path is a few
//! comparisons and additions per phase with no pointer chasing.

use super::sample::Sampler;
use super::tree::{Node, Tree};
use rand_chacha::rand_core::RngCore;
use rand_distr::{Distribution, StandardUniform};

#[derive(Clone, Copy, Debug)]
enum Slot {
    /// Branches `first..first + len`; `fallback` takes a draw past the last cumulative
    /// probability (rounding), the last branch that can happen.
    Chance {
        first: u32,
        len: u32,
        fallback: u32,
    },
    End(Sampler),
}

/// A validated tree, flattened. Node 0 is the root.
pub(crate) struct Flat {
    slots: Vec<Slot>,
    cumulative: Vec<f64>,
    cost: Vec<f64>,
    months: Vec<f64>,
    next: Vec<u32>,
}

impl Flat {
    pub(crate) fn of(tree: &Tree) -> Self {
        let mut flat = Flat {
            slots: Vec::new(),
            cumulative: Vec::new(),
            cost: Vec::new(),
            months: Vec::new(),
            next: Vec::new(),
        };
        flat.add(&tree.root);
        flat
    }

    /// Adds `node` and everything under it; returns its index. Depth is bounded by validation.
    fn add(&mut self, node: &Node) -> u32 {
        let index = self.slots.len() as u32;
        match node {
            Node::End(end) => self.slots.push(Slot::End(Sampler::of(&end.award))),
            Node::Chance(chance) => {
                self.slots.push(Slot::End(Sampler::Fixed(0.0)));
                let first = self.cumulative.len() as u32;
                let total: f64 = chance.branches.iter().map(|b| b.probability).sum();
                let mut running = 0.0;
                let mut fallback = first;
                for (i, b) in chance.branches.iter().enumerate() {
                    running += b.probability / total;
                    if b.probability > 0.0 {
                        fallback = first + i as u32;
                    }
                    self.cumulative.push(running);
                    self.cost.push(b.cost as f64);
                    self.months.push(b.months);
                    self.next.push(0);
                }
                for (i, b) in chance.branches.iter().enumerate() {
                    let child = self.add(&b.next);
                    self.next[first as usize + i] = child;
                }
                self.slots[index as usize] = Slot::Chance {
                    first,
                    len: chance.branches.len() as u32,
                    fallback,
                };
            }
        }
        index
    }

    /// One path from the root: (award − costs, months), both as floats.
    #[inline]
    pub(crate) fn walk<R: RngCore + ?Sized>(&self, rng: &mut R) -> (f64, f64) {
        let (mut costs, mut months) = (0.0, 0.0);
        let mut at = 0usize;
        loop {
            match &self.slots[at] {
                Slot::End(award) => return (award.sample(rng) - costs, months),
                &Slot::Chance {
                    first,
                    len,
                    fallback,
                } => {
                    let u: f64 = StandardUniform.sample(rng);
                    let (first, end) = (first as usize, (first + len) as usize);
                    let branch = (first..end)
                        .find(|&i| u < self.cumulative[i])
                        .unwrap_or(fallback as usize);
                    costs += self.cost[branch];
                    months += self.months[branch];
                    at = self.next[branch] as usize;
                }
            }
        }
    }
}
