//! The MIAM (England & Wales family cases, FPR Part 3 and PD3A as amended from 29 April
//! 2024): the exemption grounds as data (`grounds`) and the stateless checker (`check`).

pub mod check;
pub mod grounds;
#[cfg(test)]
mod tests;

pub use check::{Assessment, Claim, ClaimError, GroundClaim, MediatorContacted, check};
pub use grounds::{CATEGORIES, Category, Ground, Need, REMOVED};
