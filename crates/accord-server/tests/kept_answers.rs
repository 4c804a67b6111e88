//! A node keeps the answer it rendered for a viewer until the case moves
//! (`Folded::rendered`). Told through two nodes on one database: a kept answer never hides the
//! other node's write, never shows a private one, and is never sent once the credential or the
//! membership it was sent under has ended on the other node.

mod common;

use accord_core::case::{Audience, Command};
use accord_core::ids::NoteId;
use accord_server::http::{Api, Config};
use accord_server::workbench::Workbench;
use axum::http::{Method, StatusCode};
use common::*;

/// A second node on the same database, with its own caches.
fn other_node(w: &World) -> World {
    let wb = Workbench::new(w.wb.cases.store().clone());
    World {
        api: Api::new(
            wb.clone(),
            Config::default(),
            accord_server::mail::Mailer::log_only(),
        ),
        wb,
        _dir: tempfile::tempdir().unwrap(),
        case: w.case,
        mediator: w.mediator.clone(),
        party_a: w.party_a,
        party_b: w.party_b,
    }
}

async fn show(node: &World, cookie: &str) -> Answer {
    let path = format!("/cases/{}", node.case);
    node.call(Method::GET, &path, Some(cookie), &[], None).await
}

fn note(text_: &str, audience: Audience) -> Command {
    Command::AddNote {
        note: NoteId::new_v7(),
        text: text(text_),
        audience,
        about_session: None,
    }
}

#[tokio::test]
async fn a_kept_answer_follows_the_other_nodes_writes_credentials_and_memberships() {
    let w = World::new();
    let other = other_node(&w);
    let a = w.join(w.party_a, "amira@h.example").await;
    let b = w.join(w.party_b, "ben@h.example").await;
    let first = show(&w, &a).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.json);
    assert_eq!(show(&w, &a).await.json, first.json, "read again, unchanged");
    assert_eq!(show(&w, &b).await.status, StatusCode::OK);

    other.mediate(note("Written through the other node", Audience::Everyone));
    let after = show(&w, &a).await;
    let version = first.json["version"].as_u64().unwrap();
    assert_eq!(after.json["version"].as_u64(), Some(version + 1));
    assert!(
        after
            .json
            .to_string()
            .contains("Written through the other node"),
        "the other node's write is in the next answer"
    );
    assert_eq!(after.headers["etag"], format!("\"{}\"", version + 1));

    other.mediate(note("For the mediator alone", Audience::MediatorOnly));
    let again = show(&w, &a).await;
    assert_eq!(
        again.json, after.json,
        "a private write changes nothing A sees"
    );
    assert!(!again.json.to_string().contains("For the mediator alone"));

    let ben = other.wb.accounts.user_for_session(&b).unwrap().unwrap();
    other
        .wb
        .remove_member(&w.mediator, w.case, &ben.id)
        .unwrap();
    assert_eq!(
        show(&w, &b).await.status,
        StatusCode::NOT_FOUND,
        "removed on the other node: not found here at once"
    );

    let amira = other.wb.accounts.user_for_session(&a).unwrap().unwrap();
    other.wb.accounts.end_all_sessions(&amira).unwrap();
    assert_eq!(
        show(&w, &a).await.status,
        StatusCode::UNAUTHORIZED,
        "signed out everywhere on the other node: refused here at once"
    );
}
