//! `/settings`: my account. My name; my password; where I am signed in (end one session, sign
//! out here or everywhere); API tokens and calendar feeds (create, shown once; revoke); which
//! e-mail reminders I get. Everything is read and changed through the account services
//! (`Accounts`, and `Workbench` for feeds); the forms are in `settings_forms.rs`.

use super::forms::Problems;
use super::security::Member;
use super::{Chrome, PageResult, Visitor, page, work};
use crate::account_settings::SessionInfo;
use crate::accounts::User;
use crate::http::Api;
use accord_core::case::reminder_kind::ReminderKind;
use accord_store::TokenRow;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;

/// How a kind of reminder is named on the page, and what it is.
pub fn reminder_words(kind: ReminderKind) -> (&'static str, &'static str) {
    match kind {
        ReminderKind::Deadlines => (
            "Deadlines",
            "Court dates and other deadlines in your cases, a few days before each is due.",
        ),
        ReminderKind::Debriefs => (
            "Debriefs",
            "Your private debrief after a session, a day before it is due.",
        ),
    }
}

pub struct SessionLine {
    pub id: String,
    pub started: String,
    pub expires: String,
    pub current: bool,
}

/// An API token or a calendar feed, as listed: never the token.
pub struct TokenLine {
    pub id: String,
    pub name: String,
    pub created: String,
    /// When it was revoked, or empty while it works.
    pub revoked: String,
}

/// The API tokens or the calendar feeds: the list, and the form that makes one.
pub struct MadeList {
    /// `tokens` or `feeds`, as their paths say.
    pub what: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub caption: &'static str,
    pub field: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub button: &'static str,
    pub items: Vec<TokenLine>,
    pub typed: String,
}

pub struct ReminderLine {
    pub key: String,
    pub label: &'static str,
    pub hint: &'static str,
    pub on: bool,
}

/// A token or a feed URL just made: shown on this answer only, never again.
pub struct Secret {
    pub heading: &'static str,
    pub hint: &'static str,
    pub value: String,
}

/// What a form leaves for the page it shows again: its problems, what was typed, a notice,
/// or a secret to show once.
#[derive(Default)]
pub struct Extras {
    pub problems: Problems,
    pub typed: HashMap<&'static str, String>,
    pub notice: String,
    pub secret: Option<Secret>,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    chrome: Chrome,
    problems: Problems,
    notice: String,
    secret: Option<Secret>,
    name: String,
    email: String,
    sessions: Vec<SessionLine>,
    made: Vec<MadeList>,
    reminders: Vec<ReminderLine>,
}

/// A stored moment ("2026-11-23T10:00:00Z") as people read it; as stored if it is not one.
fn when(stamp: &str) -> String {
    stamp
        .parse::<jiff::Timestamp>()
        .map(|t| t.strftime("%-d %B %Y, %H:%M UTC").to_string())
        .unwrap_or_else(|_| stamp.to_owned())
}

fn token_lines(rows: Vec<TokenRow>) -> Vec<TokenLine> {
    rows.into_iter()
        .map(|t| TokenLine {
            id: t.id,
            name: t.name,
            created: when(&t.created_at),
            revoked: t.revoked_at.as_deref().map(when).unwrap_or_default(),
        })
        .collect()
}

type Loaded = (
    Vec<SessionInfo>,
    Vec<TokenRow>,
    Vec<TokenRow>,
    Vec<(ReminderKind, bool)>,
);

/// The settings page for `user`, with what a form left.
pub async fn render(
    api: &Api,
    visitor: &Visitor,
    user: &User,
    status: StatusCode,
    extras: Extras,
) -> Response {
    let (wb, who, session) = (
        api.workbench.clone(),
        user.clone(),
        visitor.session.clone().unwrap_or_default(),
    );
    let loaded: Result<Loaded, Response> = work(api, visitor, move || {
        let accounts = &wb.accounts;
        Ok((
            accounts.sessions(&who, &session)?,
            accounts.store().api_tokens_of(&who.id)?,
            wb.calendar_feeds(&who)?,
            accounts.reminder_choices(&who)?,
        ))
    })
    .await;
    let (sessions, tokens, feeds, choices) = match loaded {
        Ok(l) => l,
        Err(page) => return page,
    };
    let typed = |field: &str| extras.typed.get(field).cloned();
    let page_of = SettingsPage {
        chrome: Chrome::new(api, visitor, "Your settings"),
        name: typed("name").unwrap_or_else(|| user.name.clone()),
        email: user.email.clone(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionLine {
                started: when(&s.started),
                expires: when(&s.expires),
                id: s.id,
                current: s.current,
            })
            .collect(),
        made: vec![
            MadeList {
                what: "tokens",
                heading: "API tokens",
                intro: "A token lets a script act as you through Accord's API. Revoke one you \
                        no longer use.",
                caption: "API tokens",
                field: "token-name",
                label: "Name of a new token",
                hint: "What it is for, such as \"backup script\".",
                button: "Create a token",
                items: token_lines(tokens),
                typed: typed("token-name").unwrap_or_default(),
            },
            MadeList {
                what: "feeds",
                heading: "Calendar feeds",
                intro: "A feed keeps your calendar app up to date with your sessions and \
                        deadlines. Its address is private: revoke it if someone else may have it.",
                caption: "calendar feeds",
                field: "feed-name",
                label: "Name of a new feed",
                hint: "Where you will use it, such as \"my phone\".",
                button: "Create a feed",
                items: token_lines(feeds),
                typed: typed("feed-name").unwrap_or_default(),
            },
        ],
        reminders: choices
            .into_iter()
            .map(|(kind, on)| {
                let (label, hint) = reminder_words(kind);
                ReminderLine {
                    key: kind.to_string(),
                    label,
                    hint,
                    on,
                }
            })
            .collect(),
        problems: extras.problems,
        notice: extras.notice,
        secret: extras.secret,
    };
    page(status, &page_of)
}

#[derive(Deserialize, Default)]
pub struct SettingsQuery {
    done: Option<String>,
}

/// What a change that went through says when the page comes back (post/redirect/get).
fn notice_for(done: &str) -> &'static str {
    match done {
        "name" => "Your name is changed.",
        "password" => "Your password is changed. You are signed out everywhere else.",
        "session" => "That session has ended: whoever used it is signed out.",
        "token-revoked" => "The API token is revoked: it no longer works.",
        "feed-revoked" => "The calendar feed is revoked: calendars that use it stop updating.",
        "reminders" => "Your choice of e-mail reminders is saved.",
        _ => "",
    }
}

/// `GET /settings`
pub async fn show(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Query(q): Query<SettingsQuery>,
) -> PageResult {
    let extras = Extras {
        notice: notice_for(q.done.as_deref().unwrap_or_default()).to_owned(),
        ..Default::default()
    };
    Ok(render(&api, &visitor, &user, StatusCode::OK, extras).await)
}
