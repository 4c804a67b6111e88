//! The store's part of an erasure (run on both backends by `conformance.rs`): the redacted
//! payloads are put in place in the erasure's own transaction, or nothing is written; an
//! erased account keeps its id and nothing that can reach or act for it.

use super::{Writer, at, note, text, user};
use accord_core::case::erasure;
use accord_core::case::vocabulary::Role;
use accord_core::case::{Actor, CaseMetadata, Command, Recorded};
use accord_core::chain::{self, Head};
use accord_core::ids::ParticipantId;
use accord_store::read_models::Derived;
use accord_store::{Store, StoreError};

pub fn an_erasure_puts_its_redactions_in_place_with_its_events_or_writes_nothing(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Ahmed and Brown");
    let amira = ParticipantId::new_v7();
    w.write(
        store,
        Command::AddParticipant {
            participant: amira,
            name: text("Amira Ahmed"),
            role: Role::Party,
            acting_for: None,
            authority_to_settle: true,
        },
    )
    .unwrap();
    w.write(store, note("Amira will call on Monday")).unwrap();
    let history: Vec<Recorded> = store
        .events(w.id)
        .unwrap()
        .iter()
        .map(|r| Recorded::from_raw(r).unwrap())
        .collect();
    let plan = erasure::plan(&w.state, &history, amira, vec![], text("Art. 17")).unwrap();
    assert_eq!(plan.rewritten.len(), 3, "title, name, note");
    let head = w.state.head.unwrap_or(Head::EMPTY);
    let sealed = chain::seal(
        w.id,
        head,
        plan.events,
        &Actor::System,
        jiff::Timestamp::now(),
    );
    let raws: Vec<_> = sealed.iter().map(Recorded::to_raw).collect();
    let mut rewritten: Vec<_> = plan.rewritten.iter().map(Recorded::to_raw).collect();
    let after = sealed.iter().fold(
        accord_core::case::Case::fold(&plan.rewritten),
        accord_core::case::evolve,
    );
    let meta = CaseMetadata::of(&after).unwrap();

    // One rewrite that does not match what is stored: refused, and nothing written.
    let stored_digest = rewritten[2].payload_digest.clone();
    rewritten[2].payload_digest = "0".repeat(64);
    let refused =
        store.append_erasing(head.seq, &raws, &meta, &Derived::default(), &rewritten, &[]);
    assert!(
        matches!(refused, Err(StoreError::Integrity(_))),
        "{refused:?}"
    );
    let unchanged = store.events(w.id).unwrap();
    assert_eq!(unchanged.len() as u64, head.seq);
    assert!(unchanged[2].payload.contains("Amira will call"));

    rewritten[2].payload_digest = stored_digest;
    store
        .append_erasing(head.seq, &raws, &meta, &Derived::default(), &rewritten, &[])
        .unwrap();
    let stored = store.events(w.id).unwrap();
    assert_eq!(stored.len() as u64, head.seq + 1);
    assert!(stored.iter().all(|r| !r.payload.contains("Amira")));
    assert!(stored[2].payload.contains("[erased] will call on Monday"));
    chain::verify_chain(&stored).unwrap();
    let listed = store.case_index().unwrap();
    assert_eq!(listed[0].title, "[erased] and Brown");
}

pub fn an_erased_account_keeps_its_id_and_nothing_that_reaches_it(store: &Store) {
    let (u, other) = (user("amira@example.org"), user("ben@example.org"));
    store.insert_user(&u).unwrap();
    store.insert_user(&other).unwrap();
    let (mine, theirs) = ("a".repeat(64), "b".repeat(64));
    let later = "2026-11-30T10:00:00Z";
    let now = "2026-11-23T12:00:00Z";
    store
        .insert_login_session(&mine, &u.id, "2026-11-23T10:00:00Z", later)
        .unwrap();
    store
        .insert_login_session(&theirs, &other.id, "2026-11-23T10:00:00Z", later)
        .unwrap();
    store
        .insert_api_token("t1", &"c".repeat(64), &u.id, "script", now)
        .unwrap();

    store.erase_account(&u.id).unwrap();
    assert!(store.user_for_session(&mine, &at(now)).unwrap().is_none());
    assert!(store.user_for_session(&theirs, &at(now)).unwrap().is_some());
    assert!(store.user_by_email("amira@example.org").unwrap().is_none());
    assert!(store.api_tokens_of(&u.id).unwrap().is_empty());
    let row = store.user_by_id(&u.id).unwrap().unwrap();
    assert_eq!(row.name, "[erased]");
    assert_eq!(row.password_hash, None);
    assert_eq!(row.email, accord_store::erasure::erased_email(&u.id));
    assert!(matches!(
        store.erase_account("no-such-account"),
        Err(StoreError::NotFound(_))
    ));
}
