//! The store contract, told once and run against every backend: SQLite in a temporary file
//! and PostgreSQL in a fresh database on 127.0.0.1:5432 (`ACCORD_TEST_POSTGRES_URL` to change).

use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Role};
use accord_core::case::{Actor, Audience, Case, CaseMetadata, Command, decide, evolve};
use accord_core::chain::{self, Head, RawEvent};
use accord_core::ids::{CaseId, NoteId, ParticipantId};
use accord_core::text::Text;
use accord_core::time_zone::TimeZoneName;
use accord_store::{
    Create, DatabaseUrl, Idempotency, InvitationRow, MembershipRow, RequestMarker, Store,
    StoreError, UserRow,
};
use std::sync::{Arc, Barrier};

mod outbox;
use outbox::*;
mod hardening;
use hardening::*;
mod case_list;
use case_list::*;
mod settings;
use settings::*;
mod case_counts;
use case_counts::*;
mod erasure;
use erasure::*;

/// A case being written through the real `decide` → `seal` path.
struct Writer {
    id: CaseId,
    state: Case,
}

impl Writer {
    fn new() -> Self {
        Self {
            id: CaseId::new_v7(),
            state: Case::default(),
        }
    }

    /// Decides `cmd` on the current state; returns the raw events and the metadata, without storing.
    fn prepare(&self, cmd: Command) -> (u64, Vec<RawEvent>, CaseMetadata, Case) {
        let events = decide(&self.state, cmd).expect("command is valid");
        let head = self.state.head.unwrap_or(Head::EMPTY);
        let sealed = chain::seal(
            self.id,
            head,
            events,
            &Actor::System,
            jiff::Timestamp::now(),
        );
        let next = sealed.iter().fold(self.state.clone(), evolve);
        let meta = CaseMetadata::of(&next).unwrap();
        (
            head.seq,
            sealed.iter().map(|r| r.to_raw()).collect(),
            meta,
            next,
        )
    }

    fn write(&mut self, store: &Store, cmd: Command) -> Result<(), StoreError> {
        let (expected, raws, meta, next) = self.prepare(cmd);
        store.append(expected, &raws, &meta)?;
        self.state = next;
        Ok(())
    }

    fn open(&mut self, store: &Store, title: &str) {
        let cmd = self.open_case(title);
        self.write(store, cmd).unwrap();
    }

    fn open_case(&self, title: &str) -> Command {
        Command::OpenCase {
            case: self.id,
            title: text(title),
            dispute_type: DisputeType::NeighbourCommunity,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: TimeZoneName::parse("Europe/London").unwrap(),
            court_ordered: false,
            contract_clause: None,
            court_reference: None,
        }
    }
}

/// A session lookup at `now` that no idle limit stops.
fn at(now: &str) -> accord_store::SessionTimes {
    accord_store::SessionTimes {
        now: now.into(),
        idle_since: "1970-01-01T00:00:00Z".into(),
        seen_before: now.into(),
    }
}

fn text(s: &str) -> Text {
    Text::line("text", s, 20_000).unwrap()
}

fn note(body: &str) -> Command {
    Command::AddNote {
        note: NoteId::new_v7(),
        text: text(body),
        audience: Audience::Everyone,
        about_session: None,
    }
}

// ---- the stories --------------------------------------------------------------------------

fn appended_events_load_back_byte_for_byte(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Noise from number 12 — «quiet hours» 🌙");
    w.write(store, note("first")).unwrap();
    let (expected, raws, meta, _) = w.prepare(note("second and third in one batch"));
    store.append(expected, &raws, &meta).unwrap();
    let loaded = store.events(w.id).unwrap();
    assert_eq!(loaded.len(), 3);
    assert_eq!(loaded[2], raws[0]);
    assert_eq!(chain::verify_chain(&loaded).unwrap().seq, 3);
    assert!(loaded[0].payload.contains("«quiet hours» 🌙"));
}

fn a_stale_append_conflicts_and_writes_nothing(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Stale writer");
    let (expected, raws, meta, _) = w.prepare(note("decided on seq 1"));
    w.write(store, note("someone else got there first"))
        .unwrap();
    match store.append(expected, &raws, &meta) {
        Err(StoreError::Conflict {
            expected: 1,
            current: 2,
        }) => {}
        other => panic!("expected a conflict at 1 → 2, got {other:?}"),
    }
    let loaded = store.events(w.id).unwrap();
    assert_eq!(loaded.len(), 2);
    assert!(loaded[1].payload.contains("someone else"));
    assert_eq!(
        store
            .case_index()
            .unwrap()
            .iter()
            .find(|m| m.id == w.id)
            .unwrap()
            .last_activity
            .to_string(),
        loaded[1].recorded_at
    );
}

