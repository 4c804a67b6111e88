//! What a signed-in person changes about their own account (the settings page): their name,
//! their password, the sessions they are signed in with, and which kinds of e-mail reminder
//! they get; and the one-click unsubscribe links every reminder e-mail carries, which turn
//! one kind off for one account without signing in.

use crate::accounts::{Accounts, User, hash_password_for, new_token, password_matches, token_hash};
use crate::error::{AppError, Result};
use crate::mail::{Delivery, Mailer};
use crate::reminder_recipients::Recipient;
use accord_core::case::reminder_kind::ReminderKind;
use accord_store::{OutboxEntry, SESSION_ID_LEN, Store};

/// Where an unsubscribe link points: `{public_url}/unsubscribe?token=…`.
pub const UNSUBSCRIBE_PATH: &str = "/unsubscribe";

/// One of a person's sessions, as the settings page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    /// The first characters of its token's hash: enough to end it, useless to sign in.
    pub id: String,
    pub started: String,
    pub expires: String,
    /// The session this list was asked for from.
    pub current: bool,
}

/// A new unsubscribe link for `user_id` and `kind` (a random token; only its hash is kept).
pub fn unsubscribe_url(
    store: &Store,
    user_id: &str,
    kind: ReminderKind,
    public_url: &str,
) -> Result<String> {
    let (token, hash) = new_token();
    store.insert_unsubscribe_token(&hash, user_id, &kind.to_string(), &Accounts::now_stamp())?;
    Ok(format!(
        "{}{UNSUBSCRIBE_PATH}?token={token}",
        public_url.trim_end_matches('/')
    ))
}

/// Whether `user_id` gets the reminder with this key: always, unless it is of a kind the
/// account turned off.
pub fn wants_reminder(store: &Store, user_id: &str, reminder_key: &str) -> Result<bool> {
    match ReminderKind::of_key(reminder_key) {
        Some(kind) => Ok(store.wants_reminders(user_id, &kind.to_string())?),
        None => Ok(true),
    }
}

/// What a reminder says to someone whose safe contact asks for discretion: neither the
/// service, nor mediation, nor the case — only that something is waiting.
pub const DISCREET_SUBJECT: &str = "A reminder";

/// Mails one reminder (an outbox row) to one person: its text, then how to stop that kind of
/// reminder — a fresh unsubscribe link, in the text and as the `List-Unsubscribe` headers.
/// To someone whose party's safe contact asks for discretion, a message that names neither
/// Accord, mediation nor the case.
pub(crate) fn mail_reminder(
    store: &Store,
    mailer: &Mailer,
    public_url: &str,
    entry: &OutboxEntry,
    to: &Recipient,
) -> Result<Delivery> {
    let site = public_url.trim_end_matches('/');
    let unnamed;
    let mailer = if to.discreet {
        unnamed = mailer.without_name();
        &unnamed
    } else {
        mailer
    };
    let (subject, text) = if to.discreet {
        (
            DISCREET_SUBJECT,
            format!("Something is waiting for you. Sign in to read it: {site}/\n"),
        )
    } else {
        (entry.subject.as_str(), entry.body.clone())
    };
    let Some(kind) = ReminderKind::of_key(&entry.reminder_key) else {
        return mailer.send(&to.email, subject, text);
    };
    let url = unsubscribe_url(store, &to.user_id, kind, public_url)?;
    let body = if to.discreet {
        format!("{text}\n-- \nTo stop these reminders, open this link:\n{url}\n")
    } else {
        format!(
            "{text}\n-- \nTo stop e-mail reminders about {kind}, open this link (no need to sign in):\n{url}\n\n\
             Choose which reminders you get in your settings: {site}/settings\n"
        )
    };
    mailer.send_unsubscribable(&to.email, subject, body, &url)
}

fn kind_of(stored: &str) -> Result<ReminderKind> {
    stored.parse().map_err(|_| AppError::Corrupt {
        case: "-".into(),
        reason: format!("unknown kind of reminder {stored:?}"),
    })
}

