//! How every form that changes a case is handled, once: the CSRF token checked, the case
//! version the page showed sent as the expected version (a stale page never overwrites), the
//! command built by the API's own request bodies and run by `Workbench::run`; on success a
//! redirect back (post/redirect/get), on a problem the page again with the message beside
//! the field and what was typed kept, and on a stale page what changed meanwhile.

use super::case_page::{Extras, case_id, render};
use super::forms::Problems;
use super::{Visitor, internal};
use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use accord_core::case::{Case, Command};
use accord_core::ids::{CaseId, SessionId};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

/// A submitted form's fields, in order (a name may repeat: check boxes).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field's value, or an empty string.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// The field's value when it is not blank.
    pub fn given(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Lines of a text box, blank ones dropped.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.text(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        self.get(name) == Some("true")
    }

    fn version(&self) -> Option<u64> {
        self.get("version").and_then(|v| v.parse().ok())
    }

    pub(crate) fn typed(&self) -> HashMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "version" && !k.contains("password"))
            .cloned()
            .collect()
    }
}

/// A word of a vocabulary from a form field, as the domain spells it.
pub fn parse_word<T: std::str::FromStr>(
    fields: &Fields,
    name: &'static str,
    what: &str,
) -> Result<T, AppError> {
    fields
        .get(name)
        .and_then(|v| v.parse().ok())
        .ok_or(AppError::Invalid {
            field: name,
            message: format!("choose {what}"),
        })
}

/// A date (`YYYY-MM-DD`, what a date input sends) from a form field, if given.
pub fn parse_date(
    fields: &Fields,
    name: &'static str,
) -> Result<Option<jiff::civil::Date>, AppError> {
    match fields.given(name) {
        None => Ok(None),
        Some(d) => d.parse().map(Some).map_err(|_| AppError::Invalid {
            field: name,
            message: "enter a real date, for example 2027-01-31".into(),
        }),
    }
}

/// A problem named by a service, moved onto the form's field: the API names `text`, the
/// page's field is `note-text`.
pub(crate) fn on_form(mut problems: Problems, prefix: &str) -> Problems {
    for p in &mut problems.items {
        if !p.field.starts_with(prefix) {
            p.field = format!("{prefix}-{}", p.field);
        }
    }
    problems
}

/// What a form asks for, built from the case as its sender sees it.
pub type Build = Box<dyn FnOnce(&Case, CaseAccess) -> Result<Command, AppError> + Send>;

/// Which page a form is on: the case page (at a section), or the sequence after a session.
#[derive(Clone, Copy)]
pub enum Where {
    Case(&'static str),
    After(SessionId),
    /// The reality-testing page, at a section.
    Reality(&'static str),
    /// Keeping and erasing (the mediator's).
    Records,
    /// Safety screening, pauses and safe contacts (the mediator's).
    Safety,
}

impl Where {
    fn back(self, case: CaseId) -> String {
        match self {
            Self::Case(anchor) => format!("/cases/{case}#{anchor}"),
            Self::After(session) => format!("/cases/{case}/sessions/{session}/after"),
            Self::Reality(anchor) => format!("/cases/{case}/reality#{anchor}"),
            Self::Records => format!("/cases/{case}/records"),
            Self::Safety => format!("/cases/{case}/safety"),
        }
    }

    fn render(
        self,
        api: &Api,
        visitor: &Visitor,
        user: &User,
        case: CaseId,
        status: StatusCode,
        x: Extras,
    ) -> Response {
        let page = match self {
            Self::Case(_) => render(api, visitor, user, case, status, x),
            Self::After(session) => {
                super::after::render(api, visitor, user, case, session, status, x)
            }
            Self::Reality(_) => super::reality::render(api, visitor, user, case, status, x),
            Self::Records => super::records::render(api, visitor, user, case, status, x),
            Self::Safety => super::safety::render(api, visitor, user, case, status, x),
        };
        page.unwrap_or_else(|e| super::WebError::App(e).page(api, visitor))
    }
}

/// Checks, runs and answers one form that changes `case`.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    api: Api,
    visitor: Visitor,
    user: User,
    case: String,
    fields: Fields,
    prefix: &'static str,
    on: Where,
    build: Build,
) -> Response {
    if let Err(e) = visitor.check_csrf(fields.get("csrf").unwrap_or_default()) {
        return e.page(&api, &visitor);
    }
    let (a, v) = (api.clone(), visitor.clone());
    let answered = tokio::task::spawn_blocking(move || {
        let case = case_id(&case)?;
        Ok::<_, AppError>(run(&a, &v, &user, case, fields, prefix, on, build))
    })
    .await;
    match answered {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => super::WebError::App(e).page(&api, &visitor),
        Err(_) => internal(&api, &visitor),
    }
}

#[allow(clippy::too_many_arguments)]
fn run(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    case: CaseId,
    fields: Fields,
    prefix: &'static str,
    on: Where,
    build: Build,
) -> Response {
    let again = |status, x: Extras| on.render(api, visitor, user, case, status, x);
    let typed = fields.typed();
    let expected = fields.version();
    let viewed = api.workbench.viewed(user, case);
    let (access, fold) = match viewed {
        Ok(v) => v,
        Err(e) => return super::WebError::App(e).page(api, visitor),
    };
    let outcome = build(&fold.case, access).and_then(|command| {
        api.workbench
            .run(user, case, command, Some(expected.unwrap_or(u64::MAX)))
    });
    match outcome {
        Ok(_) => Redirect::to(&on.back(case)).into_response(),
        Err(AppError::Stale { expected, .. }) => {
            let changes = api
                .workbench
                .cases
                .history(case)
                .ok()
                .and_then(|h| h.changed_since(access.viewer(), expected).ok())
                .unwrap_or_default();
            let mut words: Vec<String> = changes
                .into_iter()
                .map(|n| super::forms::sentence(super::labels::change(n)))
                .collect();
            words.dedup();
            let x = Extras {
                typed,
                changes: words,
                ..Default::default()
            };
            again(StatusCode::CONFLICT, x)
        }
        Err(e) => match Problems::of(&e) {
            Some(p) => {
                let x = Extras {
                    problems: on_form(p, prefix),
                    typed,
                    ..Default::default()
                };
                again(StatusCode::BAD_REQUEST, x)
            }
            None => super::WebError::App(e).page(api, visitor),
        },
    }
}

/// Where a form that needs its answer shown (an invitation's link) goes on success.
pub fn again_with(api: &Api, visitor: &Visitor, user: &User, case: CaseId, x: Extras) -> Response {
    render(api, visitor, user, case, StatusCode::OK, x)
        .unwrap_or_else(|e| super::WebError::App(e).page(api, visitor))
}