fn racing_writers_on_one_case_exactly_one_wins(store: &Store) {
    let store = Arc::new(store_clone(store));
    let mut w = Writer::new();
    w.open(&store, "Race");
    let attempts: Vec<_> = (0..4)
        .map(|i| w.prepare(note(&format!("writer {i}"))))
        .collect();
    let barrier = Arc::new(Barrier::new(attempts.len()));
    let handles: Vec<_> = attempts
        .into_iter()
        .map(|(expected, raws, meta, _)| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                store.append(expected, &raws, &meta)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Conflict { .. })))
        .count();
    assert_eq!((wins, conflicts), (1, 3), "{results:?}");
    let loaded = store.events(w.id).unwrap();
    assert_eq!(loaded.len(), 2);
    chain::verify_chain(&loaded).unwrap();
}

fn an_append_must_link_to_the_stored_head(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Forged link");
    let (expected, mut raws, meta, _) = w.prepare(note("forged"));
    raws[0].prev_hash = chain::Digest::GENESIS.to_hex();
    assert!(matches!(
        store.append(expected, &raws, &meta),
        Err(StoreError::Integrity(_))
    ));
    assert_eq!(store.events(w.id).unwrap().len(), 1);
}

fn a_batch_out_of_sequence_is_refused(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Gap");
    let (_, raws, meta, _) = w.prepare(note("claims seq 2"));
    assert!(matches!(
        store.append(0, &raws, &meta),
        Err(StoreError::Integrity(_))
    ));
}

fn an_unknown_case_is_not_found(store: &Store) {
    assert!(matches!(
        store.events(CaseId::new_v7()),
        Err(StoreError::NotFound(_))
    ));
}

fn the_case_index_follows_every_append(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Indexed case");
    let party = ParticipantId::new_v7();
    w.write(
        store,
        Command::AddParticipant {
            participant: party,
            name: text("Pat Party"),
            role: Role::Party,
            acting_for: None,
            authority_to_settle: true,
        },
    )
    .unwrap();
    let row = store
        .case_index()
        .unwrap()
        .into_iter()
        .find(|m| m.id == w.id)
        .expect("indexed");
    assert_eq!((row.title.as_str(), row.parties), ("Indexed case", 1));
    assert!(store.case_ids().unwrap().contains(&w.id.to_string()));
}

fn reopening_runs_no_migration_twice(store: &Store) {
    let again = store_clone(store);
    let mut w = Writer::new();
    w.open(&again, "After reopen");
    assert_eq!(store.events(w.id).unwrap().len(), 1);
}

fn user(email: &str) -> UserRow {
    UserRow {
        id: uuid::Uuid::now_v7().to_string(),
        email: email.into(),
        name: "Maya Patel".into(),
        role: "mediator".into(),
        password_hash: Some("$argon2id$stub".into()),
        created_at: "2026-11-23T10:00:00Z".into(),
    }
}

