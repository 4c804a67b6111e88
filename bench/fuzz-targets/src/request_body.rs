//! Any body sent to any route of the API, as the case's mediator. The input's first line
//! names the route as the API description does ("POST /cases/{case}/issues"); the rest is
//! the body, where `@CASE`, `@A`, `@B`, `@ISSUE` and `@SESSION` stand for the ids of the
//! fuzzing world's case, parties, issue and session. Whatever the body, the answer is
//! never a 5xx and always a status the route's API description lists.

use accord_core::case::Command;
use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Role, SessionFormat};
use accord_core::ids::{CaseId, IssueId, ParticipantId, SessionId};
use accord_core::text::Text;
use accord_core::time_zone::TimeZoneName;
use accord_server::accounts::AccountRole;
use accord_server::http::{self, Api, Config};
use accord_server::mail::Mailer;
use accord_server::workbench::Workbench;
use axum::body::Body;
use axum::http::{Method, Request};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tower::ServiceExt;

const PASSWORD: &str = "a-long-enough-password";

struct World {
    _dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    cookie: String,
    /// Placeholder → id.
    ids: Vec<(&'static str, String)>,
    /// "METHOD /template" → the statuses its description lists.
    routes: BTreeMap<String, Vec<u16>>,
}

/// Every route of the API with the statuses its description lists.
pub fn routes() -> BTreeMap<String, Vec<u16>> {
    let doc = serde_json::to_value(http::openapi()).expect("the description serialises");
    let mut routes = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            let statuses = operation["responses"]
                .as_object()
                .map(|r| r.keys().filter_map(|k| k.parse().ok()).collect())
                .unwrap_or_default();
            routes.insert(format!("{} {path}", method.to_uppercase()), statuses);
        }
    }
    routes
}

fn text(s: &str) -> Text {
    Text::line("text", s, 200).expect("a fixture's text")
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let (store, dir) = crate::scratch_store();
        let wb = Workbench::new(store);
        let mediator = wb
            .accounts
            .create_user("maya@fuzz.example", "Maya", AccountRole::Mediator, PASSWORD)
            .expect("a mediator");
        let case = CaseId::new_v7();
        wb.open(
            &mediator,
            Command::OpenCase {
                case,
                title: text("Ahmed & Brown"),
                dispute_type: DisputeType::ChildArrangements,
                jurisdiction: Jurisdiction::EnglandWales,
                time_zone: TimeZoneName::parse("Europe/London").expect("a zone"),
                court_ordered: false,
                contract_clause: None,
                court_reference: None,
            },
        )
        .expect("a case");
        let (a, b) = (ParticipantId::new_v7(), ParticipantId::new_v7());
        let (issue, session) = (IssueId::new_v7(), SessionId::new_v7());
        let mut commands = vec![];
        for (id, name) in [(a, "Amira Ahmed"), (b, "Ben Brown")] {
            commands.push(Command::AddParticipant {
                participant: id,
                name: text(name),
                role: Role::Party,
                acting_for: None,
                authority_to_settle: true,
            });
        }
        commands.push(Command::AddIssue {
            issue,
            title: text("Weekends"),
            description: None,
        });
        commands.push(Command::ScheduleSession {
            session,
            starts_at: "2027-01-10T10:00:00Z".parse().expect("a time"),
            format: SessionFormat::Joint,
            agenda: vec![issue],
            override_reason: None,
        });
        for command in commands {
            wb.run(&mediator, case, command, None).expect("the fixture");
        }
        let api = Api::new(wb, Config::default(), Mailer::log_only());
        let router = http::router(api);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let body = format!(r#"{{"email":"maya@fuzz.example","password":"{PASSWORD}"}}"#);
        let (status, headers, _) = runtime.block_on(send(&router, "POST", "/session", None, body));
        assert_eq!(status, 200, "the fuzzing world's mediator signs in");
        let cookie = headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("accord_session="))
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_owned();
        World {
            _dir: dir,
            runtime,
            router,
            cookie,
            ids: vec![
                ("@CASE", case.to_string()),
                ("@ISSUE", issue.to_string()),
                ("@SESSION", session.to_string()),
                ("@A", a.to_string()),
                ("@B", b.to_string()),
            ],
            routes: routes(),
        }
    })
}

async fn send(
    router: &axum::Router,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: String,
) -> (u16, axum::http::HeaderMap, String) {
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("a method"))
        .uri(format!("/api/v1{path}"))
        .header("content-type", "application/json");
    if let Some(c) = cookie {
        request = request.header("cookie", format!("accord_session={c}"));
    }
    let request = request.body(Body::from(body)).expect("a request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), 16 << 20)
        .await
        .expect("the body");
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

pub fn request_body(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (route, body) = text.split_once('\n').unwrap_or((text, ""));
    let world = world();
    let Some(documented) = world.routes.get(route.trim_end()) else {
        return; // not a route: nothing to send
    };
    let (method, template) = route.trim_end().split_once(' ').expect("METHOD /path");
    let mut path = template
        .replace("{case}", &world.ids[0].1)
        .replace("{issue}", &world.ids[1].1)
        .replace("{session}", &world.ids[2].1)
        .replace("{calendar}", "england-wales")
        .replace("{year}", "2026");
    for param in ["{version}", "{check}", "{proposal}"] {
        path = path.replace(param, "1");
    }
    for param in ["{deadline}", "{user}", "{token}", "{feed}"] {
        path = path.replace(param, &uuid_like());
    }
    let mut body = body.to_owned();
    for (placeholder, id) in &world.ids {
        body = body.replace(placeholder, id);
    }
    let (status, _, answer) = world.runtime.block_on(send(
        &world.router,
        method,
        &path,
        Some(&world.cookie),
        body.clone(),
    ));
    assert!(
        status < 500,
        "{route} answered {status} to {body:?}: {answer}"
    );
    assert!(
        documented.contains(&status),
        "{route} answered {status}, which its description does not list ({documented:?}), to {body:?}: {answer}"
    );
}

fn uuid_like() -> String {
    accord_core::ids::CaseId::new_v7().to_string()
}
