//! The counts read model's part of the store contract (run on both backends by
//! `conformance.rs`): what a coordinator's first page reads equals a GROUP BY recount of every
//! case after any series of appends, one at a time, in bulk, failed, private or concurrent, and
//! a database from before the read model gets it filled in.

use super::{Writer, note, open_case, opened, store_clone, text};
use accord_core::case::figures::state_key;
use accord_core::case::vocabulary::{ClosureStatus, DisputeType, Outcome, Role, SessionFormat};
use accord_core::case::{Audience, Command};
use accord_core::ids::{NoteId, ParticipantId, SessionId};
use accord_store::{CaseCounts, Create, DatabaseUrl, Lister, Store, StoreError};

fn everyone() -> Lister {
    Lister {
        user_id: "coordinator".into(),
        all_cases: true,
    }
}

/// The counts a coordinator reads, after checking them against a GROUP BY recount and against
/// the index rows counted here by hand.
fn counts(store: &Store, after: &str) -> CaseCounts {
    let model = store.case_counts(&everyone()).unwrap();
    let recount = store.recount_case_counts(&everyone()).unwrap();
    assert_eq!(model, recount, "the read model equals a recount, {after}");
    let mut by_hand = CaseCounts::default();
    for m in store.case_index().unwrap() {
        by_hand.total += 1;
        *by_hand.by_state.entry(state_key(&m.status)).or_default() += 1;
        let outcome = m.latest_outcome.map_or("none".into(), |o| o.to_string());
        *by_hand.by_latest_outcome.entry(outcome).or_default() += 1;
        *by_hand
            .by_dispute_type
            .entry(m.dispute_type.to_string())
            .or_default() += 1;
        by_hand.court_ordered += u64::from(m.court_ordered);
    }
    assert_eq!(model, by_hand, "the read model counts every case, {after}");
    model
}

/// A session scheduled, held by one party, and its outcome recorded.
fn held_with(store: &Store, w: &mut Writer, party: ParticipantId, outcome: Outcome) {
    let session = SessionId::new_v7();
    let starts_at = "2026-11-20T10:00:00Z".parse().unwrap();
    let commands = [
        Command::ScheduleSession {
            session,
            starts_at,
            format: SessionFormat::Joint,
            agenda: vec![],
            override_reason: None,
        },
        Command::RecordSessionHeld {
            session,
            held_on: jiff::civil::date(2026, 11, 20),
            format: SessionFormat::Joint,
            attendees: vec![party],
        },
        Command::RecordOutcome {
            session,
            outcome,
            summary: None,
        },
    ];
    for cmd in commands {
        w.write(store, cmd).unwrap();
    }
}

fn close(store: &Store, w: &mut Writer, status: ClosureStatus) {
    let cmd = Command::CloseCase {
        status,
        summary: None,
    };
    w.write(store, cmd).unwrap();
}

fn private_note() -> Command {
    Command::AddNote {
        note: NoteId::new_v7(),
        text: text("for the mediator only"),
        audience: Audience::MediatorOnly,
        about_session: None,
    }
}

