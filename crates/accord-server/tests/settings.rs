//! The settings page through the router, as a browser posts its forms (the session cookie and
//! the page's CSRF token): a password change, sessions, API tokens, calendar feeds, and which
//! reminders are mailed — against a real SMTP listener, each mail carrying a one-click
//! unsubscribe link that works without signing in, by POST only.

mod common;
#[path = "../../accord/tests/common/smtp.rs"]
mod smtp;

use accord_core::case::Command;
use accord_core::case::deadline::{DeadlineKind, DueRule};
use accord_core::case::reminder_kind::ReminderKind;
use accord_core::ids::DeadlineId;
use accord_server::http;
use accord_server::mail::Mailer;
use accord_server::reminders::{Outcome, deliver_due};
use accord_server::web::security::csrf_for;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use common::*;
use tower::ServiceExt;

const NEW_PASSWORD: &str = "an-even-longer-new-password";

/// What a page answered.
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    html: String,
}

impl Page {
    /// What the element with this id holds (its inner HTML, trimmed).
    fn element(&self, id: &str) -> String {
        let at = self
            .html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no #{id} in {}", self.html));
        let tag_start = self.html[..at].rfind('<').unwrap() + 1;
        let tag: String = self.html[tag_start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let open = self.html[at..].find('>').unwrap() + at + 1;
        let close = self.html[open..].find(&format!("</{tag}>")).unwrap() + open;
        self.html[open..close].trim().to_owned()
    }

    fn location(&self) -> &str {
        self.headers[header::LOCATION].to_str().unwrap()
    }
}

fn form_encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One request to the whole application, with the session cookie if given.
async fn send(
    w: &World,
    method: Method,
    path: &str,
    session: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<String>,
) -> Page {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(s) = session {
        req = req.header("cookie", format!("accord_session={s}"));
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some(b) => req
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(b)),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let response = http::router(w.api.clone()).oneshot(req).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .unwrap();
    Page {
        status,
        headers,
        html: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// A browser signed in with `session`, posting forms as the settings page does.
struct Browser<'w> {
    w: &'w World,
    session: String,
}

impl<'w> Browser<'w> {
    fn of(w: &'w World, user: &accord_server::accounts::User) -> Self {
        let session = w.wb.accounts.start_session(user).unwrap();
        Self { w, session }
    }

    async fn get(&self, path: &str) -> Page {
        send(self.w, Method::GET, path, Some(&self.session), &[], None).await
    }

    /// Posts a form with the CSRF token the page carries.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = csrf_for(&self.session);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let body = Some(form_encode(&all));
        let same_site = [("sec-fetch-site", "same-origin")];
        send(
            self.w,
            Method::POST,
            path,
            Some(&self.session),
            &same_site,
            body,
        )
        .await
    }

    fn signed_in(&self) -> bool {
        self.w
            .wb
            .accounts
            .user_for_session(&self.session)
            .unwrap()
            .is_some()
    }
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let w = World::new();
    let (here, elsewhere) = (Browser::of(&w, &w.mediator), Browser::of(&w, &w.mediator));
    let page = here.get("/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(&w.mediator.email), "{}", page.html);
    assert!(
        page.html.contains(&csrf_for(&here.session)),
        "the forms carry the CSRF token"
    );
    let email = w.mediator.email.clone();
    let works = |password: &str| w.wb.accounts.check_password(&email, password).is_ok();

    // A wrong current password: the error beside that field, nothing changed.
    let wrong = here
        .post(
            "/settings/password",
            &[
                ("current-password", "not-my-password-at-all"),
                ("new-password", NEW_PASSWORD),
                ("new-password-again", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(
        wrong
            .element("current-password-error")
            .contains("Your current password is not right."),
        "{}",
        wrong.html
    );
    assert!(wrong.html.contains("There is a problem"));
    assert!(works(PASSWORD) && !works(NEW_PASSWORD));
    assert!(elsewhere.signed_in() && here.signed_in());

    // The two new ones must agree, and follow the length rule.
    let differ = here
        .post(
            "/settings/password",
            &[
                ("current-password", PASSWORD),
                ("new-password", NEW_PASSWORD),
                ("new-password-again", "something-else-entirely"),
            ],
        )
        .await;
    assert_eq!(differ.status, StatusCode::BAD_REQUEST);
    assert!(
        differ
            .element("new-password-again-error")
            .contains("not the same")
    );
    let short = here
        .post(
            "/settings/password",
            &[
                ("current-password", PASSWORD),
                ("new-password", "short"),
                ("new-password-again", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(
        short.element("new-password-error").contains("at least 10"),
        "{}",
        short.html
    );
    assert!(works(PASSWORD) && elsewhere.signed_in());

    // The right one: the old password stops working, the other session ends, this one stays.
    let changed = here
        .post(
            "/settings/password",
            &[
                ("current-password", PASSWORD),
                ("new-password", NEW_PASSWORD),
                ("new-password-again", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.html);
    assert!(changed.location().starts_with("/settings?done=password"));
    assert!(!works(PASSWORD), "the old password no longer signs in");
    assert!(works(NEW_PASSWORD));
    assert!(!elsewhere.signed_in() && here.signed_in());
    let after = here.get(changed.location()).await;
    assert!(after.html.contains("Your password is changed."));

    // A form without this session's token changes nothing.
    let forged = send(
        &w,
        Method::POST,
        "/settings/name",
        Some(&here.session),
        &[],
        Some(form_encode(&[("csrf", "forged"), ("name", "Mallory")])),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        w.wb.accounts.by_id(&w.mediator.id).unwrap().unwrap().name,
        "maya"
    );
}

#[tokio::test]
async fn sessions_are_listed_and_one_can_be_ended_and_the_name_changed() {
    let w = World::new();
    let (here, elsewhere) = (Browser::of(&w, &w.mediator), Browser::of(&w, &w.mediator));
    let page = here.get("/settings").await;
    assert_eq!(page.html.matches("This browser").count(), 1);
    assert!(!page.html.contains(&here.session) && !page.html.contains(&elsewhere.session));
    let ids: Vec<String> = page
        .html
        .split("name=\"session\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "one other session to end: {ids:?}");
    // An id that is not one of mine ends nothing.
    here.post("/settings/sessions/end", &[("session", "0123456789abcdef")])
        .await;
    assert!(elsewhere.signed_in());
    let ended = here
        .post("/settings/sessions/end", &[("session", &ids[0])])
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert!(!elsewhere.signed_in() && here.signed_in());

    let blank = here.post("/settings/name", &[("name", "   ")]).await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert!(!blank.element("name-error").is_empty(), "{}", blank.html);
    let bidi = "Maya \u{202e}Patel";
    let refused = here.post("/settings/name", &[("name", bidi)]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.html.contains(bidi), "what was typed is kept");
    let renamed = here.post("/settings/name", &[("name", "Maya Patel")]).await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    let user = w.wb.accounts.by_id(&w.mediator.id).unwrap().unwrap();
    assert_eq!(user.name, "Maya Patel");
}

#[tokio::test]
async fn a_token_made_on_the_page_works_until_revoked() {
    let w = World::new();
    let here = Browser::of(&w, &w.mediator);
    let blank = here.post("/settings/tokens", &[("token-name", "")]).await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert!(!blank.element("token-name-error").is_empty());
    let made = here
        .post("/settings/tokens", &[("token-name", "backup script")])
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.html);
    let token = made.element("new-secret");
    let bearer = format!("Bearer {token}");
    assert_eq!(me(&w, &bearer).await, StatusCode::OK);
    let listed = here.get("/settings").await;
    assert!(listed.html.contains("backup script"));
    assert!(
        !listed.html.contains(&token),
        "the token is shown once only"
    );

    let id = w.wb.accounts.store().api_tokens_of(&w.mediator.id).unwrap()[0]
        .id
        .clone();
    let revoked = here
        .post(&format!("/settings/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(me(&w, &bearer).await, StatusCode::UNAUTHORIZED);
    assert!(here.get("/settings").await.html.contains("Revoked"));
}

#[tokio::test]
async fn a_feed_made_on_the_page_answers_until_revoked() {
    let w = World::new();
    let here = Browser::of(&w, &w.mediator);
    let made = here
        .post("/settings/feeds", &[("feed-name", "my phone")])
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.html);
    let url = made.element("new-secret");
    let path = url
        .strip_prefix(&w.api.config.public_url)
        .unwrap_or_else(|| panic!("{url}"))
        .to_owned();
    assert!(path.starts_with("/calendar/"), "{path}");
    let feed = send(&w, Method::GET, &path, None, &[], None).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.html.contains("BEGIN:VCALENDAR"));
    assert!(!here.get("/settings").await.html.contains(&url));

    let id = w.wb.calendar_feeds(&w.mediator).unwrap()[0].id.clone();
    let revoked = here
        .post(&format!("/settings/feeds/{id}/revoke"), &[])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let gone = send(&w, Method::GET, &path, None, &[], None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

/// `GET /api/v1/me` with this `Authorization` header.
async fn me(w: &World, authorization: &str) -> StatusCode {
    let auth = [("authorization", authorization)];
    w.call(Method::GET, "/me", None, &auth, None).await.status
}

/// Sets a deadline due today, so its reminder is due at once.
fn deadline_due_today(w: &World, label: &str) {
    let today = jiff::Timestamp::now()
        .in_tz("Europe/London")
        .unwrap()
        .date();
    w.mediate(Command::SetDeadline {
        deadline: DeadlineId::new_v7(),
        kind: DeadlineKind::FilingDeadline,
        label: text(label),
        rule: DueRule::Fixed { on: today },
    });
}

/// One delivery pass now, to the inbox at `smtp`.
async fn deliver(w: &World, smtp: &str) -> Vec<Outcome> {
    let (store, url) = (
        w.wb.accounts.store().clone(),
        w.api.config.public_url.clone(),
    );
    let mailer = Mailer::new(Some(smtp), "Accord <accord@h.example>").unwrap();
    let report = tokio::task::spawn_blocking(move || {
        deliver_due(&store, &mailer, &url, jiff::Timestamp::now())
    })
    .await
    .unwrap()
    .unwrap();
    report.reminders.into_iter().map(|h| h.outcome).collect()
}

fn header_of<'m>(message: &'m str, name: &str) -> &'m str {
    message
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} header in {message}"))
}

#[tokio::test]
async fn a_kind_turned_off_is_not_mailed_and_each_mail_unsubscribes_in_one_click() {
    let w = World::new();
    let amira = "amira@h.example";
    w.join(w.party_a, amira).await;
    let accounts = &w.wb.accounts;
    let amira_id = accounts.by_email(amira).unwrap().unwrap().id;
    let wants = |user: &str| accounts.store().wants_reminders(user, "deadlines").unwrap();

    // The mediator keeps debriefs and turns deadlines off on the settings page.
    let maya = Browser::of(&w, &w.mediator);
    let saved = maya
        .post("/settings/reminders", &[("reminder-debriefs", "true")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let choices = accounts.reminder_choices(&w.mediator).unwrap();
    assert_eq!(
        choices,
        [
            (ReminderKind::Deadlines, false),
            (ReminderKind::Debriefs, true)
        ]
    );

    let (inbox, smtp) = smtp::Inbox::start();
    deadline_due_today(&w, "File the statement");
    let outcomes = deliver(&w, &smtp).await;
    assert_eq!(
        outcomes,
        [Outcome::Sent {
            to: vec![amira.to_owned()]
        }]
    );
    let messages = inbox.messages();
    assert_eq!(
        messages.len(),
        1,
        "not to the mediator, who turned deadlines off"
    );
    let mail = &messages[0];
    assert_eq!(smtp::to(mail), amira);

    // Both headers of RFC 8058, the link also in the text.
    assert_eq!(
        header_of(mail, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    let link = header_of(mail, "List-Unsubscribe")
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned();
    let prefix = format!("{}/unsubscribe?token=", w.api.config.public_url);
    assert!(link.starts_with(&prefix), "{link}");
    assert!(mail.contains(&link), "the link is in the text too");
    let path = link.strip_prefix(&w.api.config.public_url).unwrap();

    // Opening the link (as a mail scanner does) changes nothing; it shows a button.
    let opened = send(&w, Method::GET, path, None, &[], None).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(
        opened
            .html
            .contains("Stop e-mail reminders about deadlines?")
    );
    assert!(opened.html.contains(&format!("action=\"{path}\"")));
    assert!(wants(&amira_id));
    // A browser on another site cannot post it.
    let cross = [("sec-fetch-site", "cross-site")];
    let refused = send(&w, Method::POST, path, None, &cross, Some(String::new())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(wants(&amira_id));
    let unknown = "/unsubscribe?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let bad = send(&w, Method::POST, unknown, None, &[], Some(String::new())).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    assert!(wants(&amira_id));

    // The mail client's one-click POST: no session, no Origin.
    let one_click = Some("List-Unsubscribe=One-Click".to_owned());
    let done = send(&w, Method::POST, path, None, &[], one_click).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.html);
    assert!(!wants(&amira_id), "deadlines are off for Amira");
    let amira_user = accounts.by_id(&amira_id).unwrap().unwrap();
    let choices = accounts.reminder_choices(&amira_user).unwrap();
    assert_eq!(
        choices[1],
        (ReminderKind::Debriefs, true),
        "debriefs stay on"
    );

    // The next deadline's reminder reaches nobody, and is not sent.
    deadline_due_today(&w, "Serve the bundle");
    let outcomes = deliver(&w, &smtp).await;
    assert_eq!(outcomes, [Outcome::Sent { to: vec![] }]);
    assert_eq!(inbox.messages().len(), 1);
}
