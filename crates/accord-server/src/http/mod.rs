//! The HTTP server: the JSON API under `/api/v1`, health, readiness and metrics. Handlers are
//! thin: they parse, call the `Workbench` (which checks access) off the async threads, and
//! answer in one JSON shape. The OpenAPI document is generated from the same route table.

mod access_log;
mod after_session;
pub(crate) mod after_session_bodies;
mod analysis;
pub(crate) mod auth;
mod calendar;
mod case_deadlines;
mod case_list;
mod cases;
mod clock;
pub mod documents;
mod edge;
pub mod error;
pub(crate) mod extract;
mod idempotency;
pub mod invitation_answers;
mod listen;
mod miam;
pub mod miam_record;
mod notes;
mod ops;
mod reality;
pub(crate) mod reality_bodies;
pub mod requests;
pub mod retention;
pub mod safety;

pub use auth::LoginLimits;
pub use cases::Changed;

use crate::mail::Mailer;
use crate::workbench::Workbench;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest request body accepted (bytes); larger ones are refused with 413.
pub const MAX_BODY: usize = 64 * 1024;

pub mod tags {
    pub const CASES: &str = "cases";
    pub const ACCOUNTS: &str = "accounts";
    pub const ANALYSIS: &str = "analysis";
}

/// How the server behaves, from flags and the environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// Mark the session cookie `Secure` (set when Accord is served over TLS); also sends HSTS.
    pub secure_cookies: bool,
    /// Sign-in attempts a minute: for one account from one address, from one address (any
    /// accounts), and for one account from everywhere — a higher ceiling, so that someone
    /// guessing from elsewhere cannot lock the owner out.
    pub logins_per_account_and_address: u32,
    pub logins_per_address: u32,
    pub logins_per_account: u32,
    /// Where people reach Accord, for links in e-mails (never taken from a request's Host).
    pub public_url: String,
    /// A client must send its whole request head within this time, or the connection closes.
    pub header_timeout: Duration,
    /// A request (body included) must be answered within this time, or it gets 408.
    pub request_timeout: Duration,
    /// The neutral page "Exit this page" lands on (`--exit-url`).
    pub exit_url: String,
}

/// Where "Exit this page" goes unless the operator says otherwise: a neutral, busy page.
pub const DEFAULT_EXIT_URL: &str = "https://www.bbc.co.uk/weather";

impl Default for Config {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            logins_per_account_and_address: 5,
            logins_per_address: 30,
            logins_per_account: 100,
            public_url: "http://127.0.0.1:8080".into(),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            exit_url: DEFAULT_EXIT_URL.into(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct Api {
    pub workbench: Workbench,
    pub config: Arc<Config>,
    pub mailer: Arc<Mailer>,
    login_limits: Arc<LoginLimits>,
    /// Makes the PDFs; `None` where the server was built without it (documents answer 503).
    pub typeset: Option<crate::documents::Typeset>,
}

impl Api {
    /// The sign-in limits, shared by the API and the pages.
    pub fn login_limits(&self) -> &LoginLimits {
        &self.login_limits
    }

    pub fn new(workbench: Workbench, config: Config, mailer: Mailer) -> Self {
        let login_limits = Arc::new(LoginLimits::new(
            config.logins_per_account_and_address,
            config.logins_per_address,
            config.logins_per_account,
        ));
        Self {
            workbench,
            config: Arc::new(config),
            mailer: Arc::new(mailer),
            login_limits,
            typeset: None,
        }
    }

    /// The same, making documents with `typeset` (`accord_documents::typeset`).
    pub fn with_documents(mut self, typeset: crate::documents::Typeset) -> Self {
        self.typeset = Some(typeset);
        self
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Accord API",
        description = "Mediation cases as event streams. Every command takes the case version you last \
                       saw (`If-Match` or `expected_version`) and answers 409 with the current one when \
                       stale. Send `Idempotency-Key` to make a retried command a no-op that returns the \
                       first answer (or, if the server stopped after committing it, 200 `applied`). Errors are `{error, message, field?, current?}`. A case you may not \
                       see answers 404."
    ),
    servers((url = "/api/v1")),
    modifiers(&Security),
    security(("session" = []), ("token" = []))
)]
struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(extract::SESSION_COOKIE))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The `/api/v1` routes and their OpenAPI document, from one table.
fn api_routes() -> (Router<Api>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::login, auth::logout))
        .routes(routes!(auth::logout_everywhere))
        .routes(routes!(auth::me))
        .routes(routes!(auth::tokens, auth::create_token))
        .routes(routes!(auth::revoke_token))
        .routes(routes!(auth::users, auth::create_user))
        .routes(routes!(auth::accept_invitation))
        .routes(routes!(auth::request_sign_in_link))
        .routes(routes!(auth::redeem_sign_in_link))
        .routes(routes!(case_list::list, cases::open))
        .routes(routes!(cases::show))
        .routes(routes!(cases::add_participant))
        .routes(routes!(cases::add_issue))
        .routes(routes!(cases::set_issue_state))
        .routes(routes!(cases::schedule_session))
        .routes(routes!(cases::session_held))
        .routes(routes!(cases::cancel_session))
        .routes(routes!(cases::record_outcome))
        .routes(routes!(cases::add_note, notes::older_notes))
        .routes(routes!(notes::timeline))
        .routes(routes!(access_log::access_log))
        .routes(routes!(cases::close))
        .routes(routes!(cases::export))
        .routes(routes!(cases::members))
        .routes(routes!(cases::remove_member))
        .routes(routes!(cases::assign_mediator))
        .routes(routes!(cases::invite))
        .routes(routes!(clock::compute))
        .routes(routes!(clock::holidays))
        .routes(routes!(miam::check))
        .routes(routes!(miam::grounds))
        .routes(routes!(after_session::capture_debrief))
        .routes(routes!(after_session::share_debrief_item))
        .routes(routes!(after_session::rate_session))
        .routes(routes!(after_session::record_position))
        .routes(routes!(after_session::record_option_tried))
        .routes(routes!(after_session::reopen_term))
        .routes(routes!(
            after_session::memorandum,
            after_session::issue_memorandum
        ))
        .routes(routes!(after_session::confirm_memorandum))
        .routes(routes!(after_session::diagnose_stall))
        .routes(routes!(after_session::advice))
        .routes(routes!(after_session::choose_next_step))
        .routes(routes!(after_session::complete_next_step))
        .routes(routes!(after_session::prepare_next_session))
        .routes(routes!(after_session::court_report))
        .routes(routes!(after_session::measures))
        .routes(routes!(after_session::due))
        .routes(routes!(after_session::due_everywhere))
        .routes(routes!(case_list::programme))
        .routes(routes!(case_deadlines::list, case_deadlines::set))
        .routes(routes!(case_deadlines::move_deadline))
        .routes(routes!(case_deadlines::close))
        .routes(routes!(calendar::case_calendar))
        .routes(routes!(calendar::feeds, calendar::create_feed))
        .routes(routes!(calendar::revoke_feed))
        .routes(routes!(reality::record_alternatives))
        .routes(routes!(reality::share_alternatives))
        .routes(routes!(reality::open_overlap_check))
        .routes(routes!(reality::agree_to_midpoint))
        .routes(routes!(reality::enter_figure))
        .routes(routes!(reality::make_proposal))
        .routes(routes!(reality::answer_proposal))
        .routes(routes!(retention::place_legal_hold))
        .routes(routes!(retention::lift_legal_hold))
        .routes(routes!(retention::erase_participant))
        .routes(routes!(retention::erase_account))
        .routes(routes!(retention::personal_data))
        .routes(routes!(safety::safety))
        .routes(routes!(safety::record_screening))
        .routes(routes!(safety::pause))
        .routes(routes!(safety::resume))
        .routes(routes!(safety::safe_contact))
        .routes(routes!(miam_record::record_miam))
        .routes(routes!(miam_record::issue_confirmation))
        .routes(routes!(invitation_answers::invite))
        .routes(routes!(invitation_answers::answer))
        .routes(routes!(reality::close_proposal))
        .routes(routes!(analysis::risk_tree))
        .routes(routes!(analysis::case_risk_tree))
        .routes(routes!(documents::memorandum))
        .routes(routes!(documents::court_report))
        .routes(routes!(documents::miam_confirmation))
        .routes(routes!(documents::invitation_answer))
        .routes(routes!(documents::session_summary))
        .split_for_parts()
}

