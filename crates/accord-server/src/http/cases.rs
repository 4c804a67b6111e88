//! `/api/v1/cases…`: one case as the caller may see it, every case command,
//! members, invitations and export. Each handler hands the signed-in account to the
//! `Workbench`, which checks access in one place (`access.rs`).

use super::error::{ApiResult, ErrorBody};
use super::extract::{Body, Ids, IfMatch, SignedIn, blocking, expected_version};
use super::requests::{self, CommandBody, WithId};
use super::{Api, tags};
use crate::accounts::User;
use crate::error::AppError;
use accord_core::case::CaseView;
use accord_core::ids::{CaseId, IssueId, ParticipantId, SessionId};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The case as the caller may see it, and its version (also the `ETag`).
#[derive(Serialize, ToSchema)]
pub struct CaseAnswer {
    /// Name this in `If-Match` or `expected_version` when changing the case.
    pub version: u64,
    pub view: CaseView,
}

/// What a command did.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Changed {
    pub case: CaseId,
    /// The case's version after the command, as the caller may see it.
    pub version: u64,
    /// The id of what the command created (participant, issue, session, note), if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

fn with_etag(status: StatusCode, version: u64, body: impl Serialize) -> Response {
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{version}\"")).expect("digits"),
    );
    response
}

pub(super) async fn run(
    api: Api,
    user: User,
    case: CaseId,
    if_match: Option<u64>,
    body: impl CommandBody,
) -> ApiResult<Response> {
    let expected = expected_version(if_match, body.expected_version())?;
    let (command, id) = body.build().map_err(AppError::from)?;
    let workbench = api.workbench.clone();
    let done = blocking(move || workbench.run(&user, case, command, expected)).await?;
    let status = if id.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(with_etag(
        status,
        done.version,
        Changed {
            case,
            version: done.version,
            id,
        },
    ))
}

/// Open a case; you become its mediator (mediator accounts only).
#[utoipa::path(post, path = "/cases", tag = tags::CASES, request_body = requests::OpenCase,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 201, body = Changed), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn open(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Body(body): Body<requests::OpenCase>,
) -> ApiResult<Response> {
    let case = CaseId::new_v7();
    let command = body.build(case).map_err(AppError::from)?;
    let wb = api.workbench.clone();
    let done = blocking(move || wb.open(&user, command)).await?;
    Ok(with_etag(
        StatusCode::CREATED,
        done.version,
        Changed {
            case,
            version: done.version,
            id: Some(case.to_string()),
        },
    ))
}

/// One case, as you may see it: everything for its mediator; what your party may see for a
/// party, representative or support person; metadata only for coordinators and admins.
#[utoipa::path(get, path = "/cases/{case}", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = CaseAnswer), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Response> {
    let wb = api.workbench.clone();
    // Rendered once per viewer and state of the case, then sent again while it is unchanged.
    let (version, json) = blocking(move || {
        wb.show_rendered(&user, case, |seen| {
            let answer = CaseAnswer {
                version: seen.version,
                view: seen.view,
            };
            serde_json::to_vec(&answer)
                .expect("a case view always serialises")
                .into()
        })
    })
    .await?;
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        json,
    )
        .into_response();
    response.headers_mut().insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{version}\"")).expect("digits"),
    );
    Ok(response)
}

/// Add a party, representative, support person or mediator (mediator only).
#[utoipa::path(post, path = "/cases/{case}/participants", tag = tags::CASES, request_body = requests::AddParticipant,
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)), responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn add_participant(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::AddParticipant>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Put an issue on the agenda (mediator only).
#[utoipa::path(post, path = "/cases/{case}/issues", tag = tags::CASES, request_body = requests::AddIssue,
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)), responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn add_issue(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::AddIssue>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Record an issue's state (mediator only).
#[utoipa::path(post, path = "/cases/{case}/issues/{issue}/state", tag = tags::CASES,
    request_body = requests::SetIssueState,
    params(("case" = CaseId, Path), ("issue" = IssueId, Path), ("If-Match" = Option<String>, Header)),
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn set_issue_state(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, issue)): Ids<(CaseId, IssueId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::SetIssueState>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, issue)).await
}

/// Schedule a session (mediator only).
#[utoipa::path(post, path = "/cases/{case}/sessions", tag = tags::CASES, request_body = requests::ScheduleSession,
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)), responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn schedule_session(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::ScheduleSession>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Record that a session was held (mediator only).
#[utoipa::path(post, path = "/cases/{case}/sessions/{session}/held", tag = tags::CASES,
    request_body = requests::SessionHeld,
    params(("case" = CaseId, Path), ("session" = SessionId, Path), ("If-Match" = Option<String>, Header)),
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn session_held(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::SessionHeld>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, session)).await
}

