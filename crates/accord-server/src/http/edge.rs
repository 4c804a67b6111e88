//! What every request passes at the edge: a request id that is safe to log, the Origin rule for
//! writes a cookie could authenticate (CSRF, login CSRF included), the security headers (CSP,
//! HSTS), and the JSON answer for a request that ran out of time.

use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub const REQUEST_ID: &str = "x-request-id";

/// The policy for JSON and everything that is not a page: nothing may load, nothing may frame.
pub const CSP_API: &str = "default-src 'none'; frame-ancestors 'none'";
/// The policy for HTML pages: only this origin's resources, no inline script or style.
pub const CSP_HTML: &str =
    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
/// Two years, subdomains included; sent only when Accord is served over HTTPS.
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// A client's request id is logged, so only 1–64 of `[A-Za-z0-9-_.]` is kept: nothing that
/// could end a log line, fake a field or flood the log.
pub fn well_formed_request_id(value: &[u8]) -> bool {
    (1..=64).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Removes a malformed (or repeated) `x-request-id`, so that a fresh UUID is minted for it.
pub async fn drop_malformed_request_id(mut req: Request, next: Next) -> Response {
    let ids = req.headers().get_all(REQUEST_ID);
    let mut ids = ids.iter();
    let keep = match (ids.next(), ids.next()) {
        (Some(id), None) => well_formed_request_id(id.as_bytes()),
        _ => false,
    };
    if !keep {
        req.headers_mut().remove(REQUEST_ID);
    }
    next.run(req).await
}

/// `scheme://host[:port]` of a URL, lower case, default ports left out — the form browsers
/// send in `Origin`. None if it is not an absolute http(s) URL (`null`, say).
pub fn origin_of(url: &str) -> Option<String> {
    let uri: Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?;
    let host = authority.host().to_ascii_lowercase();
    match (scheme.as_str(), authority.port_u16()) {
        ("http" | "https", None) | ("http", Some(80)) | ("https", Some(443)) => {
            Some(format!("{scheme}://{host}"))
        }
        ("http" | "https", Some(port)) => Some(format!("{scheme}://{host}:{port}")),
        _ => None,
    }
}

/// The origins a write may come from besides the request's own Host: `--public-url`'s.
#[derive(Clone)]
pub struct SameOrigin(pub Arc<Option<String>>);

impl SameOrigin {
    pub fn new(public_url: &str) -> Self {
        Self(Arc::new(origin_of(public_url)))
    }
}

/// Refuses, with 403 `cross-origin`, a POST, PUT, PATCH or DELETE that a browser sent from
/// another site. Requests that carry `Authorization: Bearer` are exempt: a cookie does not
/// authenticate them and no other site can make a browser send that header. A request with
/// neither `Origin` nor `Referer` (curl, scripts) passes: browsers send `Origin` on every
/// cross-site POST.
pub async fn refuse_cross_origin_writes(
    State(same): State<SameOrigin>,
    req: Request,
    next: Next,
) -> Response {
    let writes = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if writes && !bearer(req.headers()) && cross_origin(req.headers(), same.0.as_deref()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "cross-origin",
            "this request came from another site; send it from Accord's own pages, or with an API token",
        )
        .into_response();
    }
    next.run(req).await
}

fn bearer(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "))
}

fn cross_origin(headers: &HeaderMap, public: Option<&str>) -> bool {
    let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if fetch_site.is_some_and(|s| s.eq_ignore_ascii_case(b"cross-site")) {
        return true;
    }
    // Browsers set Sec-Fetch-Site themselves (no page can forge it); a form posted from
    // Accord's own page says `same-origin` even where its Origin is `null`.
    if fetch_site.is_some_and(|s| s.eq_ignore_ascii_case(b"same-origin")) {
        return false;
    }
    let Some(claimed) = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
    else {
        return false;
    };
    let Some(origin) = claimed.to_str().ok().and_then(origin_of) else {
        return true;
    };
    if public == Some(origin.as_str()) {
        return false;
    }
    let scheme = origin.split("://").next().unwrap_or("http");
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| origin_of(&format!("{scheme}://{h}")));
    host.as_deref() != Some(origin.as_str())
}

/// The CSP for a response: the page policy for HTML, the strict one for everything else.
pub fn content_security_policy(response: &Response) -> Option<HeaderValue> {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    Some(HeaderValue::from_static(if html {
        CSP_HTML
    } else {
        CSP_API
    }))
}

/// tower-http's timeout answers 408 with an empty body; this gives it the one error shape.
pub async fn timeout_as_json(response: Response) -> Response {
    if response.status() == StatusCode::REQUEST_TIMEOUT
        && !response.headers().contains_key(header::CONTENT_TYPE)
    {
        return ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "the request took too long and was stopped; try again",
        )
        .into_response();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_compared_in_the_form_browsers_send() {
        assert_eq!(
            origin_of("https://Accord.Example:443/sign-in?x=1").as_deref(),
            Some("https://accord.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("ftp://accord.example"), None);
    }

    #[test]
    fn only_plain_short_request_ids_are_kept() {
        assert!(well_formed_request_id(b"abc-123_x.y"));
        for bad in [&b""[..], b"a b", b"a\nb", b"a\"b", &[b'a'; 65]] {
            assert!(!well_formed_request_id(bad), "{bad:?}");
        }
    }
}