fn an_email_belongs_to_one_account(store: &Store) {
    let maya = user("maya@example.org");
    store.insert_user(&maya).unwrap();
    assert!(matches!(
        store.insert_user(&user("maya@example.org")),
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(
        store.user_by_email("maya@example.org").unwrap().unwrap(),
        maya
    );
    assert_eq!(
        store.user_by_id(&maya.id).unwrap().unwrap().email,
        "maya@example.org"
    );
    assert!(store.user_by_email("nobody@example.org").unwrap().is_none());
}

/// A session ends after the idle limit without a request; each request (marked at most once
/// a minute) moves its end on; the absolute expiry holds however busy it is.
fn a_session_ends_when_idle_and_each_request_moves_that_on(store: &Store) {
    let u = user("idle@example.org");
    store.insert_user(&u).unwrap();
    store
        .insert_login_session(
            "idle",
            &u.id,
            "2026-11-23T10:00:00Z",
            "2026-11-23T22:00:00Z",
        )
        .unwrap();
    // 30 minutes idle allowed, marked seen at most once a minute, as the server asks.
    let times = |now: &str| {
        let t: jiff::Timestamp = now.parse().unwrap();
        let minus = |mins| (t - jiff::SignedDuration::from_mins(mins)).to_string();
        accord_store::SessionTimes {
            now: now.into(),
            idle_since: minus(30),
            seen_before: minus(1),
        }
    };
    let seen = |t| store.user_for_session("idle", &t).unwrap().is_some();
    // At 10:20 it was last seen at 10:00, after the 09:50 cutoff.
    assert!(seen(times("2026-11-23T10:20:00Z")));
    // Seen at 10:20, so at 10:45 (cutoff 10:15) it still lasts...
    assert!(seen(times("2026-11-23T10:45:00Z")));
    // ...and a request within the minute does not write again: still last seen 10:45.
    assert!(seen(times("2026-11-23T10:45:30Z")));
    // 30 minutes and 15 seconds after 10:45 without a request, it has ended (had 10:45:30
    // been written, it would not have).
    assert!(!seen(times("2026-11-23T11:15:15Z")));
    // However often it was used, it ends at its absolute expiry.
    store
        .insert_login_session(
            "busy",
            &u.id,
            "2026-11-23T10:00:00Z",
            "2026-11-23T11:00:00Z",
        )
        .unwrap();
    let busy = |t| store.user_for_session("busy", &t).unwrap().is_some();
    assert!(busy(times("2026-11-23T10:20:00Z")));
    assert!(busy(times("2026-11-23T10:45:00Z")));
    assert!(busy(times("2026-11-23T10:59:00Z")));
    assert!(!busy(times("2026-11-23T11:00:01Z")));
}

fn sessions_expire_and_end_on_password_change(store: &Store) {
    let u = user("s@example.org");
    store.insert_user(&u).unwrap();
    store
        .insert_login_session("h1", &u.id, "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z")
        .unwrap();
    store
        .insert_login_session("h2", &u.id, "2026-11-23T10:00:00Z", "2026-11-24T10:00:00Z")
        .unwrap();
    assert!(
        store
            .user_for_session("h1", &at("2026-11-23T12:00:00Z"))
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .user_for_session("h1", &at("2026-11-25T12:00:00Z"))
            .unwrap()
            .is_none(),
        "expired"
    );
    store.delete_login_session("h1").unwrap();
    assert!(
        store
            .user_for_session("h1", &at("2026-11-23T12:00:00Z"))
            .unwrap()
            .is_none()
    );
    store.set_password(&u.id, "$argon2id$new").unwrap();
    assert!(
        store
            .user_for_session("h2", &at("2026-11-23T12:00:00Z"))
            .unwrap()
            .is_none(),
        "all sessions ended"
    );
    assert_eq!(
        store
            .user_by_id(&u.id)
            .unwrap()
            .unwrap()
            .password_hash
            .as_deref(),
        Some("$argon2id$new")
    );
}

fn api_tokens_are_revocable_by_their_owner_only(store: &Store) {
    let (a, b) = (user("a@example.org"), user("b@example.org"));
    store.insert_user(&a).unwrap();
    store.insert_user(&b).unwrap();
    store
        .insert_api_token("t1", "th1", &a.id, "backup script", "2026-11-23T10:00:00Z")
        .unwrap();
    assert_eq!(store.user_for_api_token("th1").unwrap().unwrap().id, a.id);
    assert!(
        !store
            .revoke_api_token("t1", &b.id, "2026-11-23T11:00:00Z")
            .unwrap()
    );
    assert!(
        store
            .revoke_api_token("t1", &a.id, "2026-11-23T11:00:00Z")
            .unwrap()
    );
    assert!(store.user_for_api_token("th1").unwrap().is_none());
    assert_eq!(
        store.api_tokens_of(&a.id).unwrap()[0].revoked_at.as_deref(),
        Some("2026-11-23T11:00:00Z")
    );
}

fn an_invitation_is_used_once_and_not_after_expiry(store: &Store) {
    let mediator = user("m@example.org");
    store.insert_user(&mediator).unwrap();
    let inv = InvitationRow {
        case_id: "case-1".into(),
        participant_id: "p-1".into(),
        email: "ben@example.org".into(),
        created_by: mediator.id.clone(),
        expires_at: "2026-11-30T10:00:00Z".into(),
        used_at: None,
    };
    store.insert_invitation("ih", &inv).unwrap();
    store.insert_invitation("old", &inv).unwrap();
    let ben = UserRow {
        role: "member".into(),
        ..user("ben@example.org")
    };
    let member = MembershipRow {
        case_id: "case-1".into(),
        user_id: ben.id.clone(),
        kind: "participant".into(),
        participant_id: Some("p-1".into()),
    };
    assert!(
        !store
            .accept_invitation("old", "2026-12-01T00:00:00Z", Some(&ben), &member)
            .unwrap(),
        "expired"
    );
    assert!(
        store.user_by_email("ben@example.org").unwrap().is_none(),
        "nothing written"
    );
    assert!(
        store
            .accept_invitation("ih", "2026-11-23T12:00:00Z", Some(&ben), &member)
            .unwrap()
    );
    assert!(
        !store
            .accept_invitation("ih", "2026-11-23T12:01:00Z", None, &member)
            .unwrap(),
        "single use"
    );
    assert_eq!(
        store.membership("case-1", &ben.id).unwrap().unwrap(),
        member
    );
    assert_eq!(store.memberships_of_user(&ben.id).unwrap().len(), 1);
    assert!(store.invitation("ih").unwrap().unwrap().used_at.is_some());
    let former = MembershipRow {
        kind: "former".into(),
        ..member
    };
    store.set_membership(&former).unwrap();
    assert_eq!(store.memberships_of_case("case-1").unwrap(), vec![former]);
}

/// The attempt a claim proceeds as; panics on any other answer.
fn proceeds(answer: Idempotency) -> String {
    match answer {
        Idempotency::Proceed { attempt } => attempt,
        other => panic!("expected to proceed, got {other:?}"),
    }
}

fn marker(attempt: &str) -> Option<RequestMarker> {
    Some(RequestMarker {
        user_id: "u".into(),
        key: "k".into(),
        attempt: attempt.into(),
    })
}

fn an_idempotency_key_replays_the_first_answer(store: &Store) {
    let now = "2026-11-23T10:00:00Z";
    let attempt = proceeds(store.begin_idempotent("u", "k", "h", now).unwrap());
    assert_eq!(
        store.begin_idempotent("u", "k", "h", now).unwrap(),
        Idempotency::InProgress
    );
    store
        .finish_idempotent("u", "k", &attempt, 201, "{\"seq\":3}")
        .unwrap();
    assert_eq!(
        store.begin_idempotent("u", "k", "h", now).unwrap(),
        Idempotency::Replay {
            status: 201,
            body: "{\"seq\":3}".into()
        }
    );
    proceeds(store.begin_idempotent("other-user", "k", "h", now).unwrap());
    proceeds(store.begin_idempotent("u", "k2", "h", now).unwrap());
    store.abandon_idempotent("u", "k2").unwrap();
    proceeds(store.begin_idempotent("u", "k2", "h", now).unwrap());
}

/// The server stopped after the command's events were committed and before its answer was
/// kept: a retry learns it was applied, and nothing lets it be applied twice.
fn a_command_committed_under_a_key_is_applied_once(store: &Store) {
    let now = "2026-11-23T10:00:00Z";
    let mut w = Writer::new();
    w.open(store, "Keyed");
    let attempt = proceeds(store.begin_idempotent("u", "k", "h", now).unwrap());
    accord_store::within_request(marker(&attempt), || w.write(store, note("once"))).unwrap();
    // A second append of the same attempt (a command that appends twice) is the same attempt.
    accord_store::within_request(marker(&attempt), || w.write(store, note("twice"))).unwrap();
    let applied_at = w.state.head.unwrap().seq;
    assert_eq!(
        store.begin_idempotent("u", "k", "h", now).unwrap(),
        Idempotency::Applied {
            case_id: w.id.to_string(),
            seq: applied_at
        }
    );
    // Another attempt's append under the same key is refused and writes nothing.
    let err = accord_store::within_request(marker("another-process/attempt"), || {
        w.write(store, note("again"))
    })
    .unwrap_err();
    assert!(matches!(err, StoreError::AlreadyApplied), "{err:?}");
    assert_eq!(store.events(w.id).unwrap().len() as u64, applied_at);
    // Its answer is not kept over the applied attempt's; a failure does not forget it.
    store
        .finish_idempotent("u", "k", "another-process/attempt", 409, "{}")
        .unwrap();
    store.abandon_idempotent("u", "k").unwrap();
    assert!(matches!(
        store.begin_idempotent("u", "k", "h", now).unwrap(),
        Idempotency::Applied { .. }
    ));
    store
        .finish_idempotent("u", "k", &attempt, 201, "{}")
        .unwrap();
    assert_eq!(
        store.begin_idempotent("u", "k", "h", now).unwrap(),
        Idempotency::Replay {
            status: 201,
            body: "{}".into()
        }
    );
}

fn many_cases_append_in_one_transaction_or_not_at_all(store: &Store) {
    let mut stale = Writer::new();
    stale.open(store, "Already stored");
    let (a, b) = (Writer::new(), Writer::new());
    let (ea, ra, ma, _) = a.prepare(a.open_case("Bulk A"));
    let (eb, rb, mb, _) = b.prepare(b.open_case("Bulk B"));
    let (es, rs, ms, _) = stale.prepare(note("decided on seq 1"));
    stale.write(store, note("got there first")).unwrap();
    let batch = [(ea, &ra[..], &ma), (eb, &rb[..], &mb), (es, &rs[..], &ms)];
    assert!(matches!(
        store.append_cases(&batch),
        Err(StoreError::Conflict { .. })
    ));
    for w in [&a, &b] {
        assert!(matches!(store.events(w.id), Err(StoreError::NotFound(_))));
    }
    store.append_cases(&batch[..2]).unwrap();
    let index = store.case_index().unwrap();
    for (w, raws) in [(&a, &ra), (&b, &rb)] {
        assert_eq!(&store.events(w.id).unwrap(), raws);
        assert!(index.iter().any(|m| m.id == w.id));
    }
}

fn store_clone(store: &Store) -> Store {
    Store::open(store.url(), Create::MustExist).unwrap()
}

// ---- the backends -------------------------------------------------------------------------

macro_rules! conformance {
    ($($story:ident),+ $(,)?) => {
        mod sqlite {
            $(#[test] fn $story() { let (store, _dir) = super::sqlite_store(); super::$story(&store) })+
        }
        mod postgres {
            $(#[test] fn $story() { let db = super::fresh_postgres(); super::$story(&db.store().unwrap()) })+
        }
    };
}

conformance!(
    appended_events_load_back_byte_for_byte,
    a_stale_append_conflicts_and_writes_nothing,
    racing_writers_on_one_case_exactly_one_wins,
    an_append_must_link_to_the_stored_head,
    a_batch_out_of_sequence_is_refused,
    an_unknown_case_is_not_found,
    the_case_index_follows_every_append,
    reopening_runs_no_migration_twice,
    an_email_belongs_to_one_account,
    sessions_expire_and_end_on_password_change,
    a_session_ends_when_idle_and_each_request_moves_that_on,
    api_tokens_are_revocable_by_their_owner_only,
    an_invitation_is_used_once_and_not_after_expiry,
    an_idempotency_key_replays_the_first_answer,
    a_command_committed_under_a_key_is_applied_once,
    reconciling_the_outbox_inserts_each_reminder_once,
    a_reminder_no_longer_planned_is_cancelled_and_can_return,
    a_sent_reminder_is_never_resurrected_nor_cancelled,
    a_failed_append_writes_nothing_to_the_outbox,
    of_racing_claims_exactly_one_wins,
    a_retry_is_due_later_and_skips_who_was_served,
    a_delivery_is_claimed_before_sending_and_a_claim_left_by_a_stop_counts_as_served,
    the_index_keeps_when_something_shared_last_happened,
    the_access_log_keeps_each_first_read,
    the_sensitive_reads_log_is_append_only_and_pages_by_instant,
    signing_out_everywhere_ends_every_credential,
    an_idempotency_key_is_bound_to_its_request,
    pages_walk_every_case_once_in_order,
    filters_and_counts_cover_only_the_callers_cases,
    a_private_write_moves_only_the_mediators_row,
    due_items_and_figures_follow_the_append,
    many_cases_append_in_one_transaction_or_not_at_all,
    sessions_are_listed_and_ended_by_their_id_and_a_password_change_keeps_one,
    reminder_preferences_are_per_account_and_kind,
    an_unsubscribe_token_turns_off_its_kind_for_its_account_only,
    the_counts_read_model_equals_a_recount,
    concurrent_openings_are_all_counted,
    a_database_from_before_the_counts_gets_them_filled_in,
    an_erasure_puts_its_redactions_in_place_with_its_events_or_writes_nothing,
    an_erased_account_keeps_its_id_and_nothing_that_reaches_it,
);

fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite {
        path: dir.path().join("accord.db"),
    };
    (Store::open(&url, Create::IfMissing).unwrap(), dir)
}

#[test]
fn sqlite_refuses_to_create_a_mistyped_path() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite {
        path: dir.path().join("acord.db"),
    };
    let err = Store::open(&url, Create::MustExist).unwrap_err();
    assert!(err.to_string().contains("no database at"), "{err}");
    assert!(!dir.path().join("acord.db").exists());
}

/// A database created for one test and dropped after it.
fn fresh_postgres() -> accord_store::scratch::ScratchDatabase {
    let admin = accord_store::scratch::admin_url();
    accord_store::scratch::ScratchDatabase::create(&admin)
        .unwrap_or_else(|e| panic!("conformance suite: {e}"))
}
