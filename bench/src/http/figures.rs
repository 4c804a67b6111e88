//! The timed parts: commands over one connection or many, and pages of the case list.

use super::client::Conn;
use crate::report::percentile;
use accord_core::ids::CaseId;
use anyhow::Context;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// A party's note to everyone, 200 characters, as the API takes it.
fn note_body(i: usize) -> Value {
    let text: String = format!(
        "Bench note {i}. Said the fence was put up about thirty centimetres over the line in \
         2019; the other side disputes the survey but would share the cost of a new fence if \
         the hedge is cut back before spring. Follow up on both points."
    )
    .chars()
    .take(200)
    .collect();
    json!({"text": text, "audience": {"kind": "everyone"}})
}

/// One client sending commands in sequence to one case.
pub struct Writer {
    conn: Conn,
    path: String,
    version: u64,
    sent: usize,
}

impl Writer {
    /// Reads the case once for the version this caller sees.
    pub fn open(addr: SocketAddr, token: &str, case: CaseId) -> anyhow::Result<Self> {
        let mut conn = Conn::open(addr, token)?;
        let shown = conn.get(&format!("/api/v1/cases/{case}"))?.ok()?;
        let version = shown.json()?["version"]
            .as_u64()
            .context("a version in the case's answer")?;
        Ok(Self {
            conn,
            path: format!("/api/v1/cases/{case}/notes"),
            version,
            sent: 0,
        })
    }

    /// One `POST …/notes` with `If-Match: "version"`; its latency.
    pub fn command(&mut self) -> anyhow::Result<Duration> {
        let t = Instant::now();
        let answer = self
            .conn
            .post(&self.path, &note_body(self.sent), Some(self.version))?
            .ok()?;
        let took = t.elapsed();
        self.version = answer.json()?["version"]
            .as_u64()
            .context("a version in the command's answer")?;
        self.sent += 1;
        Ok(took)
    }

    /// `n` commands in sequence: commands per second and the sorted latencies.
    pub fn run(&mut self, n: usize) -> anyhow::Result<(f64, Vec<Duration>)> {
        let start = Instant::now();
        let mut took = (0..n)
            .map(|_| self.command())
            .collect::<anyhow::Result<Vec<_>>>()?;
        let rate = n as f64 / start.elapsed().as_secs_f64();
        took.sort();
        Ok((rate, took))
    }
}

/// One writer per case, all at once, for `seconds`: commands per second in total.
pub fn concurrent(
    addr: SocketAddr,
    token: &str,
    cases: &[CaseId],
    seconds: u64,
) -> anyhow::Result<f64> {
    let mut writers = cases
        .iter()
        .map(|&c| Writer::open(addr, token, c))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let barrier = std::sync::Barrier::new(writers.len());
    let start = Instant::now();
    let until = Duration::from_secs(seconds);
    let counts = std::thread::scope(|s| {
        let handles: Vec<_> = writers
            .iter_mut()
            .map(|w| {
                let barrier = &barrier;
                s.spawn(move || -> anyhow::Result<usize> {
                    barrier.wait();
                    let mut n = 0;
                    while start.elapsed() < until {
                        w.command()?;
                        n += 1;
                    }
                    Ok(n)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a writer thread panicked"))
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    Ok(counts.iter().sum::<usize>() as f64 / start.elapsed().as_secs_f64())
}

/// What the case list answered at one size.
pub struct ListFigures {
    pub cases: usize,
    /// "paged" or what today's answer is instead.
    pub shape: String,
    pub first_bytes: usize,
    pub first_p99: Duration,
    pub first_samples: usize,
    /// The page reached by following `next_cursor`, its p99 and samples; `None` unpaged.
    pub deep: Option<(usize, Duration, usize)>,
}

/// The first page parameter sent, and the name of the cursor parameter followed.
pub const FIRST_PAGE: &str = "/api/v1/cases?limit=50";
const CURSOR_PARAM: &str = "cursor";

/// p99 of `path` over up to 200 requests or `budget`, whichever ends first (at least 3).
fn sample(conn: &mut Conn, path: &str, budget: Duration) -> anyhow::Result<(Duration, usize)> {
    conn.get(path)?.ok()?;
    let start = Instant::now();
    let mut took = Vec::new();
    while took.len() < 3 || (took.len() < 200 && start.elapsed() < budget) {
        let t = Instant::now();
        conn.get(path)?.ok()?;
        took.push(t.elapsed());
    }
    took.sort();
    Ok((percentile(&took, 99.0), took.len()))
}

/// The list's first page, and the page in the middle of the list (reached by following
/// `next_cursor` for at most `walk` of time), each timed for `budget`.
pub fn list(
    addr: SocketAddr,
    token: &str,
    cases: usize,
    budget: Duration,
    walk: Duration,
) -> anyhow::Result<ListFigures> {
    let mut conn = Conn::open(addr, token)?;
    let first = conn.get(FIRST_PAGE)?.ok()?;
    // Today's answer is every row (hundreds of MB at a million cases): count it, keep nothing.
    let (answer, shape) = if first.body.first() == Some(&b'[') {
        let rows: Vec<serde::de::IgnoredAny> = serde_json::from_slice(&first.body)?;
        let shape = format!("unpaged: a bare array of all {} rows", rows.len());
        (Value::Null, shape)
    } else {
        let answer = first.json()?;
        let shape = match answer.get("items") {
            Some(Value::Array(items)) => format!(
                "paged `{{items, next_cursor, counts}}`, {} items a page",
                items.len()
            ),
            _ => "unrecognised answer".into(),
        };
        (answer, shape)
    };
    let (first_p99, first_samples) = sample(&mut conn, FIRST_PAGE, budget)?;
    let mut deep = None;
    if let Some(mut cursor) = answer["next_cursor"].as_str().map(String::from) {
        let target = (cases / 50 / 2).max(2);
        let (mut page, started) = (2, Instant::now());
        let mut path = page_path(&cursor);
        while page < target && started.elapsed() < walk {
            let next = conn.get(&path)?.ok()?.json()?;
            let Some(c) = next["next_cursor"].as_str() else {
                break;
            };
            cursor = c.to_owned();
            path = page_path(&cursor);
            page += 1;
        }
        let (p99, n) = sample(&mut conn, &path, budget)?;
        deep = Some((page, p99, n));
    }
    Ok(ListFigures {
        cases,
        shape,
        first_bytes: first.body.len(),
        first_p99,
        first_samples,
        deep,
    })
}

fn page_path(cursor: &str) -> String {
    let encoded: String = cursor
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{FIRST_PAGE}&{CURSOR_PARAM}={encoded}")
}
