//! Legal holds, erasure and a person's own data (GDPR Art. 15, 17 and 20):
//! `POST /cases/{case}/legal-hold` and `…/legal-hold/lift` (case commands, the mediator's),
//! `POST /cases/{case}/participants/{participant}/erasure` (the case's mediator),
//! `POST /accounts/{account}/erasure` (admins), `GET /me/personal-data` (oneself). An erasure
//! cannot be undone, so it asks for the password again, as confirming a memorandum does.

use super::after_session::{CommandAnswers, CommandErrors};
use super::auth::ClientAddr;
use super::cases::run;
use super::error::{ApiResult, ErrorBody};
use super::extract::{Body, Confidential, Ids, IfMatch, SignedIn, blocking};
use super::requests::{Built, CommandBody};
use super::{Api, tags};
use crate::erasure::{AccountErasure, ErasedCase};
use crate::personal_data::PersonalData;
use accord_core::DomainError;
use accord_core::case::Command;
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::{Text, limits};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

/// Why the case's record must be kept as it is (placing), or may be let go (lifting).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldReason {
    pub reason: String,
    pub expected_version: Option<u64>,
}

/// The same body, lifting the hold.
pub struct Lift(pub HoldReason);

fn reason(body: &HoldReason) -> Result<Text, DomainError> {
    Text::line("reason", &body.reason, limits::SHORT)
}

impl CommandBody for HoldReason {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let reason = reason(&self)?;
        Ok((Command::PlaceLegalHold { reason }, None))
    }
}

impl CommandBody for Lift {
    fn expected_version(&self) -> Option<u64> {
        self.0.expected_version
    }
    fn build(self) -> Built {
        let reason = reason(&self.0)?;
        Ok((Command::LiftLegalHold { reason }, None))
    }
}

/// Place a legal hold: nobody's data in the case can be erased until it is lifted.
#[utoipa::path(post, path = "/cases/{case}/legal-hold", tag = tags::CASES,
    request_body = HoldReason, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn place_legal_hold(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<HoldReason>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Lift the case's legal hold, with the reason.
#[utoipa::path(post, path = "/cases/{case}/legal-hold/lift", tag = tags::CASES,
    request_body = HoldReason, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn lift_legal_hold(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<HoldReason>,
) -> ApiResult<Response> {
    run(api, user, case, v, Lift(body)).await
}

/// An erasure request: its basis (who asked, when, under which article), and your password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Erase {
    pub basis: String,
    /// Your password, again: an erasure cannot be undone.
    #[serde(default)]
    pub password: String,
}

fn basis(body: &Erase) -> crate::error::Result<Text> {
    Ok(Text::line("basis", &body.basis, limits::SHORT)?)
}

/// Erase a participant from the case (the case's mediator): their name, what they wrote and
/// what was recorded as theirs read "[erased]", as does their name in what others wrote; the
/// chain still verifies. Refused under a legal hold (422 `legal-hold`, with its reason).
#[utoipa::path(post, path = "/cases/{case}/participants/{participant}/erasure", tag = tags::CASES,
    request_body = Erase, params(("case" = CaseId, Path), ("participant" = ParticipantId, Path)),
    responses((status = 200, body = ErasedCase), CommandErrors))]
pub async fn erase_participant(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    ClientAddr(addr): ClientAddr,
    Ids((case, participant)): Ids<(CaseId, ParticipantId)>,
    Confidential(body): Confidential<Erase>,
) -> ApiResult<Json<ErasedCase>> {
    let basis = basis(&body)?;
    let done = blocking(move || {
        api.password_again(&user, &body.password, addr)?;
        api.workbench
            .erase_participant(&user, case, participant, &basis)
    })
    .await?;
    Ok(Json(done))
}

/// Erase an account (admins): from every case it is a participant of, then the account
/// itself (its e-mail address, name, password, sessions, tokens, feeds). Nothing is erased
/// while any of its cases is under a legal hold (422 `legal-hold`, naming the case).
#[utoipa::path(post, path = "/accounts/{account}/erasure", tag = tags::ACCOUNTS,
    request_body = Erase, params(("account" = String, Path)),
    responses((status = 200, body = AccountErasure), CommandErrors))]
pub async fn erase_account(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    ClientAddr(addr): ClientAddr,
    Ids(account): Ids<String>,
    Confidential(body): Confidential<Erase>,
) -> ApiResult<Json<AccountErasure>> {
    let basis = basis(&body)?;
    let done = blocking(move || {
        api.password_again(&user, &body.password, addr)?;
        api.workbench.erase_account(&user, &account, &basis)
    })
    .await?;
    Ok(Json(done))
}

/// Your own data, as one JSON file: your account, API tokens, calendar feeds, and in each of
/// your cases what is yours and what was addressed to your party.
#[utoipa::path(get, path = "/me/personal-data", tag = tags::ACCOUNTS,
    responses((status = 200, body = PersonalData), (status = 401, body = ErrorBody)))]
pub async fn personal_data(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
) -> ApiResult<Response> {
    let wb = api.workbench.clone();
    let data = blocking(move || wb.personal_data(&user)).await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"accord-personal-data.json\"",
        )],
        Json(data),
    )
        .into_response())
}
