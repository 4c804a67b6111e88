//! Signing in and out, the signed-in account, personal API tokens, staff accounts, and
//! accepting an invitation.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Body, Credential, Ids, SESSION_COOKIE, SignedIn, blocking, credential};
use super::{Api, tags};
use crate::access;
use crate::accounts::{AccountRole, User};
use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use utoipa::ToSchema;

/// Sign-in attempts allowed a minute: for one account from one address, from one address, and
/// for one account from everywhere. The last is a much higher ceiling, so that someone guessing
/// from elsewhere cannot lock the account's owner out; guessing is bounded by the first two.
pub struct LoginLimits {
    per_account_and_address: DefaultKeyedRateLimiter<(String, Option<IpAddr>)>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    per_account: DefaultKeyedRateLimiter<String>,
}

impl LoginLimits {
    pub fn new(per_account_and_address: u32, per_address: u32, per_account: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        Self {
            per_account_and_address: RateLimiter::keyed(quota(per_account_and_address)),
            per_address: RateLimiter::keyed(quota(per_address)),
            per_account: RateLimiter::keyed(quota(per_account)),
        }
    }

    pub fn check(&self, email: &str, address: Option<IpAddr>) -> ApiResult<()> {
        let now = DefaultClock::default().now();
        let email = email.trim().to_lowercase();
        // In this order, so an address already refused uses up nothing of the account's ceiling.
        let checked = self
            .per_account_and_address
            .check_key(&(email.clone(), address))
            .and_then(|()| address.map_or(Ok(()), |a| self.per_address.check_key(&a)))
            .and_then(|()| self.per_account.check_key(&email));
        // Keys of a minute ago hold nothing; drop them before many distinct e-mails pile up.
        if self.per_account_and_address.len() > 10_000 {
            self.per_account_and_address.retain_recent();
            self.per_address.retain_recent();
            self.per_account.retain_recent();
        }
        match checked {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait = not_until.wait_time_from(now).as_secs().max(1);
                let mut err = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too-many-attempts",
                    format!("too many sign-in attempts; try again in {wait} seconds"),
                );
                err.retry_after = Some(wait);
                Err(err)
            }
        }
    }
}

/// The client's address, when the server knows it.
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub email: String,
    pub password: String,
}

/// Who is signed in.
#[derive(Serialize, ToSchema)]
pub struct SignedInAs {
    pub user: User,
}

pub(crate) fn session_cookie(api: &Api, token: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .secure(api.config.secure_cookies)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(time::Duration::seconds(max_age_secs))
        .build()
}

fn signed_in(api: &Api, user: User, token: String) -> Response {
    let cookie = session_cookie(
        api,
        token,
        api.workbench.accounts.lifetimes.session.as_secs(),
    );
    let mut response = Json(SignedInAs { user }).into_response();
    response.headers_mut().append(
        axum::http::header::SET_COOKIE,
        cookie
            .to_string()
            .parse()
            .expect("a cookie is a valid header value"),
    );
    response
}

/// Sign in with e-mail and password; sets the session cookie. A wrong password and an
/// unknown e-mail give the same answer. Attempts are limited per account and per address.
#[utoipa::path(post, path = "/session", tag = tags::ACCOUNTS, request_body = Login,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = SignedInAs), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn login(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    Body(body): Body<Login>,
) -> ApiResult<Response> {
    api.login_limits.check(&body.email, addr)?;
    let accounts = api.workbench.accounts.clone();
    let (user, token) = blocking(move || {
        let user = accounts.check_password(&body.email, &body.password)?;
        let token = accounts.start_session(&user)?;
        Ok((user, token))
    })
    .await?;
    tracing::info!(user = %user.id, "signed in");
    Ok(signed_in(&api, user, token))
}

/// Sign out: ends this session and clears the cookie.
#[utoipa::path(delete, path = "/session", tag = tags::ACCOUNTS,
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(api): State<Api>,
    SignedIn(_): SignedIn,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if let Some(Credential::Session(token)) = credential(&headers) {
        let accounts = api.workbench.accounts.clone();
        blocking(move || accounts.end_session(&token)).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().append(
        axum::http::header::SET_COOKIE,
        session_cookie(&api, String::new(), 0)
            .to_string()
            .parse()
            .expect("valid"),
    );
    Ok(response)
}

