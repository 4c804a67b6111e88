//! What keeps the pages safe: a fresh script nonce and Content-Security-Policy on every HTML
//! answer, a CSRF token per session on every form that changes something, and the signed-in
//! visitor read from the session cookie only (pages never take API tokens).

use crate::accounts::{AccountRole, User};
use crate::http::Api;
use crate::http::extract::{SESSION_COOKIE, blocking};
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// This answer's script nonce: only `<script nonce="…">` tags carrying it run.
#[derive(Clone, Debug)]
pub struct Nonce(pub String);

/// The policy of an HTML page: scripts only with this answer's nonce, styles and images only
/// from this origin, no frames, forms only to this origin (and to the exit page's, which the
/// quick exit's form is redirected to).
pub fn html_policy(nonce: &str, exit_origin: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; frame-ancestors 'none'; form-action 'self' {exit_origin}; base-uri 'none'"
    )
}

/// The scheme, host and port of an absolute URL (what CSP source lists name).
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{host}")
}

/// Gives each request a nonce and each HTML answer the policy that names it.
pub async fn nonce_and_policy(
    axum::extract::State(api): axum::extract::State<Api>,
    mut req: Request,
    next: Next,
) -> Response {
    let mut bytes = [0u8; 18];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = base64::engine::general_purpose::STANDARD.encode(bytes);
    req.extensions_mut().insert(Nonce(nonce.clone()));
    let mut response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        let policy = html_policy(&nonce, &origin_of(&api.config.exit_url));
        if let Ok(value) = HeaderValue::from_str(&policy) {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, value);
        }
        // Within Accord a page names itself (so its forms carry an Origin); to any other
        // site, nothing: the exit page and outside links never learn where a person was.
        response.headers_mut().insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

/// The CSRF token of a session: derived from the session's secret token, so it changes with
/// every sign-in and cannot be computed by anyone who does not hold the cookie.
pub fn csrf_for(session_token: &str) -> String {
    let digest = Sha256::digest(format!("accord-csrf\0{session_token}").as_bytes());
    const_hex::encode(&digest[..16])
}

/// Whether a submitted token is this session's.
pub fn csrf_matches(session_token: &str, submitted: &str) -> bool {
    let expected = csrf_for(session_token);
    expected.as_bytes().ct_eq(submitted.as_bytes()).into()
}

/// Someone with a page open: signed in or not, with what every page needs.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub user: Option<User>,
    /// The session cookie's token (to derive the CSRF token and to end the session).
    pub session: Option<String>,
    pub nonce: String,
}

impl Visitor {
    pub fn csrf(&self) -> String {
        self.session.as_deref().map(csrf_for).unwrap_or_default()
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), super::WebError> {
        match &self.session {
            Some(s) if csrf_matches(s, submitted) => Ok(()),
            _ => Err(super::WebError::Csrf),
        }
    }

    /// Staff see no quick-exit button; parties, their helpers and visitors do.
    pub fn sees_exit(&self) -> bool {
        !matches!(
            self.user.as_ref().map(|u| u.role),
            Some(AccountRole::Admin | AccountRole::Coordinator | AccountRole::Mediator)
        )
    }
}

impl FromRequestParts<Api> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, Self::Rejection> {
        let nonce = parts
            .extensions
            .get::<Nonce>()
            .map(|n| n.0.clone())
            .unwrap_or_default();
        let session = CookieJar::from_headers(&parts.headers)
            .get(SESSION_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|t| !t.is_empty());
        let user = match session.clone() {
            None => None,
            Some(token) => {
                let accounts = api.workbench.accounts.clone();
                blocking(move || accounts.user_for_session(&token))
                    .await
                    .ok()
                    .flatten()
            }
        };
        // A cookie that no longer signs anyone in is as good as none.
        let session = session.filter(|_| user.is_some());
        Ok(Self {
            user,
            session,
            nonce,
        })
    }
}

/// A visitor who must be signed in; others are sent to the sign-in page.
pub struct Member(pub Visitor, pub User);

impl FromRequestParts<Api> for Member {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, Self::Rejection> {
        let visitor = match Visitor::from_request_parts(parts, api).await {
            Ok(v) => v,
            Err(never) => match never {},
        };
        match visitor.user.clone() {
            Some(user) => Ok(Self(visitor, user)),
            None => Err(Redirect::to("/sign-in").into_response()),
        }
    }
}
