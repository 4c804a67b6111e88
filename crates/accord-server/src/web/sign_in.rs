//! Signing in (a password, or an e-mailed single-use link), signing out (here or
//! everywhere), and accepting an invitation from its link. A new session is started at every
//! sign-in and the one the browser held before is ended, so the session id is rotated.

use super::forms::Problems;
use super::{Chrome, ProblemPage, Visitor, page as render};
use crate::accounts::User;
use crate::error::AppError;
use crate::http::Api;
use crate::http::auth::{ClientAddr, session_cookie};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    problems: Problems,
    notice: String,
    email: String,
    next: String,
}

#[derive(Template)]
#[template(path = "sign_in_link.html")]
struct LinkPage {
    chrome: Chrome,
    token: String,
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    problems: Problems,
    token: String,
    name: String,
    needs_sign_in: bool,
    signed_in: bool,
    signed_in_as: String,
    next_enc: String,
}

/// A token as links carry it (URL-safe base64); anything else is a broken link.
pub(super) fn well_formed(token: &str) -> bool {
    (20..=100).contains(&token.len())
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Where to go after signing in: only a path on this site.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.into(),
        _ => "/".into(),
    }
}

fn sign_in_page(api: &Api, visitor: &Visitor, status: StatusCode, p: SignInPageParts) -> Response {
    render(
        status,
        &SignInPage {
            chrome: Chrome::new(api, visitor, "Sign in"),
            problems: p.problems,
            notice: p.notice,
            email: p.email,
            next: p.next,
        },
    )
}

#[derive(Default)]
struct SignInPageParts {
    problems: Problems,
    notice: String,
    email: String,
    next: String,
}

fn gone(api: &Api, visitor: &Visitor, what: &str) -> Response {
    let message = format!(
        "This {what} link has been used already or has expired. Ask for a new one: sign-in \
         links from the sign-in page, invitations from your mediator."
    );
    render(
        StatusCode::GONE,
        &ProblemPage {
            chrome: Chrome::new(api, visitor, "Link used or expired"),
            heading: format!("This {what} link no longer works"),
            message,
        },
    )
}

/// Signs `user` in with a new session, ending the one the browser held before.
async fn start(api: &Api, visitor: &Visitor, user_session: (User, String), to: &str) -> Response {
    let (user, token) = user_session;
    if let Some(old) = visitor.session.clone() {
        let accounts = api.workbench.accounts.clone();
        let _ = tokio::task::spawn_blocking(move || accounts.end_session(&old)).await;
    }
    tracing::info!(user = %user.id, "signed in (page)");
    let cookie = session_cookie(
        api,
        token,
        api.workbench.accounts.lifetimes.session.as_secs(),
    );
    ([(header::SET_COOKIE, cookie.to_string())], Redirect::to(to)).into_response()
}

