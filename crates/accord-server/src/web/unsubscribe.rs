//! `/unsubscribe?token=…`: the link in every reminder e-mail, which turns that kind of
//! reminder off for that account without signing in (the token is the only credential, and
//! can do nothing else). `POST` turns it off: the one-click request a mail client sends
//! (RFC 8058, body `List-Unsubscribe=One-Click`, no Origin), or the page's button. `GET` only
//! shows the button: mail scanners open links, and opening one must change nothing.

use super::settings::reminder_words;
use super::{Chrome, Visitor, internal, page};
use crate::http::Api;
use accord_core::case::reminder_kind::ReminderKind;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    /// "ask", "done" or "unknown".
    state: &'static str,
    token: String,
    what: String,
}

#[derive(Deserialize)]
pub struct UnsubscribeQuery {
    token: Option<String>,
}

fn answer(
    api: &Api,
    visitor: &Visitor,
    kind: Option<ReminderKind>,
    asking: Option<String>,
) -> Response {
    let what = kind
        .map(|k| reminder_words(k).0.to_lowercase())
        .unwrap_or_default();
    let (status, state, title) = match (kind, &asking) {
        (None, _) => (StatusCode::NOT_FOUND, "unknown", "This link does not work"),
        (Some(_), Some(_)) => (StatusCode::OK, "ask", "Stop these e-mail reminders?"),
        (Some(_), None) => (StatusCode::OK, "done", "You are unsubscribed"),
    };
    page(
        status,
        &UnsubscribePage {
            chrome: Chrome::new(api, visitor, title),
            state,
            token: asking.unwrap_or_default(),
            what,
        },
    )
}

/// Runs `job` with the link's token, off the async threads; an ill-formed token is unknown.
async fn with_token(
    api: &Api,
    visitor: &Visitor,
    token: Option<String>,
    job: impl FnOnce(&crate::accounts::Accounts, &str) -> crate::error::Result<Option<ReminderKind>>
    + Send
    + 'static,
) -> Result<Option<ReminderKind>, Response> {
    let Some(token) = token.filter(|t| super::sign_in::well_formed(t)) else {
        return Ok(None);
    };
    let accounts = api.workbench.accounts.clone();
    match tokio::task::spawn_blocking(move || job(&accounts, &token)).await {
        Ok(Ok(kind)) => Ok(kind),
        Ok(Err(e)) => Err(super::WebError::App(e).page(api, visitor)),
        Err(_) => Err(internal(api, visitor)),
    }
}

/// `GET /unsubscribe?token=…`: what the link turns off, and a button; changes nothing.
pub async fn ask(
    State(api): State<Api>,
    visitor: Visitor,
    Query(q): Query<UnsubscribeQuery>,
) -> Response {
    let token = q.token.clone();
    match with_token(&api, &visitor, q.token, |a, t| a.unsubscribe_preview(t)).await {
        Ok(kind) => answer(&api, &visitor, kind, token),
        Err(page) => page,
    }
}

/// `POST /unsubscribe?token=…`: turns that kind of reminder off for the link's account.
/// The body is not read: a mail client sends `List-Unsubscribe=One-Click`, as form data of
/// either encoding, and the page's button sends nothing else of use.
pub async fn unsubscribe(
    State(api): State<Api>,
    visitor: Visitor,
    Query(q): Query<UnsubscribeQuery>,
) -> Response {
    match with_token(&api, &visitor, q.token, |a, t| a.unsubscribe(t)).await {
        Ok(kind) => answer(&api, &visitor, kind, None),
        Err(page) => page,
    }
}
