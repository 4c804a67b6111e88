//! `/api/v1/cases/{case}/…` after a session without full agreement: debriefs, positions,
//! terms, the memorandum and its confirmations, stall diagnosis, advice, the next step,
//! preparation, ratings, the court report, measures and what is due. Commands go through the
//! same `run` as every case command; reads through the `Workbench` (access checked there).

use super::after_session_bodies as bodies;
use super::auth::ClientAddr;
use super::cases::{Changed, run};
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Body, Ids, IfMatch, Query, SignedIn, blocking};
use super::requests::WithId;
use super::{Api, tags};
use crate::after_session::{AdviceAnswer, CaseDue, MemorandumAnswer};
use accord_core::case::court_report::CourtReport;
use accord_core::case::due::DueItem;
use accord_core::case::measures::Measures;
use accord_core::ids::{CaseId, IssueId, SessionId};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The answers of a case command that changes what exists: done, or one of the errors.
#[derive(utoipa::IntoResponses)]
#[allow(
    dead_code,
    reason = "describes the answers for the OpenAPI document; `run` builds them"
)]
pub enum CommandAnswers {
    /// Done: the case's new version.
    #[response(status = 200)]
    Done(#[to_schema] Changed),
}

/// The answers of a case command that creates something: its id in `id`, or one of the errors.
#[derive(utoipa::IntoResponses)]
#[allow(
    dead_code,
    reason = "describes the answers for the OpenAPI document; `run` builds them"
)]
pub enum CreateAnswers {
    /// Created: the case's new version and the new thing's id.
    #[response(status = 201)]
    Created(#[to_schema] Changed),
}

/// The errors every case command can answer.
#[derive(utoipa::IntoResponses)]
#[allow(
    dead_code,
    reason = "describes the answers for the OpenAPI document; ApiError builds them"
)]
pub enum CommandErrors {
    #[response(status = 400, description = "bad input; `field` names it")]
    BadInput(#[to_schema] ErrorBody),
    #[response(status = 401, description = "not signed in")]
    NotSignedIn(#[to_schema] ErrorBody),
    #[response(status = 403, description = "not yours to do")]
    Forbidden(#[to_schema] ErrorBody),
    #[response(status = 404, description = "no such case, or not one you may see")]
    NotFound(#[to_schema] ErrorBody),
    #[response(
        status = 409,
        description = "stale: the case changed since `expected_version`"
    )]
    Stale(#[to_schema] ErrorBody),
    #[response(
        status = 428,
        description = "version required: this command replaces state, so it must name the version it was decided on (If-Match)"
    )]
    VersionRequired(#[to_schema] ErrorBody),
    #[response(status = 413, description = "body over 64 KiB")]
    TooLarge(#[to_schema] ErrorBody),
    #[response(status = 415, description = "body not JSON")]
    NotJson(#[to_schema] ErrorBody),
    #[response(status = 422, description = "a rule of the case")]
    Rule(#[to_schema] ErrorBody),
    #[response(
        status = 503,
        description = "`database-unavailable`: the database cannot take writes just now (its disk is full, it is read-only, or it does not answer); nothing was written — try again after `Retry-After` seconds"
    )]
    Unavailable(#[to_schema] ErrorBody),
}

/// The answers of the reads.
#[derive(utoipa::IntoResponses)]
#[allow(
    dead_code,
    reason = "describes the answers for the OpenAPI document; ApiError builds them"
)]
pub enum ReadErrors {
    #[response(status = 401, description = "not signed in")]
    NotSignedIn(#[to_schema] ErrorBody),
    #[response(
        status = 403,
        description = "coordinators and admins see metadata only"
    )]
    Forbidden(#[to_schema] ErrorBody),
    #[response(status = 404, description = "no such case, or not one you may see")]
    NotFound(#[to_schema] ErrorBody),
}

/// Capture what you learned in the session, privately. Parties: `author` is your own party;
/// the mediator's debrief is seen by the mediator only.
#[utoipa::path(post, path = "/cases/{case}/sessions/{session}/debriefs", tag = tags::CASES,
    request_body = bodies::CaptureDebrief, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("session" = SessionId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn capture_debrief(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::CaptureDebrief>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, session)).await
}

/// Share one item of your party's debrief with everyone in the case.
#[utoipa::path(post, path = "/cases/{case}/sessions/{session}/debriefs/share", tag = tags::CASES,
    request_body = bodies::ShareDebriefItem, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("session" = SessionId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn share_debrief_item(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::ShareDebriefItem>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, session)).await
}

/// Rate how clear and how heated the session felt, before or after it (private).
#[utoipa::path(post, path = "/cases/{case}/sessions/{session}/ratings", tag = tags::CASES,
    request_body = bodies::RateSession, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("session" = SessionId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn rate_session(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::RateSession>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, session)).await
}

/// A party's position on the issue and its interests (private unless `shared`).
#[utoipa::path(post, path = "/cases/{case}/issues/{issue}/positions", tag = tags::CASES,
    request_body = bodies::RecordPosition, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("issue" = IssueId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn record_position(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, issue)): Ids<(CaseId, IssueId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::RecordPosition>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, issue)).await
}

/// An option tried on the issue and its result (mediator only; joint).
#[utoipa::path(post, path = "/cases/{case}/issues/{issue}/options", tag = tags::CASES,
    request_body = bodies::RecordOptionTried, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("issue" = IssueId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn record_option_tried(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, issue)): Ids<(CaseId, IssueId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::RecordOptionTried>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, issue)).await
}