/// Cancel a scheduled session (mediator only).
#[utoipa::path(post, path = "/cases/{case}/sessions/{session}/cancel", tag = tags::CASES,
    request_body = requests::CancelSession,
    params(("case" = CaseId, Path), ("session" = SessionId, Path), ("If-Match" = Option<String>, Header)),
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn cancel_session(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::CancelSession>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, session)).await
}

/// Record a session's outcome (mediator only).
#[utoipa::path(post, path = "/cases/{case}/sessions/{session}/outcome", tag = tags::CASES,
    request_body = requests::RecordOutcome,
    params(("case" = CaseId, Path), ("session" = SessionId, Path), ("If-Match" = Option<String>, Header)),
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn record_outcome(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::RecordOutcome>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, session)).await
}

/// Add a note. Parties and those acting for them may write to everyone, or privately to the
/// mediator (`{"kind": "party-and-mediator", "party": <their party>}`); mediators to anyone.
#[utoipa::path(post, path = "/cases/{case}/notes", tag = tags::CASES, request_body = requests::AddNote,
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)), responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn add_note(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::AddNote>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Close the case with its closure status (mediator only).
#[utoipa::path(post, path = "/cases/{case}/close", tag = tags::CASES, request_body = requests::CloseCase,
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)), responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = Changed), (status = 201, body = Changed), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "stale: the case changed since `expected_version`", body = ErrorBody),
        (status = 428, description = "version required: this command replaces state; send If-Match", body = ErrorBody),
        (status = 422, description = "a rule of the case", body = ErrorBody)))]
pub async fn close(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<requests::CloseCase>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// The case's record as JSON Lines, one event a line, verifiable with `accord import`
/// (the case's mediator only).
#[utoipa::path(get, path = "/cases/{case}/export", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, content_type = "application/x-ndjson", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Response> {
    let wb = api.workbench.clone();
    let lines = blocking(move || wb.export(&user, case)).await?;
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], lines).into_response())
}

/// A member of a case: an account, how it takes part, and when it first read the case.
#[derive(Serialize, ToSchema)]
pub struct Member {
    pub user: String,
    pub name: String,
    /// `mediator`, `participant`, or `former`.
    pub kind: String,
    pub participant: Option<String>,
    /// The access log: when this account first read the case's records (none yet: null).
    pub first_read_at: Option<String>,
}

/// Who is a member of the case, with the access log (the case's mediator only). How each
/// came to be one is in the case's `access` record, which everyone in the case sees.
#[utoipa::path(get, path = "/cases/{case}/members", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = Vec<Member>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn members(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<Vec<Member>>> {
    let wb = api.workbench.clone();
    let rows = blocking(move || wb.members(&user, case)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| Member {
                user: m.membership.user_id,
                name: m.name,
                kind: m.membership.kind,
                participant: m.membership.participant_id,
                first_read_at: m.first_read_at,
            })
            .collect(),
    ))
}

/// End someone's membership of the case; they keep their account (the case's mediator only).
#[utoipa::path(delete, path = "/cases/{case}/members/{user}", tag = tags::CASES,
    params(("case" = CaseId, Path), ("user" = String, Path)),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_member(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, member)): Ids<(CaseId, String)>,
) -> ApiResult<StatusCode> {
    let wb = api.workbench.clone();
    blocking(move || wb.remove_member(&user, case, &member)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignMediator {
    /// The e-mail of a mediator account.
    pub email: String,
}

/// Make a mediator account a mediator of the case (coordinators and admins).
#[utoipa::path(post, path = "/cases/{case}/mediators", tag = tags::CASES, request_body = AssignMediator,
    params(("case" = CaseId, Path)),
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn assign_mediator(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Body(body): Body<AssignMediator>,
) -> ApiResult<StatusCode> {
    let wb = api.workbench.clone();
    blocking(move || wb.assign_mediator(&user, case, &body.email)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    /// The participant (not a mediator) the invited person will be.
    pub participant: ParticipantId,
    pub email: String,
}

/// A new invitation. The link is shown once: send it to the person; it works once, within
/// its lifetime.
#[derive(Serialize, ToSchema)]
pub struct Invited {
    pub token: String,
    /// The page to accept it at, with the token (a person opens it in a browser; a client
    /// can post the token to `/invitations/accept` instead).
    pub accept_url: String,
    pub expires_at: String,
}

/// Invite someone to join the case as one of its participants (the case's mediator only).
#[utoipa::path(post, path = "/cases/{case}/invitations", tag = tags::CASES, request_body = Invite,
    params(("case" = CaseId, Path)),
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 201, body = Invited), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn invite(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Body(body): Body<Invite>,
) -> ApiResult<(StatusCode, Json<Invited>)> {
    let wb = api.workbench.clone();
    let inv = blocking(move || wb.invite(&user, case, body.participant, &body.email)).await?;
    let accept_url = crate::memberships::invitation_path(&inv.token);
    Ok((
        StatusCode::CREATED,
        Json(Invited {
            token: inv.token,
            accept_url,
            expires_at: inv.expires_at,
        }),
    ))
}
