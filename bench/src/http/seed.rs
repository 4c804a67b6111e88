//! The database a run serves, written before (and, for the case list, while) `accord serve`
//! runs: through the library and the store, never over HTTP.

use crate::writer::{Writer, note};
use accord_core::case::vocabulary::Role;
use accord_core::case::{Actor, Audience, CaseMetadata};
use accord_core::chain::RawEvent;
use accord_core::ids::{CaseId, ParticipantId};
use accord_server::accounts::{AccountRole, User};
use accord_server::workbench::Workbench;
use accord_server::{Cases, access, demo, demo_people};
use accord_store::{MembershipRow, Store};
use anyhow::Context;

pub struct Seeded {
    /// The demo child-arrangements case, and an API token of its first party.
    pub small: CaseId,
    pub small_token: String,
    /// A case of `big_events` events (bench/src/fold.rs's mix), party A's view.
    pub big: CaseId,
    /// A case of 20 events that the commands grow.
    pub growing: CaseId,
    /// One 20-event case per concurrent writer.
    pub many: Vec<CaseId>,
    /// Party A of `big`, `growing` and each of `many`.
    pub party_token: String,
    /// The demo coordinator, who sees every case in the list.
    pub coordinator_token: String,
}

pub fn seed(store: &Store, big_events: u64, writers: usize) -> anyhow::Result<Seeded> {
    let workbench = Workbench::new(store.clone());
    let actor = Actor::Operator {
        name: "Accord demo".into(),
    };
    demo::load(&workbench.cases, &actor, demo::today_in("Europe/London"))?;
    demo_people::ensure(&workbench)?;
    let accounts = &workbench.accounts;
    let by_email = |email: &str| -> anyhow::Result<User> {
        accounts
            .by_email(email)?
            .with_context(|| format!("no account {email}"))
    };
    let small = workbench
        .cases
        .list()?
        .into_iter()
        .find(|m| m.title == demo::TITLES[0])
        .context("the demo child-arrangements case")?
        .id;
    let state = workbench.cases.state(small)?;
    let party = state
        .participants
        .iter()
        .find(|p| p.role == Role::Party)
        .context("a party in the demo case")?;
    let small_party = by_email(&demo_people::email_for(party.name.as_str()))?;
    let (_, small_token) = accounts.create_api_token(&small_party, "bench")?;
    let coordinator = by_email("coordinator@accord.example")?;
    let (_, coordinator_token) = accounts.create_api_token(&coordinator, "bench")?;

    // Not a password hash: this account signs in by its API token only.
    let bench_party = accounts.create_user_with_hash(
        "bench.party@accord.example",
        "Bench Party",
        AccountRole::Member,
        "none".into(),
    )?;
    let (_, party_token) = accounts.create_api_token(&bench_party, "bench")?;
    let member_of = |(mut w, a): (Writer, ParticipantId)| -> anyhow::Result<CaseId> {
        w.flush(store)?;
        store.set_membership(&MembershipRow {
            case_id: w.id.to_string(),
            user_id: bench_party.id.clone(),
            kind: access::PARTICIPANT.into(),
            participant_id: Some(a.to_string()),
        })?;
        Ok(w.id)
    };
    let big = member_of(crate::fold::build(big_events)?)?;
    let growing = member_of(crate::fold::build(20)?)?;
    let many = (0..writers)
        .map(|_| member_of(crate::fold::build(20)?))
        .collect::<anyhow::Result<_>>()?;
    Ok(Seeded {
        small,
        small_token,
        big,
        growing,
        many,
        party_token,
        coordinator_token,
    })
}

/// Grows `case` to `to` events, as another server would: 200-character notes to everyone,
/// appended in batches of 1,000 events.
pub fn grow(store: &Store, case: CaseId, to: u64) -> anyhow::Result<()> {
    let state = Cases::with_cache(store.clone(), 0).state(case)?;
    let mut w = Writer::resume(case, state);
    let mut i = 0;
    while w.seq() < to {
        w.decide(note(i, Audience::Everyone, None)?)?;
        i += 1;
        if w.pending.len() >= 1000 || w.seq() >= to {
            w.flush(store)?;
        }
    }
    Ok(())
}

/// Adds `count` newly opened cases (one event each), `BATCH` cases to a transaction.
pub fn bulk_cases(store: &Store, count: usize) -> anyhow::Result<()> {
    const BATCH: usize = 10_000;
    let mut left = count;
    while left > 0 {
        let n = left.min(BATCH);
        let cases: Vec<(Vec<RawEvent>, CaseMetadata)> = (0..n)
            .map(|_| {
                let w = Writer::opened()?;
                Ok((w.pending.iter().map(|r| r.to_raw()).collect(), w.metadata()))
            })
            .collect::<anyhow::Result<_>>()?;
        let batch: Vec<(u64, &[RawEvent], &CaseMetadata)> =
            cases.iter().map(|(e, m)| (0, e.as_slice(), m)).collect();
        store.append_cases(&batch)?;
        left -= n;
    }
    Ok(())
}
