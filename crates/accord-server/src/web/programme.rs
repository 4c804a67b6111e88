//! `/programme`: the coordinator's page (coordinators and admins; anyone else gets the
//! service's own refusal as a page). Caseload by mediator and the form that assigns a
//! mediator to a case (`Workbench::assign_mediator`, which records the access change in the
//! case first); the cases, filtered as the case list filters them; outcomes by dispute type
//! beside the measures beyond settlement, drawn and tabled. Metadata and figures only: no
//! page here reads a case's content.

use super::forms::Problems;
use super::labels::word;
use super::programme_model::{self as model, CaseRow, Filters, MediatorRow, TypeRow};
use super::security::Member;
use super::submit::Fields;
use super::svg::Picture;
use super::{Chrome, Visitor, page, work};
use crate::access;
use crate::accounts::{AccountRole, User};
use crate::case_list::{ListQuery, ListRequest};
use crate::error::AppError;
use crate::http::Api;
use accord_core::ids::CaseId;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The page's query: the case list's filters, and what an assignment just did.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProgrammeQuery {
    pub status: Option<String>,
    pub dispute_type: Option<String>,
    pub mediator: Option<String>,
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// A case to preselect in the assignment form.
    pub assign: Option<String>,
    /// After an assignment: the case and the mediator's account.
    pub assigned: Option<String>,
    pub to: Option<String>,
}

impl ProgrammeQuery {
    fn list_query(&self) -> ListQuery {
        let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        ListQuery {
            limit: Some("25".into()),
            cursor: given(&self.cursor),
            status: match self.status.as_deref() {
                None | Some("") => Some("open".into()),
                Some("all") => None,
                Some(s) => Some(s.into()),
            },
            dispute_type: given(&self.dispute_type),
            mediator: given(&self.mediator),
            q: given(&self.q),
            ..Default::default()
        }
    }

    /// The filters from a posted form's hidden fields (to show the same list again).
    fn of_fields(f: &Fields) -> Self {
        Self {
            status: f.given("status"),
            dispute_type: f.given("dispute_type"),
            mediator: f.given("mediator"),
            q: f.given("q"),
            cursor: f.given("cursor"),
            ..Default::default()
        }
    }
}

/// What the assignment form sent back: its problems and what was typed.
#[derive(Default)]
pub struct Sent {
    pub problems: Problems,
    pub case: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "programme.html")]
struct ProgrammePage {
    chrome: Chrome,
    x: Sent,
    notice: String,
    totals: Vec<(String, String)>,
    mediators: Vec<MediatorRow>,
    mediator_emails: Vec<(String, String)>,
    cases: Vec<CaseRow>,
    filters: Filters,
    next_href: String,
    outcomes: Picture,
    by_type: Vec<TypeRow>,
}

/// `GET /programme`
pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Query(q): Query<ProgrammeQuery>,
) -> Response {
    let (a, v) = (api.clone(), visitor.clone());
    let sent = Sent {
        case: q.assign.clone().unwrap_or_default(),
        ..Default::default()
    };
    work(&api, &visitor, move || {
        render(&a, &v, &user, &q, StatusCode::OK, sent)
    })
    .await
    .unwrap_or_else(|refused| refused)
}

/// `POST /programme/assign`: fields `assign-case` (a case id) and `assign-email` (the
/// mediator's account e-mail), with `csrf` and the list's filters.
pub async fn assign(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let f = Fields(fields);
    if let Err(e) = visitor.check_csrf(f.get("csrf").unwrap_or_default()) {
        return e.page(&api, &visitor);
    }
    let q = ProgrammeQuery::of_fields(&f);
    let sent = Sent {
        case: f.text("assign-case").trim().to_owned(),
        email: f.text("assign-email").trim().to_owned(),
        ..Default::default()
    };
    let (a, v) = (api.clone(), visitor.clone());
    work(&api, &visitor, move || {
        access::may_assign(&user)?;
        let problems = match assigned(&a, &user, &sent)? {
            Ok(to) => return Ok(Redirect::to(&to).into_response()),
            Err(problems) => problems,
        };
        render(
            &a,
            &v,
            &user,
            &q,
            StatusCode::BAD_REQUEST,
            Sent { problems, ..sent },
        )
    })
    .await
    .unwrap_or_else(|refused| refused)
}

