//! The web workbench: server-rendered pages (askama templates, one per page) for mediators,
//! parties and coordinators. Every page reads and writes through the same services as the
//! JSON API (`Workbench`, `after_session`, the case list, the programme): no rule, permission
//! or fold is written here a second time. Pages work without JavaScript; the one script
//! (`/assets/accord.js`) only adds the quick exit's shortcut and a few conveniences.

// A page handler's "error" is itself a page (`Response`), as large as its success.
#![allow(clippy::result_large_err)]

mod access_log;
mod after;
mod after_forms;
mod assets;
mod case_forms;
mod case_model;
mod case_page;
mod case_pictures;
mod dashboard;
mod exit;
mod forms;
mod invitations;
pub(crate) mod labels;
mod miam;
mod programme;
mod programme_model;
mod reality;
mod reality_forms;
mod reality_risk;
mod records;
mod safety;
pub mod security;
mod settings;
mod settings_forms;
mod sign_in;
mod submit;
mod svg;
mod unsubscribe;

use crate::error::AppError;
use crate::http::Api;
use accord_store::StoreError;
use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
pub use security::Visitor;

/// What the frame of every page needs: who is signed in, the CSRF token for its forms, the
/// script nonce, and whether it shows the quick exit.
pub struct Chrome {
    pub title: String,
    pub user_name: Option<String>,
    pub staff: bool,
    pub coordinator: bool,
    pub csrf: String,
    pub nonce: String,
    pub exit: bool,
    pub exit_url: String,
}

impl Chrome {
    pub fn new(api: &Api, visitor: &Visitor, title: impl Into<String>) -> Self {
        use crate::accounts::AccountRole as R;
        let role = visitor.user.as_ref().map(|u| u.role);
        Self {
            title: title.into(),
            user_name: visitor.user.as_ref().map(|u| u.name.clone()),
            staff: matches!(role, Some(R::Admin | R::Coordinator | R::Mediator)),
            coordinator: matches!(role, Some(R::Admin | R::Coordinator)),
            csrf: visitor.csrf(),
            nonce: visitor.nonce.clone(),
            exit: visitor.sees_exit(),
            exit_url: api.config.exit_url.clone(),
        }
    }
}

/// Renders a page as a `text/html` answer.
pub fn page(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Something went wrong on our side; it has been logged.",
            )
                .into_response()
        }
    }
}

/// Why a page cannot be shown; each becomes a page of its own in plain words.
#[derive(Debug)]
pub enum WebError {
    App(AppError),
    /// A form without this session's CSRF token.
    Csrf,
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<crate::http::error::ApiError> for WebError {
    fn from(e: crate::http::error::ApiError) -> Self {
        // Only the blocking wrapper produces these here: the work itself failed.
        tracing::error!(status = %e.status, "page work failed");
        Self::App(AppError::Corrupt {
            case: "-".into(),
            reason: "page work failed".into(),
        })
    }
}

#[derive(Template)]
#[template(path = "problem.html")]
pub(crate) struct ProblemPage {
    pub chrome: Chrome,
    pub heading: String,
    pub message: String,
}

impl WebError {
    /// The page this error shows, in the frame of the visitor's pages.
    pub fn page(self, api: &Api, visitor: &Visitor) -> Response {
        let (status, heading, message) = match &self {
            Self::Csrf => (
                StatusCode::FORBIDDEN,
                "This form has expired",
                "Go back, reload the page and try again. Nothing was changed.".to_owned(),
            ),
            Self::App(e) => match e {
                AppError::CaseNotFound | AppError::View(_) => (
                    StatusCode::NOT_FOUND,
                    "Page not found",
                    "There is no such case, or it is not shared with you.".to_owned(),
                ),
                AppError::Forbidden(why) => (
                    StatusCode::FORBIDDEN,
                    "You cannot do that here",
                    why.clone(),
                ),
                AppError::Store(StoreError::Unavailable(reason)) => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The service cannot save just now",
                    format!(
                        "Sorry: {reason}. Nothing you typed was saved; go back and try again in a few minutes."
                    ),
                ),
                AppError::NoDocument(why) => {
                    (StatusCode::NOT_FOUND, "No such document", (*why).to_owned())
                }
                AppError::DocumentsUnavailable => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Documents cannot be made here",
                    e.to_string(),
                ),
                AppError::Store(_) | AppError::Corrupt { .. } | AppError::Typeset(_) => {
                    tracing::error!(error = %e, "page failed");
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Sorry, there is a problem with the service",
                        "Try again later. Nothing you typed was saved.".to_owned(),
                    )
                }
                other => (
                    StatusCode::BAD_REQUEST,
                    "There is a problem",
                    other.to_string(),
                ),
            },
        };
        page(
            status,
            &ProblemPage {
                chrome: Chrome::new(api, visitor, heading),
                heading: heading.into(),
                message,
            },
        )
    }
}

/// The page for work that failed on our side.
pub fn internal(api: &Api, visitor: &Visitor) -> Response {
    WebError::App(AppError::Corrupt {
        case: "-".into(),
        reason: "page work failed".into(),
    })
    .page(api, visitor)
}

/// A page handler's result: a page, or the error page for the visitor.
pub type PageResult = Result<Response, Response>;

