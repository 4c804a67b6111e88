//! `GET /cases/{case}/notes?before=…` and `…/timeline?before=…`: a case's older notes and its
//! timeline, a page at a time. A case's
//! view carries the latest page and, in `notes_page.older`, the cursor for the one before.

use super::after_session::ReadErrors;
use super::error::{ApiResult, ErrorBody};
use super::extract::{Ids, Query, SignedIn, blocking};
use super::{Api, tags};
use accord_core::case::notes_page::{MAX_NOTES_PAGE, NOTES_PAGE, OlderNotes};
use accord_core::case::timeline::{MAX_TIMELINE_PAGE, TIMELINE_PAGE, TimelinePage};
use accord_core::ids::{CaseId, NoteId};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotesQuery {
    /// The `older` cursor of a view or of a page: the notes before this one.
    pub before: NoteId,
    /// How many (1 to 200; 50 unless said).
    pub limit: Option<usize>,
}

/// The notes before a cursor, oldest first, as you may see them; `older` is the cursor for
/// the page before this one (none when this page reaches the first note).
#[utoipa::path(get, path = "/cases/{case}/notes", tag = tags::CASES,
    params(("case" = CaseId, Path), NotesQuery),
    responses((status = 200, body = OlderNotes),
        (status = 400, description = "`before` names no note you may see, or `limit` is out of range", body = ErrorBody),
        ReadErrors))]
pub async fn older_notes(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Query(q): Query<NotesQuery>,
) -> ApiResult<Json<OlderNotes>> {
    let limit = q.limit.unwrap_or(NOTES_PAGE);
    if !(1..=MAX_NOTES_PAGE).contains(&limit) {
        return Err(super::error::ApiError::bad_request(
            "limit",
            format!("limit must be from 1 to {MAX_NOTES_PAGE}"),
        ));
    }
    let wb = api.workbench.clone();
    Ok(Json(
        blocking(move || wb.older_notes(&user, case, q.before, limit)).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TimelineQuery {
    /// The `older` cursor of a page: the entries before this number. None: the latest.
    pub before: Option<u64>,
    /// How many (1 to 200; 20 unless said).
    pub limit: Option<usize>,
}

/// The case's timeline as you may see it, newest first, a page at a time: what happened and
/// when. Entries are numbered among the events you may see; `older` is the next cursor.
#[utoipa::path(get, path = "/cases/{case}/timeline", tag = tags::CASES,
    params(("case" = CaseId, Path), TimelineQuery),
    responses((status = 200, body = TimelinePage),
        (status = 400, description = "`limit` is out of range", body = ErrorBody),
        ReadErrors))]
pub async fn timeline(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Query(q): Query<TimelineQuery>,
) -> ApiResult<Json<TimelinePage>> {
    let limit = q.limit.unwrap_or(TIMELINE_PAGE);
    if !(1..=MAX_TIMELINE_PAGE).contains(&limit) {
        return Err(super::error::ApiError::bad_request(
            "limit",
            format!("limit must be from 1 to {MAX_TIMELINE_PAGE}"),
        ));
    }
    let wb = api.workbench.clone();
    Ok(Json(
        blocking(move || wb.timeline(&user, case, q.before, limit)).await?,
    ))
}
