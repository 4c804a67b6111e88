//! Outgoing e-mail over SMTP (lettre). `ACCORD_SMTP_URL` names the relay, e.g.
//! `smtp://127.0.0.1:25` (a local mail server) or `smtp://user:pass@relay:587?tls=required`;
//! with none set, messages are written to the log instead, so a development setup works.

use crate::error::{AppError, Result};
use lettre::message::Mailbox;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::{Message, SmtpTransport, Transport};

pub struct Mailer {
    transport: Option<SmtpTransport>,
    from: Mailbox,
}

/// What happened to a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// No SMTP relay is configured: the message is in the log.
    Logged,
}

impl Mailer {
    /// `smtp_url`: the relay, or `None` to log messages. `from`: e.g. `Accord <accord@example.org>`.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self> {
        let transport = smtp_url
            .map(|url| SmtpTransport::from_url(url).map(|b| b.build()))
            .transpose()
            .map_err(|e| AppError::Invalid {
                field: "ACCORD_SMTP_URL",
                message: format!("not an SMTP URL: {e}"),
            })?;
        let from = from.parse().map_err(|e| AppError::Invalid {
            field: "ACCORD_MAIL_FROM",
            message: format!("not a mailbox: {e}"),
        })?;
        Ok(Self { transport, from })
    }

    /// The same relay, sending from the bare address: no display name ("Accord") on a
    /// message to someone whose safe contact asks for discretion. (The address itself is the
    /// operator's to choose: `ACCORD_MAIL_FROM`.)
    pub fn without_name(&self) -> Self {
        Self {
            transport: self.transport.clone(),
            from: Mailbox::new(None, self.from.email.clone()),
        }
    }

    /// Logs instead of sending.
    pub fn log_only() -> Self {
        Self::new(None, "Accord <accord@localhost>").expect("a valid mailbox")
    }

    pub fn send(&self, to: &str, subject: &str, body: String) -> Result<Delivery> {
        self.send_with_headers(to, subject, body, Vec::new())
    }

    /// Sends a message that `unsubscribe_url` unsubscribes from: its `List-Unsubscribe` and
    /// `List-Unsubscribe-Post` headers (RFC 8058) let a mail client do so in one click, by
    /// POSTing `List-Unsubscribe=One-Click` to the URL.
    pub fn send_unsubscribable(
        &self,
        to: &str,
        subject: &str,
        body: String,
        unsubscribe_url: &str,
    ) -> Result<Delivery> {
        let headers = vec![
            HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{unsubscribe_url}>"),
            ),
            HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ),
        ];
        self.send_with_headers(to, subject, body, headers)
    }

    fn send_with_headers(
        &self,
        to: &str,
        subject: &str,
        body: String,
        headers: Vec<HeaderValue>,
    ) -> Result<Delivery> {
        let to: Mailbox = to.parse().map_err(|e| AppError::Invalid {
            field: "email",
            message: format!("cannot send to {to}: {e}"),
        })?;
        let Some(transport) = &self.transport else {
            tracing::warn!(to = %to, subject, body = %body, "no ACCORD_SMTP_URL: e-mail written to the log, not sent");
            return Ok(Delivery::Logged);
        };
        let message = headers
            .into_iter()
            .fold(Message::builder(), |builder, h| builder.raw_header(h))
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .body(body)
            .map_err(|e| AppError::Invalid {
                field: "email",
                message: e.to_string(),
            })?;
        transport.send(&message).map_err(|e| {
            tracing::error!(error = %e, "SMTP delivery failed");
            AppError::MailFailed
        })?;
        Ok(Delivery::Sent)
    }
}

/// The subject of a sign-in link to an account that asked for discretion.
pub const DISCREET_SIGN_IN_SUBJECT: &str = "Your sign-in link";

/// E-mails `email` a single-use sign-in link, if an account has that address. Failures are
/// logged, never reported: the caller's answer must not tell whether the account exists.
pub fn send_sign_in_link(
    accounts: &crate::accounts::Accounts,
    mailer: &Mailer,
    public_url: &str,
    email: &str,
) {
    let sent = accounts.create_sign_in_link(email).and_then(|found| match found {
        None => Ok(()),
        Some((user, token)) => {
            let link = format!("{}/sign-in?token={token}", public_url.trim_end_matches('/'));
            if crate::reminder_recipients::account_is_discreet(accounts.store(), &user.id)? {
                let text = format!(
                    "Hello,\n\nUse this link to sign in. It works once, within 15 minutes:\n\n{link}\n\n\
                     If you did not ask for it, you can ignore this message.\n"
                );
                return mailer
                    .without_name()
                    .send(&user.email, DISCREET_SIGN_IN_SUBJECT, text)
                    .map(|_| ());
            }
            let text = format!(
                "Hello {},\n\nSign in to Accord with this link. It works once, within 15 minutes:\n\n{link}\n\n\
                 If you did not ask for it, you can ignore this message.\n",
                user.name
            );
            mailer
                .send(&user.email, "Your Accord sign-in link", text)
                .map(|_| ())
        }
    });
    if let Err(e) = sent {
        tracing::error!(error = %e, "sign-in link not sent");
    }
}
