//! Two servers sharing one database: what one appends, the other's cached history shows.

use accord_core::case::{Actor, Audience, CaseView, Command, Viewer, fold_for, view};
use accord_core::ids::NoteId;
use accord_core::text::Text;
use accord_server::{Cases, demo};
use accord_store::{Create, DatabaseUrl, Store};

#[test]
fn a_cached_history_shows_what_another_server_appended() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite {
        path: dir.path().join("accord.db"),
    };
    let store = Store::open(&url, Create::IfMissing).unwrap();
    let (one, other) = (Cases::new(store.clone()), Cases::new(store));
    let actor = Actor::Operator {
        name: "Morgan Mediator".into(),
    };
    let case = demo::load(&one, &actor, jiff::civil::date(2026, 11, 23)).unwrap()[0];

    let before = one.history(case).unwrap();
    // Every viewer's fold is made now, so that the new event has to advance it.
    let viewers: Vec<Viewer> = [Viewer::Mediator, Viewer::Coordinator]
        .into_iter()
        .chain(
            before
                .state
                .participants
                .iter()
                .filter(|p| p.role != accord_core::case::vocabulary::Role::Mediator)
                .map(|p| Viewer::Participant(p.id)),
        )
        .collect();
    for v in &viewers {
        before.view_fold(*v).unwrap();
    }
    assert_eq!(
        before.len(),
        other.history(case).unwrap().len(),
        "both read the same case"
    );
    let note = Command::AddNote {
        note: NoteId::new_v7(),
        text: Text::line("text", "Written through the other server.", 100).unwrap(),
        audience: Audience::Everyone,
        about_session: None,
    };
    other.execute(case, note, &actor).unwrap();

    let after = one.history(case).unwrap();
    assert_eq!(
        after.len(),
        before.len() + 1,
        "the cached history grew by the new event"
    );
    let fresh = Cases::with_cache(Store::open(&url, Create::IfMissing).unwrap(), 0)
        .history(case)
        .unwrap();
    assert_eq!(
        after[..],
        fresh[..],
        "the extended cache equals a fresh read"
    );
    assert_eq!(after.state, fresh.state, "and so does its state");
    for v in &viewers {
        assert_eq!(
            after.view_fold(*v).unwrap().case,
            fold_for(&fresh, *v).unwrap(),
            "{v:?}'s kept fold equals a fresh fold"
        );
        assert_eq!(
            after.version_for(*v).unwrap(),
            accord_core::case::version_for(&fresh, *v).unwrap()
        );
    }
    let CaseView::Content { case: shown, .. } = view(&after, Viewer::Mediator).unwrap() else {
        panic!("a mediator sees content");
    };
    assert!(
        shown
            .notes
            .iter()
            .any(|n| n.text.as_str() == "Written through the other server.")
    );
}

#[test]
fn a_case_with_no_events_is_not_found_with_or_without_a_cache() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite {
        path: dir.path().join("accord.db"),
    };
    let store = Store::open(&url, Create::IfMissing).unwrap();
    for cases in [
        Cases::new(store.clone()),
        Cases::with_cache(store.clone(), 0),
    ] {
        let missing = accord_core::ids::CaseId::new_v7();
        assert!(cases.history(missing).is_err());
    }
}