/// Assigns, or says what to fix beside which field; any other refusal is the page's error.
fn assigned(api: &Api, user: &User, sent: &Sent) -> Result<Result<String, Problems>, AppError> {
    let Ok(case) = sent.case.parse::<CaseId>() else {
        return Ok(Err(Problems::one(
            "assign-case",
            "Choose the case to assign a mediator to.",
        )));
    };
    if sent.email.is_empty() {
        return Ok(Err(Problems::one(
            "assign-email",
            "Enter the e-mail address of the mediator's account.",
        )));
    }
    match api.workbench.assign_mediator(user, case, &sent.email) {
        Ok(mediator) => Ok(Ok(format!(
            "/programme?assigned={case}&to={}#assign",
            mediator.id
        ))),
        Err(AppError::CaseNotFound) => Ok(Err(Problems::one(
            "assign-case",
            "There is no such case. Choose one from the list.",
        ))),
        Err(e) => match Problems::of(&e) {
            Some(mut p) => {
                for item in &mut p.items {
                    item.field = "assign-email".into();
                }
                Ok(Err(p))
            }
            None => Err(e),
        },
    }
}

/// The page, for a coordinator or an admin. Runs on a blocking thread.
fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    q: &ProgrammeQuery,
    status: StatusCode,
    x: Sent,
) -> Result<Response, AppError> {
    let wb = &api.workbench;
    // The figures first: they refuse anyone who is not a coordinator or an admin.
    let programme = wb.programme(user)?;
    let request = ListRequest::parse(&q.list_query(), jiff::Timestamp::now())?;
    let listed = wb.list_page(user, &request)?;
    let mediator_accounts: Vec<User> = wb
        .accounts
        .all()?
        .into_iter()
        .filter(|u| u.role == AccountRole::Mediator)
        .collect();
    let cases = listed
        .items
        .iter()
        .map(|m| model::case_row(wb, m, q))
        .collect::<Result<Vec<_>, AppError>>()?;
    let notice = notice(wb, q, &cases)?;
    let next_href = listed
        .next_cursor
        .as_deref()
        .map(|c| model::href_with(q, Some(c), None, "cases"))
        .unwrap_or_default();
    let filters = model::filters(q, &mediator_accounts);
    let page_of = ProgrammePage {
        chrome: Chrome::new(api, visitor, "Programme"),
        x,
        notice,
        totals: model::totals(&programme.all),
        mediators: model::mediator_rows(&programme, &mediator_accounts),
        mediator_emails: mediator_accounts
            .iter()
            .map(|u| (u.email.clone(), u.name.clone()))
            .collect(),
        cases,
        filters,
        next_href,
        outcomes: model::outcomes_picture(&programme),
        by_type: model::type_rows(&programme),
    };
    Ok(page(status, &page_of))
}

/// "Moe Mole is now a mediator of Ahmed & Brown", when the address says so and the
/// membership is really there.
fn notice(
    wb: &crate::workbench::Workbench,
    q: &ProgrammeQuery,
    cases: &[CaseRow],
) -> Result<String, AppError> {
    let (Some(case), Some(to)) = (q.assigned.as_deref(), q.to.as_deref()) else {
        return Ok(String::new());
    };
    let Ok(case) = case.parse::<CaseId>() else {
        return Ok(String::new());
    };
    let member = wb.cases.store().membership(&case.to_string(), to)?;
    if member.is_none_or(|m| m.kind != access::MEDIATOR) {
        return Ok(String::new());
    }
    let name = wb.accounts.by_id(to)?.map(|u| u.name).unwrap_or_default();
    let title = cases
        .iter()
        .find(|c| c.id == case.to_string())
        .map_or_else(|| "the case".to_owned(), |c| c.title.clone());
    Ok(format!(
        "{name} is now a mediator of {title}. The case's record shows who gave the access."
    ))
}

/// A word of the vocabulary for a key the figures use ("none" for no outcome yet).
pub fn outcome_word(key: &str) -> String {
    match key {
        "none" | "" => "No session yet".into(),
        other => word(other),
    }
}
