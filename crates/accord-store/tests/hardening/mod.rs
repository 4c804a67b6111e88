//! The store's part of closing side channels and silent access (run on both backends by
//! `conformance.rs`): the shared list row, the access log, signing out everywhere, and
//! idempotency keys bound to their request.

use super::{Writer, at, text, user};
use accord_core::case::Audience;
use accord_core::case::Command;
use accord_core::ids::NoteId;
use accord_store::{Idempotency, Store};

fn private_note(body: &str) -> Command {
    Command::AddNote {
        note: NoteId::new_v7(),
        text: text(body),
        audience: Audience::MediatorOnly,
        about_session: None,
    }
}

pub fn the_index_keeps_when_something_shared_last_happened(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Shared and private");
    let id = w.id;
    let row = |store: &Store| {
        store
            .case_index()
            .unwrap()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap()
    };
    let opened = row(store);
    std::thread::sleep(std::time::Duration::from_millis(5));
    w.write(store, private_note("only the mediator")).unwrap();
    let after = row(store);
    assert!(
        after.last_activity > opened.last_activity,
        "the full row moves"
    );
    assert_eq!(
        after.shared().last_activity,
        opened.last_activity,
        "the shared row does not move for a private write"
    );
}

pub fn the_sensitive_reads_log_is_append_only_and_pages_by_instant(store: &Store) {
    let log = |user: &str, records: &[&str], at: &str| {
        let records: Vec<String> = records.iter().map(|r| r.to_string()).collect();
        store
            .log_sensitive_reads("case-1", user, &records, "case view (API)", at)
            .unwrap();
    };
    log("u1", &["note:a", "note:b"], "2026-12-07T09:00:00Z");
    log("u2", &["note:a"], "2026-12-07T09:05:00Z");
    log("u1", &["debrief:s:mediator"], "2026-12-07T09:10:00Z");
    store
        .log_sensitive_reads(
            "case-2",
            "u1",
            &["note:z".into()],
            "export",
            "2026-12-07T09:20:00Z",
        )
        .unwrap();
    let all = store.sensitive_reads("case-1", None, 100).unwrap();
    let seen: Vec<_> = all
        .iter()
        .map(|r| (r.user_id.as_str(), r.record.as_str(), r.read_at.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("u1", "debrief:s:mediator", "2026-12-07T09:10:00Z"),
            ("u2", "note:a", "2026-12-07T09:05:00Z"),
            ("u1", "note:b", "2026-12-07T09:00:00Z"),
            ("u1", "note:a", "2026-12-07T09:00:00Z"),
        ]
    );
    // A page of two ends at 09:05; the next, before it, holds both entries of 09:00 even
    // when asked for one: a page never splits an instant.
    let first = store.sensitive_reads("case-1", None, 2).unwrap();
    assert_eq!(first.len(), 2);
    let next = store
        .sensitive_reads("case-1", Some(&first[1].read_at), 1)
        .unwrap();
    assert_eq!(next.len(), 2, "{next:?}");
    assert!(next.iter().all(|r| r.read_at == "2026-12-07T09:00:00Z"));
    // Nobody changes or removes an entry, not even with the database's own credentials.
    for sql in [
        "UPDATE sensitive_reads SET user_id = 'someone-else'",
        "DELETE FROM sensitive_reads WHERE user_id = 'u2'",
    ] {
        let refused = super::try_sql(store, sql).unwrap_err();
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
    assert_eq!(store.sensitive_reads("case-1", None, 100).unwrap(), all);
}

pub fn the_access_log_keeps_each_first_read(store: &Store) {
    assert!(
        store
            .note_read("case-1", "u1", "2026-11-23T10:00:00Z")
            .unwrap()
    );
    assert!(
        !store
            .note_read("case-1", "u1", "2026-11-23T11:00:00Z")
            .unwrap()
    );
    assert!(
        store
            .note_read("case-1", "u2", "2026-11-23T09:00:00Z")
            .unwrap()
    );
    let reads = store.first_reads("case-1").unwrap();
    let seen: Vec<_> = reads
        .iter()
        .map(|r| (r.user_id.as_str(), r.first_read_at.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("u2", "2026-11-23T09:00:00Z"),
            ("u1", "2026-11-23T10:00:00Z")
        ]
    );
    assert!(store.first_reads("case-2").unwrap().is_empty());
}

pub fn signing_out_everywhere_ends_every_credential(store: &Store) {
    let (u, other) = (user("all@example.org"), user("other@example.org"));
    store.insert_user(&u).unwrap();
    store.insert_user(&other).unwrap();
    let (t0, later) = ("2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z");
    store.insert_login_session("s1", &u.id, t0, later).unwrap();
    store
        .insert_api_token("t1", "th1", &u.id, "script", t0)
        .unwrap();
    store
        .insert_calendar_feed("f1", "fh1", &u.id, "phone", t0)
        .unwrap();
    store.insert_sign_in_link("lh1", &u.id, later).unwrap();
    store
        .insert_api_token("t2", "th2", &other.id, "theirs", t0)
        .unwrap();
    assert_eq!(store.revoke_all_credentials(&u.id, t0).unwrap(), 1);
    let now = "2026-11-23T10:30:00Z";
    assert!(store.user_for_session("s1", &at(now)).unwrap().is_none());
    assert!(store.user_for_api_token("th1").unwrap().is_none());
    assert!(store.user_for_calendar_feed("fh1").unwrap().is_none());
    assert!(store.redeem_sign_in_link("lh1", now).unwrap().is_none());
    assert!(
        store.user_for_api_token("th2").unwrap().is_some(),
        "another account's token is untouched"
    );
}

pub fn an_idempotency_key_is_bound_to_its_request(store: &Store) {
    let now = "2026-11-23T10:00:00Z";
    let Idempotency::Proceed { attempt } = store.begin_idempotent("u", "k", "body-1", now).unwrap()
    else {
        panic!("a new key proceeds")
    };
    assert_eq!(
        store.begin_idempotent("u", "k", "body-2", now).unwrap(),
        Idempotency::OtherRequest,
        "in flight, another body"
    );
    store
        .finish_idempotent("u", "k", &attempt, 201, "{}")
        .unwrap();
    assert_eq!(
        store.begin_idempotent("u", "k", "body-2", now).unwrap(),
        Idempotency::OtherRequest,
        "answered, another body"
    );
    assert_eq!(
        store.begin_idempotent("u", "k", "body-1", now).unwrap(),
        Idempotency::Replay {
            status: 201,
            body: "{}".into()
        }
    );
}
