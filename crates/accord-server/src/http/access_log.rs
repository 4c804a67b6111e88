//! `GET /cases/{case}/access-log`: who opened which sensitive record of the case (a caucus
//! note, a mediator's note, a private debrief), by which route and when — for its mediators.

use super::after_session::ReadErrors;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Ids, Query, SignedIn, blocking};
use super::{Api, tags};
use crate::sensitive_reads::{LOG_PAGE, MAX_LOG_PAGE, OpeningsPage};
use accord_core::ids::CaseId;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AccessLogQuery {
    /// The `older` cursor of a page (an instant, e.g. `2026-12-07T09:30:00Z`): the entries
    /// before it. None: the latest.
    pub before: Option<String>,
    /// How many (1 to 500; 100 unless said).
    pub limit: Option<usize>,
}

/// Every opening of the case's sensitive records, newest first, a page at a time (the case's
/// mediators only). Reopening one record within ten minutes is one entry. The log is
/// append-only: nothing in it can be changed or removed.
#[utoipa::path(get, path = "/cases/{case}/access-log", tag = tags::CASES,
    params(("case" = CaseId, Path), AccessLogQuery),
    responses((status = 200, body = OpeningsPage),
        (status = 400, description = "`before` is not an instant, or `limit` is out of range", body = ErrorBody),
        ReadErrors))]
pub async fn access_log(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Query(q): Query<AccessLogQuery>,
) -> ApiResult<Json<OpeningsPage>> {
    let limit = q.limit.unwrap_or(LOG_PAGE);
    if !(1..=MAX_LOG_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(
            "limit",
            format!("limit must be from 1 to {MAX_LOG_PAGE}"),
        ));
    }
    let wb = api.workbench.clone();
    Ok(Json(
        blocking(move || wb.openings(&user, case, q.before.as_deref(), limit)).await?,
    ))
}
