//! The fuzz targets, as plain functions on stable Rust: each takes any bytes, runs them
//! through the product's own entry point, and panics only if the product breaks a promise
//! (a panic of its own, a 5xx answer, an answer its API description does not list, an
//! import that does not read back as written). `bench/fuzz` runs them under libFuzzer; the
//! corpus test in `tests/corpus.rs` replays every committed input on each build.

mod deadline_rule;
mod event_payload;
mod import_jsonl;
mod request_body;

pub use deadline_rule::deadline_rule;
pub use event_payload::event_payload;
pub use import_jsonl::import_jsonl;
pub use request_body::{request_body, routes};

/// A target: any bytes in, a panic only where the product broke a promise.
pub type Target = fn(&[u8]);

/// The targets by the name of their corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("deadline_rule", deadline_rule),
    ("event_payload", event_payload),
    ("import_jsonl", import_jsonl),
    ("request_body", request_body),
];

/// A SQLite store in a folder kept for the life of the process: fuzzing runs millions of
/// inputs, and each would otherwise pay for creating a database.
/// The folder is returned to be kept beside the store for as long as it is used.
pub(crate) fn scratch_store() -> (accord_store::Store, tempfile::TempDir) {
    use accord_store::{Create, DatabaseUrl, Store};
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("fuzz.db");
    let store = Store::open(&DatabaseUrl::Sqlite { path }, Create::IfMissing).expect("a store");
    (store, dir)
}
