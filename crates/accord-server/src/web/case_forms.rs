//! The forms of the case page. Each turns its fields into the API's own request body and
//! hands it to `submit` (the one path: CSRF, expected version, `Workbench::run`, errors
//! beside the fields). No rule is checked here that the domain does not check itself.

use super::case_model::audience_of;
use super::case_page::{Extras, case_id, new_case_page};
use super::security::Member;
use super::submit::{Build, Fields, Where, again_with, parse_date, parse_word, submit};
use crate::access::CaseAccess;
use crate::error::AppError;
use crate::http::Api;
use crate::http::auth::ClientAddr;
use crate::http::requests::{self, CommandBody};
use accord_core::case::Viewer;
use accord_core::ids::{IssueId, SessionId};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

type Posted = Form<Vec<(String, String)>>;

fn built(b: requests::Built) -> Result<accord_core::case::Command, AppError> {
    b.map(|(command, _)| command).map_err(AppError::from)
}

fn invalid(field: &'static str, message: &str) -> AppError {
    AppError::Invalid {
        field,
        message: message.into(),
    }
}

/// `POST /cases/{case}/notes`
pub async fn add_note(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let text = f.text("note-text");
    let choice = f.text("note-audience");
    let build: Build = Box::new(move |case, access: CaseAccess| {
        let audience = audience_of(&choice, access.viewer(), case)
            .ok_or_else(|| invalid("audience", "choose who can read the note"))?;
        built(
            requests::AddNote {
                text,
                audience,
                about_session: None,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "note",
        Where::Case("notes"),
        build,
    )
    .await
}

/// `POST /cases/{case}/issues/{issue}/state`
pub async fn set_term(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, issue)): Path<(String, String)>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let on = match f.get("back").and_then(|s| s.parse::<SessionId>().ok()) {
        Some(session) => Where::After(session),
        None => Where::Case("issues"),
    };
    let parsed = (
        parse_word(&f, "term-state", "a state"),
        parse_date(&f, "term-date"),
        issue.parse::<IssueId>().map_err(|_| AppError::CaseNotFound),
    );
    let (to, reason) = (f.given("term-to"), f.given("term-reason"));
    let build: Build = Box::new(move |_, _| {
        let (state, date, issue) = (parsed.0?, parsed.1?, parsed.2?);
        use accord_core::case::vocabulary::TermStateKind as K;
        let (review_on, until) = match state {
            K::Pilot => (date, None),
            K::AgreedTemporary => (None, date),
            _ => (None, None),
        };
        built(
            requests::SetIssueState {
                state,
                review_on,
                until,
                until_event: None,
                to,
                reason,
                expected_version: None,
            }
            .build(issue),
        )
    });
    submit(api, visitor, user, case, f, "term", on, build).await
}

/// `POST /cases/{case}/memorandum/issue`
pub async fn issue_memorandum(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let on = back_to(&f, "memorandum");
    let build: Build = Box::new(|_, _| {
        built(
            requests_after::IssueMemorandum {
                expected_version: None,
            }
            .build(),
        )
    });
    submit(api, visitor, user, case, f, "memo", on, build).await
}

/// `POST /cases/{case}/memorandum/confirm`: the signed-in party confirms the issued version.
pub async fn confirm(
    State(api): State<Api>,
    Member(visitor, user): Member,
    ClientAddr(addr): ClientAddr,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let on = back_to(&f, "memorandum");
    let hash = f.text("content_hash");
    let password = f.text("memo-password");
    let (checking, who) = (api.clone(), user.clone());
    let build: Build = Box::new(move |case, access: CaseAccess| {
        let Viewer::Participant(by) = access.viewer() else {
            return Err(AppError::Forbidden(
                "only a party, or its representative with authority, confirms".into(),
            ));
        };
        checking.password_again(&who, &password, addr)?;
        let version = case
            .latest_memorandum()
            .map(|m| m.version)
            .ok_or_else(|| invalid("memorandum", "no version has been issued yet"))?;
        built(
            requests_after::ConfirmMemorandum {
                by,
                content_hash: hash,
                password: String::new(),
                expected_version: None,
            }
            .build(version),
        )
    });
    submit(api, visitor, user, case, f, "memo", on, build).await
}

use crate::http::after_session_bodies as requests_after;

/// The after-session page a form came from (`back` = its session), or the case page.
pub fn back_to(f: &Fields, anchor: &'static str) -> Where {
    match f.get("back").and_then(|s| s.parse::<SessionId>().ok()) {
        Some(session) => Where::After(session),
        None => Where::Case(anchor),
    }
}

/// `POST /cases/{case}/preparation`: a party's checklist for the next session, private to its
/// side and the mediator unless shared.
pub async fn prepare(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let (goals, documents, options, who_else) = (
        f.lines("prep-goals"),
        f.lines("prep-documents"),
        f.lines("prep-options"),
        f.lines("prep-who_else"),
    );
    let (question, done, shared) = (
        f.given("prep-question"),
        f.checked("prep-done"),
        f.checked("prep-shared"),
    );
    let build: Build = Box::new(move |case, access: CaseAccess| {
        let Viewer::Participant(me) = access.viewer() else {
            return Err(AppError::Forbidden(
                "a party prepares its own checklist".into(),
            ));
        };
        let party = case.party_of(me);
        built(
            requests_after::PrepareNextSession {
                party,
                goals,
                documents,
                options,
                question,
                ground_rules: vec![],
                trial_period: None,
                who_else,
                done,
                shared,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "prep",
        Where::Case("prep"),
        build,
    )
    .await
}

/// `POST /cases/{case}/participants`
pub async fn add_participant(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let role = parse_word(&f, "person-role", "their part in the case");
    let acting_for = f.given("person-acting_for").map(|p| p.parse());
    let (name, authority) = (f.text("person-name"), f.checked("person-authority"));
    let build: Build = Box::new(move |_, _| {
        let acting_for = acting_for
            .transpose()
            .map_err(|_| invalid("acting_for", "choose the party they act for"))?;
        built(
            requests::AddParticipant {
                name,
                role: role?,
                acting_for,
                authority_to_settle: authority,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "person",
        Where::Case("people"),
        build,
    )
    .await
}

/// `POST /cases/{case}/issues`
pub async fn add_issue(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let title = f.text("issue-title");
    let build: Build = Box::new(move |_, _| {
        built(
            requests::AddIssue {
                title,
                description: None,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "issue",
        Where::Case("issues"),
        build,
    )
    .await
}

/// `POST /cases/{case}/sessions`: the start time is the case's local time.
pub async fn schedule_session(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let local = f.text("session-starts_at");
    let format = parse_word(&f, "session-format", "how the session is held");
    let override_reason = f.given("session-override_reason");
    let build: Build = Box::new(move |case, _| {
        let zone = case
            .profile
            .as_ref()
            .and_then(|p| jiff::tz::TimeZone::get(&p.time_zone).ok())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let starts_at = local
            .parse::<jiff::civil::DateTime>()
            .ok()
            .and_then(|dt| dt.to_zoned(zone).ok())
            .map(|z| z.timestamp())
            .ok_or_else(|| {
                invalid(
                    "starts_at",
                    "enter the date and time, for example 2027-01-31 10:00",
                )
            })?;
        built(
            requests::ScheduleSession {
                starts_at,
                format: format?,
                agenda: vec![],
                override_reason,
                expected_version: None,
            }
            .build(),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "session",
        Where::Case("sessions"),
        build,
    )
    .await
}

/// `POST /cases/{case}/sessions/{session}/held`
pub async fn session_held(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, session)): Path<(String, String)>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let held_on = parse_date(&f, "held-on");
    let format = parse_word(&f, "held-format", "how the session was held");
    let attendees: Result<Vec<_>, _> = f.all("attendee").iter().map(|a| a.parse()).collect();
    let session = session
        .parse::<SessionId>()
        .map_err(|_| AppError::CaseNotFound);
    let build: Build = Box::new(move |_, _| {
        let held_on = held_on?.ok_or_else(|| invalid("held_on", "enter the day it was held"))?;
        built(
            requests::SessionHeld {
                held_on,
                format: format?,
                attendees: attendees.map_err(|_| invalid("attendees", "choose who attended"))?,
                expected_version: None,
            }
            .build(session?),
        )
    });
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "held",
        Where::Case("sessions"),
        build,
    )
    .await
}

/// `POST /cases/{case}/invitations`: shows the link once, on the case page.
pub async fn invite(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    if let Err(e) = visitor.check_csrf(f.get("csrf").unwrap_or_default()) {
        return e.page(&api, &visitor);
    }
    let (a, v) = (api.clone(), visitor.clone());
    let done = tokio::task::spawn_blocking(move || {
        let case = case_id(&case)?;
        let participant = f.get("invite-participant").and_then(|p| p.parse().ok());
        let email = f.text("invite-email");
        let typed = [("invite-email".to_owned(), email.clone())].into();
        let invited = participant
            .ok_or_else(|| invalid("participant", "choose who they are in the case"))
            .and_then(|p| a.workbench.invite(&user, case, p, &email));
        let x = match invited {
            Ok(inv) => Extras {
                notice: "The invitation is ready.".into(),
                link: format!(
                    "{}{}",
                    a.config.public_url.trim_end_matches('/'),
                    crate::memberships::invitation_path(&inv.token)
                ),
                ..Default::default()
            },
            Err(e) => match super::forms::Problems::of(&e) {
                Some(p) => Extras {
                    problems: super::forms::Problems::one(
                        &format!("invite-{}", p.items[0].field.trim_start_matches("invite-")),
                        p.items[0].message.clone(),
                    ),
                    typed,
                    ..Default::default()
                },
                None => return Err(e),
            },
        };
        Ok(again_with(&a, &v, &user, case, x))
    })
    .await;
    match done {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => super::WebError::App(e).page(&api, &visitor),
        Err(_) => super::internal(&api, &visitor),
    }
}

/// `POST /cases/new`: opens a case; the mediator who opens it is its mediator.
pub async fn open_case(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    if let Err(e) = visitor.check_csrf(f.get("csrf").unwrap_or_default()) {
        return e.page(&api, &visitor);
    }
    let body = (|| -> Result<_, AppError> {
        Ok(requests::OpenCase {
            title: f.text("case-title"),
            dispute_type: parse_word(&f, "case-dispute_type", "what the dispute is about")?,
            jurisdiction: parse_word(&f, "case-jurisdiction", "the court rules")?,
            time_zone: f.text("case-time_zone"),
            court_ordered: f.checked("case-court_ordered"),
            contract_clause: None,
            court_reference: f.given("case-court_reference"),
        })
    })();
    let case = accord_core::ids::CaseId::new_v7();
    let wb = api.workbench.clone();
    let opened = tokio::task::spawn_blocking(move || {
        let command = body?.build(case).map_err(AppError::from)?;
        wb.open(&user, command)
    })
    .await;
    match opened {
        Ok(Ok(done)) => Redirect::to(&format!("/cases/{}", done.case)).into_response(),
        Ok(Err(e)) => match super::forms::Problems::of(&e) {
            Some(mut p) => {
                for item in &mut p.items {
                    item.field = format!("case-{}", item.field.trim_start_matches("case-"));
                }
                let x = Extras {
                    problems: p,
                    typed: f_typed(&f),
                    ..Default::default()
                };
                new_case_page(&api, &visitor, StatusCode::BAD_REQUEST, x)
            }
            None => super::WebError::App(e).page(&api, &visitor),
        },
        Err(_) => super::internal(&api, &visitor),
    }
}

fn f_typed(f: &Fields) -> std::collections::HashMap<String, String> {
    f.0.iter().filter(|(k, _)| k != "csrf").cloned().collect()
}
