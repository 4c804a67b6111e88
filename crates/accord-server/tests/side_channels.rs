//! The review's findings on side channels and lost updates, told through the API: the list
//! and versions say nothing of private writes; commands that replace state name a version;
//! idempotency keys are bound to their request; query strings are checked.

mod common;

use accord_core::case::{Audience, Command};
use accord_core::ids::{IssueId, NoteId};
use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

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
            w.call(Method::GET, "/cases", Some(&cookie), &[], None)
                .await
                // The whole first page: its rows, its cursor and its counts.
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
