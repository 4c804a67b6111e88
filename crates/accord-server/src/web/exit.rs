//! The quick exit ("Exit this page", or Shift pressed three times): ends the session on the
//! server, tells the browser to forget this site's cookies, storage and cache, and goes to
//! the neutral page the operator chose (`--exit-url`). The script replaces the page in the
//! history first, so Back does not return to it; without the script the form does the same
//! through a redirect.

use super::Visitor;
use crate::http::Api;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ExitForm {
    #[serde(default)]
    csrf: String,
}

pub async fn exit(
    State(api): State<Api>,
    visitor: Visitor,
    headers: HeaderMap,
    Form(form): Form<ExitForm>,
) -> Response {
    // Another site cannot end someone's session: only this session's own pages carry its
    // token. The person still leaves at once either way.
    let ours = visitor.session.is_none() || visitor.check_csrf(&form.csrf).is_ok();
    if ours && let Some(session) = visitor.session.clone() {
        let accounts = api.workbench.accounts.clone();
        let _ = tokio::task::spawn_blocking(move || accounts.end_session(&session)).await;
    }
    let from_script = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    let mut response = match from_script {
        true => StatusCode::NO_CONTENT.into_response(),
        false => Redirect::to(&api.config.exit_url).into_response(),
    };
    if ours {
        let h = response.headers_mut();
        h.insert(
            header::SET_COOKIE,
            HeaderValue::from_static("accord_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
        );
        h.insert(
            "clear-site-data",
            HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
        );
    }
    response
}