fn signed_out() -> Response {
    (
        [(
            header::SET_COOKIE,
            "accord_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        )],
        Redirect::to("/sign-in?signed-out=1"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct SignInQuery {
    token: Option<String>,
    next: Option<String>,
    #[serde(rename = "signed-out")]
    signed_out: Option<String>,
}

/// `GET /sign-in`: the form, or the button of an e-mailed link (opening the link does not use
/// it, as mail scanners open links too; pressing the button does).
pub async fn page(
    State(api): State<Api>,
    visitor: Visitor,
    Query(q): Query<SignInQuery>,
) -> Response {
    if let Some(token) = q.token {
        if !well_formed(&token) {
            return gone(&api, &visitor, "sign-in");
        }
        let chrome = Chrome::new(&api, &visitor, "Sign in");
        return render(StatusCode::OK, &LinkPage { chrome, token });
    }
    if visitor.user.is_some() {
        return Redirect::to(&local_path(q.next.as_deref())).into_response();
    }
    let notice = match q.signed_out {
        Some(_) => "You are signed out.".into(),
        None => String::new(),
    };
    let parts = SignInPageParts {
        notice,
        next: local_path(q.next.as_deref()),
        ..Default::default()
    };
    sign_in_page(&api, &visitor, StatusCode::OK, parts)
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: Option<String>,
    password: Option<String>,
    token: Option<String>,
    next: Option<String>,
}

/// `POST /sign-in`: with e-mail and password, or with a link's token.
pub async fn submit(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    visitor: Visitor,
    Form(form): Form<SignInForm>,
) -> Response {
    let accounts = api.workbench.accounts.clone();
    if let Some(token) = form.token {
        let redeemed =
            tokio::task::spawn_blocking(move || accounts.redeem_sign_in_link(&token)).await;
        return match redeemed {
            Ok(Ok(signed_in)) => start(&api, &visitor, signed_in, "/").await,
            Ok(Err(AppError::SignInLinkUnusable)) => gone(&api, &visitor, "sign-in"),
            Ok(Err(e)) => super::WebError::App(e).page(&api, &visitor),
            Err(_) => super::internal(&api, &visitor),
        };
    }
    let email = form.email.unwrap_or_default().trim().to_owned();
    let password = form.password.unwrap_or_default();
    let next = local_path(form.next.as_deref());
    let mut problems = Problems::none();
    if email.is_empty() {
        problems
            .items
            .extend(Problems::one("email", "Enter your e-mail address.").items);
    }
    if password.is_empty() {
        problems
            .items
            .extend(Problems::one("password", "Enter your password.").items);
    }
    let again = |problems: Problems, status| {
        let parts = SignInPageParts {
            problems,
            email: email.clone(),
            next: next.clone(),
            ..Default::default()
        };
        sign_in_page(&api, &visitor, status, parts)
    };
    if !problems.is_empty() {
        return again(problems, StatusCode::BAD_REQUEST);
    }
    if let Err(limited) = api.login_limits().check(&email, addr) {
        return again(
            Problems::one("email", super::forms::sentence(&limited.body.message)),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let checking = email.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let user = accounts.check_password(&checking, &password)?;
        let token = accounts.start_session(&user)?;
        Ok::<_, AppError>((user, token))
    })
    .await;
    match checked {
        Ok(Ok(signed_in)) => start(&api, &visitor, signed_in, &next).await,
        Ok(Err(AppError::BadCredentials)) => again(
            Problems::one("email", "The e-mail address or the password is not right."),
            StatusCode::UNAUTHORIZED,
        ),
        Ok(Err(e)) => super::WebError::App(e).page(&api, &visitor),
        Err(_) => super::internal(&api, &visitor),
    }
}

#[derive(Deserialize)]
pub struct LinkRequest {
    #[serde(rename = "link-email")]
    email: Option<String>,
}

/// `POST /sign-in/link`: e-mails a single-use link. The page says the same whether or not
/// the account exists.
pub async fn request_link(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    visitor: Visitor,
    Form(form): Form<LinkRequest>,
) -> Response {
    let email = form.email.unwrap_or_default().trim().to_owned();
    let again = |problems: Problems, notice: String, status| {
        let parts = SignInPageParts {
            problems,
            notice,
            email: email.clone(),
            ..Default::default()
        };
        sign_in_page(&api, &visitor, status, parts)
    };
    if email.is_empty() {
        let p = Problems::one("link-email", "Enter your e-mail address.");
        return again(p, String::new(), StatusCode::BAD_REQUEST);
    }
    if let Err(limited) = api.login_limits().check(&email, addr) {
        let p = Problems::one("link-email", super::forms::sentence(&limited.body.message));
        return again(p, String::new(), StatusCode::TOO_MANY_REQUESTS);
    }
    let (accounts, mailer, public_url, to) = (
        api.workbench.accounts.clone(),
        api.mailer.clone(),
        api.config.public_url.clone(),
        email.clone(),
    );
    tokio::task::spawn_blocking(move || {
        crate::mail::send_sign_in_link(&accounts, &mailer, &public_url, &to)
    });
    let notice = "If an account has that e-mail address, a sign-in link is on its way. \
                  It works once, within 15 minutes."
        .to_owned();
    again(Problems::none(), notice, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /sign-out`: ends this session.
pub async fn sign_out(
    State(api): State<Api>,
    visitor: Visitor,
    Form(form): Form<CsrfOnly>,
) -> Response {
    let Some(session) = visitor.session.clone() else {
        return signed_out();
    };
    if let Err(e) = visitor.check_csrf(&form.csrf) {
        return e.page(&api, &visitor);
    }
    let accounts = api.workbench.accounts.clone();
    let _ = tokio::task::spawn_blocking(move || accounts.end_session(&session)).await;
    signed_out()
}

/// `POST /sign-out/everywhere`: ends every session of the account, and revokes its API
/// tokens, calendar feeds and unused sign-in links.
pub async fn sign_out_everywhere(
    State(api): State<Api>,
    visitor: Visitor,
    Form(form): Form<CsrfOnly>,
) -> Response {
    let Some(user) = visitor.user.clone() else {
        return signed_out();
    };
    if let Err(e) = visitor.check_csrf(&form.csrf) {
        return e.page(&api, &visitor);
    }
    let accounts = api.workbench.accounts.clone();
    let _ = tokio::task::spawn_blocking(move || accounts.end_all_sessions(&user)).await;
    signed_out()
}

#[derive(Deserialize)]
pub struct InvitationQuery {
    token: Option<String>,
}

fn invitation_page(
    api: &Api,
    visitor: &Visitor,
    token: String,
    problems: Problems,
    status: StatusCode,
) -> Result<Response, Response> {
    let wb = api.workbench.clone();
    let peek = token.clone();
    let preview = match wb.invitation_preview(&peek) {
        Ok(p) => p,
        Err(AppError::InvitationUnusable) => return Err(gone(api, visitor, "invitation")),
        Err(e) => return Err(super::WebError::App(e).page(api, visitor)),
    };
    let next = crate::memberships::invitation_path(&token);
    let next_enc: String = super::forms::url_encode(&next);
    Ok(render(
        status,
        &InvitationPage {
            chrome: Chrome::new(api, visitor, format!("Join the case as {}", preview.name)),
            problems,
            name: preview.name,
            needs_sign_in: preview.has_account && visitor.user.is_none(),
            signed_in: visitor.user.is_some(),
            signed_in_as: visitor
                .user
                .as_ref()
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            token,
            next_enc,
        },
    ))
}

/// `GET /invitation?token=…`: what the invitation is, and how to accept it.
pub async fn invitation(
    State(api): State<Api>,
    visitor: Visitor,
    Query(q): Query<InvitationQuery>,
) -> Response {
    let token = q.token.unwrap_or_default();
    if !well_formed(&token) {
        return gone(&api, &visitor, "invitation");
    }
    let (a, v) = (api.clone(), visitor.clone());
    match tokio::task::spawn_blocking(move || {
        invitation_page(&a, &v, token, Problems::none(), StatusCode::OK)
    })
    .await
    {
        Ok(Ok(r) | Err(r)) => r,
        Err(_) => super::internal(&api, &visitor),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    token: String,
    #[serde(default)]
    csrf: String,
    password: Option<String>,
    password_again: Option<String>,
}

/// `POST /invitation`: joins the case (a new account with the chosen password, or the
/// account signed in) and signs in.
pub async fn accept(
    State(api): State<Api>,
    ClientAddr(addr): ClientAddr,
    visitor: Visitor,
    Form(form): Form<AcceptForm>,
) -> Response {
    if visitor.user.is_some()
        && let Err(e) = visitor.check_csrf(&form.csrf)
    {
        return e.page(&api, &visitor);
    }
    let (a, v) = (api.clone(), visitor.clone());
    let done = tokio::task::spawn_blocking(move || {
        let again = |problems: Problems| {
            invitation_page(
                &a,
                &v,
                form.token.clone(),
                problems,
                StatusCode::BAD_REQUEST,
            )
            .unwrap_or_else(|r| r)
        };
        if v.user.is_none() {
            let password = form.password.clone().unwrap_or_default();
            if password.is_empty() {
                return Err(again(Problems::one("password", "Choose a password.")));
            }
            if form.password_again.as_deref() != Some(password.as_str()) {
                return Err(again(Problems::one(
                    "password_again",
                    "The two passwords are not the same.",
                )));
            }
        }
        if let Err(limited) = a
            .login_limits()
            .check(&format!("invitation:{}", form.token), addr)
        {
            return Err(again(Problems::one(
                "password",
                super::forms::sentence(&limited.body.message),
            )));
        }
        let password = form.password.as_deref().filter(|_| v.user.is_none());
        match a
            .workbench
            .accept_invitation(&form.token, password, v.user.as_ref())
        {
            Ok(signed_in) => Ok(signed_in),
            Err(AppError::InvitationUnusable) => Err(gone(&a, &v, "invitation")),
            Err(e) => match Problems::of(&e) {
                Some(p) => Err(again(p)),
                None => Err(super::WebError::App(e).page(&a, &v)),
            },
        }
    })
    .await;
    match done {
        Ok(Ok(signed_in)) => start(&api, &visitor, signed_in, "/").await,
        Ok(Err(page)) => page,
        Err(_) => super::internal(&api, &visitor),
    }
}
