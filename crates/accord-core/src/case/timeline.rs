//! A case's timeline as one viewer may see it, a page at a time: what happened and when, newest
//! first. Each entry is numbered by its place among the events the viewer may see (1 is the
//! first), so a cursor tells nobody more than the viewer's own version already does.

use super::event::Recorded;
use super::view::{ViewError, Viewer, visible_after};
use jiff::Timestamp;
use serde::Serialize;

/// Entries on the case page, and in a page asked for unless said.
pub const TIMELINE_PAGE: usize = 20;
/// The most entries one page may ask for.
pub const MAX_TIMELINE_PAGE: usize = 200;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// Its place among the events this viewer may see (1 is the first).
    pub number: u64,
    /// The event's name, e.g. `NoteAdded`.
    pub kind: &'static str,
    pub at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimelinePage {
    /// Newest first.
    pub entries: Vec<TimelineEntry>,
    /// Ask for `…/timeline?before=<this>` for the entries before these; none at the start.
    pub older: Option<u64>,
}

/// The `limit` entries `viewer` may see before entry number `before` (or the latest, without
/// one), newest first.
pub fn timeline(
    history: &[Recorded],
    viewer: Viewer,
    before: Option<u64>,
    limit: usize,
) -> Result<TimelinePage, ViewError> {
    let seen = visible_after(history, viewer, 0)?;
    let end = before.map_or(seen.len(), |b| {
        (b.saturating_sub(1) as usize).min(seen.len())
    });
    let from = end.saturating_sub(limit.clamp(1, MAX_TIMELINE_PAGE));
    let entries = (from..end)
        .rev()
        .map(|i| TimelineEntry {
            number: i as u64 + 1,
            kind: seen[i].event.name(),
            at: seen[i].recorded_at,
        })
        .collect();
    Ok(TimelinePage {
        entries,
        older: (from > 0).then_some(from as u64 + 1),
    })
}
