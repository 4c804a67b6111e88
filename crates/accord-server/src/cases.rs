//! The case service: every command goes load → decide → seal → append, with the expected
//! sequence number taken from the history that was decided on.

use crate::error::{AppError, Result};
use crate::folded::Folded;
use crate::history_cache::{DEFAULT_MAX_EVENTS, History, HistoryCache};
use accord_core::case::reminders::LeadTimes;
use accord_core::case::{
    Actor, Case, CaseMetadata, CaseView, Command, Recorded, Viewer, decide_on,
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
    pub(crate) cache: HistoryCache,
    /// Cached histories change under the lock of their shard: a writer takes its case's
    /// history out, extends it in place and puts it back, and a reader that misses the cache
    /// waits for it rather than reading the whole case again.
    shards: Vec<std::sync::Mutex<()>>,
    /// When deadline reminders go out; every append plans the case's reminders with them.
    leads: std::sync::RwLock<LeadTimes>,
}

/// What a command produced.
#[derive(Debug)]
pub struct Executed {
    pub case: CaseId,
    pub events: Vec<Recorded>,
    /// The history after the command, with its state.
    pub history: History,
}

impl Executed {
    /// The case's full state after the command.
    pub fn state(&self) -> &Case {
        &self.history.state
    }
}

const SHARDS: usize = 64;

impl Cases {
    pub fn new(store: Store) -> Self {
        Self::with_cache(store, DEFAULT_MAX_EVENTS)
    }

    /// With a history cache of at most `max_events` events (0: no cache).
    pub fn with_cache(store: Store, max_events: usize) -> Self {
        Self {
            store,
            cache: HistoryCache::new(max_events),
            shards: (0..SHARDS).map(|_| std::sync::Mutex::default()).collect(),
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
                Arc::new(Folded::new(vec![]))
            }
            other => other?,
        };
        self.append_decided(case, history, cmd, actor)
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

    /// Decides `cmd` on the state of `history` (the case as stored, with its folds) and
    /// appends the events after its head. `Conflict` if another writer appended since that
    /// history was read. The cached history is extended in place, not folded again.
    pub fn append_decided(
        &self,
        case: CaseId,
        history: History,
        cmd: Command,
        actor: &Actor,
    ) -> Result<Executed> {
        let head = history.state.head.unwrap_or(Head::EMPTY);
        let now = Timestamp::now();
        let new = decide_on(&history.state, cmd, now)?;
        let sealed = chain::seal(case, head, new, actor, now);
        let _shard = self.shard(case);
        // The history to extend: the cached one if it is the one decided on and nobody else
        // holds it (then it is not copied), else a copy of the one decided on.
        let cached = match self.cache.get(case) {
            Some(h) if h.state.head == history.state.head => {
                drop(h);
                self.cache.take(case)
            }
            _ => None,
        };
        let mut next: Folded = match cached {
            Some(cached) => {
                drop(history);
                Arc::try_unwrap(cached).unwrap_or_else(|shared| (*shared).clone())
            }
            None => (*history).clone(),
        };
        next.extend(sealed.clone());
        let metadata = CaseMetadata::of(&next.state).expect("a case with events has been opened");
        let raws: Vec<_> = sealed.iter().map(Recorded::to_raw).collect();
        // The read models derived from the state after these events (planned reminders, due
        // lists, programme figures) are written in the same transaction. On failure the
        // extended copy is dropped: the next read takes the case from the store.
        let derived = crate::read_models::derived(&next.state, &self.lead_times(), now);
        self.store
            .append_deriving(head.seq, &raws, &metadata, &derived)?;
        let history = Arc::new(next);
        self.cache.put(case, Arc::clone(&history));
        Ok(Executed {
            case,
            events: sealed,
            history,
        })
    }

