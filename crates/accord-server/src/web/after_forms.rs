//! The forms of the sequence after a session: the outcome, a debrief, why it stalled, and the
//! next move. Each becomes the API's own request body and goes through `submit`.

use super::after::author_for;
use super::security::Member;
use super::submit::{Build, Fields, Where, parse_date, parse_word, submit};
use crate::error::AppError;
use crate::http::Api;
use crate::http::after_session_bodies as bodies;
use crate::http::requests::{self, CommandBody};
use accord_core::advice::StallReason;
use accord_core::case::debrief::Money;
use accord_core::ids::SessionId;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

type Posted = Form<Vec<(String, String)>>;

fn built(b: requests::Built) -> Result<accord_core::case::Command, AppError> {
    b.map(|(command, _)| command).map_err(AppError::from)
}

fn session_of(raw: &str) -> Result<SessionId, AppError> {
    raw.parse().map_err(|_| AppError::CaseNotFound)
}

/// The page to come back to: this session's sequence.
fn after(session: &str) -> Where {
    match session.parse::<SessionId>() {
        Ok(s) => Where::After(s),
        Err(_) => Where::Case("sessions"),
    }
}

/// `POST /cases/{case}/sessions/{session}/outcome`
pub async fn record_outcome(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, session)): Path<(String, String)>,
    Form(fields): Posted,
) -> Response {
    let f = rename(Fields(fields), "outcome-outcome", "outcome");
    let outcome = parse_word(&f, "outcome", "how the session ended");
    let summary = f.given("outcome-summary");
    let (on, id) = (after(&session), session_of(&session));
    let build: Build = Box::new(move |_, _| {
        let outcome = outcome.map_err(|_| AppError::Invalid {
            field: "outcome",
            message: "choose how the session ended".into(),
        })?;
        built(
            requests::RecordOutcome {
                outcome,
                summary,
                expected_version: None,
            }
            .build(id?),
        )
    });
    submit(api, visitor, user, case, f, "outcome", on, build).await
}

/// The form names its radio `outcome-outcome` (its field id on the page); the word is read
/// from it under the service's name.
fn rename(f: Fields, from: &str, to: &str) -> Fields {
    let mut pairs = f.0;
    let copies: Vec<_> = pairs
        .iter()
        .filter(|(k, _)| k == from)
        .map(|(_, v)| (to.to_owned(), v.clone()))
        .collect();
    pairs.extend(copies);
    Fields(pairs)
}

/// `POST /cases/{case}/sessions/{session}/debrief`: the viewer's own debrief (the mediator's,
/// or its party's), private to its author's audience.
pub async fn debrief(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, session)): Path<(String, String)>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let amount = f.given("debrief-offer").map(|a| Money::parse(&a));
    let terms = f.given("debrief-terms");
    let (dealbreakers, missing, flexibility) = (
        f.lines("debrief-dealbreakers"),
        f.lines("debrief-missing"),
        f.lines("debrief-flexibility"),
    );
    let (on, id) = (after(&session), session_of(&session));
    let build: Build = Box::new(move |case, access| {
        let author = author_for(case, access)
            .ok_or_else(|| AppError::Forbidden("coordinators write no debriefs".into()))?;
        let amount = amount.transpose().map_err(AppError::from)?;
        let best_offer = match (&amount, &terms) {
            (None, None) => None,
            _ => Some(bodies::OfferBody { amount, terms }),
        };
        built(
            bodies::CaptureDebrief {
                author,
                best_offer,
                dealbreakers,
                hidden_issues: vec![],
                missing_information: missing,
                flexibility_signals: flexibility,
                budget: None,
                time_preference: None,
                expected_version: None,
            }
            .build(id?),
        )
    });
    submit(api, visitor, user, case, f, "debrief", on, build).await
}

/// `POST /cases/{case}/diagnosis`: the reasons ticked, each with what showed it.
pub async fn diagnose(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let session = f.text("back");
    let findings: Vec<bodies::FindingBody> = f
        .all("stall-reason")
        .iter()
        .filter_map(|r| r.parse::<StallReason>().ok())
        .map(|reason| bodies::FindingBody {
            reason,
            evidence: f.text(&format!("stall-evidence-{reason}")),
        })
        .collect();
    let shared = f.checked("stall-shared");
    let (on, id) = (after(&session), session_of(&session).ok());
    let build: Build = Box::new(move |case, access| {
        let author = author_for(case, access)
            .ok_or_else(|| AppError::Forbidden("coordinators diagnose nothing".into()))?;
        if findings.is_empty() {
            return Err(AppError::Invalid {
                field: "findings",
                message: "tick at least one reason".into(),
            });
        }
        built(
            bodies::DiagnoseStall {
                session: id,
                author,
                findings,
                shared,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(api, visitor, user, case, f, "stall", on, build).await
}

/// `POST /cases/{case}/next-step`: one next move, one owner, one date.
pub async fn choose_next_step(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let session = f.text("back");
    let step = parse_word(&f, "next-step", "the next move");
    let owner = f.get("next-owner").and_then(|o| o.parse().ok());
    let due_on = parse_date(&f, "next-due_on");
    let note = f.given("next-note");
    let on = after(&session);
    let build: Build = Box::new(move |_, _| {
        let due_on = due_on?.ok_or(AppError::Invalid {
            field: "due_on",
            message: "enter the day by which the next contact is made".into(),
        })?;
        built(
            bodies::ChooseNextStep {
                step: step?,
                owner: owner.ok_or(AppError::Invalid {
                    field: "owner",
                    message: "choose the one person who makes the next contact".into(),
                })?,
                due_on,
                note,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(api, visitor, user, case, f, "next", on, build).await
}
