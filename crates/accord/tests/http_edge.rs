//! The server's edge end to end, against the real `accord serve`: metrics on their own
//! listener only, security headers, slow clients cut off, request ids safe to log, and a front
//! page that names the server's real address. (The Origin rule and sign-in limits:
//! `http_sign_in.rs`.)

use reqwest::StatusCode;
use reqwest::blocking::Client;
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;
use common::one_mediator::{credentials, json_of, start};

/// A loopback port nobody listens on just now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn metrics_are_served_only_on_their_own_listener_and_name_no_route() {
    let metrics_at = format!("127.0.0.1:{}", free_port());
    let server = start(&["--metrics-listen", &metrics_at]);
    let client = Client::builder().cookie_store(true).build().unwrap();
    let signed_in = client
        .post(server.url("/session"))
        .json(&credentials())
        .send()
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let (status, _) = json_of(
        client
            .post(server.url("/cases"))
            .json(&json!({"title": "T"}))
            .send()
            .unwrap(),
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = json_of(
        client
            .get(format!("{}/metrics", server.base))
            .send()
            .unwrap(),
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not-found"))
    );

    let metrics = client
        .get(format!("http://{metrics_at}/metrics"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        metrics.contains(r#"accord_http_requests_total{method="POST",status="2xx"}"#),
        "{metrics}"
    );
    assert!(metrics.contains(r#"status="4xx""#), "{metrics}");
    for telling in [
        "route=",
        "/api/v1",
        "session",
        "cases",
        r#"status="400""#,
        r#"status="404""#,
    ] {
        assert!(
            !metrics.contains(telling),
            "metrics hold {telling:?}: {metrics}"
        );
    }
    // Without --metrics-listen there are none over HTTP.
    let plain = start(&[]);
    assert_eq!(
        client
            .get(format!("{}/metrics", plain.base))
            .send()
            .unwrap()
            .status(),
        404
    );
}

#[test]
fn pages_and_answers_carry_a_strict_content_security_policy_and_no_hsts_over_http() {
    let server = start(&[]);
    let client = Client::new();
    let page = client.get(format!("{}/", server.base)).send().unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(!page.headers().contains_key("strict-transport-security"));
    // The page's style is a file of this origin, which its policy allows.
    let css = client
        .get(format!("{}/assets/accord.css", server.base))
        .send()
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    for path in ["/api/v1/openapi.json", "/api/v1/me", "/no-such-page"] {
        let r = client.get(format!("{}{path}", server.base)).send().unwrap();
        assert_eq!(
            r.headers()["content-security-policy"],
            "default-src 'none'; frame-ancestors 'none'",
            "{path}"
        );
    }
}

#[test]
fn with_secure_cookies_every_answer_asks_for_https_from_now_on() {
    let server = start(&["--secure-cookies"]);
    for path in ["/", "/healthz", "/api/v1/me"] {
        let r = Client::new()
            .get(format!("{}{path}", server.base))
            .send()
            .unwrap();
        assert_eq!(
            r.headers()["strict-transport-security"],
            "max-age=63072000; includeSubDomains",
            "{path}"
        );
    }
}

/// Reads until the server closes the connection; the time it took, or None after `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> (Option<Duration>, String) {
    let started = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => {
                return (
                    Some(started.elapsed()),
                    String::from_utf8_lossy(&got).into(),
                );
            }
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (
                    Some(started.elapsed()),
                    String::from_utf8_lossy(&got).into(),
                );
            }
            Err(_) => return (None, String::from_utf8_lossy(&got).into()),
        }
        if started.elapsed() > limit {
            return (None, String::from_utf8_lossy(&got).into());
        }
    }
}

