//! Accord's domain core: the mediation case as an append-only stream of events.
//!
//! Pure Rust: no I/O, no async, no SQL. `decide` turns a command into events, `evolve` folds
//! events into state, `view` folds only what one viewer may see, and `chain` seals and checks
//! the tamper-evident hash chain.

pub mod advice;
pub mod analysis;
pub mod anchor;
pub mod case;
pub mod chain;
pub mod clock;
pub mod error;
pub mod ids;
pub mod miam;
pub mod text;
pub mod time_zone;

pub use error::DomainError;
