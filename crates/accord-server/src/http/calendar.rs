//! Calendars: a case's `.ics` download for a signed-in person, the private feeds a person
//! makes, lists and revokes under `/api/v1/calendar-feeds`, and `GET /calendar/{token}`, the
//! feed itself, where the token is the only credential (calendar apps send no cookie).

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Body, Ids, SignedIn, blocking};
use super::{Api, tags};
use crate::calendar::FEED_PATH;
use accord_core::ids::CaseId;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use utoipa::ToSchema;

const ICS: &str = "text/calendar; charset=utf-8";

fn ics(body: String, download: Option<String>) -> Response {
    let response = ([(header::CONTENT_TYPE, ICS)], body).into_response();
    match download {
        Some(name) => super::documents::as_download(response, &name),
        None => response,
    }
}

/// The case's sessions, deadlines and what is due for you, as iCalendar: only what you may
/// see of the case (coordinators and admins: its deadlines). Stable UIDs, so importing it
/// again updates the events.
#[utoipa::path(get, path = "/cases/{case}/calendar.ics", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = String, content_type = "text/calendar"),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 404, description = "no such case, or not one you may see", body = ErrorBody)))]
pub async fn case_calendar(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Response> {
    let wb = api.workbench.clone();
    let body = blocking(move || wb.case_calendar(&user, case)).await?;
    Ok(ics(body, Some(format!("accord-case-{case}.ics"))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFeed {
    /// Where the feed is used, e.g. "phone".
    pub name: String,
}

/// A new feed: its URL holds the token and is shown once (only its hash is stored).
#[derive(Serialize, ToSchema)]
pub struct FeedCreated {
    pub id: String,
    pub name: String,
    /// Subscribe to this URL in a calendar app. Anyone with it reads your calendar: keep it
    /// private, and revoke the feed if it leaks.
    pub url: String,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct FeedInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Make a private calendar feed: your sessions, deadlines and what is due for you, across all
/// your cases, at a URL a calendar app can subscribe to without signing in.
#[utoipa::path(post, path = "/calendar-feeds", tag = tags::ACCOUNTS, request_body = NewFeed,
    responses((status = 201, body = FeedCreated),
        (status = 400, description = "bad input; `field` names it", body = ErrorBody),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 413, description = "body over 64 KiB", body = ErrorBody),
        (status = 415, description = "body not JSON", body = ErrorBody)))]
pub async fn create_feed(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Body(body): Body<NewFeed>,
) -> ApiResult<(StatusCode, Json<FeedCreated>)> {
    let (wb, public_url) = (api.workbench.clone(), api.config.public_url.clone());
    let made = blocking(move || wb.create_calendar_feed(&user, &body.name, &public_url)).await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedCreated {
            id: made.id,
            name: made.name,
            url: made.url,
            created_at: made.created_at,
        }),
    ))
}

/// Your calendar feeds (never their URLs, which hold the token).
#[utoipa::path(get, path = "/calendar-feeds", tag = tags::ACCOUNTS,
    responses((status = 200, body = Vec<FeedInfo>),
        (status = 401, description = "not signed in", body = ErrorBody)))]
pub async fn feeds(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
) -> ApiResult<Json<Vec<FeedInfo>>> {
    let wb = api.workbench.clone();
    let rows = blocking(move || wb.calendar_feeds(&user)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|f| FeedInfo {
                id: f.id,
                name: f.name,
                created_at: f.created_at,
                revoked_at: f.revoked_at,
            })
            .collect(),
    ))
}

/// Revoke one of your calendar feeds: its URL answers 404 from now on.
#[utoipa::path(delete, path = "/calendar-feeds/{feed}", tag = tags::ACCOUNTS, params(("feed" = String, Path)),
    responses((status = 204),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 404, description = "no such live feed of yours", body = ErrorBody)))]
pub async fn revoke_feed(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(feed): Ids<String>,
) -> ApiResult<StatusCode> {
    let wb = api.workbench.clone();
    match blocking(move || wb.revoke_calendar_feed(&user, &feed)).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found()),
    }
}

/// `GET /calendar/{token}`: the feed. An unknown or revoked token is 404, like any address
/// that is not there.
pub async fn feed(State(api): State<Api>, Ids(token): Ids<String>) -> ApiResult<Response> {
    let token = token.strip_suffix(".ics").unwrap_or(&token).to_owned();
    let wb = api.workbench.clone();
    match blocking(move || wb.feed_calendar(&token)).await? {
        Some(body) => Ok(ics(body, None)),
        None => Err(ApiError::not_found()),
    }
}

/// A request path fit for the logs: a feed's token is a credential, so it is left out.
pub fn loggable_path(path: &str) -> Cow<'_, str> {
    match path.strip_prefix(FEED_PATH) {
        Some(_) => Cow::Owned(format!("{FEED_PATH}…")),
        None => Cow::Borrowed(path),
    }
}
