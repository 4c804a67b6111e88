//! The review's findings on authority, side channels and account takeover, each told as what
//! a person (or an attacker) sees through the API: the router is called as a client would.

use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Role};
use accord_core::case::{Audience, Command};
use accord_core::ids::{CaseId, IssueId, NoteId, ParticipantId};
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

const PASSWORD: &str = "a-long-enough-password";

fn text(s: &str) -> Text {
    Text::paragraph("text", s, 20_000).unwrap()
}

fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(PASSWORD).unwrap())
        .clone()
}

struct World {
    api: Api,
    wb: Workbench,
    _dir: tempfile::TempDir,
    case: CaseId,
    mediator: User,
    party_a: ParticipantId,
    party_b: ParticipantId,
}

/// What one request answered.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accord.db");
        let store = Store::open(&DatabaseUrl::Sqlite { path }, Create::IfMissing).unwrap();
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

    fn mediate(&self, cmd: Command) {
        let seen = self.wb.show(&self.mediator, self.case).unwrap().version;
        self.wb
            .run(&self.mediator, self.case, cmd, Some(seen))
            .unwrap();
    }

    async fn call(
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

    async fn sign_in(&self, email: &str) -> String {
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
    fn invite(&self, participant: ParticipantId, email: &str) -> String {
        self.wb
            .invite(&self.mediator, self.case, participant, email)
            .unwrap()
            .token
    }

    /// A party joins through a fresh invitation; returns its session cookie.
    async fn join(&self, participant: ParticipantId, email: &str) -> String {
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

    async fn version(&self, cookie: &str) -> u64 {
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

    async fn note(&self, cookie: &str, body: &str, audience: Value) -> Answer {
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

fn session_of(a: &Answer) -> String {
    let cookie = a.headers["set-cookie"].to_str().unwrap();
    let value = cookie.split(';').next().unwrap();
    value.trim_start_matches("accord_session=").to_owned()
}

fn private_to(party: ParticipantId) -> Value {
    json!({"kind": "party-and-mediator", "party": party})
}

// ---- 1. account takeover through an invitation ---------------------------------------------

#[tokio::test]
async fn an_invitation_to_an_existing_account_never_checks_a_password() {
    let w = World::new();
    // A mediator invites the admin's e-mail and tries passwords with the token.
    let token = w.invite(w.party_b, "ada@h.example");
    for guess in ["wrong-password-1", PASSWORD] {
        let a = w
            .call(
                Method::POST,
                "/invitations/accept",
                None,
                &[],
                Some(json!({"token": token, "password": guess})),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.json);
        assert_eq!(a.json["error"], "sign-in-first");
        assert!(
            !a.headers.contains_key("set-cookie"),
            "no session, even for the right password"
        );
    }
    // The admin, signed in, accepts the same (unused) invitation.
    let admin = w.sign_in("ada@h.example").await;
    let a = w
        .call(
            Method::POST,
            "/invitations/accept",
            Some(&admin),
            &[],
            Some(json!({"token": token})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(a.json["user"]["email"], "ada@h.example");
    // Signed in as someone else, another's invitation is refused.
    let token = w.invite(w.party_a, "someone@h.example");
    let a = w
        .call(
            Method::POST,
            "/invitations/accept",
            Some(&admin),
            &[],
            Some(json!({"token": token, "password": PASSWORD})),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

// ---- 2. no silent access --------------------------------------------------------------------

#[tokio::test]
async fn every_change_of_access_is_in_the_case_and_first_reads_are_logged() {
    let w = World::new();
    let b = w.join(w.party_b, "ben@h.example").await;
    // The admin makes a mediator account and assigns it to the case.
    let admin = w.sign_in("ada@h.example").await;
    let made = w
        .call(
            Method::POST,
            "/users",
            Some(&admin),
            &[],
            Some(json!({"email": "mole@h.example", "name": "Moe Mole", "role": "mediator", "password": PASSWORD})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let case = w.case;
    let assigned = w
        .call(
            Method::POST,
            &format!("/cases/{case}/mediators"),
            Some(&admin),
            &[],
            Some(json!({"email": "mole@h.example"})),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::NO_CONTENT);
    // Ben, a party, sees who was given access, by whom.
    let seen = w
        .call(Method::GET, &format!("/cases/{case}"), Some(&b), &[], None)
        .await;
    let access = seen.json["view"]["case"]["access"].as_array().unwrap();
    let names: Vec<_> = access
        .iter()
        .map(|r| {
            format!(
                "{} {} by {} ({})",
                r["name"].as_str().unwrap(),
                r["access"]["kind"].as_str().unwrap(),
                r["by_name"].as_str().unwrap(),
                r["by"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "maya mediator by maya (opening)",
            "Ben Brown participant by maya (invitation)",
            "Moe Mole mediator by ada (admin)",
        ]
    );
    assert!(
        !seen.json.to_string().contains("mole@h.example"),
        "no e-mails"
    );
    // The new mediator reads; the case's mediators see when.
    let mole = w.sign_in("mole@h.example").await;
    let maya = w.sign_in("maya@h.example").await;
    let members = |cookie: String| {
        let w = &w;
        async move {
            w.call(
                Method::GET,
                &format!("/cases/{case}/members"),
                Some(&cookie),
                &[],
                None,
            )
            .await
            .json
        }
    };
    let read_by = |m: &Value, name: &str| {
        m.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["first_read_at"]
            .clone()
    };
    assert!(read_by(&members(maya.clone()).await, "Moe Mole").is_null());
    w.call(
        Method::GET,
        &format!("/cases/{case}"),
        Some(&mole),
        &[],
        None,
    )
    .await;
    assert!(read_by(&members(maya).await, "Moe Mole").is_string());
}

// ---- 3. signing out everywhere ---------------------------------------------------------------

#[tokio::test]
async fn signing_out_everywhere_revokes_tokens_and_calendar_feeds() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let token = w
        .call(
            Method::POST,
            "/tokens",
            Some(&maya),
            &[],
            Some(json!({"name": "script"})),
        )
        .await
        .json["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed = w
        .call(
            Method::POST,
            "/calendar-feeds",
            Some(&maya),
            &[],
            Some(json!({"name": "phone"})),
        )
        .await
        .json["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed_path = feed.split("/calendar/").nth(1).unwrap().to_owned();
    let bearer = format!("Bearer {token}");
    let me = |auth: String| {
        let w = &w;
        async move {
            w.call(Method::GET, "/me", None, &[("authorization", &auth)], None)
                .await
                .status
        }
    };
    assert_eq!(me(bearer.clone()).await, StatusCode::OK);
    let ended = w
        .call(Method::DELETE, "/sessions", Some(&maya), &[], None)
        .await;
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(
        me(bearer).await,
        StatusCode::UNAUTHORIZED,
        "the API token is revoked"
    );
    let req = Request::builder()
        .uri(format!("/calendar/{feed_path}"))
        .body(Body::empty())
        .unwrap();
    let feed = http::router(w.api.clone()).oneshot(req).await.unwrap();
    assert_eq!(
        feed.status(),
        StatusCode::NOT_FOUND,
        "the feed URL is revoked"
    );
    // A password reset does the same.
    let maya = w.sign_in("maya@h.example").await;
    w.wb.accounts
        .reset_password("maya@h.example", "another-long-password")
        .unwrap();
    assert_eq!(
        w.call(Method::GET, "/me", Some(&maya), &[], None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

// ---- 4 and 5. the list and the version say nothing of private writes ------------------------

#[tokio::test]
async fn another_partys_private_write_moves_neither_the_list_nor_the_version() {
    let w = World::new();
    let a = w.join(w.party_a, "amira@h.example").await;
    let b = w.join(w.party_b, "ben@h.example").await;
    let cora = w.sign_in("cora@h.example").await;
    let list = |cookie: String| {
        let w = &w;
        async move {
            // The whole first page: its rows, its cursor and its counts.
            w.call(Method::GET, "/cases", Some(&cookie), &[], None)
                .await
                .json
        }
    };
    let (b_row, cora_row, b_version) = (
        list(b.clone()).await,
        list(cora.clone()).await,
        w.version(&b).await,
    );
    std::thread::sleep(std::time::Duration::from_millis(5));
    let wrote = w
        .note(&a, "A-private: I could accept 9k", private_to(w.party_a))
        .await;
    assert_eq!(wrote.status, StatusCode::CREATED, "{}", wrote.json);
    w.mediate(Command::AddNote {
        note: NoteId::new_v7(),
        text: text("mediator only"),
        audience: Audience::MediatorOnly,
        about_session: None,
    });
    assert_eq!(list(b.clone()).await, b_row, "B's list row did not move");
    assert_eq!(list(cora).await, cora_row, "nor the coordinator's");
    assert_eq!(w.version(&b).await, b_version, "B's version did not move");
    // B's own write moves B's version by exactly one.
    let own = w.note(&b, "B-private", private_to(w.party_b)).await;
    assert_eq!(own.json["version"].as_u64(), Some(b_version + 1));
    // A stale write answers with B's version, not the store's count.
    let case = w.case;
    let stale = w
        .call(
            Method::POST,
            &format!("/cases/{case}/notes"),
            Some(&b),
            &[("if-match", &format!("\"{b_version}\""))],
            Some(json!({"text": "again", "audience": {"kind": "everyone"}})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json["current"].as_u64(), Some(b_version + 1));
    // The mediator's own list row does move.
    let maya = w.sign_in("maya@h.example").await;
    assert!(list(maya).await["items"][0]["last_activity"] != b_row["items"][0]["last_activity"]);
}

// ---- 9. a command that replaces state names its version --------------------------------------

#[tokio::test]
async fn a_command_that_replaces_state_needs_a_version() {
    let w = World::new();
    let issue = IssueId::new_v7();
    w.mediate(Command::AddIssue {
        issue,
        title: text("Summer holidays"),
        description: None,
    });
    let maya = w.sign_in("maya@h.example").await;
    let case = w.case;
    let path = format!("/cases/{case}/issues/{issue}/state");
    let body = json!({"state": "agreed-final", "reason": "Agreed in session"});
    let without = w
        .call(Method::POST, &path, Some(&maya), &[], Some(body.clone()))
        .await;
    assert_eq!(
        without.status,
        StatusCode::PRECONDITION_REQUIRED,
        "{}",
        without.json
    );
    assert_eq!(without.json["field"], "If-Match");
    let v = w.version(&maya).await;
    let with = w
        .call(
            Method::POST,
            &path,
            Some(&maya),
            &[("if-match", &format!("\"{v}\""))],
            Some(body),
        )
        .await;
    assert_eq!(with.status, StatusCode::OK, "{}", with.json);
    // An additive command may go without.
    let added = w
        .call(
            Method::POST,
            &format!("/cases/{case}/issues"),
            Some(&maya),
            &[],
            Some(json!({"title": "School runs"})),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);
}

// ---- 10. idempotency keys -------------------------------------------------------------------

#[tokio::test]
async fn an_idempotency_key_is_bound_to_its_request_and_secrets_are_never_stored() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let case = w.case;
    let path = format!("/cases/{case}/issues");
    let key = [("idempotency-key", "add-issue-1")];
    let first = w
        .call(
            Method::POST,
            &path,
            Some(&maya),
            &key,
            Some(json!({"title": "Holidays"})),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let replay = w
        .call(
            Method::POST,
            &path,
            Some(&maya),
            &key,
            Some(json!({"title": "Holidays"})),
        )
        .await;
    assert_eq!(replay.json, first.json);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    let other = w
        .call(
            Method::POST,
            &path,
            Some(&maya),
            &key,
            Some(json!({"title": "Another"})),
        )
        .await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.json
    );
    assert_eq!(other.json["error"], "idempotency-key-reused");
    // Routes that answer with a secret, or sign in or out, refuse the header.
    for (method, route, body) in [
        (Method::POST, "/tokens", Some(json!({"name": "script"}))),
        (Method::DELETE, "/session", None),
    ] {
        let a = w.call(method, route, Some(&maya), &key, body).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{route}: {}", a.json);
        assert_eq!(a.json["field"], "Idempotency-Key");
    }
    assert_eq!(
        w.call(Method::GET, "/me", Some(&maya), &[], None)
            .await
            .status,
        StatusCode::OK,
        "a refused sign-out changed nothing"
    );
    assert_eq!(
        w.call(Method::DELETE, "/session", Some(&maya), &[], None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        w.call(Method::GET, "/me", Some(&maya), &[], None)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "signing out signs out"
    );
}

// ---- 15. query strings ----------------------------------------------------------------------

#[tokio::test]
async fn an_unknown_query_value_is_refused_naming_its_parameter() {
    let w = World::new();
    let maya = w.sign_in("maya@h.example").await;
    let case = w.case;
    for (query, field) in [
        ("format=weird", "format"),
        ("fromat=markdown", "fromat"),
        ("format=markdown&format=json", "query"),
    ] {
        let a = w
            .call(
                Method::GET,
                &format!("/cases/{case}/memorandum?{query}"),
                Some(&maya),
                &[],
                None,
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{query}: {}", a.json);
        assert_eq!(a.json["error"], "invalid", "{query}: JSON error shape");
        assert_eq!(a.json["field"], field, "{query}");
    }
    let md = w
        .call(
            Method::GET,
            &format!("/cases/{case}/memorandum?format=markdown"),
            Some(&maya),
            &[],
            None,
        )
        .await;
    assert_eq!(md.status, StatusCode::OK);
}
