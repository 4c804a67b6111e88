//! Extractors that answer bad requests in the API's one error shape: the signed-in account,
//! JSON bodies, path ids, and the expected version of a case.

use super::Api;
use super::error::{ApiError, ApiResult};
use crate::accounts::User;
use crate::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use serde::de::DeserializeOwned;

pub const SESSION_COOKIE: &str = "accord_session";

/// Runs store work off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> ApiResult<T> {
    // A command under an Idempotency-Key: its append marks the key applied (or is refused).
    let request = super::idempotency::CURRENT_REQUEST
        .try_with(Clone::clone)
        .ok()
        .flatten();
    match tokio::task::spawn_blocking(move || accord_store::within_request(request, work)).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(e) => {
            tracing::error!(error = %e, "blocking task failed");
            Err(ApiError::internal())
        }
    }
}

/// The credential a request carries: `Authorization: Bearer <API token>` or the session cookie.
#[derive(Clone, Debug)]
pub enum Credential {
    ApiToken(String),
    Session(String),
}

pub fn credential(headers: &HeaderMap) -> Option<Credential> {
    if let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        return auth
            .strip_prefix("Bearer ")
            .map(|t| Credential::ApiToken(t.trim().to_owned()));
    }
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|c| Credential::Session(c.value().to_owned()))
}

/// The signed-in account; 401 if there is none.
pub struct SignedIn(pub User);

impl FromRequestParts<Api> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> ApiResult<Self> {
        if let Some(user) = parts.extensions.get::<User>() {
            return Ok(Self(user.clone()));
        }
        let credential = credential(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let accounts = api.workbench.accounts.clone();
        let user = blocking(move || {
            match credential {
                Credential::ApiToken(t) => accounts.user_for_api_token(&t),
                Credential::Session(t) => accounts.user_for_session(&t),
            }?
            .ok_or(AppError::Unauthenticated)
        })
        .await?;
        parts.extensions.insert(user.clone());
        Ok(Self(user))
    }
}

/// `Option<SignedIn>`: the account if the request carries a valid credential, else `None`.
impl axum::extract::OptionalFromRequestParts<Api> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> ApiResult<Option<Self>> {
        match <Self as FromRequestParts<Api>>::from_request_parts(parts, api).await {
            Ok(signed_in) => Ok(Some(signed_in)),
            Err(e) if e.status == StatusCode::UNAUTHORIZED => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// A JSON body; malformed JSON, a wrong field or an over-large body answer 400 / 413 / 415.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    // A body that parses but does not fit the request is bad input like any other (400);
    // 422 is kept for the case's rules.
    let status = match rejection.status() {
        StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
        other => other,
    };
    let code = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
        _ => "invalid",
    };
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("the request body is larger than {} bytes", super::MAX_BODY)
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "send the body as JSON (Content-Type: application/json)".into()
        }
        _ => {
            let text = rejection.body_text();
            text.split_once("target type: ")
                .map_or(text.clone(), |(_, detail)| detail.to_owned())
        }
    };
    let mut err = ApiError::new(status, code, message);
    if let JsonRejection::JsonDataError(e) = &rejection
        && let Some(field) = field_of(&e.body_text())
    {
        err = err.field(&field);
    }
    err
}

/// A JSON body that may hold a confidential figure or answer (an overlap-check figure, an
/// answer to the mediator's proposal): bad input is refused as `Body` refuses it, naming the
/// field, but the message never repeats what was sent, since error messages travel further
/// (logs, screenshots, support) than answers do.
pub struct Confidential<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Confidential<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> ApiResult<Self> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => {
                let mut err = json_rejection(rejection);
                if err.body.error == "invalid" {
                    err.body.message = format!(
                        "{} does not fit this request (see /api/v1/openapi.json); what was sent \
                         is not repeated, as it may be confidential",
                        err.body.field.as_deref().unwrap_or("the body")
                    );
                }
                Err(err)
            }
        }
    }
}

/// The field a JSON data error is about. axum reports the path to the value first
/// ("…target type: owner.party: invalid type…"); a missing or unknown field at the top has no
/// path, only the field's name in back-quotes.
fn field_of(text: &str) -> Option<String> {
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    if let Some((path, _)) = detail.split_once(": ")
        && !path.is_empty()
        && path != "."
        && !path.contains(' ')
    {
        return Some(path.to_owned());
    }
    ["missing field `", "unknown field `"]
        .iter()
        .find_map(|marker| {
            let (_, rest) = detail.split_once(marker)?;
            rest.split_once('`').map(|(name, _)| name.to_owned())
        })
}

/// Query parameters; a malformed query string, an unknown parameter or a value of the wrong
/// kind answers 400 in the one error shape, naming the parameter where it can.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> ApiResult<Self> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => {
                let text = rejection.body_text();
                let detail = text
                    .split_once("query string: ")
                    .map_or(text.as_str(), |(_, d)| d);
                let field = field_of(detail).unwrap_or_else(|| "query".into());
                Err(ApiError::bad_request(
                    &field,
                    format!("the query string is not acceptable: {detail}"),
                ))
            }
        }
    }
}

/// Path parameters; ids that do not parse are 404, like ids that do not exist.
pub struct Ids<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Ids<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> ApiResult<Self> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(t)| Self(t))
            .map_err(|_| ApiError::not_found())
    }
}

/// The version of the case the caller last saw, from `If-Match` (a number, quoted or not);
/// `None` if the header is absent.
pub struct IfMatch(pub Option<u64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> ApiResult<Self> {
        let Some(raw) = parts.headers.get(header::IF_MATCH) else {
            return Ok(Self(None));
        };
        raw.to_str()
            .ok()
            .map(|s| s.trim().trim_start_matches("W/").trim_matches('"'))
            .and_then(|s| s.parse().ok())
            .map(|v| Self(Some(v)))
            .ok_or_else(|| {
                ApiError::bad_request("If-Match", "If-Match must be a case version, e.g. \"12\"")
            })
    }
}

/// The expected version from `If-Match` or the body's `expected_version`; they must agree.
pub fn expected_version(header: Option<u64>, body: Option<u64>) -> ApiResult<Option<u64>> {
    match (header, body) {
        (Some(h), Some(b)) if h != b => Err(ApiError::bad_request(
            "expected_version",
            format!("If-Match says version {h} but expected_version says {b}"),
        )),
        (h, b) => Ok(h.or(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn the_field_of_a_data_error_is_its_path_or_the_missing_or_unknown_name() {
        let p = "Failed to deserialize the JSON body into the target type: ";
        let cases = [
            (
                "rules: unknown variant `x`, expected one of `us-frcp` at line 1 column 12",
                Some("rules"),
            ),
            (
                "author.party: UUID parsing failed at line 1 column 40",
                Some("author.party"),
            ),
            ("missing field `title` at line 1 column 2", Some("title")),
            (
                "unknown field `titel`, expected one of `title` at line 1 column 9",
                Some("titel"),
            ),
            (
                "invalid type: integer `5`, expected a string at line 1 column 3",
                None,
            ),
        ];
        for (detail, want) in cases {
            assert_eq!(
                field_of(&format!("{p}{detail}")).as_deref(),
                want,
                "{detail}"
            );
        }
    }
}
