//! Erasure (GDPR Art. 17) in the store: an erasure's events appended with the redacted
//! payloads put in place in the same transaction, and an account's own rows forgotten.

use crate::backend::Value;
use crate::case_counts::Moves;
use crate::events::{append_in, checked};
use crate::{Result, Store, StoreError};
use accord_core::case::CaseMetadata;
use accord_core::chain::RawEvent;

/// Only the payload changes, and only on the event sealed with the digest the erasure names.
const REDACT_PAYLOAD: &str =
    "UPDATE events SET payload = $1 WHERE case_id = $2 AND seq = $3 AND payload_digest = $4";

/// A reminder of the case (sent or not) with the erased person's name taken out of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedactedReminder {
    pub id: String,
    pub subject: String,
    pub body: String,
}

/// What an erased account's rows read instead of its e-mail address and name.
pub const ERASED_NAME: &str = "[erased]";

/// The e-mail address an erased account keeps (unique, and never one anyone can receive at:
/// `.invalid` is reserved, RFC 2606).
pub fn erased_email(user_id: &str) -> String {
    format!("erased-{user_id}@erased.invalid")
}

/// The account's own rows that can do something for it or reach it: all removed.
const FORGET: &[&str] = &[
    "DELETE FROM login_sessions WHERE user_id = $1",
    "DELETE FROM api_tokens WHERE user_id = $1",
    "DELETE FROM sign_in_links WHERE user_id = $1",
    "DELETE FROM calendar_feeds WHERE user_id = $1",
    "DELETE FROM reminder_preferences WHERE user_id = $1",
    "DELETE FROM unsubscribe_tokens WHERE user_id = $1",
    "DELETE FROM idempotency WHERE user_id = $1",
];

impl Store {
    /// Appends an erasure's events (decided on the case at `expected`, read models derived
    /// from the state after it), puts each event of `rewritten` in place — its payload
    /// replaced where its sequence number and the digest it was sealed with match — and the
    /// case's reminders' redacted texts. All in one transaction; `Integrity` (nothing
    /// written) if an event to rewrite is not there.
    pub fn append_erasing(
        &self,
        expected: u64,
        events: &[RawEvent],
        metadata: &CaseMetadata,
        derived: &crate::read_models::Derived,
        rewritten: &[RawEvent],
        reminders: &[RedactedReminder],
    ) -> Result<()> {
        let Some(index) = checked(expected, events, metadata)? else {
            return Ok(());
        };
        self.backend.write(&mut |tx| {
            let mut moves = Moves::default();
            append_in(tx, expected, events, &index, Some(derived), &mut moves)?;
            for raw in rewritten {
                let changed = tx.execute(
                    REDACT_PAYLOAD,
                    &[
                        raw.payload.as_str().into(),
                        raw.case_id.as_str().into(),
                        raw.seq.into(),
                        raw.payload_digest.as_str().into(),
                    ],
                )?;
                if changed != 1 {
                    return Err(StoreError::Integrity(format!(
                        "event {} of case {} is not the one the erasure was planned on",
                        raw.seq, raw.case_id
                    )));
                }
            }
            for r in reminders {
                tx.execute(
                    "UPDATE outbox SET subject = $1, body = $2 WHERE id = $3 AND case_id = $4",
                    &[
                        r.subject.as_str().into(),
                        r.body.as_str().into(),
                        r.id.as_str().into(),
                        events[0].case_id.as_str().into(),
                    ],
                )?;
            }
            moves.write(tx)
        })
    }

    /// Forgets an account: its e-mail address and name replaced, no password, and every
    /// session, API token, sign-in link, calendar feed, reminder choice, unsubscribe link,
    /// remembered answer and unused invitation to its address removed; the deliveries of
    /// reminders to it keep when they were sent, not where. Its memberships stay, so that its
    /// place in each case's record (already erased there) still reads as one person.
    pub fn erase_account(&self, user_id: &str) -> Result<()> {
        let marker = erased_email(user_id);
        self.backend.write(&mut |tx| {
            let rows = tx.query("SELECT email FROM users WHERE id = $1", &[user_id.into()])?;
            let Some(Value::Text(email)) =
                rows.into_iter().next().and_then(|r| r.into_iter().next())
            else {
                return Err(StoreError::NotFound(format!("account {user_id}")));
            };
            for sql in FORGET {
                tx.execute(sql, &[user_id.into()])?;
            }
            tx.execute(
                "DELETE FROM invitations WHERE email = $1 AND used_at IS NULL",
                &[email.as_str().into()],
            )?;
            tx.execute(
                "UPDATE outbox_deliveries SET email = $1 WHERE user_id = $2",
                &[marker.as_str().into(), user_id.into()],
            )?;
            tx.execute(
                "UPDATE users SET email = $1, name = $2, password_hash = NULL WHERE id = $3",
                &[marker.as_str().into(), ERASED_NAME.into(), user_id.into()],
            )?;
            Ok(())
        })
    }
}