#[test]
fn a_client_that_stops_halfway_through_its_headers_is_cut_off_and_the_server_still_stops_cleanly() {
    let server = start(&["--header-timeout", "1"]);
    let address = server.base.trim_start_matches("http://");
    let mut slow = TcpStream::connect(address).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    let (closed, _) = closed_within(&mut slow, Duration::from_secs(6));
    let closed = closed.expect("the connection is closed, not kept open");
    assert!(closed < Duration::from_secs(4), "closed after {closed:?}");
    // A connection that sends nothing is closed too.
    let mut silent = TcpStream::connect(address).unwrap();
    assert!(
        closed_within(&mut silent, Duration::from_secs(6))
            .0
            .is_some()
    );
    // Requests sent in time are answered, and a SIGTERM still ends the server gracefully.
    let ok = Client::new()
        .get(format!("{}/healthz", server.base))
        .send()
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(server.stop(), "graceful shutdown");
}

#[test]
fn a_request_whose_body_never_arrives_is_answered_408_in_the_error_shape() {
    let server = start(&["--request-timeout", "1"]);
    let mut slow = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    slow.write_all(
        b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"email\":",
    )
    .unwrap();
    let started = Instant::now();
    slow.set_read_timeout(Some(Duration::from_secs(6))).unwrap();
    let mut answer = vec![0u8; 8192];
    let n = slow
        .read(&mut answer)
        .expect("an answer within the timeout");
    let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""error":"timeout""#), "{answer}");
    assert!(
        answer.to_lowercase().contains("content-security-policy"),
        "{answer}"
    );
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[test]
fn only_a_well_formed_request_id_is_echoed_and_any_other_is_replaced_by_a_fresh_uuid() {
    let server = start(&[]);
    let client = Client::new();
    let id_for = |sent: &[u8]| {
        let value = reqwest::header::HeaderValue::from_bytes(sent).unwrap();
        let r = client
            .get(format!("{}/healthz", server.base))
            .header("x-request-id", value);
        let r = r.send().unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.headers()["x-request-id"].to_str().unwrap().to_owned()
    };
    assert_eq!(id_for(b"req-42_a.B"), "req-42_a.B");
    let long = "a".repeat(200);
    let forged = r#"x" level=ERROR msg="forged"#;
    let unwelcome: [&[u8]; 6] = [
        b"two words",
        b"tab\there",
        long.as_bytes(),
        forged.as_bytes(),
        "caf\u{e9}".as_bytes(),
        b"a\\nb",
    ];
    for sent in unwelcome {
        let got = id_for(sent);
        assert!(
            is_uuid(&got),
            "{:?} came back as {got:?}",
            String::from_utf8_lossy(sent)
        );
    }
    // A new one each time, and one for a request that sent none.
    assert_ne!(id_for(b"two words"), id_for(b"two words"));
    let minted = client
        .get(format!("{}/healthz", server.base))
        .send()
        .unwrap();
    assert!(is_uuid(minted.headers()["x-request-id"].to_str().unwrap()));
}

#[test]
fn the_front_page_sends_visitors_to_sign_in_and_forms_from_accords_pages_are_not_refused() {
    let server = start(&[]);
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let front = client.get(format!("{}/", server.base)).send().unwrap();
    assert_eq!(front.status(), 303);
    assert_eq!(front.headers()["location"], "/sign-in");
    let page = client
        .get(format!("{}/sign-in", server.base))
        .send()
        .unwrap();
    // Pages name themselves to Accord only, and to no other site.
    assert_eq!(page.headers()["referrer-policy"], "same-origin");
    // A form posted from Accord's own page under a strict referrer policy arrives with
    // `Origin: null`; the browser's own Sec-Fetch-Site says where it came from.
    let post = |site: &str| {
        client
            .post(format!("{}/sign-in", server.base))
            .header("Origin", "null")
            .header("Sec-Fetch-Site", site)
            .form(&[
                ("email", "nobody@example.org"),
                ("password", "wrong-password"),
            ])
            .send()
            .unwrap()
            .status()
    };
    assert_eq!(post("same-origin"), 401, "a wrong password, not a refusal");
    assert_eq!(post("cross-site"), 403);
}