#[derive(Serialize, ToSchema)]
pub struct SessionsEnded {
    pub ended: u64,
}

/// Sign out everywhere: ends every session of your account (API tokens stay; revoke them
/// separately).
#[utoipa::path(delete, path = "/sessions", tag = tags::ACCOUNTS,
    responses((status = 200, body = SessionsEnded), (status = 401, body = ErrorBody)))]
pub async fn logout_everywhere(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
) -> ApiResult<Json<SessionsEnded>> {
    let accounts = api.workbench.accounts.clone();
    let ended = blocking(move || accounts.end_all_sessions(&user)).await?;
    Ok(Json(SessionsEnded { ended }))
}

/// The signed-in account.
#[utoipa::path(get, path = "/me", tag = tags::ACCOUNTS,
    responses((status = 200, body = SignedInAs), (status = 401, body = ErrorBody)))]
pub async fn me(SignedIn(user): SignedIn) -> Json<SignedInAs> {
    Json(SignedInAs { user })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// What the token is for, e.g. "nightly export".
    pub name: String,
}

/// A new API token: shown once, never stored (only its hash is).
#[derive(Serialize, ToSchema)]
pub struct TokenCreated {
    pub id: String,
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Your API tokens (never the tokens themselves).
#[utoipa::path(get, path = "/tokens", tag = tags::ACCOUNTS,
    responses((status = 200, body = Vec<TokenInfo>), (status = 401, body = ErrorBody)))]
pub async fn tokens(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
) -> ApiResult<Json<Vec<TokenInfo>>> {
    let accounts = api.workbench.accounts.clone();
    let rows = blocking(move || Ok(accounts.store().api_tokens_of(&user.id)?)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|t| TokenInfo {
                id: t.id,
                name: t.name,
                created_at: t.created_at,
                revoked_at: t.revoked_at,
            })
            .collect(),
    ))
}

/// Create a personal API token for scripts; it acts as you.
#[utoipa::path(post, path = "/tokens", tag = tags::ACCOUNTS, request_body = NewToken,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 201, body = TokenCreated), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn create_token(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Body(body): Body<NewToken>,
) -> ApiResult<(StatusCode, Json<TokenCreated>)> {
    let accounts = api.workbench.accounts.clone();
    let (id, token) = blocking(move || accounts.create_api_token(&user, &body.name)).await?;
    Ok((StatusCode::CREATED, Json(TokenCreated { id, token })))
}

/// Revoke one of your API tokens.
#[utoipa::path(delete, path = "/tokens/{token}", tag = tags::ACCOUNTS, params(("token" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Ids(id): Ids<String>,
) -> ApiResult<StatusCode> {
    let accounts = api.workbench.accounts.clone();
    match blocking(move || accounts.revoke_api_token(&user, &id)).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::not_found()),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    /// `admin`, `coordinator` or `mediator` (parties join through invitations).
    pub role: AccountRole,
    pub password: String,
}

