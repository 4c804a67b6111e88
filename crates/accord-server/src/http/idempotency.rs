//! `Idempotency-Key` (after the IETF httpapi draft): a command retried with the same key (same
//! account, method and path) is not run again; the first answer is returned, marked
//! `Idempotent-Replayed: true`. While the first is still running, a retry gets 409
//! `in-progress`; the same key with another body gets 422 `idempotency-key-reused`. Server
//! errors are not kept, so a retry after one runs the command again. Routes that sign in or
//! out, or answer with a secret shown once (a token, an invitation link, a feed URL), refuse
//! the header: their answers are never stored, and signing out always signs out.

use super::Api;
use super::error::ApiError;
use super::extract::{SignedIn, blocking};
use accord_store::{Idempotency, RequestMarker};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const HEADER: &str = "idempotency-key";

tokio::task_local! {
    /// The keyed request being handled, for `blocking` to hand to the store's append.
    pub static CURRENT_REQUEST: Option<RequestMarker>;
}
const MAX_KEY: usize = 200;
/// Answers larger than this are not kept (commands answer a few hundred bytes).
const MAX_KEPT: usize = 256 * 1024;

pub async fn replay_or_record(State(api): State<Api>, req: Request, next: Next) -> Response {
    let Some(key) = req.headers().get(HEADER).cloned() else {
        return next.run(req).await;
    };
    if req.method() == Method::GET {
        return next.run(req).await;
    }
    let key = match key.to_str() {
        Ok(k) if !k.trim().is_empty() && k.len() <= MAX_KEY => k.trim().to_owned(),
        _ => {
            return ApiError::bad_request(
                "Idempotency-Key",
                format!("Idempotency-Key must be 1 to {MAX_KEY} visible characters"),
            )
            .into_response();
        }
    };
    if never_kept(req.uri().path()) {
        return ApiError::bad_request(
            "Idempotency-Key",
            "this route does not take Idempotency-Key: it signs in or out, or answers with a \
             secret shown once, so its answer is never stored; send it without the header",
        )
        .into_response();
    }
    let (mut parts, body) = req.into_parts();
    // Unauthenticated requests go on to be refused by the handler.
    let Ok(SignedIn(user)) = SignedIn::from_request_parts(&mut parts, &api).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let Ok(bytes) = axum::body::to_bytes(body, super::MAX_BODY).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!("the request body is larger than {} bytes", super::MAX_BODY),
        )
        .into_response();
    };
    let request_hash = {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(parts.method.as_str().as_bytes());
        h.update([0]);
        h.update(parts.uri.to_string().as_bytes());
        h.update([0]);
        h.update(&*without_password(&bytes));
        const_hex::encode(h.finalize())
    };
    let body = Body::from(bytes);
    let scoped = format!("{} {} {key}", parts.method, parts.uri.path());
    let store = api.workbench.cases.clone();
    let (user_id, k) = (user.id.clone(), scoped.clone());
    let begun = blocking(move || {
        Ok(store.store().begin_idempotent(
            &user_id,
            &k,
            &request_hash,
            &crate::accounts::Accounts::now_stamp(),
        )?)
    })
    .await;
    match begun {
        Err(e) => e.into_response(),
        Ok(Idempotency::OtherRequest) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency-key-reused",
            "this Idempotency-Key was first used with another request; use a new key for a new request",
        )
        .field("Idempotency-Key")
        .into_response(),
        Ok(Idempotency::InProgress) => ApiError::new(
            StatusCode::CONFLICT,
            "in-progress",
            "a request with this Idempotency-Key is still being processed; retry shortly",
        )
        .into_response(),
        Ok(Idempotency::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Ok(Idempotency::Applied { case_id, seq }) => {
            let mut response = (
                StatusCode::OK,
                axum::Json(serde_json::json!({
                    "applied": {"case": case_id, "seq": seq},
                    "message": "this request was carried out before the server restarted, and its \
                                answer was not kept; read the case to see its state",
                })),
            )
                .into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Ok(Idempotency::Proceed { attempt }) => {
            let marker = RequestMarker {
                user_id: user.id.clone(),
                key: scoped.clone(),
                attempt: attempt.clone(),
            };
            let response = CURRENT_REQUEST
                .scope(Some(marker), next.run(Request::from_parts(parts, body)))
                .await;
            record(&api, user.id, scoped, attempt, response).await
        }
    }
}

/// The body as hashed for its key: a password (confirming a memorandum asks for it again) is
/// left out, so no fast hash of it is ever stored.
fn without_password(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // Only a body that names the field is parsed; every other command is hashed as sent.
    const FIELD: &[u8] = b"\"password\"";
    if !bytes.windows(FIELD.len()).any(|w| w == FIELD) {
        return std::borrow::Cow::Borrowed(bytes);
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(mut fields)) if fields.contains_key("password") => {
            fields.remove("password");
            std::borrow::Cow::Owned(serde_json::to_vec(&fields).unwrap_or_default())
        }
        _ => std::borrow::Cow::Borrowed(bytes),
    }
}

/// Routes whose answers must never be stored: they sign in or out, or carry a new secret.
fn never_kept(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    [
        "/session",
        "/sessions",
        "/tokens",
        "/invitations/accept",
        "/sign-in-links",
        "/calendar-feeds",
    ]
    .iter()
    .any(|p| path == *p || path.starts_with(&format!("{p}/")))
        || (path.starts_with("/cases/") && path.ends_with("/invitations"))
}

async fn record(
    api: &Api,
    user_id: String,
    key: String,
    attempt: String,
    response: Response,
) -> Response {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    let bytes = axum::body::to_bytes(body, MAX_KEPT).await;
    let cases = api.workbench.cases.clone();
    let kept = match &bytes {
        Ok(b) if !status.is_server_error() => std::str::from_utf8(b).ok().map(str::to_owned),
        _ => None,
    };
    let outcome = blocking(move || {
        let store = cases.store();
        match kept {
            Some(text) => {
                store.finish_idempotent(&user_id, &key, &attempt, status.as_u16(), &text)?
            }
            None => store.abandon_idempotent(&user_id, &key)?,
        }
        Ok(())
    })
    .await;
    if let Err(e) = outcome {
        tracing::error!(status = %e.status, "could not record an idempotent answer");
    }
    match bytes {
        Ok(b) => Response::from_parts(parts, Body::from(b)),
        Err(_) => ApiError::internal().into_response(),
    }
}
