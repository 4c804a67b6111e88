//! `GET /api/v1/cases` (the case list, keyset-paged, filtered, with the dashboard's counts)
//! and `GET /api/v1/programme` (coordinators' figures). Both answer from read models.

use super::error::{ApiResult, ErrorBody};
use super::extract::{Query, SignedIn, blocking};
use super::{Api, tags};
use crate::case_list::{CaseListPage, ListQuery, ListRequest};
use crate::programme::Programme;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;

/// The case list's query. Every parameter is optional; an unknown parameter or value answers
/// 400 naming it.
#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseListQuery {
    /// Rows per page, 1 to 200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next_cursor` of the page before; opaque.
    pub cursor: Option<String>,
    /// `open`, `closed`, or a closure status (`settled`, `partly-settled`, `not-settled`,
    /// `withdrawn`, `unsuitable`).
    pub status: Option<String>,
    /// The latest session outcome (`full-agreement`, `partial-agreement`, `no-agreement`,
    /// `impasse-for-now`, `paused-for-safety`, `did-not-take-place`), `none` (no outcome
    /// yet), or `no-full-agreement` (any outcome but a full agreement).
    pub outcome: Option<String>,
    /// A dispute type (`child-arrangements`, `workplace`, …).
    pub dispute_type: Option<String>,
    /// A mediator's account id: the cases they mediate (coordinators and admins only).
    pub mediator: Option<String>,
    /// `true` or `false`.
    #[param(value_type = Option<bool>)]
    pub court_ordered: Option<String>,
    /// `overdue` (something due for you is overdue) or `this-week` (due from today to seven
    /// days ahead).
    pub due: Option<String>,
    /// Part of the title, any case.
    pub q: Option<String>,
}

/// The cases you may see, most recent activity first (then by id), one page at a time: your
/// own as mediator or participant; all of them (metadata only) for coordinators and admins.
/// Only a case's mediators see its row, its place and the counts moved by private writes;
/// everyone else sees the row as of the last thing addressed to everyone.
#[utoipa::path(get, path = "/cases", tag = tags::CASES, params(CaseListQuery),
    responses((status = 200, body = CaseListPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, description = "the mediator filter, by someone not a coordinator or admin", body = ErrorBody)))]
pub async fn list(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Query(q): Query<CaseListQuery>,
) -> ApiResult<Json<CaseListPage>> {
    let query = ListQuery {
        limit: q.limit,
        cursor: q.cursor,
        status: q.status,
        outcome: q.outcome,
        dispute_type: q.dispute_type,
        mediator: q.mediator,
        court_ordered: q.court_ordered,
        due: q.due,
        q: q.q,
    };
    let request = ListRequest::parse(&query, jiff::Timestamp::now())?;
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.list_page(&user, &request)).await?))
}

/// Programme figures (coordinators and admins): per dispute type and per mediator, cases by
/// status and latest outcome, issues narrowed, terms by state, next moves chosen with an
/// owner and a date. From joint facts only: no names of parties, no text.
#[utoipa::path(get, path = "/programme", tag = tags::CASES,
    responses((status = 200, body = Programme), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn programme(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
) -> ApiResult<Json<Programme>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.programme(&user)).await?))
}
