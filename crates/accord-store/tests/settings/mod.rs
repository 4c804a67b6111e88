//! The store's part of the settings page (run on both backends by `conformance.rs`): names,
//! a password change that keeps one session, sessions listed and ended by their id, reminder
//! preferences per account and kind, and one-click unsubscribe tokens.

use super::{at, user};
use accord_store::{SESSION_ID_LEN, Store};

const T0: &str = "2026-11-23T10:00:00Z";
const LATER: &str = "2026-11-24T10:00:00Z";
const NOW: &str = "2026-11-23T12:00:00Z";

/// Whether session `c` still signs its account in at `NOW`.
fn signed_in(store: &Store, c: char) -> bool {
    store
        .user_for_session(&hash(c), &at(NOW))
        .unwrap()
        .is_some()
}

fn hash(c: char) -> String {
    c.to_string().repeat(64)
}

pub fn sessions_are_listed_and_ended_by_their_id_and_a_password_change_keeps_one(store: &Store) {
    let (u, other) = (user("me@example.org"), user("you@example.org"));
    store.insert_user(&u).unwrap();
    store.insert_user(&other).unwrap();
    for h in ['a', 'b', 'c'] {
        store
            .insert_login_session(&hash(h), &u.id, T0, LATER)
            .unwrap();
    }
    store
        .insert_login_session(&hash('d'), &u.id, T0, "2026-11-23T11:00:00Z")
        .unwrap();
    store
        .insert_login_session(&hash('e'), &other.id, T0, LATER)
        .unwrap();
    let listed = store.login_sessions_of(&u.id, NOW).unwrap();
    let ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
    let id = |c: char| c.to_string().repeat(SESSION_ID_LEN);
    assert_eq!(
        ids,
        [id('a'), id('b'), id('c')],
        "expired and others' left out"
    );
    assert_eq!(
        (listed[0].created_at.as_str(), listed[0].expires_at.as_str()),
        (T0, LATER)
    );
    // Another account's session, a prefix too short and an unknown id end nothing.
    assert!(!store.end_login_session_of(&u.id, &id('e')).unwrap());
    assert!(!store.end_login_session_of(&u.id, "a").unwrap());
    assert!(!store.end_login_session_of(&u.id, "").unwrap());
    assert!(signed_in(store, 'e'));
    assert!(store.end_login_session_of(&u.id, &id('b')).unwrap());
    assert!(!signed_in(store, 'b'));
    assert!(signed_in(store, 'a'));
    // A new password ends every session but the one kept.
    store
        .set_password_keeping(&u.id, "$argon2id$new", Some(&hash('c')))
        .unwrap();
    assert!(!signed_in(store, 'a'));
    assert!(signed_in(store, 'c'));
    assert!(signed_in(store, 'e'));
    let row = store.user_by_id(&u.id).unwrap().unwrap();
    assert_eq!(row.password_hash.as_deref(), Some("$argon2id$new"));
    assert!(store.set_user_name(&u.id, "Maya P.").unwrap());
    assert_eq!(store.user_by_id(&u.id).unwrap().unwrap().name, "Maya P.");
    assert!(!store.set_user_name("no-such-user", "x").unwrap());
}

pub fn reminder_preferences_are_per_account_and_kind(store: &Store) {
    let (u, other) = (user("pref@example.org"), user("other@example.org"));
    store.insert_user(&u).unwrap();
    store.insert_user(&other).unwrap();
    assert!(
        store.wants_reminders(&u.id, "deadlines").unwrap(),
        "on by default"
    );
    assert!(store.reminder_preferences(&u.id).unwrap().is_empty());
    store
        .set_reminder_preference(&u.id, "deadlines", false, T0)
        .unwrap();
    assert!(!store.wants_reminders(&u.id, "deadlines").unwrap());
    assert!(store.wants_reminders(&u.id, "debriefs").unwrap());
    assert!(store.wants_reminders(&other.id, "deadlines").unwrap());
    store
        .set_reminder_preference(&u.id, "debriefs", true, T0)
        .unwrap();
    assert_eq!(
        store.reminder_preferences(&u.id).unwrap(),
        [
            ("deadlines".to_owned(), false),
            ("debriefs".to_owned(), true)
        ]
    );
    // Setting it again replaces the choice; it never adds a second row.
    store
        .set_reminder_preference(&u.id, "deadlines", true, NOW)
        .unwrap();
    assert!(store.wants_reminders(&u.id, "deadlines").unwrap());
    assert_eq!(store.reminder_preferences(&u.id).unwrap().len(), 2);
}

pub fn an_unsubscribe_token_turns_off_its_kind_for_its_account_only(store: &Store) {
    let (u, other) = (user("unsub@example.org"), user("keep@example.org"));
    store.insert_user(&u).unwrap();
    store.insert_user(&other).unwrap();
    store
        .insert_unsubscribe_token(&hash('1'), &u.id, "debriefs", T0)
        .unwrap();
    let named = Some((u.id.clone(), "debriefs".to_owned()));
    assert_eq!(store.unsubscribe_token(&hash('1')).unwrap(), named);
    assert!(
        store.wants_reminders(&u.id, "debriefs").unwrap(),
        "looking a token up changes nothing"
    );
    assert_eq!(store.unsubscribe_token(&hash('2')).unwrap(), None);
    assert_eq!(store.unsubscribe(&hash('2'), NOW).unwrap(), None);
    assert_eq!(store.unsubscribe(&hash('1'), NOW).unwrap(), named);
    assert!(!store.wants_reminders(&u.id, "debriefs").unwrap());
    assert!(store.wants_reminders(&u.id, "deadlines").unwrap());
    assert!(store.wants_reminders(&other.id, "debriefs").unwrap());
    // Used again (a mail client may retry), it still answers and changes nothing more.
    assert_eq!(store.unsubscribe(&hash('1'), LATER).unwrap(), named);
    assert_eq!(store.reminder_preferences(&u.id).unwrap().len(), 1);
}
