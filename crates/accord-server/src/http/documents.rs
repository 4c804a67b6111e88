//! The documents as PDF downloads: each one built from what the caller may see (see
//! `crate::documents`), laid out on A4 or US Letter (`?paper=`).

use super::after_session::ReadErrors;
use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Ids, Query, SignedIn, blocking};
use super::{Api, tags};
use crate::accounts::User;
use crate::documents::{self, Paper, Which};
use accord_core::ids::{CaseId, ParticipantId, SessionId};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PaperQuery {
    /// `a4` or `letter`; A4 unless the case is in a U.S. court.
    #[param(inline, value_type = Option<String>, pattern = "^(a4|letter)$")]
    pub paper: Option<String>,
}

impl PaperQuery {
    fn paper(&self) -> ApiResult<Option<Paper>> {
        match self.paper.as_deref() {
            None => Ok(None),
            Some("a4") => Ok(Some(Paper::A4)),
            Some("letter") => Ok(Some(Paper::Letter)),
            Some(other) => Err(ApiError::bad_request(
                "paper",
                format!("paper must be a4 or letter, not {other:?}"),
            )),
        }
    }
}

/// The PDF of `which`, typeset off the async threads.
pub async fn pdf_of(
    api: Api,
    user: User,
    case: CaseId,
    which: Which,
    paper: Option<Paper>,
) -> ApiResult<Response> {
    let wb = api.workbench.clone();
    let typeset = api.typeset;
    let (bytes, name) = blocking(move || {
        let prepared = wb.document(&user, case, which, paper)?;
        Ok((documents::pdf(typeset, &prepared)?, prepared.file_name))
    })
    .await?;
    let response = ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response();
    Ok(as_download(response, &name))
}

/// `response` offered as a file named `name` (`Content-Disposition: attachment`).
pub(super) fn as_download(mut response: Response, name: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The memorandum as the caller sees it, with who confirmed which version.
#[utoipa::path(get, path = "/cases/{case}/memorandum.pdf", tag = tags::CASES,
    params(("case" = CaseId, Path), PaperQuery),
    responses((status = 200, body = Vec<u8>, content_type = "application/pdf"),
        (status = 400, description = "an unknown `paper`", body = ErrorBody),
        (status = 503, description = "the server cannot make documents just now", body = ErrorBody),
        ReadErrors))]
pub async fn memorandum(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Query(q): Query<PaperQuery>,
) -> ApiResult<Response> {
    let paper = q.paper()?;
    pdf_of(api, user, case, Which::Memorandum, paper).await
}

/// The outcome-only report for the court, from the joint record: open to everyone who may
/// see the case, coordinators included.
#[utoipa::path(get, path = "/cases/{case}/court-report.pdf", tag = tags::CASES,
    params(("case" = CaseId, Path), PaperQuery),
    responses((status = 200, body = Vec<u8>, content_type = "application/pdf"),
        (status = 400, description = "an unknown `paper`", body = ErrorBody),
        (status = 503, description = "the server cannot make documents just now", body = ErrorBody),
        ReadErrors))]
pub async fn court_report(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    Query(q): Query<PaperQuery>,
) -> ApiResult<Response> {
    let paper = q.paper()?;
    pdf_of(api, user, case, Which::CourtReport, paper).await
}

/// A party's MIAM confirmation, for its court application: for that party and the mediator.
#[utoipa::path(get, path = "/cases/{case}/miam/{participant}/confirmation.pdf", tag = tags::CASES,
    params(("case" = CaseId, Path), ("participant" = ParticipantId, Path), PaperQuery),
    responses((status = 200, body = Vec<u8>, content_type = "application/pdf"),
        (status = 400, description = "an unknown `paper`", body = ErrorBody),
        (status = 503, description = "the server cannot make documents just now", body = ErrorBody),
        ReadErrors))]
pub async fn miam_confirmation(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, party)): Ids<(CaseId, ParticipantId)>,
    Query(q): Query<PaperQuery>,
) -> ApiResult<Response> {
    let paper = q.paper()?;
    pdf_of(api, user, case, Which::MiamConfirmation(party), paper).await
}

/// A participant's dated written answer to the invitation to mediate, as evidence: its
/// reasons only where the caller may read them.
#[utoipa::path(get, path = "/cases/{case}/mediation-invitations/{participant}/answer.pdf", tag = tags::CASES,
    params(("case" = CaseId, Path), ("participant" = ParticipantId, Path), PaperQuery),
    responses((status = 200, body = Vec<u8>, content_type = "application/pdf"),
        (status = 400, description = "an unknown `paper`", body = ErrorBody),
        (status = 503, description = "the server cannot make documents just now", body = ErrorBody),
        ReadErrors))]
pub async fn invitation_answer(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, participant)): Ids<(CaseId, ParticipantId)>,
    Query(q): Query<PaperQuery>,
) -> ApiResult<Response> {
    let paper = q.paper()?;
    pdf_of(api, user, case, Which::InvitationAnswer(participant), paper).await
}

/// A session's summary for the parties: joint content only, the same whoever asks.
#[utoipa::path(get, path = "/cases/{case}/sessions/{session}/summary.pdf", tag = tags::CASES,
    params(("case" = CaseId, Path), ("session" = SessionId, Path), PaperQuery),
    responses((status = 200, body = Vec<u8>, content_type = "application/pdf"),
        (status = 400, description = "an unknown `paper`", body = ErrorBody),
        (status = 503, description = "the server cannot make documents just now", body = ErrorBody),
        ReadErrors))]
pub async fn session_summary(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, session)): Ids<(CaseId, SessionId)>,
    Query(q): Query<PaperQuery>,
) -> ApiResult<Response> {
    let paper = q.paper()?;
    pdf_of(api, user, case, Which::SessionSummary(session), paper).await
}
