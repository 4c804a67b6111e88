//! The processes a run needs: the release `accord serve`, the bare axum reference page (in
//! this process, on its own runtime), and `wrk`.

use anyhow::{Context, bail};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `accord serve` on `database` and a free loopback port; killed when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub fn start(accord: &Path, database: &str) -> anyhow::Result<Self> {
        let mut child = Command::new(accord)
            .args(["--database", database, "serve", "--listen", "127.0.0.1:0"])
            // The unpaged case list at many cases takes long; let it answer.
            .args(["--request-timeout", "600"])
            .env("ACCORD_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", accord.display()))?;
        let mut lines = std::io::BufReader::new(child.stdout.take().context("server output")?);
        let mut first = String::new();
        lines.read_line(&mut first)?;
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .with_context(|| format!("no URL in accord serve's first line {first:?}"));
        let addr = match url.and_then(|u| {
            Ok(u.trim_start_matches("http://")
                .trim_end_matches('/')
                .parse::<SocketAddr>()?)
        }) {
            Ok(a) => a,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        };
        Ok(Self { child, addr })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A bare axum page, `GET /reference` → a 40-byte JSON object, served from a runtime of its
/// own with as many workers as `accord serve` has (one per core). Stops when dropped.
pub struct Reference {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Reference {
    pub fn start() -> anyhow::Result<Self> {
        use axum::{Json, Router, routing::get};
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let app = Router::new().route(
                    "/reference",
                    get(|| async {
                        Json(serde_json::json!({"status": "ok", "page": "reference"}))
                    }),
                );
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What `wrk --latency` reported.
#[derive(Clone, Copy)]
pub struct Load {
    pub rate: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub requests: u64,
}

/// `wrk` with `connections` connections for `seconds` on `url` (loopback only), 2 threads;
/// fails on socket errors or any answer that is not 2xx/3xx.
pub fn wrk(url: &str, token: Option<&str>, connections: u32, seconds: u64) -> anyhow::Result<Load> {
    if !url.starts_with("http://127.0.0.1:") {
        bail!("wrk is only pointed at loopback, not {url}");
    }
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{connections}"), &format!("-d{seconds}s")])
        .args(["--timeout", "30s", "--latency"]);
    if let Some(t) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {t}")]);
    }
    let out = cmd
        .arg(url)
        .output()
        .context("cannot run wrk (install Debian's wrk: apt-get install -y wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!("wrk failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    }
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        bail!("wrk saw errors on {url}:\n{text}");
    }
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|r| r.trim().to_owned()))
            .with_context(|| format!("no {prefix:?} in wrk's output:\n{text}"))
    };
    Ok(Load {
        rate: field("Requests/sec:")?.parse()?,
        p50: duration(&field("50%")?)?,
        p99: duration(&field("99%")?)?,
        requests: text
            .lines()
            .find(|l| l.contains("requests in"))
            .and_then(|l| l.split_whitespace().next()?.parse().ok())
            .unwrap_or(0),
    })
}

/// wrk's "812.00us", "3.21ms", "1.70s", "1.02m".
fn duration(s: &str) -> anyhow::Result<Duration> {
    let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: f64 = n.parse().with_context(|| format!("wrk duration {s:?}"))?;
    let secs = match unit {
        "us" => n / 1e6,
        "ms" => n / 1e3,
        "s" => n,
        "m" => n * 60.0,
        _ => bail!("wrk duration unit {s:?}"),
    };
    Ok(Duration::from_secs_f64(secs))
}
