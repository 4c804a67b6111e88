#!/bin/sh
# Fuzzes each target for SECONDS (default 300) under libFuzzer (cargo-fuzz, nightly Rust),
# growing the committed corpus, then minimises it. A crash is copied to regressions/<target>/
# (replayed on stable by `cargo test -p accord-fuzz-targets`) and fails the run. Writes the
# figures to bench/results/fuzz.md.
#   cargo install cargo-fuzz --locked; bench/fuzz/run.sh [SECONDS]
set -eu
cd "$(dirname "$0")"
each=${1:-300}
results=../results/fuzz.md
cargo +nightly fuzz build --fuzz-dir . -O
found=0
rows=""
for spec in deadline_rule:512 event_payload:16384 import_jsonl:16384 request_body:8192; do
  target=${spec%%:*}
  max_len=${spec##*:}
  log=$(mktemp)
  rm -rf "artifacts/$target"
  cargo +nightly fuzz run --fuzz-dir . -O "$target" "corpus/$target" -- \
    -max_total_time="$each" -max_len="$max_len" -rss_limit_mb=4096 >"$log" 2>&1 || true
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log")
  secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log")
  crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
  if [ "$crashes" -gt 0 ]; then
    mkdir -p "regressions/$target"
    cp "artifacts/$target"/* "regressions/$target/"
    grep -m1 -A3 'panicked\|SUMMARY' "$log" || true
    found=1
  fi
  cargo +nightly fuzz cmin --fuzz-dir . -O "$target" "corpus/$target" -- -use_counters=0 >/dev/null 2>&1
  files=$(find "corpus/$target" -type f | wc -l)
  echo "$target: ${runs:-0} runs in ${secs:-?} s, $crashes crashes, corpus $files files"
  rows="$rows| \`$target\` | ${secs:-?} | ${runs:-0} | $crashes | $files |
"
  rm -f "$log"
done
{
  echo "# Fuzzing (bench/fuzz/run.sh $each)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(rustc +nightly --version)."
  echo
  echo "| target | seconds | inputs run | crashes | corpus files kept |"
  echo "|---|---:|---:|---:|---:|"
  printf "%s" "$rows"
} >"$results"
exit $found
