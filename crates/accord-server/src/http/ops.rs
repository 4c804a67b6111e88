//! What operators and tools use: health, readiness, Prometheus metrics (on
//! their own listener), the OpenAPI document, and JSON answers for unknown routes.

use super::Api;
use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .install_recorder()
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder().handle())
    })
}

/// Counts every request by method and status class, and times it by method. Never by route:
/// the metrics must not tell anyone what kind of write was just made on a case (a private
/// debrief, say), even the operators who scrape them.
pub async fn count_requests(req: Request, next: Next) -> Response {
    prometheus();
    let method: &'static str = match req.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    let start = Instant::now();
    let response = next.run(req).await;
    let class = match response.status().as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    let labels = [("method", method), ("status", class)];
    metrics::counter!("accord_http_requests_total", &labels).increment(1);
    metrics::histogram!("accord_http_request_duration_seconds", &labels[..1])
        .record(start.elapsed().as_secs_f64());
    response
}

pub async fn metrics() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        prometheus().render(),
    )
}

/// What the metrics listener (`--metrics-listen`) serves: `/metrics`, and 404 for the rest.
pub fn metrics_router() -> Router {
    prometheus();
    Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .fallback(no_such_route)
}

/// Alive: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers.
/// Ready when the database answers a read and takes a write (one row rewritten): a full
/// disk, a read-only file system or a stopped PostgreSQL make it "not ready", with the reason,
/// until they are put right — then it is ready again by itself.
pub async fn readyz(State(api): State<Api>) -> Response {
    let store = api.workbench.cases.store().clone();
    let reason =
        match tokio::task::spawn_blocking(move || store.probe(jiff::Timestamp::now())).await {
            Ok(Ok(())) => return "ready".into_response(),
            Ok(Err(accord_store::StoreError::Unavailable(reason))) => reason,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "the readiness probe failed");
                "the database does not answer"
            }
            Err(_) => "the readiness probe did not finish",
        };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("not ready: {reason}"),
    )
        .into_response()
}

pub async fn openapi_json(doc: Arc<utoipa::openapi::OpenApi>) -> Response {
    Json(doc.as_ref().clone()).into_response()
}

pub async fn no_such_route() -> ApiError {
    ApiError::not_found()
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "this address does not take that method",
    )
}