    /// The whole history of a case, with its folds: the cached history extended by the
    /// events stored after its head (another node's appends), or read in full. `NotFound` if
    /// the case has no events.
    pub fn history(&self, case: CaseId) -> Result<History> {
        if let Some(cached) = self.cache.get(case) {
            let head = cached.last().map_or(0, |r| r.seq);
            let tail = parse(case, &self.store.events_after(case, head)?)?;
            if tail.is_empty() {
                return Ok(cached);
            }
            drop(cached);
            return self.extend_from_store(case, head, tail);
        }
        let shard = self.shard(case);
        if self.cache.get(case).is_some() {
            // A writer put it back while this reader waited.
            drop(shard);
            return self.history(case);
        }
        let events = parse(case, &self.store.events(case)?)?;
        let history = Arc::new(Folded::new(events));
        self.cache.put(case, Arc::clone(&history));
        Ok(history)
    }

    /// Extends the cached history, which ends at `head`, by `tail` read from the store.
    fn extend_from_store(&self, case: CaseId, head: u64, tail: Vec<Recorded>) -> Result<History> {
        let _shard = self.shard(case);
        let extended = match self.cache.take(case) {
            Some(cached)
                if cached.last().map(|r| r.seq) == Some(head)
                    && links(&cached, &tail)
                    && !erases(&tail) =>
            {
                let mut next = Arc::try_unwrap(cached).unwrap_or_else(|shared| (*shared).clone());
                next.extend(tail);
                Arc::new(next)
            }
            // Another writer moved it meanwhile, the store no longer holds what was cached
            // (another database behind the same URL), or another node erased someone, which
            // rewrote payloads this node holds: read it again.
            _ => Arc::new(Folded::new(parse(case, &self.store.events(case)?)?)),
        };
        self.cache.put(case, Arc::clone(&extended));
        Ok(extended)
    }

    pub(crate) fn shard(&self, case: CaseId) -> std::sync::MutexGuard<'_, ()> {
        let i = (case.as_uuid().as_u128() % SHARDS as u128) as usize;
        self.shards[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The full state, as a mediator sees it.
    pub fn state(&self, case: CaseId) -> Result<Case> {
        Ok(self.history(case)?.state.clone())
    }

    pub fn view(&self, case: CaseId, viewer: Viewer) -> Result<CaseView> {
        Ok(self.history(case)?.view_fold(viewer)?.view())
    }

    /// The case list (the index read model).
    pub fn list(&self) -> Result<Vec<CaseMetadata>> {
        Ok(self.store.case_index()?)
    }

    /// Walks every case's chain. `progress(done, total)` is called as cases are checked.
    pub fn verify(&self, progress: impl FnMut(usize, usize)) -> Result<VerifyReport> {
        self.verify_against(None, progress)
    }

    /// `verify`, also checking every case in `anchors` still holds its anchored head (and
    /// collecting each case's head now, for a new anchor file).
    pub fn verify_against(
        &self,
        anchors: Option<&accord_core::anchor::Anchors>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<VerifyReport> {
        let ids = self.store.case_ids()?;
        let mut report = VerifyReport::default();
        let mut seen = std::collections::HashSet::new();
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
            if let Some(head) = anchors.and_then(|a| a.cases.get(id.as_str()))
                && let Err(problem) = accord_core::anchor::check(head, &events)
            {
                report.unanchored.push((id.clone(), problem));
            }
            seen.insert(id.clone());
            if let Some(last) = events.last() {
                report.heads.push((id.clone(), last.seq, last.hash.clone()));
            }
            progress(i + 1, ids.len());
        }
        for (id, head) in anchors.iter().flat_map(|a| &a.cases) {
            if !seen.contains(id) {
                let problem = accord_core::anchor::check(head, &[]).expect_err("no events");
                report.unanchored.push((id.clone(), problem));
            }
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

/// Whether `tail` holds an erasure: the events before it are no longer what was cached.
fn erases(tail: &[Recorded]) -> bool {
    tail.iter()
        .any(|r| matches!(r.event, accord_core::case::Event::PayloadsRedacted { .. }))
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
    /// Cases that no longer hold their anchored head (`verify --against`).
    pub unanchored: Vec<(String, accord_core::anchor::AnchorProblem)>,
    /// Each case's head now: (case, sequence number, hash).
    pub heads: Vec<(String, u64, String)>,
}
