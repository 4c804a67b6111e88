//! The forms of the settings page. Each checks the session's CSRF token, runs one account
//! service off the async threads, and on success goes back to the page (post/redirect/get) —
//! except a new token or feed, whose secret is shown on the answer itself, once. A problem
//! shows the page again with the message beside the field and what was typed kept.

use super::forms::{Problem, Problems};
use super::security::Member;
use super::settings::{Extras, Secret, render};
use super::submit::Fields;
use super::{Visitor, WebError, internal};
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use crate::http::auth::ClientAddr;
use accord_core::case::reminder_kind::ReminderKind;
use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// The page again after `done` went through, with its notice, at its section.
fn done(done: &str, section: &str) -> Response {
    Redirect::to(&format!("/settings?done={done}#{section}")).into_response()
}

/// Runs account work off the async threads; the work's own error is kept for the form.
async fn run<T: Send + 'static>(
    api: &Api,
    visitor: &Visitor,
    job: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<Result<T, AppError>, Response> {
    tokio::task::spawn_blocking(job).await.map_err(|e| {
        tracing::error!(error = %e, "settings work panicked");
        internal(api, visitor)
    })
}

/// A settings form from a signed-in visitor, with its fields, its CSRF token checked: else
/// the sign-in page, or the page that says the form has expired.
pub struct Checked(Visitor, User, Fields);

impl FromRequest<Api> for Checked {
    type Rejection = Response;

    async fn from_request(req: Request, api: &Api) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let Member(visitor, user) = Member::from_request_parts(&mut parts, api).await?;
        let posted =
            Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), api);
        let Form(fields) = posted.await.map_err(IntoResponse::into_response)?;
        let f = Fields(fields);
        match visitor.check_csrf(&f.text("csrf")) {
            Ok(()) => Ok(Self(visitor, user, f)),
            Err(e) => Err(e.page(api, &visitor)),
        }
    }
}

