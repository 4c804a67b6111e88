//! Commands sent as a client sends them: naming the case version its sender last saw.

#![allow(dead_code)] // each test file uses part of it

use reqwest::blocking::{Client, RequestBuilder};
use serde_json::Value;

/// A POST of `body` to `url`; a command on a case carries `If-Match` with the version of that
/// case the client sees now, unless the body names its own `expected_version`.
pub fn post_seen(client: &Client, url: &str, body: &Value) -> RequestBuilder {
    let request = client.post(url).json(body);
    if body.get("expected_version").is_some() {
        return request;
    }
    match version_of_case_in(client, url) {
        Some(version) => request.header("If-Match", format!("\"{version}\"")),
        None => request,
    }
}

fn version_of_case_in(client: &Client, url: &str) -> Option<u64> {
    let (base, rest) = url.split_once("/api/v1/cases/")?;
    let (case, _command) = rest.split_once('/')?;
    let shown: Value = client
        .get(format!("{base}/api/v1/cases/{case}"))
        .send()
        .ok()?
        .json()
        .ok()?;
    shown["version"].as_u64()
}
