//! Every error the API returns has one JSON shape: `{ "error", "message", "field"?,
//! "current"? }`. Internal failures are logged with detail and answered without it.

use crate::error::AppError;
use accord_store::StoreError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// The body of every error answer.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code for scripts, e.g. `not-found`, `stale`, `invalid`, `case-closed`.
    pub error: String,
    /// A sentence for people.
    pub message: String,
    /// The request field at fault, if one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// On `stale`: the case's current version (as the caller may see it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<u64>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Seconds, for 429.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                error: code.into(),
                message: message.into(),
                field: None,
                current: None,
            },
            retry_after: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.body.field = Some(field.into());
        self
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "nothing here, or nothing you may see",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; it has been logged",
        )
    }

    pub fn bad_request(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid", message).field(field)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        use StatusCode as S;
        let message = e.to_string();
        match e {
            AppError::Domain(d) => {
                let status = match d.code() {
                    "invalid" | "limit-reached" => S::BAD_REQUEST,
                    _ => S::UNPROCESSABLE_ENTITY,
                };
                let field = d.field();
                let err = Self::new(status, d.code(), message);
                match field {
                    Some(f) => err.field(f),
                    None => err,
                }
            }
            AppError::Invalid { field, .. } => Self::bad_request(field, message),
            AppError::NoMatch { kind, .. } | AppError::Ambiguous { kind, .. } => {
                Self::bad_request(kind, message)
            }
            AppError::Import(_) => Self::new(S::BAD_REQUEST, "invalid", message),
            AppError::BadCredentials => Self::new(S::UNAUTHORIZED, "bad-credentials", message),
            AppError::Unauthenticated => Self::new(S::UNAUTHORIZED, "unauthenticated", message),
            AppError::CaseNotFound
            | AppError::View(_)
            | AppError::Store(StoreError::NotFound(_)) => Self::not_found(),
            AppError::Forbidden(_) => Self::new(S::FORBIDDEN, "forbidden", message),
            AppError::Stale { current, .. } => {
                let mut err = Self::new(S::CONFLICT, "stale", message);
                err.body.current = Some(current);
                err
            }
            AppError::VersionRequired => {
                Self::new(S::PRECONDITION_REQUIRED, "version-required", message).field("If-Match")
            }
            AppError::SignInFirst => Self::new(S::UNAUTHORIZED, "sign-in-first", message),
            AppError::NotYourInvitation => Self::new(S::FORBIDDEN, "not-your-invitation", message),
            AppError::InvitationUnusable => Self::new(S::GONE, "invitation-unusable", message),
            AppError::SignInLinkUnusable => Self::new(S::GONE, "sign-in-link-unusable", message),
            AppError::Busy => {
                let mut err = Self::new(S::SERVICE_UNAVAILABLE, "busy", message);
                err.retry_after = Some(1);
                err
            }
            AppError::MailFailed => Self::new(S::SERVICE_UNAVAILABLE, "mail-failed", message),
            AppError::NoDocument(_) => Self::new(S::NOT_FOUND, "no-document", message),
            AppError::DocumentsUnavailable => {
                Self::new(S::SERVICE_UNAVAILABLE, "documents-unavailable", message)
            }
            AppError::Store(StoreError::Unavailable(reason)) => {
                let mut err = Self::new(
                    S::SERVICE_UNAVAILABLE,
                    "database-unavailable",
                    format!("{reason}; nothing was written. Try again in a moment."),
                );
                err.retry_after = Some(5);
                err
            }
            AppError::Store(StoreError::AlreadyApplied) => {
                Self::new(S::CONFLICT, "already-applied", message).field("Idempotency-Key")
            }
            AppError::Store(_) | AppError::Corrupt { .. } | AppError::Typeset(_) => {
                tracing::error!(error = %message, "request failed");
                Self::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = self.retry_after;
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
