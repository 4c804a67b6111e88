//! Replays every input the fuzzers keep — the committed corpus and each crash found, kept
//! as a regression — through its target, on every build, on stable Rust.

use accord_fuzz_targets::TARGETS;
use std::path::Path;

fn inputs(folder: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_kept_input_runs_without_breaking_a_promise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    for (name, target) in TARGETS {
        let corpus = inputs(&root.join("corpus").join(name));
        assert!(
            corpus.len() >= 5,
            "bench/fuzz/corpus/{name} holds {} inputs; the fuzzer's corpus is committed",
            corpus.len()
        );
        let regressions = inputs(&root.join("regressions").join(name));
        for file in corpus.iter().chain(&regressions) {
            let data = std::fs::read(file).expect("a kept input");
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(
                outcome.is_ok(),
                "{name}: {} broke a promise",
                file.display()
            );
        }
    }
}
