//! Safety screening, pauses and safe contacts (DOMAIN.md §7):
//! `GET /cases/{case}/safety` (the case's mediator; every screening it hands over logged),
//! `POST /cases/{case}/screenings` (the mediator's), `POST /cases/{case}/pause` and
//! `…/resume` (the mediator's; the parties see only that the case is paused),
//! `POST /cases/{case}/safe-contact` (a party for itself, or the mediator).

use super::after_session::{CommandAnswers, CommandErrors, ReadErrors};
use super::cases::run;
use super::error::ApiResult;
use super::extract::{Confidential, Ids, IfMatch, SignedIn, blocking};
use super::requests::{Built, CommandBody};
use super::{Api, tags};
use crate::safety::SafetyRecord;
use crate::sensitive_reads::Via;
use accord_core::DomainError;
use accord_core::case::Command;
use accord_core::case::safety::{
    Adaptation, Answer, Answers, Concern, ContactChannel, Judgement, SafeContact, Screening,
};
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::{Text, limits};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;

/// One question's answer: what it found, and what the party said.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    pub concern: Concern,
    pub detail: Option<String>,
}

/// Every screening question, each answered.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswersBody {
    pub abuse: AnswerBody,
    pub threats: AnswerBody,
    pub fear: AnswerBody,
    pub child_protection: AnswerBody,
    pub power_imbalance: AnswerBody,
    pub capacity: AnswerBody,
}

/// One party's safety screening. `suitable` carries no adaptations, `suitable-with-adaptations`
/// at least one, `not-suitable` a reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordScreening {
    pub party: ParticipantId,
    pub answers: AnswersBody,
    pub judgement: Judgement,
    #[serde(default)]
    pub adaptations: Vec<Adaptation>,
    pub reason: Option<String>,
    pub expected_version: Option<u64>,
}

fn answer(field: &'static str, body: AnswerBody) -> Result<Answer, DomainError> {
    Ok(Answer {
        concern: body.concern,
        detail: Text::paragraph_optional(field, body.detail.as_deref(), limits::SHORT)?,
    })
}

impl RecordScreening {
    pub fn screening(self) -> Result<(ParticipantId, Screening), DomainError> {
        let a = self.answers;
        let answers = Answers {
            abuse: answer("answers.abuse.detail", a.abuse)?,
            threats: answer("answers.threats.detail", a.threats)?,
            fear: answer("answers.fear.detail", a.fear)?,
            child_protection: answer("answers.child_protection.detail", a.child_protection)?,
            power_imbalance: answer("answers.power_imbalance.detail", a.power_imbalance)?,
            capacity: answer("answers.capacity.detail", a.capacity)?,
        };
        let reason = Text::paragraph_optional("reason", self.reason.as_deref(), limits::SHORT)?;
        Ok((
            self.party,
            Screening {
                answers,
                judgement: self.judgement,
                adaptations: self.adaptations,
                reason,
            },
        ))
    }
}

impl CommandBody for RecordScreening {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let (party, screening) = self.screening()?;
        Ok((Command::RecordScreening { party, screening }, None))
    }
}

/// Why the case is paused, or resumed: for the mediator alone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PauseReason {
    pub reason: String,
    pub expected_version: Option<u64>,
}

/// The same body, resuming.
pub struct Resume(pub PauseReason);

fn pause_reason(body: &PauseReason) -> Result<Text, DomainError> {
    Text::paragraph("reason", &body.reason, limits::SHORT)
}

impl CommandBody for PauseReason {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let reason = pause_reason(&self)?;
        Ok((Command::PauseCase { reason }, None))
    }
}

impl CommandBody for Resume {
    fn expected_version(&self) -> Option<u64> {
        self.0.expected_version
    }
    fn build(self) -> Built {
        let reason = pause_reason(&self.0)?;
        Ok((Command::ResumeCase { reason }, None))
    }
}

/// How a party may be reached safely. With `may_name_service` false, e-mails to the party
/// say neither "Accord" nor "mediation".
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GiveSafeContact {
    pub party: ParticipantId,
    pub channel: ContactChannel,
    pub detail: Option<String>,
    pub times: Option<String>,
    pub may_name_service: bool,
    pub expected_version: Option<u64>,
}

impl CommandBody for GiveSafeContact {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let contact = SafeContact {
            channel: self.channel,
            detail: Text::line_optional("detail", self.detail.as_deref(), limits::SHORT)?,
            times: Text::line_optional("times", self.times.as_deref(), limits::SHORT)?,
            may_name_service: self.may_name_service,
        };
        Ok((
            Command::GiveSafeContact {
                party: self.party,
                contact,
            },
            None,
        ))
    }
}

/// The case's safety record (its mediator only): each party's screening with its earlier
/// versions, safe contacts, the adaptations in force, overrides, pauses with their reasons,
/// and the scheduled sessions the screening rules out. Every screening handed over is logged
/// in the case's access log.
#[utoipa::path(get, path = "/cases/{case}/safety", tag = tags::CASES,
    params(("case" = CaseId, Path)),
    responses((status = 200, body = SafetyRecord), ReadErrors))]
pub async fn safety(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<SafetyRecord>> {
    let wb = api.workbench.clone();
    Ok(Json(
        blocking(move || wb.safety(&user, case, Via::SafetyRecord)).await?,
    ))
}

/// Record a party's safety screening (the mediator's alone; it replaces the party's earlier
/// one, which is kept). Its adaptations then hold: a session in a format they rule out is
/// refused (422 `safety-adaptation`) unless scheduled with an `override_reason`.
#[utoipa::path(post, path = "/cases/{case}/screenings", tag = tags::CASES,
    request_body = RecordScreening, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn record_screening(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<RecordScreening>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Pause the case: no session can be scheduled until it is resumed. The parties see that it
/// is paused; the reason is the mediator's.
#[utoipa::path(post, path = "/cases/{case}/pause", tag = tags::CASES,
    request_body = PauseReason, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn pause(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<PauseReason>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Resume a paused case, with the reason (the mediator's).
#[utoipa::path(post, path = "/cases/{case}/resume", tag = tags::CASES,
    request_body = PauseReason, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn resume(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<PauseReason>,
) -> ApiResult<Response> {
    run(api, user, case, v, Resume(body)).await
}

/// Give a party's safe contact: the party itself (or its representative), or the mediator.
/// Only that party and the mediator ever see it.
#[utoipa::path(post, path = "/cases/{case}/safe-contact", tag = tags::CASES,
    request_body = GiveSafeContact, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn safe_contact(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<GiveSafeContact>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}