/// The page again with `problems`, `typed` kept.
async fn again(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    status: StatusCode,
    problems: Problems,
    typed: &[(&'static str, String)],
) -> Response {
    let extras = Extras {
        problems,
        typed: typed.iter().cloned().collect(),
        ..Default::default()
    };
    render(api, visitor, user, status, extras).await
}

/// A service's refusal shown beside `field` (`None`: beside the field it names), or its page.
async fn refused(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    e: AppError,
    field: Option<&str>,
    typed: &[(&'static str, String)],
) -> Response {
    let Some(mut problems) = Problems::of(&e) else {
        return WebError::App(e).page(api, visitor);
    };
    if let Some(field) = field {
        for p in &mut problems.items {
            p.field = field.into();
        }
    }
    again(api, visitor, user, StatusCode::BAD_REQUEST, problems, typed).await
}

/// `POST /settings/name`
pub async fn rename(State(api): State<Api>, Checked(visitor, user, f): Checked) -> Response {
    let name = f.text("name");
    let (accounts, who, typed) = (api.workbench.accounts.clone(), user.clone(), name.clone());
    match run(&api, &visitor, move || accounts.rename(&who, &typed)).await {
        Ok(Ok(_)) => done("name", "name-section"),
        Ok(Err(e)) => refused(&api, &visitor, &user, e, Some("name"), &[("name", name)]).await,
        Err(page) => page,
    }
}

/// `POST /settings/password`: the current password and the new one twice. Every other
/// session ends; this one stays.
pub async fn change_password(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    Checked(visitor, user, f): Checked,
) -> Response {
    let (current, new) = (f.text("current-password"), f.text("new-password"));
    let mut problems = Problems::none();
    let mut problem = |field: &str, message: &str| {
        problems.items.push(Problem {
            field: field.into(),
            message: message.into(),
        })
    };
    if current.is_empty() {
        problem("current-password", "Enter your current password.");
    }
    if new.is_empty() {
        problem("new-password", "Enter a new password.");
    } else if f.text("new-password-again") != new {
        problem(
            "new-password-again",
            "The two new passwords are not the same.",
        );
    }
    if !problems.is_empty() {
        return again(
            &api,
            &visitor,
            &user,
            StatusCode::BAD_REQUEST,
            problems,
            &[],
        )
        .await;
    }
    // Guessing the current password from a session left open is held to sign-in's limits.
    if let Err(limited) = api.login_limits().check(&user.email, addr) {
        let message = super::forms::sentence(&limited.body.message);
        let problems = Problems::one("current-password", message);
        return again(
            &api,
            &visitor,
            &user,
            StatusCode::TOO_MANY_REQUESTS,
            problems,
            &[],
        )
        .await;
    }
    let (accounts, who) = (api.workbench.accounts.clone(), user.clone());
    let session = visitor.session.clone().unwrap_or_default();
    let changed = run(&api, &visitor, move || {
        accounts.change_password(&who, &current, &new, &session)
    })
    .await;
    match changed {
        Ok(Ok(())) => done("password", "password-section"),
        Ok(Err(e)) => refused(&api, &visitor, &user, e, None, &[]).await,
        Err(page) => page,
    }
}

/// `POST /settings/sessions/end`: ends one of my other sessions (this one signs out with
/// `POST /sign-out`).
pub async fn end_session(State(api): State<Api>, Checked(visitor, user, f): Checked) -> Response {
    let (accounts, who, id) = (
        api.workbench.accounts.clone(),
        user.clone(),
        f.text("session"),
    );
    match run(&api, &visitor, move || {
        accounts.end_session_by_id(&who, &id)
    })
    .await
    {
        Ok(Ok(_)) => done("session", "sessions-section"),
        Ok(Err(e)) => WebError::App(e).page(&api, &visitor),
        Err(page) => page,
    }
}

/// What a person makes on this page and is shown once: an API token or a calendar feed.
#[derive(Clone, Copy)]
enum Made {
    Token,
    Feed,
}

impl Made {
    /// From the path: `/settings/tokens…` or `/settings/feeds…`.
    fn of_path(what: &str) -> Option<Self> {
        match what {
            "tokens" => Some(Self::Token),
            "feeds" => Some(Self::Feed),
            _ => None,
        }
    }

    /// The field of its name, its section of the page, and what a revocation says.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Token => ("token-name", "tokens-section", "token-revoked"),
            Self::Feed => ("feed-name", "feeds-section", "feed-revoked"),
        }
    }

    fn secret(self, value: String) -> Secret {
        let (heading, hint) = match self {
            Self::Token => (
                "Your new API token",
                "Copy it now: it is shown only this once. Scripts send it as \
                 Authorization: Bearer followed by the token.",
            ),
            Self::Feed => (
                "Your new calendar feed",
                "Copy this address now into your calendar app (\"subscribe to a \
                 calendar\"): it is shown only this once. Anyone with it can read your \
                 calendar, so keep it to yourself.",
            ),
        };
        Secret {
            heading,
            hint,
            value,
        }
    }
}

/// The answer for a path that names neither tokens nor feeds.
fn no_such_page(api: &Api, visitor: &Visitor) -> Response {
    WebError::App(AppError::CaseNotFound).page(api, visitor)
}

/// `POST /settings/tokens` and `POST /settings/feeds`: a new API token, or a new calendar
/// feed (`{public_url}/calendar/{token}`), shown on this answer only.
pub async fn create(
    State(api): State<Api>,
    Path(what): Path<String>,
    Checked(visitor, user, f): Checked,
) -> Response {
    let Some(made) = Made::of_path(&what) else {
        return no_such_page(&api, &visitor);
    };
    let (field, _, _) = made.words();
    let name = f.text(field);
    let (wb, who, typed) = (api.workbench.clone(), user.clone(), name.clone());
    let public_url = api.config.public_url.clone();
    let created = run(&api, &visitor, move || match made {
        Made::Token => wb.accounts.create_api_token(&who, &typed).map(|(_, t)| t),
        Made::Feed => wb
            .create_calendar_feed(&who, &typed, &public_url)
            .map(|feed| feed.url),
    })
    .await;
    match created {
        Ok(Ok(value)) => {
            let extras = Extras {
                secret: Some(made.secret(value)),
                ..Default::default()
            };
            render(&api, &visitor, &user, StatusCode::OK, extras).await
        }
        Ok(Err(e)) => refused(&api, &visitor, &user, e, Some(field), &[(field, name)]).await,
        Err(page) => page,
    }
}

/// `POST /settings/tokens/{id}/revoke` and `POST /settings/feeds/{id}/revoke`.
pub async fn revoke(
    State(api): State<Api>,
    Path((what, id)): Path<(String, String)>,
    Checked(visitor, user, _): Checked,
) -> Response {
    let Some(made) = Made::of_path(&what) else {
        return no_such_page(&api, &visitor);
    };
    let (wb, who) = (api.workbench.clone(), user.clone());
    let revoked = run(&api, &visitor, move || match made {
        Made::Token => wb.accounts.revoke_api_token(&who, &id),
        Made::Feed => wb.revoke_calendar_feed(&who, &id),
    })
    .await;
    let (_, section, notice) = made.words();
    match revoked {
        // One that is not yours, or revoked already, is gone either way.
        Ok(Ok(_)) => done(notice, section),
        Ok(Err(e)) => WebError::App(e).page(&api, &visitor),
        Err(page) => page,
    }
}

/// `POST /settings/reminders`: one check box per kind of reminder; a kind left unticked is
/// turned off.
pub async fn reminders(State(api): State<Api>, Checked(visitor, user, f): Checked) -> Response {
    let on: Vec<ReminderKind> = ReminderKind::ALL
        .into_iter()
        .filter(|kind| f.checked(&format!("reminder-{kind}")))
        .collect();
    let (accounts, who) = (api.workbench.accounts.clone(), user.clone());
    match run(&api, &visitor, move || {
        accounts.set_reminder_choices(&who, &on)
    })
    .await
    {
        Ok(Ok(())) => done("reminders", "reminders-section"),
        Ok(Err(e)) => WebError::App(e).page(&api, &visitor),
        Err(page) => page,
    }
}
