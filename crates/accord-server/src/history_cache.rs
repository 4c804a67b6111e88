//! Parsed case histories kept in memory between requests.
//!
//! Stored events never change, so a cached history only grows: a reader asks the store for
//! the events after the cached head and appends them (see `Cases::history`). The cache is
//! bounded by the total number of events it holds, least recently used cases leaving first.
//! It holds whole histories, as the store does; every view is still folded from only the
//! events its viewer may see.

use crate::folded::Folded;
use accord_core::ids::CaseId;
use lru::LruCache;
use std::sync::{Arc, Mutex};

/// A case's history and its folds (see `Folded`), shared by the requests reading it.
pub type History = Arc<Folded>;

/// Events held across all cached cases, by default (about 1 KiB each in memory).
pub const DEFAULT_MAX_EVENTS: usize = 200_000;

pub struct HistoryCache {
    max_events: usize,
    inner: Mutex<Inner>,
}

struct Inner {
    cases: LruCache<CaseId, History>,
    events: usize,
}

impl HistoryCache {
    /// A cache holding at most `max_events` events; 0 turns caching off.
    pub fn new(max_events: usize) -> Self {
        Self {
            max_events,
            inner: Mutex::new(Inner {
                cases: LruCache::unbounded(),
                events: 0,
            }),
        }
    }

    pub fn get(&self, case: CaseId) -> Option<History> {
        self.lock().cases.get(&case).cloned()
    }

    /// Removes a case's history, so that the caller may extend it without copying.
    pub fn take(&self, case: CaseId) -> Option<History> {
        let mut inner = self.lock();
        let taken = inner.cases.pop(&case);
        inner.events -= taken.as_ref().map_or(0, |h| h.len());
        taken
    }

    /// Keeps `history` unless a longer one is already cached; evicts least recently used
    /// cases to stay within the bound. A history larger than the whole bound is not kept.
    pub fn put(&self, case: CaseId, history: History) {
        if history.len() > self.max_events {
            return;
        }
        let mut inner = self.lock();
        if inner
            .cases
            .peek(&case)
            .is_some_and(|cached| cached.len() > history.len())
        {
            return;
        }
        let added = history.len();
        if let Some(old) = inner.cases.put(case, history) {
            inner.events -= old.len();
        }
        inner.events += added;
        while inner.events > self.max_events {
            match inner.cases.pop_lru() {
                Some((_, evicted)) => inner.events -= evicted.len(),
                None => break,
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The cache holds no invariant a panicking reader could break half-way.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_core::case::vocabulary::{DisputeType, Jurisdiction};
    use accord_core::case::{Actor, Command, Recorded, decide};
    use accord_core::chain::{Head, seal};
    use accord_core::text::Text;

    fn history(events: usize) -> (CaseId, History) {
        let case = CaseId::new_v7();
        let open = Command::OpenCase {
            case,
            title: Text::line("title", "Hedge", 100).unwrap(),
            dispute_type: DisputeType::NeighbourCommunity,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: accord_core::time_zone::TimeZoneName::parse("Europe/London").unwrap(),
            court_ordered: false,
            contract_clause: None,
            court_reference: None,
        };
        let new = decide(&Default::default(), open).unwrap();
        let one: Vec<Recorded> = seal(
            case,
            Head::EMPTY,
            new,
            &Actor::Operator { name: "t".into() },
            jiff::Timestamp::now(),
        );
        (
            case,
            Arc::new(Folded::new(
                one.iter().cycle().take(events).cloned().collect(),
            )),
        )
    }

    #[test]
    fn evicts_least_recently_used_cases_to_stay_within_its_bound() {
        let cache = HistoryCache::new(10);
        let (a, ha) = history(4);
        let (b, hb) = history(4);
        let (c, hc) = history(4);
        cache.put(a, ha);
        cache.put(b, hb);
        assert!(cache.get(a).is_some(), "a is now the most recently used");
        cache.put(c, hc);
        assert!(
            cache.get(b).is_none(),
            "b was least recently used and made room"
        );
        assert!(cache.get(a).is_some() && cache.get(c).is_some());
    }

    #[test]
    fn keeps_the_longer_history_and_refuses_one_larger_than_the_bound() {
        let cache = HistoryCache::new(10);
        let (a, long) = history(5);
        cache.put(a, long);
        cache.put(a, history(3).1);
        assert_eq!(cache.get(a).map(|h| h.len()), Some(5));
        let (b, huge) = history(11);
        cache.put(b, huge);
        assert!(cache.get(b).is_none());
        assert_eq!(cache.take(a).map(|h| h.len()), Some(5));
        assert!(cache.get(a).is_none());
        assert!(HistoryCache::new(0).get(a).is_none());
    }
}
