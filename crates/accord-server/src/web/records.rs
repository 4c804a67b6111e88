//! `/cases/{case}/records` (the case's mediators): keeping and erasing — the legal hold,
//! placed or lifted with its reason through the same command as the API's, the erasures made,
//! and erasing one participant's data (with the password again, through
//! `Workbench::erase_participant`, as the API's route does).

use super::case_model::{self, when};
use super::case_page::{Extras, case_id};
use super::forms::Problems;
use super::security::Member;
use super::submit::{Build, Fields, Where, on_form, submit};
use super::{Chrome, PageResult, Visitor, page, work};
use crate::access::{self, CaseAccess};
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use crate::http::auth::ClientAddr;
use crate::http::requests::CommandBody;
use crate::http::retention::HoldReason;
use accord_core::case::vocabulary::Role;
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::{Text, limits};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

type Posted = Form<Vec<(String, String)>>;

struct ErasureRow {
    when: String,
    basis: String,
}

#[derive(Template)]
#[template(path = "records.html")]
struct RecordsPage {
    chrome: Chrome,
    c: case_model::CaseModel,
    /// The hold's reason and since when, or empty.
    hold_reason: String,
    hold_since: String,
    erasures: Vec<ErasureRow>,
    /// Who may still be erased: (id, "name, role").
    people: Vec<(String, String)>,
    x: Extras,
}

pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
) -> PageResult {
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        let case = case_id(&case)?;
        render(&a, &v, &user, case, StatusCode::OK, Extras::default())
    })
    .await
}

pub fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    status: StatusCode,
    x: Extras,
) -> Result<Response, AppError> {
    let (access, fold) = api.workbench.viewed(user, case)?;
    access::may_manage_case(access)?;
    let state = &fold.case;
    let c = case_model::build(CaseAccess::Mediator, &fold).ok_or(AppError::CaseNotFound)?;
    let hold = state.retention.legal_hold.as_ref();
    Ok(page(
        status,
        &RecordsPage {
            chrome: Chrome::new(api, visitor, format!("Keeping and erasing – {}", c.title)),
            hold_reason: hold.map(|h| h.reason.to_string()).unwrap_or_default(),
            hold_since: hold.map(|h| when(h.since, state)).unwrap_or_default(),
            erasures: state
                .retention
                .erasures
                .iter()
                .map(|e| ErasureRow {
                    when: when(e.at, state),
                    basis: e.basis.to_string(),
                })
                .collect(),
            people: state
                .participants
                .iter()
                .filter(|p| p.role != Role::Mediator && !state.retention.is_erased(p.id))
                .map(|p| (p.id.to_string(), format!("{}, {}", p.name, p.role)))
                .collect(),
            c,
            x,
        },
    ))
}

/// `POST /cases/{case}/records/hold`: places the hold, or lifts the one in place.
pub async fn hold(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let reason = f.text("hold-reason");
    let build: Build = Box::new(move |case, _| {
        let body = HoldReason {
            reason,
            expected_version: None,
        };
        let built = match case.retention.legal_hold {
            None => body.build(),
            Some(_) => crate::http::retention::Lift(body).build(),
        };
        built.map(|(command, _)| command).map_err(AppError::from)
    });
    submit(api, visitor, user, case, f, "hold", Where::Records, build).await
}

/// `POST /cases/{case}/records/erase`: erases one participant's data from the case.
pub async fn erase(
    State(api): State<Api>,
    Member(visitor, user): Member,
    ClientAddr(addr): ClientAddr,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    if let Err(e) = visitor.check_csrf(f.get("csrf").unwrap_or_default()) {
        return e.page(&api, &visitor);
    }
    let (a, v) = (api.clone(), visitor.clone());
    let answered = work(&api, &visitor, move || {
        let case = case_id(&case)?;
        let erased = (|| {
            let who: ParticipantId = f
                .get("erase-participant")
                .and_then(|p| p.parse().ok())
                .ok_or(AppError::Invalid {
                    field: "participant",
                    message: "choose whose data to erase".into(),
                })?;
            let basis = Text::line("basis", &f.text("erase-basis"), limits::SHORT)?;
            a.password_again(&user, &f.text("erase-password"), addr)?;
            a.workbench.erase_participant(&user, case, who, &basis)
        })();
        match erased {
            Ok(_) => Ok(Redirect::to(&format!("/cases/{case}/records")).into_response()),
            Err(e) => {
                let problems = Problems::of(&e).ok_or(e)?;
                let x = Extras {
                    problems: on_form(problems, "erase"),
                    typed: f.typed(),
                    ..Default::default()
                };
                render(&a, &v, &user, case, StatusCode::BAD_REQUEST, x)
            }
        }
    })
    .await;
    answered.unwrap_or_else(|page| page)
}
