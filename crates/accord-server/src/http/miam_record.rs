//! A party's MIAM on its case (England & Wales family cases): `POST /cases/{case}/miam` (the
//! attendance and assessment) and `POST /cases/{case}/miam/{participant}/confirmation` (the
//! confirmation, expiring four months on) — the mediator's, for that party and the mediator
//! alone.

use super::after_session::{CommandAnswers, CommandErrors};
use super::cases::run;
use super::error::ApiResult;
use super::extract::{Confidential, Ids, IfMatch, SignedIn};
use super::requests::{Built, CommandBody};
use super::{Api, tags};
use accord_core::case::Command;
use accord_core::case::miam_record::{MiamAssessment, MiamAttendance};
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::{Text, limits};
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

/// A MIAM attended: when, how long, who conducted it, how, and what was found.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordMiam {
    pub party: ParticipantId,
    #[schema(value_type = String, example = "2026-11-20")]
    pub attended_on: Date,
    /// Minutes, 1 to 480.
    pub minutes: u16,
    /// The mediator who conducted it.
    pub mediator: String,
    /// Their Family Mediation Council registration number.
    pub fmc_number: String,
    pub online: bool,
    /// Attended together with the other party.
    #[serde(default)]
    pub jointly: bool,
    pub assessment: MiamAssessment,
    /// Why, when not suitable.
    pub reason: Option<String>,
    pub expected_version: Option<u64>,
}

impl RecordMiam {
    pub fn command(self) -> Result<Command, accord_core::DomainError> {
        Ok(Command::RecordMiam {
            party: self.party,
            attendance: MiamAttendance {
                attended_on: self.attended_on,
                minutes: self.minutes,
                mediator: Text::line("mediator", &self.mediator, limits::NAME)?,
                fmc_number: Text::line("fmc_number", &self.fmc_number, limits::NAME)?,
                online: self.online,
                jointly: self.jointly,
                assessment: self.assessment,
                reason: Text::paragraph_optional("reason", self.reason.as_deref(), limits::SHORT)?,
            },
        })
    }
}

impl CommandBody for RecordMiam {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        Ok((self.command()?, None))
    }
}

/// No body is needed; a version may be named.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct IssueConfirmation {
    pub expected_version: Option<u64>,
}

struct Confirm(ParticipantId, Option<u64>);

impl CommandBody for Confirm {
    fn expected_version(&self) -> Option<u64> {
        self.1
    }
    fn build(self) -> Built {
        Ok((Command::IssueMiamConfirmation { party: self.0 }, None))
    }
}

/// Record a party's MIAM (the mediator's; the party and the mediator alone see it).
#[utoipa::path(post, path = "/cases/{case}/miam", tag = tags::CASES,
    request_body = RecordMiam, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn record_miam(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<RecordMiam>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Issue the confirmation of the party's latest MIAM for a court application: its facts and
/// the last day it supports an application (four months on), which goes on the party's and
/// the mediator's clock.
#[utoipa::path(post, path = "/cases/{case}/miam/{participant}/confirmation", tag = tags::CASES,
    request_body = IssueConfirmation, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("participant" = ParticipantId, Path),
        ("If-Match" = Option<String>, Header)))]
pub async fn issue_confirmation(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, party)): Ids<(CaseId, ParticipantId)>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<IssueConfirmation>,
) -> ApiResult<Response> {
    run(api, user, case, v, Confirm(party, body.expected_version)).await
}
