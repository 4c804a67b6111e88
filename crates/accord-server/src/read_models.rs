//! What an append writes besides its events and the case index, derived from the case's state
//! after them: the planned reminders (outbox), every audience's due list, and the programme
//! figures. `Cases::append_decided` hands these to the store, which writes them in the
//! append's transaction, so they are never stale; `rebuild` derives them again from events.

use crate::after_session::today_in;
use accord_core::case::Case;
use accord_core::case::due::{DueAudience, DueItem, due_lists};
use accord_core::case::figures::CaseFigures;
use accord_core::case::reminders::LeadTimes;
use accord_store::{Derived, DueRow};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The rows of each read model for `case`, as of `now`.
pub fn derived(case: &Case, leads: &LeadTimes, now: Timestamp) -> Derived {
    Derived {
        outbox: crate::reminders::outbox_rows(case, leads, now),
        due: due_rows(case),
        figures: CaseFigures::of(case),
    }
}

/// The stored key of an audience.
pub fn audience_key(a: DueAudience) -> String {
    match a {
        DueAudience::Mediator => "mediator".into(),
        DueAudience::Coordinator => "coordinator".into(),
        DueAudience::Participant(p) => p.to_string(),
    }
}

fn due_rows(case: &Case) -> Vec<DueRow> {
    let Some(profile) = &case.profile else {
        return Vec::new();
    };
    let tz = TimeZone::get(&profile.time_zone).unwrap_or(TimeZone::UTC);
    let ns = |d: jiff::civil::Date| {
        d.to_zoned(tz.clone())
            .map_or(0, |z| z.timestamp().as_nanosecond() as i64)
    };
    let mut rows = Vec::new();
    // The order of a list does not depend on the day it is read (soonest first, stably), so
    // it is kept; how soon each item is comes from the day it is read.
    for (audience, items) in due_lists(case, today_in(case)) {
        for (position, item) in items.into_iter().enumerate() {
            let next_day = item.due_on.tomorrow().unwrap_or(item.due_on);
            rows.push(DueRow {
                audience: audience_key(audience),
                position: position as u32,
                due_on: item.due_on.to_string(),
                due_start_ns: ns(item.due_on),
                due_end_ns: ns(next_day),
                time_zone: profile.time_zone.clone(),
                item: serde_json::to_string(&item).expect("a due item serialises"),
            });
        }
    }
    rows
}

/// A stored due item as of today in its case's time zone.
pub fn due_item_now(item: &str, time_zone: &str) -> Option<DueItem> {
    let mut item: DueItem = serde_json::from_str(item).ok()?;
    let tz = TimeZone::get(time_zone).unwrap_or(TimeZone::UTC);
    let today = Timestamp::now().to_zoned(tz).date();
    item.when = accord_core::case::due::DueWhen::of(item.due_on, today);
    item.overdue = item.when == accord_core::case::due::DueWhen::Overdue;
    Some(item)
}

/// Derives the due rows and figures of every case that has none (written before these read
/// models existed), from its events. Returns how many cases were rebuilt.
pub fn rebuild_missing(cases: &crate::Cases) -> crate::error::Result<usize> {
    let store = cases.store();
    let missing = store.cases_without_figures()?;
    for id in &missing {
        let Ok(case) = id.parse::<accord_core::ids::CaseId>() else {
            continue;
        };
        // The case as `Cases` reads it (parsed and folded once, then kept in its cache).
        let state = &cases.history(case)?.state;
        let derived = Derived {
            due: due_rows(state),
            figures: CaseFigures::of(state),
            ..Default::default()
        };
        store.rewrite_read_models(id, &derived)?;
    }
    Ok(missing.len())
}
