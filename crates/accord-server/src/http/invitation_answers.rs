//! Invitations to mediate, answered in writing: `POST /cases/{case}/mediation-invitations`
//! (the mediator invites a party, with a date to answer by) and
//! `POST /cases/{case}/mediation-invitations/{participant}/answer` (the party answers).
//! No answer by the date is recorded by the server itself (`invitations::record_unanswered`).

use super::after_session::{CommandAnswers, CommandErrors};
use super::cases::run;
use super::error::ApiResult;
use super::extract::{Confidential, Ids, IfMatch, SignedIn};
use super::requests::{Built, CommandBody};
use super::{Api, tags};
use accord_core::case::Command;
use accord_core::case::invitation::AnswerKind;
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::{Text, limits};
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

/// Invite a party to mediate.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteToMediate {
    pub participant: ParticipantId,
    /// The day to answer by, in the case's time zone.
    #[schema(value_type = String, example = "2026-12-18")]
    pub answer_by: Date,
    pub expected_version: Option<u64>,
}

impl CommandBody for InviteToMediate {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        Ok((
            Command::InviteToMediation {
                participant: self.participant,
                answer_by: self.answer_by,
            },
            None,
        ))
    }
}

/// A written answer: `accept`, `decline`, `other-mediator` or `other-times`. Every answer
/// but an acceptance gives its `text` (the reasons, or the times); `shared` lets the other
/// side read it — that the party answered, and how, is always joint.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInvitation {
    pub kind: AnswerKind,
    pub text: Option<String>,
    #[serde(default)]
    pub shared: bool,
    pub expected_version: Option<u64>,
}

impl AnswerInvitation {
    pub fn command(self, participant: ParticipantId) -> Result<Command, accord_core::DomainError> {
        Ok(Command::AnswerInvitation {
            participant,
            kind: self.kind,
            text: Text::paragraph_optional("text", self.text.as_deref(), limits::SHORT)?,
            shared: self.shared,
        })
    }
}

struct Answer(ParticipantId, AnswerInvitation);

impl CommandBody for Answer {
    fn expected_version(&self) -> Option<u64> {
        self.1.expected_version
    }
    fn build(self) -> Built {
        Ok((self.1.command(self.0)?, None))
    }
}

/// Invite a party to mediate, with a date to answer by (the mediator's). The date is on the
/// invitee's and the mediator's clock, reminded at the deadlines' lead days; with no answer by
/// then, "no answer" is recorded.
#[utoipa::path(post, path = "/cases/{case}/mediation-invitations", tag = tags::CASES,
    request_body = InviteToMediate, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn invite(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<InviteToMediate>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Answer the invitation in writing (the party, or its representative).
#[utoipa::path(post, path = "/cases/{case}/mediation-invitations/{participant}/answer", tag = tags::CASES,
    request_body = AnswerInvitation, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("participant" = ParticipantId, Path),
        ("If-Match" = Option<String>, Header)))]
pub async fn answer(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, participant)): Ids<(CaseId, ParticipantId)>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<AnswerInvitation>,
) -> ApiResult<Response> {
    run(api, user, case, v, Answer(participant, body)).await
}
