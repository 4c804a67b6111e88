//! A world for the API tests: a SQLite store, the router, a mediator's case with two parties,
//! and a client that calls the router as a browser or a script would.
#![allow(dead_code)] // each test file uses part of it

use accord_core::case::Command;
use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Role};
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::Text;
use accord_core::time_zone::TimeZoneName;
use accord_server::accounts::{AccountRole, User, hash_password};
use accord_server::http::{self, Api, Config};
use accord_server::workbench::Workbench;
use accord_store::{Create, DatabaseUrl, Store};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use std::sync::OnceLock;
use tower::ServiceExt;

pub mod pdf;

pub const PASSWORD: &str = "a-long-enough-password";

pub fn text(s: &str) -> Text {
    Text::paragraph("text", s, 20_000).unwrap()
}

pub fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(PASSWORD).unwrap())
        .clone()
}

pub struct World {
    pub api: Api,
    pub wb: Workbench,
    pub _dir: tempfile::TempDir,
    pub case: CaseId,
    pub mediator: User,
    pub party_a: ParticipantId,
    pub party_b: ParticipantId,
}

/// What one request answered.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl World {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        Self::on(&DatabaseUrl::Sqlite { path }, dir)
    }

    /// The same world in the database at `url` (`dir` kept for as long as the world is).
    pub fn on(url: &DatabaseUrl, dir: tempfile::TempDir) -> Self {
        let store = Store::open(url, Create::IfMissing).unwrap();
        let wb = Workbench::new(store);
        let staff = |name: &str, role| {
            wb.accounts
                .create_user_with_hash(&format!("{name}@h.example"), name, role, password_hash())
                .unwrap()
        };
        let mediator = staff("maya", AccountRole::Mediator);
        staff("ada", AccountRole::Admin);
        staff("cora", AccountRole::Coordinator);
        let case = CaseId::new_v7();
        wb.open(
            &mediator,
            Command::OpenCase {
                case,
                title: text("Ahmed & Brown"),
                dispute_type: DisputeType::ChildArrangements,
                jurisdiction: Jurisdiction::EnglandWales,
                time_zone: TimeZoneName::parse("Europe/London").unwrap(),
                court_ordered: false,
                contract_clause: None,
                court_reference: None,
            },
        )
        .unwrap();
        let w = Self {
            api: Api::new(
                wb.clone(),
                Config::default(),
                accord_server::mail::Mailer::log_only(),
            ),
            wb,
            _dir: dir,
            case,
            mediator,
            party_a: ParticipantId::new_v7(),
            party_b: ParticipantId::new_v7(),
        };
        for (id, name) in [(w.party_a, "Amira Ahmed"), (w.party_b, "Ben Brown")] {
            w.mediate(Command::AddParticipant {
                participant: id,
                name: text(name),
                role: Role::Party,
                acting_for: None,
                authority_to_settle: true,
            });
        }
        w
    }

    /// The same world making PDFs (only the document tests link the typesetter).
    pub fn with_documents(mut self) -> Self {
        self.api = self.api.with_documents(accord_documents::typeset);
        self
    }

    pub fn mediate(&self, cmd: Command) {
        let seen = self.wb.show(&self.mediator, self.case).unwrap().version;
        self.wb
            .run(&self.mediator, self.case, cmd, Some(seen))
            .unwrap();
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"));
        if let Some(c) = cookie {
            req = req.header("cookie", format!("accord_session={c}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = match body {
            Some(b) => req
                .header("content-type", "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let response = http::router(self.api.clone()).oneshot(req).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
            .await
            .unwrap();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        Answer {
            status,
            headers,
            json,
        }
    }

    pub async fn sign_in(&self, email: &str) -> String {
        let a = self
            .call(
                Method::POST,
                "/session",
                None,
                &[],
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.json);
        session_of(&a)
    }

    /// Invites `email` as `participant`; returns the token.
    pub fn invite(&self, participant: ParticipantId, email: &str) -> String {
        self.wb
            .invite(&self.mediator, self.case, participant, email)
            .unwrap()
            .token
    }

    /// A party joins through a fresh invitation; returns its session cookie.
    pub async fn join(&self, participant: ParticipantId, email: &str) -> String {
        let token = self.invite(participant, email);
        let a = self
            .call(
                Method::POST,
                "/invitations/accept",
                None,
                &[],
                Some(json!({"token": token, "password": PASSWORD})),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.json);
        session_of(&a)
    }

    pub async fn version(&self, cookie: &str) -> u64 {
        let case = self.case;
        self.call(
            Method::GET,
            &format!("/cases/{case}"),
            Some(cookie),
            &[],
            None,
        )
        .await
        .json["version"]
            .as_u64()
            .unwrap()
    }

    pub async fn note(&self, cookie: &str, body: &str, audience: Value) -> Answer {
        let case = self.case;
        self.call(
            Method::POST,
            &format!("/cases/{case}/notes"),
            Some(cookie),
            &[],
            Some(json!({"text": body, "audience": audience})),
        )
        .await
    }
}

pub fn session_of(a: &Answer) -> String {
    let cookie = a.headers["set-cookie"].to_str().unwrap();
    let value = cookie.split(';').next().unwrap();
    value.trim_start_matches("accord_session=").to_owned()
}

pub fn private_to(party: ParticipantId) -> Value {
    json!({"kind": "party-and-mediator", "party": party})
}

/// A page as the browser receives it.
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub html: String,
}

/// A page request (a form POST when `form` is given) through the real router.
pub async fn page(
    w: &World,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Page {
    let mut req = Request::builder().method(method.clone()).uri(path);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("accord_session={c}"));
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = match method {
        Method::POST => req
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(
                form.iter()
                    .map(|(k, v)| format!("{k}={}", urlencode(v)))
                    .collect::<Vec<_>>()
                    .join("&"),
            )),
        _ => req.body(Body::empty()),
    }
    .unwrap();
    let response = accord_server::http::router(w.api.clone())
        .oneshot(req)
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    Page {
        status,
        headers,
        html: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the first hidden input `name` on the page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect(name) + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}