impl Accounts {
    /// Gives the account a new name (one line, as names everywhere).
    pub fn rename(&self, user: &User, name: &str) -> Result<User> {
        let name = accord_core::text::Text::line("name", name, accord_core::text::limits::NAME)?;
        if !self.store().set_user_name(&user.id, name.as_str())? {
            return Err(AppError::NoMatch {
                kind: "account",
                reference: user.id.clone(),
            });
        }
        Ok(User {
            name: name.to_string(),
            ..user.clone()
        })
    }

    /// Changes the password of a signed-in person, who must give the current one. The new
    /// one follows the length rules (`MIN_PASSWORD`..=`MAX_PASSWORD`); every other session of
    /// the account ends, the one it was changed from (`this_session`, its token) stays.
    pub fn change_password(
        &self,
        user: &User,
        current: &str,
        new: &str,
        this_session: &str,
    ) -> Result<()> {
        let stored = self
            .store()
            .user_by_id(&user.id)?
            .and_then(|row| row.password_hash);
        if !stored.is_some_and(|hash| password_matches(&hash, current)) {
            return Err(AppError::Invalid {
                field: "current-password",
                message: "your current password is not right".into(),
            });
        }
        let hash = hash_password_for("new-password", new)?;
        let keep = token_hash(this_session);
        self.store()
            .set_password_keeping(&user.id, &hash, Some(&keep))?;
        tracing::info!(user = %user.id, "password changed; other sessions ended");
        Ok(())
    }

    /// The account's unexpired sessions, oldest first, `this_session` marked.
    pub fn sessions(&self, user: &User, this_session: &str) -> Result<Vec<SessionInfo>> {
        let this = token_hash(this_session);
        let this = &this[..SESSION_ID_LEN];
        Ok(self
            .store()
            .login_sessions_of(&user.id, &Self::now_stamp())?
            .into_iter()
            .map(|s| SessionInfo {
                current: s.id == this,
                id: s.id,
                started: s.created_at,
                expires: s.expires_at,
            })
            .collect())
    }

    /// Ends one of the account's own sessions, by its id; false if it has none by that id.
    pub fn end_session_by_id(&self, user: &User, id: &str) -> Result<bool> {
        let well_formed = id.len() == SESSION_ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !well_formed {
            return Ok(false);
        }
        Ok(self.store().end_login_session_of(&user.id, id)?)
    }

    /// Every kind of reminder and whether the account gets it.
    pub fn reminder_choices(&self, user: &User) -> Result<Vec<(ReminderKind, bool)>> {
        let stored = self.store().reminder_preferences(&user.id)?;
        Ok(ReminderKind::ALL
            .into_iter()
            .map(|kind| {
                let on = stored
                    .iter()
                    .find(|(k, _)| *k == kind.to_string())
                    .is_none_or(|(_, on)| *on);
                (kind, on)
            })
            .collect())
    }

    /// Sets every kind of reminder: those in `on` on, the others off.
    pub fn set_reminder_choices(&self, user: &User, on: &[ReminderKind]) -> Result<()> {
        let now = Self::now_stamp();
        for kind in ReminderKind::ALL {
            self.store().set_reminder_preference(
                &user.id,
                &kind.to_string(),
                on.contains(&kind),
                &now,
            )?;
        }
        Ok(())
    }

    /// The kind of reminder an unsubscribe link would turn off; `None` for an unknown link.
    /// Changes nothing (mail scanners open links).
    pub fn unsubscribe_preview(&self, token: &str) -> Result<Option<ReminderKind>> {
        self.store()
            .unsubscribe_token(&token_hash(token))?
            .map(|(_, kind)| kind_of(&kind))
            .transpose()
    }

    /// Turns off the kind of reminder an unsubscribe link names, for its account; the kind,
    /// or `None` for an unknown link.
    pub fn unsubscribe(&self, token: &str) -> Result<Option<ReminderKind>> {
        let done = self
            .store()
            .unsubscribe(&token_hash(token), &Self::now_stamp())?;
        if let Some((user, kind)) = &done {
            tracing::info!(%user, %kind, "reminders turned off by an unsubscribe link");
        }
        done.map(|(_, kind)| kind_of(&kind)).transpose()
    }
}