/// The OpenAPI document served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().1
}

/// The whole application.
pub fn router(api: Api) -> Router {
    let (routes, doc) = api_routes();
    let doc = Arc::new(doc);
    let request_id = HeaderName::from_static(edge::REQUEST_ID);
    let same_origin = edge::SameOrigin::new(&api.config.public_url);
    let https = api.config.secure_cookies || api.config.public_url.starts_with("https://");
    let hsts = https.then(|| HeaderValue::from_static(edge::HSTS));
    let request_timeout = api.config.request_timeout;
    let pages = api.clone();
    let api_v1 = routes
        .route_layer(axum::middleware::from_fn_with_state(
            api.clone(),
            idempotency::replay_or_record,
        ))
        .fallback(ops::no_such_route)
        .method_not_allowed_fallback(ops::method_not_allowed);
    Router::new()
        .nest("/api/v1", api_v1)
        .route("/api/v1/openapi.json", axum::routing::get(move || ops::openapi_json(doc.clone())))
        .merge(crate::web::routes())
        .route("/calendar/{token}", axum::routing::get(calendar::feed))
        .route("/healthz", axum::routing::get(ops::healthz))
        .route("/readyz", axum::routing::get(ops::readyz))
        .fallback(ops::no_such_route)
        .with_state(api)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
        .layer(axum::middleware::map_response(edge::timeout_as_json))
        .layer(axum::middleware::from_fn_with_state(pages, crate::web::security::nonce_and_policy))
        .layer(axum::middleware::from_fn_with_state(same_origin, edge::refuse_cross_origin_writes))
        .layer(axum::middleware::from_fn(ops::count_requests))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            edge::content_security_policy,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &axum::response::Response| hsts.clone(),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get(edge::REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %calendar::loggable_path(req.uri().path()), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(axum::middleware::from_fn(edge::drop_malformed_request_id))
}

/// Serves until `shutdown` resolves, then finishes the requests in flight. Prometheus metrics
/// are served only on `metrics`, a listener of their own (none: no metrics over HTTP).
pub async fn serve(
    listener: tokio::net::TcpListener,
    metrics: Option<tokio::net::TcpListener>,
    api: Api,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_timeout = api.config.header_timeout;
    let stop = listen::shared(shutdown);
    let metrics = metrics.map(|m| {
        tokio::spawn(listen::serve_router(
            m,
            ops::metrics_router(),
            header_timeout,
            stop(),
        ))
    });
    let served = listen::serve_router(listener, router(api), header_timeout, stop()).await;
    if let Some(metrics) = metrics {
        metrics.await.map_err(std::io::Error::other)??;
    }
    served
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
