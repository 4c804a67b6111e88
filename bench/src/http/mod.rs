//! Accord over HTTP against references measured in the same run: the release `accord serve`
//! on a fresh database (SQLite, and PostgreSQL when asked), loaded by `wrk` and by
//! sequential clients on 127.0.0.1, each figure of issue 13 as a ratio to its reference.

mod client;
mod figures;
mod procs;
mod seed;

use crate::report::{ms, verdict};
use accord_store::{Create, DatabaseUrl, Store};
use figures::{ListFigures, Writer};
use procs::{Load, Reference, Server, wrk};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Seconds of each wrk run and of the concurrent writers.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// wrk connections for the reads.
    #[arg(long, default_value_t = 64)]
    connections: u32,
    /// Events in the large case.
    #[arg(long, default_value_t = 10_000)]
    big_events: u64,
    /// Sequential commands on the small case.
    #[arg(long, default_value_t = 1000)]
    commands: usize,
    /// Sizes (events) at which the growing case's command rate is measured.
    #[arg(long, value_delimiter = ',', default_values_t = [20u64, 2500, 10_000])]
    grow: Vec<u64>,
    /// Commands timed at each size of the growing case.
    #[arg(long, default_value_t = 200)]
    window: usize,
    /// Concurrent writers, each on its own case.
    #[arg(long, default_value_t = 16)]
    writers: usize,
    /// Case counts for the case list, smallest first (bulk-loaded through the store).
    #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 1_000_000])]
    list_cases: Vec<usize>,
    /// Case counts for the case list on PostgreSQL (its bulk load is slower).
    #[arg(long, value_delimiter = ',', default_values_t = [10_000usize, 100_000])]
    postgres_list_cases: Vec<usize>,
    /// Also measure PostgreSQL, in a fresh database created through this admin URL.
    #[arg(long)]
    postgres: Option<String>,
    /// The `accord` binary (default: next to this one, i.e. target/release/accord).
    #[arg(long)]
    accord: Option<PathBuf>,
}

pub fn run(args: &Args, dir: &Path) -> anyhow::Result<String> {
    let accord = match &args.accord {
        Some(p) => p.clone(),
        None => std::env::current_exe()?.with_file_name("accord"),
    };
    anyhow::ensure!(
        accord.exists(),
        "{} is missing: cargo build --release -p accord",
        accord.display()
    );
    let mut out = intro(args);
    let tmp = tempfile::tempdir_in(dir)?;
    let sqlite = DatabaseUrl::Sqlite {
        path: tmp.path().join("accord.db"),
    };
    out += &backend("SQLite", &sqlite, &accord, args, &args.list_cases, dir)?;
    if let Some(admin) = &args.postgres {
        let db = accord_store::scratch::ScratchDatabase::create(admin)?;
        let url = DatabaseUrl::parse(&db.url())?;
        out += &backend(
            "PostgreSQL",
            &url,
            &accord,
            args,
            &args.postgres_list_cases,
            dir,
        )?;
    }
    Ok(out)
}

/// Raw rusqlite `BEGIN; INSERT; COMMIT` per row (`synchronous = FULL`), rows per second.
fn raw_sqlite(dir: &Path) -> anyhow::Result<f64> {
    let bytes = crate::append::row_bytes(&crate::append::sample_row()?);
    crate::append::raw_sqlite(2000, bytes, dir)
}

fn intro(args: &Args) -> String {
    format!(
        "\n## Accord over HTTP (issue 13's figures)\n\n\
         The release `accord serve` on a fresh database and a free port on 127.0.0.1. Reads: \
         Debian `wrk -t2 -c{c} -d{s}s --latency` with a party's API token. References in the \
         same run: a bare axum page (`GET /reference` → a 40-byte JSON, axum 0.8 on a \
         multi-threaded tokio runtime in the bench process), wrk'd before and after the \
         case reads (the mean of both is the reference), and a raw rusqlite `BEGIN; INSERT; \
         COMMIT` loop of 2,000 rows with `synchronous = FULL` in the directory of the \
         databases, run just before and just after the concurrent writers (the mean is the \
         reference; an fsync's cost on this shared disk varies many times over). \
         Commands: `POST /api/v1/cases/{{case}}/notes` (200 characters, to everyone) with \
         `If-Match` set from the previous answer, over one keep-alive connection per client \
         (bench/src/http/client.rs). The case list: `GET {first}` as the demo coordinator \
         (who sees every case), timed sequentially, up to 200 requests or 20 s per page; \
         the deep page is reached by following `next_cursor` (query parameter `cursor`) to \
         the middle of the list, when the answer has one.\n",
        c = args.connections,
        s = args.seconds,
        first = figures::FIRST_PAGE,
    )
}

