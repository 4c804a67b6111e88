//! Invitations to mediate on the pages: the mediator's section of the case page (invite a
//! party with a date to answer by; every answer, with its reasons as the mediator's fold holds
//! them) and the party's own on its portal (answer in writing, sharing the reasons or not) —
//! through the API's own bodies.

use super::case_model::{day, when};
use super::security::Member;
use super::submit::{Build, Fields, Where, parse_date, parse_word, submit};
use crate::error::AppError;
use crate::http::Api;
use crate::http::invitation_answers::AnswerInvitation;
use accord_core::case::invitation::InvitationStatus;
use accord_core::case::{Case, Command, Viewer};
use accord_core::ids::ParticipantId;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

/// One invitation, in words.
pub struct InvitationRow {
    pub party: String,
    pub answer_by: String,
    /// "Declined on 7 December 2026, 17:01", "Awaiting an answer", "No answer by the date".
    pub status: String,
    /// The reasons or times, where this fold holds them.
    pub text: String,
    /// Awaiting the viewer's own party's answer: the portal offers the form.
    pub yours_to_answer: bool,
    /// The dated written answer as PDF, once answered (or recorded as unanswered).
    pub pdf_href: String,
}

/// The invitations this fold holds — joint facts, with the reasons only where the fold holds
/// them (shared, or the viewer's own party's) — and which is the viewer's party's (`own`).
pub fn rows(case: &Case, own: Option<ParticipantId>) -> Vec<InvitationRow> {
    case.invitations
        .iter()
        .map(|i| {
            let (status, text) = match &i.status {
                InvitationStatus::Awaiting => ("Awaiting an answer".to_owned(), String::new()),
                InvitationStatus::Answered {
                    kind,
                    at,
                    text,
                    shared,
                } => (
                    format!(
                        "{} on {}{}",
                        answered(kind.to_string().as_str()),
                        when(*at, case),
                        if *shared { " (reasons shared)" } else { "" }
                    ),
                    text.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                ),
                InvitationStatus::Lapsed { .. } => {
                    ("No answer by the date".to_owned(), String::new())
                }
            };
            InvitationRow {
                party: case
                    .participant(i.participant)
                    .map_or_else(|| "A party".into(), |p| p.name.to_string()),
                answer_by: day(i.answer_by),
                status,
                text,
                yours_to_answer: i.awaiting() && own == Some(i.participant),
                pdf_href: match (i.awaiting(), case.profile.as_ref()) {
                    (false, Some(p)) => format!(
                        "/api/v1/cases/{}/mediation-invitations/{}/answer.pdf",
                        p.id, i.participant
                    ),
                    _ => String::new(),
                },
            }
        })
        .collect()
}

fn answered(kind: &str) -> &'static str {
    match kind {
        "accept" => "Accepted",
        "decline" => "Declined",
        "other-mediator" => "Asked for a different mediator",
        _ => "Proposed other times",
    }
}

type Posted = Form<Vec<(String, String)>>;

/// `POST /cases/{case}/mediation-invitations`: the mediator invites a party.
pub async fn invite(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let participant = parse_word::<ParticipantId>(&f, "mediate-participant", "the party");
    let answer_by = parse_date(&f, "mediate-answer_by").and_then(|d| {
        d.ok_or(AppError::Invalid {
            field: "mediate-answer_by",
            message: "enter the day to answer by, for example 2026-12-18".into(),
        })
    });
    let build: Build = Box::new(move |_, _| {
        Ok(Command::InviteToMediation {
            participant: participant?,
            answer_by: answer_by?,
        })
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "mediate",
        Where::Case("invitations"),
        build,
    )
    .await
}

/// `POST /cases/{case}/mediation-invitations/answer`: a party answers its own invitation.
pub async fn answer(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let body = parse_word(&f, "answer-kind", "your answer").map(|kind| AnswerInvitation {
        kind,
        text: f.given("answer-text"),
        shared: f.get("answer-shared").is_some(),
        expected_version: None,
    });
    let build: Build = Box::new(move |case, access| {
        let Viewer::Participant(me) = access.viewer() else {
            return Err(AppError::Forbidden(
                "only the invited party answers here".into(),
            ));
        };
        Ok(body?.command(case.party_of(me))?)
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "answer",
        Where::Case("invitation"),
        build,
    )
    .await
}