/// Every account (admins only).
#[utoipa::path(get, path = "/users", tag = tags::ACCOUNTS,
    responses((status = 200, body = Vec<User>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn users(State(api): State<Api>, SignedIn(user): SignedIn) -> ApiResult<Json<Vec<User>>> {
    let accounts = api.workbench.accounts.clone();
    Ok(Json(
        blocking(move || {
            access::may_manage_accounts(&user)?;
            accounts.all()
        })
        .await?,
    ))
}

/// Create a staff account (admins only).
#[utoipa::path(post, path = "/users", tag = tags::ACCOUNTS, request_body = NewUser,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 201, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn create_user(
    State(api): State<Api>,
    SignedIn(user): SignedIn,
    Body(body): Body<NewUser>,
) -> ApiResult<(StatusCode, Json<User>)> {
    let accounts = api.workbench.accounts.clone();
    let created = blocking(move || {
        access::may_manage_accounts(&user)?;
        if body.role == AccountRole::Member {
            return Err(crate::error::AppError::Invalid {
                field: "role",
                message: "parties, representatives and support persons join through an invitation"
                    .into(),
            });
        }
        accounts.create_user(&body.email, &body.name, body.role, &body.password)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    pub token: String,
    /// A password for the new account (at least 10 characters). Not taken for an existing
    /// account: sign in with it first, then accept.
    pub password: Option<String>,
}

/// Accept an invitation: joins the case as the invited participant and signs you in. An
/// invitation to an e-mail that already has an account is accepted by that account, signed
/// in (401 `sign-in-first` otherwise; 403 if signed in as someone else); a password is never
/// checked here. Attempts are limited like sign-in.
#[utoipa::path(post, path = "/invitations/accept", tag = tags::ACCOUNTS, request_body = AcceptInvitation,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody), (status = 415, description = "body not JSON", body = ErrorBody), (status = 200, body = SignedInAs), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn accept_invitation(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    signed_in_as: Option<SignedIn>,
    Body(body): Body<AcceptInvitation>,
) -> ApiResult<Response> {
    // Keyed by the token: guessing tokens or retrying one costs attempts like sign-in does.
    api.login_limits
        .check(&format!("invitation:{}", body.token), addr)?;
    let wb = api.workbench.clone();
    let me = signed_in_as.map(|SignedIn(user)| user);
    let (user, token) =
        blocking(move || wb.accept_invitation(&body.token, body.password.as_deref(), me.as_ref()))
            .await?;
    Ok(signed_in(&api, user, token))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInLinkRequest {
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

/// E-mail me a sign-in link. The answer is the same whether or not the account exists; the
/// link works once, within 15 minutes. Limited like password sign-in.
#[utoipa::path(post, path = "/sign-in-links", tag = tags::ACCOUNTS, request_body = SignInLinkRequest,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody),
        (status = 415, description = "body not JSON", body = ErrorBody),
        (status = 202, body = Accepted), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn request_sign_in_link(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    Body(body): Body<SignInLinkRequest>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    api.login_limits.check(&body.email, addr)?;
    // Sent in the background, so the answer (and its timing) says nothing about the account.
    let (accounts, mailer, public_url) = (
        api.workbench.accounts.clone(),
        api.mailer.clone(),
        api.config.public_url.clone(),
    );
    tokio::task::spawn_blocking(move || {
        crate::mail::send_sign_in_link(&accounts, &mailer, &public_url, &body.email)
    });
    let message = "if an account has that e-mail, a sign-in link is on its way".to_owned();
    Ok((StatusCode::ACCEPTED, Json(Accepted { message })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemSignInLink {
    pub token: String,
}

/// Sign in with the token of an e-mailed link; sets the session cookie.
#[utoipa::path(post, path = "/sign-in-links/redeem", tag = tags::ACCOUNTS, request_body = RedeemSignInLink,
    responses((status = 413, description = "body over 64 KiB", body = ErrorBody),
        (status = 415, description = "body not JSON", body = ErrorBody),
        (status = 200, body = SignedInAs), (status = 400, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub async fn redeem_sign_in_link(
    State(api): State<Api>,
    Body(body): Body<RedeemSignInLink>,
) -> ApiResult<Response> {
    let accounts = api.workbench.accounts.clone();
    let (user, token) = blocking(move || accounts.redeem_sign_in_link(&body.token)).await?;
    Ok(signed_in(&api, user, token))
}

impl Api {
    /// Asks the signed-in person for their password again, as before confirming a memorandum:
    /// limited like a sign-in; missing, wrong or limited, it is a problem on the `password`
    /// field. Blocking (the password hash is slow on purpose).
    pub fn password_again(
        &self,
        user: &User,
        password: &str,
        address: Option<IpAddr>,
    ) -> crate::error::Result<()> {
        let again = |message: String| crate::error::AppError::Invalid {
            field: "password",
            message,
        };
        if password.is_empty() {
            return Err(again("type your password again to confirm".into()));
        }
        if let Err(limited) = self.login_limits.check(&user.email, address) {
            return Err(again(limited.body.message));
        }
        match self.workbench.accounts.confirm_identity(user, password) {
            Err(crate::error::AppError::BadCredentials) => {
                Err(again("that is not your password; type it again".into()))
            }
            other => other,
        }
    }
}
