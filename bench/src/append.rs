//! Durable single-event appends per second: Accord on one case, on 100 cases, and raw SQLite.

use crate::report::verdict;
use crate::writer::{Writer, note};
use accord_core::case::Audience;
use accord_core::chain::RawEvent;
use accord_store::{Create, DatabaseUrl, Store};
use std::path::Path;
use std::time::Instant;

/// The same as `PRAGMAS` in crates/accord-store/src/sqlite.rs (private there): keep in step.
const PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
    PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

const RUNS: usize = 3;
const CASES: usize = 100;

pub fn run(events: usize, dir: &Path) -> anyhow::Result<String> {
    let row = sample_row()?;
    let row_bytes = row_bytes(&row);
    // Rounds interleave the three measurements so a slow spell of the disk hits all alike.
    let mut rounds = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        rounds.push([
            accord(events, 1, dir)?,
            accord(events, CASES, dir)?,
            raw_sqlite(events, row_bytes, dir)?,
        ]);
    }
    // rates[measurement][run]
    let rates: [[f64; RUNS]; 3] = std::array::from_fn(|m| std::array::from_fn(|r| rounds[r][m]));
    let median = |r: &[f64; RUNS]| {
        let mut r = *r;
        r.sort_by(f64::total_cmp);
        r[RUNS / 2]
    };
    let raw = median(&rates[2]);
    let names = [
        "a. Accord, one case",
        &format!("b. Accord, {CASES} cases round-robin"),
        "c. raw rusqlite `BEGIN; INSERT; COMMIT`",
    ];
    let mut out = format!(
        "\n## Durable single-event appends (SQLite, WAL, `synchronous = FULL`)\n\n\
         {events} appends per run, {RUNS} runs of each, interleaved; one append = one \
         transaction = one fsync.\n\n\
         | measurement | run 1 | run 2 | run 3 | median events/s | ratio to c |\n\
         | --- | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for (name, r) in names.iter().zip(&rates) {
        out += &format!(
            "| {name} | {:.0} | {:.0} | {:.0} | **{:.0}** | {:.2} |\n",
            r[0],
            r[1],
            r[2],
            median(r),
            median(r) / raw
        );
    }
    let (a, b) = (median(&rates[0]) / raw, median(&rates[1]) / raw);
    out += &format!(
        "\nTarget: a/c and b/c ≥ 0.5. a/c = {a:.2} ({}), b/c = {b:.2} ({}).\n\n\
         Each Accord append is a full `decide` → `seal` → `to_raw` → `CaseMetadata::of` → \
         `Store::append` of an `AddNote` with 200 characters of text (event row ≈ {row_bytes} \
         bytes, plus the case index row). The reference inserts a {row_bytes}-byte payload \
         into `t(case_id, seq, payload)`, `PRIMARY KEY (case_id, seq) WITHOUT ROWID`, with the \
         same pragmas.\n",
        verdict(a >= 0.5),
        verdict(b >= 0.5),
    );
    Ok(out)
}

/// Events per second of `events` single-note appends spread round-robin over `cases` cases.
fn accord(events: usize, cases: usize, dir: &Path) -> anyhow::Result<f64> {
    let tmp = tempfile::tempdir_in(dir)?;
    let url = DatabaseUrl::Sqlite {
        path: tmp.path().join("accord.db"),
    };
    let store = Store::open(&url, Create::IfMissing)?;
    let mut writers = Vec::with_capacity(cases);
    for _ in 0..cases {
        let mut w = Writer::opened()?;
        w.flush(&store)?;
        writers.push(w);
    }
    let start = Instant::now();
    for i in 0..events {
        writers[i % cases].write(&store, note(i as u64, Audience::Everyone, None)?)?;
    }
    Ok(events as f64 / start.elapsed().as_secs_f64())
}

/// Events per second of the same durable writes with no Accord in the way.
pub(crate) fn raw_sqlite(events: usize, payload_bytes: usize, dir: &Path) -> anyhow::Result<f64> {
    let tmp = tempfile::tempdir_in(dir)?;
    let conn = rusqlite::Connection::open(tmp.path().join("raw.db"))?;
    conn.execute_batch(PRAGMAS)?;
    conn.execute_batch(
        "CREATE TABLE t (case_id TEXT NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL, \
         PRIMARY KEY (case_id, seq)) WITHOUT ROWID",
    )?;
    let case_id = accord_core::ids::CaseId::new_v7().to_string();
    let payload = "x".repeat(payload_bytes);
    let start = Instant::now();
    for seq in 1..=events as i64 {
        conn.execute_batch("BEGIN")?;
        conn.prepare_cached("INSERT INTO t (case_id, seq, payload) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![case_id, seq, payload])?;
        conn.execute_batch("COMMIT")?;
    }
    Ok(events as f64 / start.elapsed().as_secs_f64())
}

/// A note event as Accord stores it.
pub(crate) fn sample_row() -> anyhow::Result<RawEvent> {
    let mut w = Writer::opened()?;
    w.decide(note(1, Audience::Everyone, None)?)?;
    Ok(w.pending.last().expect("just decided").to_raw())
}

/// The bytes of an event row's columns.
pub(crate) fn row_bytes(r: &RawEvent) -> usize {
    [
        &r.case_id,
        &r.recorded_at,
        &r.actor,
        &r.audience,
        &r.event_type,
        &r.payload,
        &r.payload_digest,
        &r.prev_hash,
        &r.hash,
    ]
    .iter()
    .map(|s| s.len())
    .sum::<usize>()
        + 16
}