struct Row {
    what: String,
    measured: String,
    target: String,
    met: Option<bool>,
}

fn row(what: impl Into<String>, measured: String, target: &str, met: Option<bool>) -> Row {
    Row {
        what: what.into(),
        measured,
        target: target.into(),
        met,
    }
}

fn load(l: &Load) -> String {
    format!(
        "{:.0} req/s ({} requests), p50 {} ms, p99 {} ms",
        l.rate,
        l.requests,
        ms(l.p50),
        ms(l.p99)
    )
}

fn backend(
    name: &str,
    url: &DatabaseUrl,
    accord: &Path,
    args: &Args,
    list_cases: &[usize],
    dir: &Path,
) -> anyhow::Result<String> {
    let store = Store::open(url, Create::IfMissing)?;
    let s = seed::seed(&store, args.big_events, args.writers)?;
    // Display redacts a password; the server needs the URL itself.
    let database = match url {
        DatabaseUrl::Sqlite { path } => format!("sqlite:{}", path.display()),
        DatabaseUrl::Postgres { url } => url.clone(),
    };
    let server = Server::start(accord, &database)?;
    let addr = server.addr;
    // To profile it: perf record -g -p PID while a figure runs.
    eprintln!("    {name}: accord serve on {addr}, pid {}", server.pid());
    let base = format!("http://{addr}");
    let mut rows = Vec::new();

    // Each figure's start is said on stderr, so that a profiler can be started for it.
    let starting = |figure: &str| eprintln!("    {name}: figure {figure} starts");

    // 1, 2: reads at 64 connections, between two reference runs.
    let reference = Reference::start()?;
    let ref_url = format!("http://{}/reference", reference.addr);
    let (c, secs) = (args.connections, args.seconds);
    let before = wrk(&ref_url, None, c, secs)?;
    starting("1");
    let small = wrk(
        &format!("{base}/api/v1/cases/{}", s.small),
        Some(&s.small_token),
        c,
        secs,
    )?;
    starting("2");
    let big = wrk(
        &format!("{base}/api/v1/cases/{}", s.big),
        Some(&s.party_token),
        c,
        secs,
    )?;
    let after = wrk(&ref_url, None, c, secs)?;
    drop(reference);
    let bare = (before.rate + after.rate) / 2.0;
    rows.push(row(
        "reference: bare axum page, 64 connections",
        format!("before {} / after {}", load(&before), load(&after)),
        "",
        None,
    ));
    let r1 = small.rate / bare;
    rows.push(row(
        "1. `GET /cases/{case}`, demo child-arrangements case, party, 64 conn.",
        format!("{}: **{r1:.3}× bare axum**", load(&small)),
        "≥ 0.30× bare axum; p99 < 25 ms",
        Some(r1 >= 0.30 && small.p99 < Duration::from_millis(25)),
    ));
    let mut conn = client::Conn::open(addr, &s.party_token)?;
    let answer = conn.get(&format!("/api/v1/cases/{}", s.big))?.ok()?;
    let r2 = big.rate / small.rate;
    rows.push(row(
        format!("2. the same on a {}-event case", args.big_events),
        format!(
            "{}: **{r2:.3}× the small case**; answer {} bytes",
            load(&big),
            answer.body.len()
        ),
        "≥ 0.5× the small case; answer < 256 KB",
        Some(r2 >= 0.5 && answer.body.len() < 256 * 1024),
    ));

    // 3: one client in sequence on the small case.
    let mut w = Writer::open(addr, &s.small_token, s.small)?;
    w.run(20)?;
    starting("3");
    let (rate, took) = w.run(args.commands)?;
    rows.push(row(
        format!(
            "3. commands, one client in sequence, small case ({} commands)",
            args.commands
        ),
        format!(
            "**{rate:.0}/s**, p99 {} ms",
            ms(crate::report::percentile(&took, 99.0)),
        ),
        "≥ 1,000/s",
        Some(rate >= 1000.0),
    ));

    // 4: the same while a case grows (grown between windows by another writer, the store).
    starting("4");
    let mut rates = Vec::new();
    for &size in &args.grow {
        seed::grow(&store, s.growing, size)?;
        let mut w = Writer::open(addr, &s.party_token, s.growing)?;
        w.run(5)?;
        rates.push((size, w.run(args.window)?.0));
    }
    let (first, last) = (rates[0], rates[rates.len() - 1]);
    let r4 = last.1 / first.1;
    let each: Vec<String> = rates
        .iter()
        .map(|(n, r)| format!("{r:.0}/s at {n}"))
        .collect();
    rows.push(row(
        format!(
            "4. commands while a case grows ({} commands at each size)",
            args.window
        ),
        format!(
            "{}: **{r4:.3}× (at {} vs at {})**",
            each.join(", "),
            last.0,
            first.0
        ),
        "≥ 0.8",
        Some(r4 >= 0.8),
    ));

    // 5: concurrent writers, each on its own case, between two runs of the raw loop.
    let raw_before = raw_sqlite(dir)?;
    starting("5");
    let rate = figures::concurrent(addr, &s.party_token, &s.many, secs)?;
    let raw_after = raw_sqlite(dir)?;
    let raw = (raw_before + raw_after) / 2.0;
    let r5 = rate / raw;
    rows.push(row(
        format!(
            "5. commands from {} clients on {} cases",
            args.writers, args.writers
        ),
        format!(
            "{rate:.0}/s: **{r5:.3}× the raw SQLite loop** ({raw_before:.0}/s before, \
             {raw_after:.0}/s after)"
        ),
        "≥ 0.5× raw SQLite",
        Some(r5 >= 0.5),
    ));

    // 6: the case list at each size, bulk-loaded through the store while the server runs.
    starting("6");
    let mut lists: Vec<ListFigures> = Vec::new();
    let mut loaded = 0;
    for &n in list_cases {
        let start = std::time::Instant::now();
        seed::bulk_cases(&store, n.saturating_sub(loaded))?;
        eprintln!("    {name}: {n} cases loaded in {:.0?}", start.elapsed());
        loaded = n;
        let budget = Duration::from_secs(20);
        let l = figures::list(
            addr,
            &s.coordinator_token,
            n,
            budget,
            Duration::from_secs(120),
        )?;
        let deep = l
            .deep
            .map_or("no deep page (no `next_cursor`)".into(), |(p, d, k)| {
                format!("page {p}: p99 {} ms ({k} requests)", ms(d))
            });
        rows.push(row(
            format!("6. `GET /cases` at {n} cases (+ the demo's), coordinator"),
            format!(
                "{}; first page {} bytes, p99 {} ms ({} requests); {deep}",
                l.shape,
                l.first_bytes,
                ms(l.first_p99),
                l.first_samples
            ),
            "",
            None,
        ));
        lists.push(l);
    }
    if let [small, .., large] = lists.as_slice() {
        let r = large.first_p99.as_secs_f64() / small.first_p99.as_secs_f64();
        let deep = match (small.deep, large.deep) {
            (Some(a), Some(b)) => {
                let d = b.1.as_secs_f64() / a.1.as_secs_f64();
                (format!(", deep page **{d:.2}×**"), d <= 2.0)
            }
            _ => (", deep page not measurable (unpaged)".into(), false),
        };
        rows.push(row(
            format!("6. case list p99, {} vs {} cases", large.cases, small.cases),
            format!("first page **{r:.2}×**{}", deep.0),
            "paged; first and deep page ≤ 2×",
            Some(r <= 2.0 && deep.1),
        ));
    }
    drop(server);

    let mut out = format!(
        "\n### {name}\n\n| figure | measured | target | verdict |\n| --- | --- | --- | --- |\n"
    );
    for r in rows {
        let v = r.met.map_or("", verdict);
        out += &format!("| {} | {} | {} | {v} |\n", r.what, r.measured, r.target);
    }
    Ok(out)
}