/// Open an agreed, withdrawn or referred term again, with the reason (mediator only).
#[utoipa::path(post, path = "/cases/{case}/issues/{issue}/reopen", tag = tags::CASES,
    request_body = bodies::ReopenTerm, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("issue" = IssueId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn reopen_term(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, issue)): Ids<(CaseId, IssueId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::ReopenTerm>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, issue)).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MemorandumFormat {
    /// `markdown` for the printable text, `json` (the default) for the data.
    #[param(inline, value_type = Option<String>, pattern = "^(json|markdown)$")]
    pub format: Option<String>,
}

/// The memorandum of agreement: as the case stands now, the latest version issued, who
/// confirmed which version (confirmations of an earlier version are marked stale). Built from
/// joint facts only.
#[utoipa::path(get, path = "/cases/{case}/memorandum", tag = tags::CASES,
    params(("case" = CaseId, Path), MemorandumFormat),
    responses((status = 200, description = "JSON, or Markdown with `?format=markdown`",
        content((MemorandumAnswer = "application/json"), (String = "text/markdown"))),
        (status = 400, description = "an unknown `format`", body = ErrorBody), ReadErrors))]
pub async fn memorandum(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Query(q): Query<MemorandumFormat>,
) -> ApiResult<Response> {
    let markdown = match q.format.as_deref() {
        None | Some("json") => false,
        Some("markdown") => true,
        Some(other) => {
            return Err(ApiError::bad_request(
                "format",
                format!("format must be json or markdown, not {other:?}"),
            ));
        }
    };
    let wb = api.workbench.clone();
    let answer = blocking(move || wb.memorandum(&user, case)).await?;
    Ok(match markdown {
        true => (
            [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
            answer.markdown,
        )
            .into_response(),
        false => Json(answer).into_response(),
    })
}

/// Issue the memorandum as it stands as a new version for confirmation (mediator only).
#[utoipa::path(post, path = "/cases/{case}/memorandum", tag = tags::CASES,
    request_body = bodies::IssueMemorandum, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn issue_memorandum(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::IssueMemorandum>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Confirm a version of the memorandum, naming the content hash you read (a party, or its
/// representative).
#[utoipa::path(post, path = "/cases/{case}/memorandum/{version}/confirmations", tag = tags::CASES,
    request_body = bodies::ConfirmMemorandum, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("version" = u32, Path), ("If-Match" = Option<String>, Header)))]
pub async fn confirm_memorandum(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    ClientAddr(addr): ClientAddr,
    Ids((case, version)): Ids<(CaseId, u32)>,
    IfMatch(v): IfMatch,
    Body(mut body): Body<bodies::ConfirmMemorandum>,
) -> ApiResult<Response> {
    let (checking, who) = (api.clone(), user.clone());
    let password = std::mem::take(&mut body.password);
    blocking(move || checking.password_again(&who, &password, addr)).await?;
    run(api, user, case, v, WithId(body, version)).await
}

/// Name why the session stalled, each reason with a line of evidence.
#[utoipa::path(post, path = "/cases/{case}/diagnoses", tag = tags::CASES,
    request_body = bodies::DiagnoseStall, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn diagnose_stall(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::DiagnoseStall>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// The next-step options and process upgrades, ranked, each with the reasons that raised or
/// lowered it; drawn only from what you may see of the case. It explains; it never decides.
#[utoipa::path(get, path = "/cases/{case}/advice", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = AdviceAnswer), ReadErrors))]
pub async fn advice(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<AdviceAnswer>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.advice(&user, case)).await?))
}

/// Choose the next move: one option, one owner of the next outreach, a date (mediator only).
#[utoipa::path(post, path = "/cases/{case}/next-step", tag = tags::CASES,
    request_body = bodies::ChooseNextStep, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn choose_next_step(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::ChooseNextStep>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Mark the current next step as taken (mediator only).
#[utoipa::path(post, path = "/cases/{case}/next-step/complete", tag = tags::CASES,
    request_body = bodies::CompleteNextStep, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn complete_next_step(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::CompleteNextStep>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Your party's checklist for the next session (private unless `shared`).
#[utoipa::path(post, path = "/cases/{case}/preparations", tag = tags::CASES,
    request_body = bodies::PrepareNextSession, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn prepare_next_session(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::PrepareNextSession>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// The outcome-only report for the court: settled, partly settled or not settled, the dates
/// and who attended. Nothing said in mediation.
#[utoipa::path(get, path = "/cases/{case}/court-report", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = CourtReport), ReadErrors))]
pub async fn court_report(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<CourtReport>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.court_report(&user, case)).await?))
}

/// What moved beyond a signature: open issues over time, terms by state, whether the next
/// step has an owner and a date, and ratings you may see.
#[utoipa::path(get, path = "/cases/{case}/measures", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = Measures), ReadErrors))]
pub async fn measures(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<Measures>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.measures(&user, case)).await?))
}

/// What is due on the case for you, overdue first, then soonest.
#[utoipa::path(get, path = "/cases/{case}/due", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = Vec<DueItem>), ReadErrors))]
pub async fn due(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<Vec<DueItem>>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.due(&user, case)).await?))
}

/// What is due for you across all your cases, the most urgent case first.
#[utoipa::path(get, path = "/due", tag = tags::CASES,
    responses((status = 200, body = Vec<CaseDue>), (status = 401, body = ErrorBody)))]
pub async fn due_everywhere(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
) -> ApiResult<Json<Vec<CaseDue>>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.due_everywhere(&user)).await?))
}
