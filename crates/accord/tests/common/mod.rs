//! Helpers shared by the end-to-end test files (each includes this with `mod common;`).

pub mod case_json;
pub mod faults;
pub mod one_mediator;
pub mod server;
pub mod smtp;
pub mod versions;
pub mod workspace;