pub fn the_counts_read_model_equals_a_recount(store: &Store) {
    assert_eq!(counts(store, "with no cases"), CaseCounts::default());
    let mut court = opened(store, "Reyes v. Acme", DisputeType::Workplace, true);
    let mut family = opened(
        store,
        "Ahmed & Brown",
        DisputeType::ChildArrangements,
        false,
    );
    let mut noise = opened(store, "Number 12", DisputeType::NeighbourCommunity, false);
    counts(store, "after three openings");

    let party = ParticipantId::new_v7();
    let add = Command::AddParticipant {
        participant: party,
        name: text("Amira Ahmed"),
        role: Role::Party,
        acting_for: None,
        authority_to_settle: true,
    };
    family.write(store, add).unwrap();
    held_with(store, &mut family, party, Outcome::ImpasseForNow);
    counts(store, "after an outcome");
    held_with(store, &mut family, party, Outcome::PartialAgreement);
    counts(store, "after a later outcome");
    close(store, &mut court, ClosureStatus::Settled);
    let before = counts(store, "after a close");

    noise.write(store, private_note()).unwrap();
    family.write(store, private_note()).unwrap();
    assert_eq!(
        counts(store, "after private notes"),
        before,
        "a private write moves no count"
    );
    // A stale append (that would have made the case court-ordered) is refused and moves nothing.
    let (expected, raws, mut meta, _) = noise.prepare(note("decided on an old head"));
    meta.court_ordered = true;
    noise.write(store, note("got there first")).unwrap();
    assert!(matches!(
        store.append(expected, &raws, &meta),
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(counts(store, "after a refused append"), before);

    // The bulk path: new cases and a close in one transaction.
    let (a, b) = (Writer::new(), Writer::new());
    let (ea, ra, ma, _) = a.prepare(open_case(&a, "Bulk A", DisputeType::Workplace, true));
    let (eb, rb, mb, _) = b.prepare(open_case(&b, "Bulk B", DisputeType::FamilyFinance, false));
    let (en, rn, mn, next) = noise.prepare(Command::CloseCase {
        status: ClosureStatus::Withdrawn,
        summary: None,
    });
    let batch = [(ea, &ra[..], &ma), (eb, &rb[..], &mb), (en, &rn[..], &mn)];
    store.append_cases(&batch).unwrap();
    noise.state = next;
    let after = counts(store, "after a bulk append");
    assert_eq!(after.total, 5);
    assert_eq!(after.by_state.get("open"), Some(&3));
    assert_eq!(after.by_state.get("settled"), Some(&1));
    assert_eq!(after.by_state.get("withdrawn"), Some(&1));
    assert_eq!(after.by_latest_outcome.get("partial-agreement"), Some(&1));
    assert_eq!(after.by_latest_outcome.get("impasse-for-now"), None);
    assert_eq!(after.by_latest_outcome.get("none"), Some(&4));
    assert_eq!(after.by_dispute_type.get("workplace"), Some(&2));
    assert_eq!(after.by_dispute_type.get("family-finance"), Some(&1));
    assert_eq!(after.court_ordered, 2);
}

pub fn concurrent_openings_are_all_counted(store: &Store) {
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let store = store_clone(store);
            std::thread::spawn(move || {
                for n in 0..5 {
                    let dispute_type = match n % 2 {
                        0 => DisputeType::Workplace,
                        _ => DisputeType::ElderCare,
                    };
                    let mut w = opened(&store, &format!("Case {i}.{n}"), dispute_type, n == 0);
                    if n == 4 {
                        close(&store, &mut w, ClosureStatus::NotSettled);
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let seen = counts(store, "after concurrent writers");
    assert_eq!(seen.total, 20);
    assert_eq!(seen.by_state.get("not-settled"), Some(&4));
    assert_eq!(seen.court_ordered, 4);
}

pub fn a_database_from_before_the_counts_gets_them_filled_in(store: &Store) {
    let mut settled = opened(store, "Settled", DisputeType::Workplace, true);
    close(store, &mut settled, ClosureStatus::Settled);
    opened(store, "Open", DisputeType::ElderCare, false);
    let pre_v7 = opened(
        store,
        "From before the list's columns",
        DisputeType::ElderCare,
        true,
    );
    let expected = counts(store, "before");
    // As the database stood before migration V8 (and so before the later ones), with one row from before V7 (its list
    // columns to be filled in from its metadata when the store opens).
    raw_sql(
        store,
        &format!(
            "DROP TABLE readiness; DROP TABLE sensitive_reads; DROP TABLE case_counts; DROP TABLE unsubscribe_tokens; DROP TABLE reminder_preferences; \
             ALTER TABLE idempotency DROP COLUMN attempt; ALTER TABLE idempotency DROP COLUMN applied_case; \
             ALTER TABLE idempotency DROP COLUMN applied_seq; ALTER TABLE idempotency DROP COLUMN applied_by; \
             ALTER TABLE login_sessions DROP COLUMN last_seen_at; ALTER TABLE outbox_deliveries DROP COLUMN confirmed; \
             DELETE FROM refinery_schema_history WHERE version >= 8; \
             UPDATE case_index SET state = NULL, latest_outcome = NULL, court_ordered = NULL, \
             title = NULL, title_folded = NULL, activity_ns = NULL, shared_activity_ns = NULL \
             WHERE case_id = '{}'",
            pre_v7.id
        ),
    );
    let reopened = Store::open(store.url(), Create::MustExist).unwrap();
    assert_eq!(counts(&reopened, "after the migration"), expected);
    assert_eq!(expected.total, 3);
    assert_eq!(expected.by_state.get("open"), Some(&2));
    assert_eq!(expected.court_ordered, 2);
}

/// Runs `sql` on the store's database, past the store.
fn raw_sql(store: &Store, sql: &str) {
    try_sql(store, sql).unwrap()
}

/// Runs SQL on the store's database behind its back, as an intruder with the database's
/// credentials could; the database's own error if it refuses.
pub fn try_sql(store: &Store, sql: &str) -> Result<(), String> {
    match store.url() {
        DatabaseUrl::Sqlite { path } => rusqlite::Connection::open(path)
            .unwrap()
            .execute_batch(sql)
            .map_err(|e| e.to_string()),
        DatabaseUrl::Postgres { url } => postgres::Client::connect(url, postgres::NoTls)
            .unwrap()
            .batch_execute(sql)
            .map_err(|e| format!("{e:?}")),
    }
}
