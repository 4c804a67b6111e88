//! The outbox's part of the store contract (run on both backends by `conformance.rs`):
//! reconciled inside the append, claimed by one worker only, delivered once per recipient.

use super::{Writer, note, store_clone};
use accord_store::outbox::{CANCELLED, FAILED, PENDING, SENDING, SENT};
use accord_store::{OutboxEntry, OutboxRow, Store, StoreError};
use std::sync::{Arc, Barrier};

fn planned(key: &str, send_at: &str) -> OutboxRow {
    OutboxRow {
        reminder_key: key.into(),
        audience: r#"{"kind":"everyone"}"#.into(),
        send_at: send_at.into(),
        subject: format!("Reminder {key}"),
        body: format!("Body of {key}"),
    }
}

impl Writer {
    /// Writes a note and reconciles the outbox with `rows`, in one append.
    fn note_planning(&mut self, store: &Store, rows: &[OutboxRow]) -> Result<(), StoreError> {
        let (expected, raws, meta, next) = self.prepare(note("a note"));
        store.append_with_outbox(expected, &raws, &meta, rows)?;
        self.state = next;
        Ok(())
    }
}

fn rows_of(store: &Store, w: &Writer) -> Vec<OutboxEntry> {
    let mut rows = store.outbox(Some(&w.id.to_string())).unwrap();
    rows.sort_by(|a, b| a.reminder_key.cmp(&b.reminder_key));
    rows
}

fn status_of(store: &Store, w: &Writer) -> Vec<(String, String)> {
    rows_of(store, w)
        .into_iter()
        .map(|r| (r.reminder_key, r.status))
        .collect()
}

fn pair(key: &str, status: &str) -> (String, String) {
    (key.into(), status.into())
}

const T0: &str = "2026-11-23T10:00:00Z";
const LATER: &str = "2026-11-30T08:00:00Z";

pub fn reconciling_the_outbox_inserts_each_reminder_once(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Outbox once");
    let plan = [planned("a", T0), planned("b", LATER)];
    w.note_planning(store, &plan).unwrap();
    let first = rows_of(store, &w);
    // Planned again (a later send time for the same key changes nothing).
    w.note_planning(store, &[planned("a", LATER), planned("b", LATER)])
        .unwrap();
    let again = rows_of(store, &w);
    assert_eq!(first, again);
    assert_eq!(
        status_of(store, &w),
        vec![pair("a", PENDING), pair("b", PENDING)]
    );
    let a = &again[0];
    assert_eq!(
        (a.send_at.as_str(), a.next_attempt_at.as_str(), a.attempts),
        (T0, T0, 0)
    );
    assert_eq!(
        (a.subject.as_str(), a.body.as_str(), a.deliveries),
        ("Reminder a", "Body of a", 0)
    );
    // A plain append leaves the outbox alone.
    w.write(store, note("no planning")).unwrap();
    assert_eq!(rows_of(store, &w), again);
    // Another case's keys are its own.
    let mut other = Writer::new();
    other.open(store, "Other case");
    other.note_planning(store, &[planned("a", T0)]).unwrap();
    assert_eq!(rows_of(store, &w).len(), 2);
    assert_eq!(rows_of(store, &other).len(), 1);
}

pub fn a_reminder_no_longer_planned_is_cancelled_and_can_return(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Outbox cancel");
    w.note_planning(store, &[planned("a", T0), planned("b", LATER)])
        .unwrap();
    w.note_planning(store, &[planned("a", T0)]).unwrap();
    assert_eq!(
        status_of(store, &w),
        vec![pair("a", PENDING), pair("b", CANCELLED)]
    );
    // A cancelled row is not due.
    assert!(
        !store
            .due_outbox("2027-01-01T00:00:00Z", 100)
            .unwrap()
            .iter()
            .any(|r| r.case_id == w.id.to_string() && r.reminder_key == "b")
    );
    // Planned again (a deadline moved back to its first date), it is pending again.
    w.note_planning(store, &[planned("a", T0), planned("b", LATER)])
        .unwrap();
    assert_eq!(
        status_of(store, &w),
        vec![pair("a", PENDING), pair("b", PENDING)]
    );
    // Nothing planned (the case closed): everything pending is cancelled.
    w.note_planning(store, &[]).unwrap();
    assert_eq!(
        status_of(store, &w),
        vec![pair("a", CANCELLED), pair("b", CANCELLED)]
    );
}

pub fn a_sent_reminder_is_never_resurrected_nor_cancelled(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Outbox sent");
    w.note_planning(store, &[planned("a", T0)]).unwrap();
    let row = rows_of(store, &w).remove(0);
    assert!(
        store
            .claim_outbox(&row.id, T0, "2026-11-23T10:15:00Z")
            .unwrap()
    );
    assert!(
        store
            .record_delivery(&row.id, "u1", "u1@example.org", T0)
            .unwrap()
    );
    assert!(store.finish_outbox(&row.id, SENT, T0).unwrap());
    // Dropped from the plan, then planned again: it stays sent, with its one delivery.
    w.note_planning(store, &[]).unwrap();
    w.note_planning(store, &[planned("a", LATER)]).unwrap();
    let row = rows_of(store, &w).remove(0);
    assert_eq!(
        (row.status.as_str(), row.sent_at.as_deref(), row.deliveries),
        (SENT, Some(T0), 1)
    );
    assert!(
        store
            .due_outbox(LATER, 100)
            .unwrap()
            .iter()
            .all(|r| r.id != row.id)
    );
    assert!(
        !store
            .claim_outbox(&row.id, LATER, "2026-11-30T08:15:00Z")
            .unwrap()
    );
}

