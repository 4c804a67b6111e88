//! `/api/v1/cases/{case}/deadlines…`: the case's procedural clock. A deadline is a fixed
//! date (`on`) or a rule ("7 days after 2026-12-21") computed under the case's rule set (or
//! `rules`), and keeps the computation that explains it. Moves keep their history.

use super::after_session::{CommandAnswers, CommandErrors, CreateAnswers, ReadErrors};
use super::cases::run;
use super::error::ApiResult;
use super::extract::{Body, Ids, IfMatch, SignedIn, blocking};
use super::requests::{Built, CommandBody, WithId, with_path_id};
use super::{Api, tags};
use accord_core::DomainError;
use accord_core::case::Command;
use accord_core::case::deadline::{Deadline, DeadlineKind, DueRule};
use accord_core::clock::{RuleSet, parse_rule};
use accord_core::ids::{CaseId, DeadlineId};
use accord_core::text::{Text, limits};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

/// A date: `on`, or `rule` computed under `rules` (the case's rule set when absent).
struct When {
    on: Option<Date>,
    rule: Option<String>,
    rules: Option<RuleSet>,
    closed: Vec<Date>,
}

impl When {
    fn due_rule(self) -> Result<DueRule, DomainError> {
        let invalid = |reason: &str| DomainError::InvalidField {
            field: "rule",
            reason: reason.into(),
        };
        match (self.on, self.rule) {
            (Some(_), None) if !self.closed.is_empty() => Err(DomainError::InvalidField {
                field: "closed",
                reason: "closure days count only with `rule`; a fixed date is as given".into(),
            }),
            (Some(on), None) => Ok(DueRule::Fixed { on }),
            (None, Some(rule)) => {
                let (period, trigger) = parse_rule(&rule).map_err(|e| invalid(&e.to_string()))?;
                Ok(DueRule::Computed {
                    rule_set: self.rules,
                    period,
                    trigger,
                    closed: self.closed,
                })
            }
            _ => Err(invalid(
                "give either `on` (a date) or `rule` (e.g. \"7 days after 2026-12-21\")",
            )),
        }
    }
}

/// A deadline on the case's clock.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDeadline {
    pub kind: DeadlineKind,
    pub label: String,
    /// A fixed date; or else `rule`.
    pub on: Option<Date>,
    /// "N days | court days | months after | before YYYY-MM-DD", computed under `rules`.
    #[schema(example = "7 days after 2026-12-21")]
    pub rule: Option<String>,
    /// us-frcp, ew-cpr or ew-fpr; the case's own when absent.
    pub rules: Option<RuleSet>,
    /// Days the court or the service is closed besides weekends and holidays (with `rule`).
    #[serde(default)]
    pub closed: Vec<Date>,
    pub expected_version: Option<u64>,
}

impl CommandBody for SetDeadline {
    fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }
    fn build(self) -> Built {
        let id = DeadlineId::new_v7();
        let cmd = Command::SetDeadline {
            deadline: id,
            kind: self.kind,
            label: Text::line("label", &self.label, limits::SHORT)?,
            rule: When {
                on: self.on,
                rule: self.rule,
                rules: self.rules,
                closed: self.closed,
            }
            .due_rule()?,
        };
        Ok((cmd, Some(id.to_string())))
    }
}

/// A new date for the deadline, and why.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveDeadline {
    /// A fixed date; or else `rule`.
    pub on: Option<Date>,
    /// "N days | court days | months after | before YYYY-MM-DD", computed under `rules`.
    #[schema(example = "7 days after 2026-12-21")]
    pub rule: Option<String>,
    /// us-frcp, ew-cpr or ew-fpr; the case's own when absent.
    pub rules: Option<RuleSet>,
    /// Days the court or the service is closed besides weekends and holidays (with `rule`).
    #[serde(default)]
    pub closed: Vec<Date>,
    pub reason: String,
    pub expected_version: Option<u64>,
}

impl MoveDeadline {
    fn build(self, deadline: DeadlineId) -> Built {
        Ok((
            Command::MoveDeadline {
                deadline,
                rule: When {
                    on: self.on,
                    rule: self.rule,
                    rules: self.rules,
                    closed: self.closed,
                }
                .due_rule()?,
                reason: Text::line("reason", &self.reason, limits::SHORT)?,
            },
            None,
        ))
    }
}

/// Met, missed, or cancelled (a reason is needed to cancel).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseDeadline {
    pub outcome: DeadlineOutcome,
    pub reason: Option<String>,
    pub expected_version: Option<u64>,
}

#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineOutcome {
    Met,
    Missed,
    Cancelled,
}

impl CloseDeadline {
    fn build(self, deadline: DeadlineId) -> Built {
        let cmd = match self.outcome {
            DeadlineOutcome::Met => Command::MarkDeadlineMet { deadline },
            DeadlineOutcome::Missed => Command::MarkDeadlineMissed { deadline },
            DeadlineOutcome::Cancelled => Command::CancelDeadline {
                deadline,
                reason: Text::line(
                    "reason",
                    self.reason.as_deref().unwrap_or_default(),
                    limits::SHORT,
                )?,
            },
        };
        Ok((cmd, None))
    }
}

with_path_id!(MoveDeadline => DeadlineId, CloseDeadline => DeadlineId);

/// The case's deadlines, with how each computed date was reached (everyone in the case, and
/// coordinators, may see the clock).
#[utoipa::path(get, path = "/cases/{case}/deadlines", tag = tags::CASES, params(("case" = CaseId, Path)),
    responses((status = 200, body = Vec<Deadline>), ReadErrors))]
pub async fn list(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
) -> ApiResult<Json<Vec<Deadline>>> {
    let wb = api.workbench.clone();
    Ok(Json(blocking(move || wb.deadlines(&user, case)).await?))
}

/// Put a deadline on the case's clock (mediator only).
#[utoipa::path(post, path = "/cases/{case}/deadlines", tag = tags::CASES,
    request_body = SetDeadline, responses(CreateAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn set(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<SetDeadline>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Move a deadline to a new date, saying why; the old date stays in its history.
#[utoipa::path(post, path = "/cases/{case}/deadlines/{deadline}/move", tag = tags::CASES,
    request_body = MoveDeadline, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("deadline" = DeadlineId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn move_deadline(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, deadline)): Ids<(CaseId, DeadlineId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<MoveDeadline>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, deadline)).await
}

/// Mark a deadline met, missed or cancelled.
#[utoipa::path(post, path = "/cases/{case}/deadlines/{deadline}/close", tag = tags::CASES,
    request_body = CloseDeadline, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("deadline" = DeadlineId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn close(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, deadline)): Ids<(CaseId, DeadlineId)>,
    IfMatch(v): IfMatch,
    Body(body): Body<CloseDeadline>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, deadline)).await
}