/// Runs store work off the async threads for a page.
pub async fn work<T: Send + 'static>(
    api: &Api,
    visitor: &Visitor,
    job: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(job).await {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(WebError::App(e).page(api, visitor)),
        Err(e) => {
            tracing::error!(error = %e, "page work panicked");
            Err(internal(api, visitor))
        }
    }
}

/// The pages' routes.
pub fn routes() -> Router<Api> {
    Router::new()
        .route("/", get(dashboard::show))
        .route("/sign-in", get(sign_in::page).post(sign_in::submit))
        .route("/sign-in/link", post(sign_in::request_link))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/sign-out/everywhere", post(sign_in::sign_out_everywhere))
        .route(
            "/invitation",
            get(sign_in::invitation).post(sign_in::accept),
        )
        .route("/exit", post(exit::exit))
        .route("/programme", get(programme::show))
        .route("/programme/assign", post(programme::assign))
        .route("/settings", get(settings::show))
        .route("/settings/name", post(settings_forms::rename))
        .route("/settings/password", post(settings_forms::change_password))
        .route("/settings/sessions/end", post(settings_forms::end_session))
        // `{what}`: `tokens` (API tokens) or `feeds` (calendar feeds).
        .route("/settings/{what}", post(settings_forms::create))
        .route("/settings/{what}/{id}/revoke", post(settings_forms::revoke))
        .route("/settings/reminders", post(settings_forms::reminders))
        .route(
            "/unsubscribe",
            get(unsubscribe::ask).post(unsubscribe::unsubscribe),
        )
        .route("/cases/{case}", get(case_page::show))
        .route("/cases/{case}/notes", post(case_forms::add_note))
        .route(
            "/cases/{case}/issues/{issue}/state",
            post(case_forms::set_term),
        )
        .route(
            "/cases/{case}/memorandum/confirm",
            post(case_forms::confirm),
        )
        .route(
            "/cases/{case}/memorandum/issue",
            post(case_forms::issue_memorandum),
        )
        .route("/cases/{case}/invitations", post(case_forms::invite))
        .route(
            "/cases/{case}/participants",
            post(case_forms::add_participant),
        )
        .route("/cases/{case}/issues", post(case_forms::add_issue))
        .route("/cases/{case}/preparation", post(case_forms::prepare))
        .route("/cases/{case}/sessions", post(case_forms::schedule_session))
        .route(
            "/cases/{case}/sessions/{session}/held",
            post(case_forms::session_held),
        )
        .route("/cases/{case}/sessions/{session}/after", get(after::show))
        .route(
            "/cases/{case}/sessions/{session}/outcome",
            post(after_forms::record_outcome),
        )
        .route(
            "/cases/{case}/sessions/{session}/debrief",
            post(after_forms::debrief),
        )
        .route("/cases/{case}/diagnosis", post(after_forms::diagnose))
        .route(
            "/cases/{case}/next-step",
            post(after_forms::choose_next_step),
        )
        .route("/cases/{case}/reality", get(reality::show))
        .route("/cases/{case}/reality/risk", post(reality_risk::analyse))
        .route(
            "/cases/{case}/reality/worksheet",
            post(reality_forms::worksheet),
        )
        .route(
            "/cases/{case}/reality/worksheet/share",
            post(reality_forms::share),
        )
        .route(
            "/cases/{case}/reality/overlap",
            post(reality_forms::open_check),
        )
        .route(
            "/cases/{case}/reality/overlap/{check}/midpoint",
            post(reality_forms::midpoint),
        )
        .route(
            "/cases/{case}/reality/overlap/{check}/figure",
            post(reality_forms::figure),
        )
        .route(
            "/cases/{case}/reality/proposals",
            post(reality_forms::propose),
        )
        .route(
            "/cases/{case}/reality/proposals/{proposal}/answer",
            post(reality_forms::answer),
        )
        .route(
            "/cases/{case}/reality/proposals/{proposal}/close",
            post(reality_forms::close),
        )
        .route("/cases/{case}/calendar.ics", get(case_page::calendar))
        .route("/cases/{case}/timeline", get(case_page::timeline))
        .route("/cases/{case}/access-log", get(access_log::access_log))
        .route("/cases/{case}/records", get(records::show))
        .route("/cases/{case}/records/hold", post(records::hold))
        .route("/cases/{case}/records/erase", post(records::erase))
        .route("/cases/{case}/safety", get(safety::show))
        .route("/cases/{case}/safety/screenings", post(safety::screen))
        .route("/cases/{case}/safety/pause", post(safety::pause))
        .route("/cases/{case}/safe-contact", post(safety::safe_contact))
        .route("/cases/{case}/miam", post(miam::record))
        .route(
            "/cases/{case}/mediation-invitations",
            post(invitations::invite),
        )
        .route(
            "/cases/{case}/mediation-invitations/answer",
            post(invitations::answer),
        )
        .route(
            "/cases/{case}/miam/{party}/confirmation",
            post(miam::confirm),
        )
        .route(
            "/cases/new",
            get(case_page::new_case).post(case_forms::open_case),
        )
        .route("/assets/{file}", get(assets::serve))
}
