//! The case service: every command goes load → decide → seal → append, with the expected
//! sequence number taken from the history that was decided on.

use crate::error::{AppError, Result};
use crate::history_cache::{DEFAULT_MAX_EVENTS, History, HistoryCache};
use accord_core::case::reminders::LeadTimes;
use accord_core::case::{
    Actor, Case, CaseMetadata, CaseView, Command, Recorded, Viewer, decide, view,
};
use accord_core::chain::{self, Head, RawEvent};
use accord_core::ids::CaseId;
use accord_store::{Store, StoreError};
use jiff::Timestamp;
use std::sync::Arc;

/// How many times [`Cases::execute_retrying`] decides a command before giving up: each lost
/// attempt means another writer's append succeeded, so this many writers at once all get
/// through.
pub const RETRY_ATTEMPTS: usize = 50;

pub struct Cases {
    store: Store,
    cache: HistoryCache,
    /// When deadline reminders go out; every append plans the case's reminders with them.
    leads: std::sync::RwLock<LeadTimes>,
}

/// What a command produced.
#[derive(Debug)]
pub struct Executed {
    pub case: CaseId,
    pub events: Vec<Recorded>,
    pub state: Case,
}

impl Cases {
    pub fn new(store: Store) -> Self {
        Self::with_cache(store, DEFAULT_MAX_EVENTS)
    }

    /// With a history cache of at most `max_events` events (0: no cache).
    pub fn with_cache(store: Store, max_events: usize) -> Self {
        Self {
            store,
            cache: HistoryCache::new(max_events),
            leads: std::sync::RwLock::new(LeadTimes::default()),
        }
    }

    /// With deadline reminders at these lead times (default 7, 3 and 1 days).
    pub fn with_lead_times(self, leads: LeadTimes) -> Self {
        self.set_lead_times(leads);
        self
    }

    /// Changes the lead times of the appends that follow (e.g. once a shared `Cases` is built).
    pub fn set_lead_times(&self, leads: LeadTimes) {
        *self.leads.write().unwrap_or_else(|e| e.into_inner()) = leads;
    }

