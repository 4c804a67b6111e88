//! `/api/v1/cases/{case}/…` for reality-testing (DOMAIN.md §6): a party's alternatives
//! worksheet, the confidential overlap check and the mediator's proposal. Commands go through
//! the same `run` as every case command; what they record is read back in the case's view
//! (`worksheets`, `overlap_checks`, `proposals`), each viewer seeing only its own figures and
//! answers — a figure or an answer is addressed to its party alone, not even to the mediator.

use super::after_session::{CommandAnswers, CommandErrors};
use super::cases::run;
use super::error::ApiResult;
use super::extract::{Body, Confidential, Ids, IfMatch, SignedIn};
use super::reality_bodies as bodies;
use super::requests::WithId;
use super::{Api, tags};
use accord_core::ids::CaseId;
use axum::extract::State;
use axum::response::Response;

/// Record your party's alternatives worksheet: for each alternative to settling (litigation,
/// arbitration, a second mediation, direct negotiation, doing nothing), what happens next week
/// and in three months, the spend and the time to a decision, who decides, and how sure you
/// are of each. Private to your party and the mediator.
#[utoipa::path(post, path = "/cases/{case}/alternatives", tag = tags::CASES,
    request_body = bodies::RecordAlternatives, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn record_alternatives(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::RecordAlternatives>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Share your party's latest worksheet with everyone in the case (a joint copy).
#[utoipa::path(post, path = "/cases/{case}/alternatives/share", tag = tags::CASES,
    request_body = bodies::ShareAlternatives, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn share_alternatives(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::ShareAlternatives>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Open a confidential overlap check (mediator): each side privately enters the figure it
/// would accept or pay; only whether they overlap is published, round by round, for at most
/// `rounds` rounds.
#[utoipa::path(post, path = "/cases/{case}/overlap-checks", tag = tags::CASES,
    request_body = bodies::OpenOverlapCheck, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn open_overlap_check(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::OpenOverlapCheck>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Agree, for your party, that an overlap is answered with the midpoint as a proposed figure
/// (published only when both sides agreed).
#[utoipa::path(post, path = "/cases/{case}/overlap-checks/{check}/midpoint", tag = tags::CASES,
    request_body = bodies::AgreeToMidpoint, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("check" = u32, Path), ("If-Match" = Option<String>, Header)))]
pub async fn agree_to_midpoint(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, check)): Ids<(CaseId, u32)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::AgreeToMidpoint>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, check)).await
}

/// Enter your party's figure for the current round: the least you would accept (receiving
/// side) or the most you would pay (paying side). Seen by your party alone — not by the other
/// side, not by the mediator; once both are in, the round's result is published.
#[utoipa::path(post, path = "/cases/{case}/overlap-checks/{check}/figures", tag = tags::CASES,
    request_body = bodies::EnterFigure, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("check" = u32, Path), ("If-Match" = Option<String>, Header)))]
pub async fn enter_figure(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, check)): Ids<(CaseId, u32)>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<bodies::EnterFigure>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, check)).await
}

/// Put one set of terms to every party (mediator). Each answers in confidence by
/// `answer_by` (a deadline on the case's clock); only the result is published.
#[utoipa::path(post, path = "/cases/{case}/proposals", tag = tags::CASES,
    request_body = bodies::MakeProposal, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("If-Match" = Option<String>, Header)))]
pub async fn make_proposal(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(case): Ids<CaseId>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::MakeProposal>,
) -> ApiResult<Response> {
    run(api, user, case, v, body).await
}

/// Answer the mediator's proposal for your party: accept or reject, seen by your party alone.
/// When every party has answered, the result is published: accepted by all (the terms are
/// agreed, subject to paperwork, and go into the memorandum) or not accepted by all.
#[utoipa::path(post, path = "/cases/{case}/proposals/{proposal}/answers", tag = tags::CASES,
    request_body = bodies::AnswerProposal, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("proposal" = u32, Path), ("If-Match" = Option<String>, Header)))]
pub async fn answer_proposal(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, proposal)): Ids<(CaseId, u32)>,
    IfMatch(v): IfMatch,
    Confidential(body): Confidential<bodies::AnswerProposal>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, proposal)).await
}

/// Close a proposal still awaiting answers, once its date has passed (mediator): the result
/// is "not accepted by all", whoever answered what. Needs the version (If-Match).
#[utoipa::path(post, path = "/cases/{case}/proposals/{proposal}/close", tag = tags::CASES,
    request_body = bodies::CloseProposal, responses(CommandAnswers, CommandErrors),
    params(("case" = CaseId, Path), ("proposal" = u32, Path), ("If-Match" = Option<String>, Header)))]
pub async fn close_proposal(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids((case, proposal)): Ids<(CaseId, u32)>,
    IfMatch(v): IfMatch,
    Body(body): Body<bodies::CloseProposal>,
) -> ApiResult<Response> {
    run(api, user, case, v, WithId(body, proposal)).await
}