pub fn a_failed_append_writes_nothing_to_the_outbox(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Outbox conflict");
    let (expected, raws, meta, _) = w.prepare(note("decided on seq 1"));
    w.write(store, note("someone else got there first"))
        .unwrap();
    assert!(matches!(
        store.append_with_outbox(expected, &raws, &meta, &[planned("a", T0)]),
        Err(StoreError::Conflict { .. })
    ));
    assert!(rows_of(store, &w).is_empty());
}

pub fn of_racing_claims_exactly_one_wins(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Outbox race");
    w.note_planning(store, &[planned("a", T0)]).unwrap();
    let id = rows_of(store, &w).remove(0).id;
    let stores: Vec<_> = (0..4).map(|_| Arc::new(store_clone(store))).collect();
    let barrier = Arc::new(Barrier::new(stores.len()));
    let handles: Vec<_> = stores
        .into_iter()
        .map(|s| {
            let (id, barrier) = (id.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                s.claim_outbox(&id, "2026-11-23T10:00:01Z", "2026-11-23T10:15:00Z")
                    .unwrap()
            })
        })
        .collect();
    let wins = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .filter(|won| *won)
        .count();
    assert_eq!(wins, 1);
    assert_eq!(status_of(store, &w), vec![pair("a", SENDING)]);
    // Not due while the claim's lease runs; due again once it has run out.
    assert!(
        store
            .due_outbox("2026-11-23T10:10:00Z", 100)
            .unwrap()
            .iter()
            .all(|r| r.id != id)
    );
    assert!(
        !store
            .claim_outbox(&id, "2026-11-23T10:10:00Z", "2026-11-23T10:25:00Z")
            .unwrap()
    );
    assert!(
        store
            .claim_outbox(&id, "2026-11-23T10:15:00Z", "2026-11-23T10:30:00Z")
            .unwrap(),
        "a claim left behind by a stopped worker is taken again after its lease"
    );
}

pub fn a_retry_is_due_later_and_skips_who_was_served(store: &Store) {
    let mut w = Writer::new();
    w.open(store, "Outbox retry");
    w.note_planning(store, &[planned("a", T0)]).unwrap();
    let id = rows_of(store, &w).remove(0).id;
    assert!(store.claim_outbox(&id, T0, "2026-11-23T10:15:00Z").unwrap());
    assert!(
        store
            .record_delivery(&id, "u1", "u1@example.org", T0)
            .unwrap()
    );
    assert!(
        !store
            .record_delivery(&id, "u1", "u1@example.org", T0)
            .unwrap(),
        "one delivery per recipient"
    );
    assert!(
        store
            .retry_outbox(&id, PENDING, 1, "2026-11-23T10:01:00Z", "relay down")
            .unwrap()
    );
    let row = rows_of(store, &w).remove(0);
    assert_eq!(
        (row.status.as_str(), row.attempts, row.last_error.as_deref()),
        (PENDING, 1, Some("relay down"))
    );
    assert!(
        store
            .due_outbox("2026-11-23T10:00:30Z", 100)
            .unwrap()
            .iter()
            .all(|r| r.id != id)
    );
    assert!(
        store
            .due_outbox("2026-11-23T10:01:00Z", 100)
            .unwrap()
            .iter()
            .any(|r| r.id == id)
    );
    let served = store.outbox_deliveries(&id).unwrap();
    assert_eq!(
        served
            .iter()
            .map(|d| d.user_id.as_str())
            .collect::<Vec<_>>(),
        ["u1"]
    );
    // Only the claimer may end or retry a row.
    assert!(!store.finish_outbox(&id, SENT, T0).unwrap());
    assert!(
        store
            .claim_outbox(&id, "2026-11-23T10:01:00Z", "2026-11-23T10:16:00Z")
            .unwrap()
    );
    assert!(
        store
            .retry_outbox(&id, FAILED, 8, "2026-11-23T10:01:00Z", "gave up")
            .unwrap()
    );
    assert!(
        store
            .due_outbox(LATER, 100)
            .unwrap()
            .iter()
            .all(|r| r.id != id)
    );
}

pub fn a_delivery_is_claimed_before_sending_and_a_claim_left_by_a_stop_counts_as_served(
    store: &Store,
) {
    let mut w = Writer::new();
    w.open(store, "Outbox claims");
    w.note_planning(store, &[planned("a", T0)]).unwrap();
    let id = rows_of(store, &w).remove(0).id;
    let claim = |user: &str| {
        store
            .begin_delivery(&id, user, "x@example.org", T0)
            .unwrap()
    };
    assert!(claim("u1"));
    assert!(
        !claim("u1"),
        "one claim per recipient: a second worker sends nothing"
    );
    // A relay that refused gives the claim back; the next attempt may send.
    store.abandon_delivery(&id, "u1").unwrap();
    assert!(claim("u1"));
    assert!(
        store
            .record_delivery(&id, "u1", "x@example.org", T0)
            .unwrap()
    );
    assert!(
        !store
            .record_delivery(&id, "u1", "x@example.org", T0)
            .unwrap()
    );
    store.abandon_delivery(&id, "u1").unwrap();
    assert!(!claim("u1"), "a confirmed delivery is never given back");
    // Claimed, then the process stopped: served, unconfirmed.
    assert!(claim("u2"));
    let deliveries = store.outbox_deliveries(&id).unwrap();
    let state: Vec<(&str, bool)> = deliveries
        .iter()
        .map(|d| (d.user_id.as_str(), d.confirmed))
        .collect();
    assert_eq!(state, [("u1", true), ("u2", false)]);
    let row = rows_of(store, &w).remove(0);
    assert_eq!((row.deliveries, row.unconfirmed), (2, 1));
}