    pub fn lead_times(&self) -> LeadTimes {
        self.leads.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs a command on a case. Opening a case is a command on an empty stream; any other
    /// command on a case that does not exist is `NotFound`.
    pub fn execute(&self, case: CaseId, cmd: Command, actor: &Actor) -> Result<Executed> {
        let history = match self.history(case) {
            Err(AppError::Store(StoreError::NotFound(_)))
                if matches!(cmd, Command::OpenCase { .. }) =>
            {
                History::default()
            }
            other => other?,
        };
        self.append_decided(case, Case::fold(history.iter()), cmd, actor)
    }

    /// Runs a command as [`Cases::execute`] does; when another writer appended between the
    /// read and the write, reads the case again and decides the command again on that fresh
    /// state, up to [`RETRY_ATTEMPTS`] times, after a short random pause that spreads racing
    /// writers out. Only for a caller that named no version it decided on (the CLI, an
    /// additive command): `decide` checks every rule again on the fresh state, so nothing is
    /// appended that the current case would refuse. `Conflict` if every attempt lost.
    pub fn execute_retrying(&self, case: CaseId, cmd: Command, actor: &Actor) -> Result<Executed> {
        let mut attempt = 1;
        loop {
            match self.execute(case, cmd.clone(), actor) {
                Err(AppError::Store(StoreError::Conflict { .. })) if attempt < RETRY_ATTEMPTS => {
                    let most = 2 * attempt.min(10) as u64;
                    let pause = rand::Rng::gen_range(&mut rand::thread_rng(), 1..=most);
                    std::thread::sleep(std::time::Duration::from_millis(pause));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Decides `cmd` on `state` (the fold of the case's stored history) and appends the events
    /// after its head. `Conflict` if another writer appended since that history was read.
    pub fn append_decided(
        &self,
        case: CaseId,
        state: Case,
        cmd: Command,
        actor: &Actor,
    ) -> Result<Executed> {
        let head = state.head.unwrap_or(Head::EMPTY);
        let new = decide(&state, cmd)?;
        let now = Timestamp::now();
        let sealed = chain::seal(case, head, new, actor, now);
        let state = sealed.iter().fold(state, accord_core::case::evolve);
        let metadata = CaseMetadata::of(&state).expect("a case with events has been opened");
        let raws: Vec<_> = sealed.iter().map(Recorded::to_raw).collect();
        // The read models derived from the state after these events (planned reminders, due
        // lists, programme figures) are written in the same transaction.
        let derived = crate::read_models::derived(&state, &self.lead_times(), now);
        self.store
            .append_deriving(head.seq, &raws, &metadata, &derived)?;
        self.extend_cached(case, head.seq, sealed.clone());
        Ok(Executed {
            case,
            events: sealed,
            state,
        })
    }

    /// The whole history of a case, parsed: the cached history extended by the events
    /// stored after its head, or read in full. `NotFound` if the case has no events.
    pub fn history(&self, case: CaseId) -> Result<History> {
        let cached = self.cache.get(case);
        let head = cached.as_ref().and_then(|h| h.last()).map_or(0, |r| r.seq);
        let tail = parse(case, &self.store.events_after(case, head)?)?;
        let history = match cached {
            Some(cached) if tail.is_empty() => return Ok(cached),
            Some(cached) if links(&cached, &tail) => {
                drop(cached);
                match self.extend_cached(case, head, tail) {
                    Some(history) => return Ok(history),
                    None => Arc::new(parse(case, &self.store.events(case)?)?),
                }
            }
            // The store no longer holds what was cached (another database behind the same
            // URL): read it again.
            Some(_) => Arc::new(parse(case, &self.store.events(case)?)?),
            None if tail.is_empty() => return Err(StoreError::NotFound(case.to_string()).into()),
            None => Arc::new(tail),
        };
        self.cache.put(case, Arc::clone(&history));
        Ok(history)
    }

    /// Appends `new` events, which follow sequence number `head`, to the cached history of
    /// the case, if the cache holds it up to `head`. The history is taken out of the cache
    /// while it grows, so that it is extended in place, not copied.
    fn extend_cached(&self, case: CaseId, head: u64, new: Vec<Recorded>) -> Option<History> {
        let mut history = self
            .cache
            .take(case)
            .filter(|h| h.last().is_some_and(|r| r.seq == head))?;
        Arc::make_mut(&mut history).extend(new);
        self.cache.put(case, Arc::clone(&history));
        Some(history)
    }

    /// The full state, as a mediator sees it.
    pub fn state(&self, case: CaseId) -> Result<Case> {
        Ok(Case::fold(self.history(case)?.iter()))
    }

    pub fn view(&self, case: CaseId, viewer: Viewer) -> Result<CaseView> {
        Ok(view(&self.history(case)?, viewer)?)
    }

    /// The case list (the index read model).
    pub fn list(&self) -> Result<Vec<CaseMetadata>> {
        Ok(self.store.case_index()?)
    }

    /// Walks every case's chain. `progress(done, total)` is called as cases are checked.
    pub fn verify(&self, mut progress: impl FnMut(usize, usize)) -> Result<VerifyReport> {
        let ids = self.store.case_ids()?;
        let mut report = VerifyReport::default();
        for (i, id) in ids.iter().enumerate() {
            let case: CaseId = id.parse().map_err(|_| AppError::Corrupt {
                case: id.clone(),
                reason: "its id is not a UUID".into(),
            })?;
            let events = match self.store.events(case) {
                Ok(events) => events,
                Err(StoreError::NotFound(_)) => continue,
                Err(e) => return Err(e.into()),
            };
            report.cases += 1;
            report.events += events.len();
            if let Err(broken) = chain::verify_chain(&events) {
                report.broken.push(broken);
            }
            progress(i + 1, ids.len());
        }
        Ok(report)
    }
}

fn parse(case: CaseId, raws: &[RawEvent]) -> Result<Vec<Recorded>> {
    raws.iter()
        .map(|raw| {
            Recorded::from_raw(raw).map_err(|e| AppError::Corrupt {
                case: case.to_string(),
                reason: format!("event {}: {e}", raw.seq),
            })
        })
        .collect()
}

/// Whether `tail` continues `history`: the next sequence number, linked by hash.
fn links(history: &[Recorded], tail: &[Recorded]) -> bool {
    match (history.last(), tail.first()) {
        (Some(last), Some(first)) => first.seq == last.seq + 1 && first.prev_hash == last.hash,
        _ => false,
    }
}

/// The result of walking every chain.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub cases: usize,
    pub events: usize,
    /// The first broken link of each case that has one.
    pub broken: Vec<chain::BrokenChain>,
}
