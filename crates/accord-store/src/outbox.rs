//! The outbox of e-mailed reminders: reconciled with the planned set inside the append's
//! transaction, claimed atomically by one worker at a time, and delivered at most once per
//! recipient (a delivery row per recipient, keyed by the pair). Times are RFC 3339 in UTC,
//! whole seconds, so they compare as text in both databases.

use crate::backend::{Columns, Row, Tx};
use crate::{Result, Store};
use std::collections::{HashMap, HashSet};

/// Planned, not yet sent.
pub const PENDING: &str = "pending";
/// Claimed by a worker; `next_attempt_at` is the end of its lease.
pub const SENDING: &str = "sending";
/// Every recipient was served.
pub const SENT: &str = "sent";
/// No SMTP relay was configured: written to the log instead, and kept.
pub const LOGGED: &str = "logged";
/// No longer planned (the deadline moved or closed, the debrief came in, the case closed).
pub const CANCELLED: &str = "cancelled";
/// Given up after repeated failures.
pub const FAILED: &str = "failed";

/// A reminder the case should have, as the application planned it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    /// Unique within the case; the same reminder planned again has the same key.
    pub reminder_key: String,
    /// Who may receive it: the event envelope's audience JSON.
    pub audience: String,
    pub send_at: String,
    pub subject: String,
    pub body: String,
}

/// A row of the outbox as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: String,
    pub case_id: String,
    pub reminder_key: String,
    pub audience: String,
    pub send_at: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: u32,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// How many recipients it reached (or may have: see `unconfirmed`).
    pub deliveries: u64,
    /// Of those, how many were being sent when a process stopped: the relay may or may not
    /// have taken the message, so it is not sent again.
    pub unconfirmed: u64,
}

/// One recipient served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRow {
    pub user_id: String,
    pub email: String,
    pub delivered_at: String,
    /// False while (or since a stop while) it was being sent.
    pub confirmed: bool,
}

const ENTRY_COLUMNS: &str = "o.id, o.case_id, o.reminder_key, o.audience, o.send_at, o.subject, o.body, \
    o.status, o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at, \
    (SELECT COUNT(*) FROM outbox_deliveries d WHERE d.outbox_id = o.id), \
    (SELECT COUNT(*) FROM outbox_deliveries d WHERE d.outbox_id = o.id AND d.confirmed = 0)";

// SQLite numbers `$n` parameters in the order they first appear: keep them ascending.
const INSERT: &str = "INSERT INTO outbox (id, case_id, reminder_key, audience, send_at, subject, body, \
    status, attempts, next_attempt_at, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $5, $8) \
    ON CONFLICT (case_id, reminder_key) DO NOTHING";

const REVIVE: &str = "UPDATE outbox SET status = 'pending', attempts = 0, last_error = NULL, \
    audience = $1, send_at = $2, next_attempt_at = $2, subject = $3, body = $4 \
    WHERE case_id = $5 AND reminder_key = $6 AND status = 'cancelled'";

const CANCEL: &str = "UPDATE outbox SET status = 'cancelled' \
    WHERE case_id = $1 AND reminder_key = $2 AND status = 'pending'";

fn entry(row: Row) -> Result<OutboxEntry> {
    let mut c = Columns(row);
    Ok(OutboxEntry {
        id: c.text(0)?,
        case_id: c.text(1)?,
        reminder_key: c.text(2)?,
        audience: c.text(3)?,
        send_at: c.text(4)?,
        subject: c.text(5)?,
        body: c.text(6)?,
        status: c.text(7)?,
        attempts: c.int(8)? as u32,
        next_attempt_at: c.text(9)?,
        last_error: c.opt_text(10)?,
        created_at: c.text(11)?,
        sent_at: c.opt_text(12)?,
        deliveries: c.int(13)? as u64,
        unconfirmed: c.int(14)? as u64,
    })
}

/// Brings the case's outbox in line with `planned`, inside the caller's transaction: a new
/// key is inserted, a cancelled one planned again is pending again, a pending one no longer
/// planned is cancelled. Rows being sent, sent, logged or failed are never changed.
pub(crate) fn reconcile(
    tx: &mut dyn Tx,
    case_id: &str,
    planned: &[OutboxRow],
    now: &str,
) -> Result<()> {
    let stored: HashMap<String, String> = tx
        .query(
            "SELECT reminder_key, status FROM outbox WHERE case_id = $1",
            &[case_id.into()],
        )?
        .into_iter()
        .map(|r| {
            let mut c = Columns(r);
            Ok((c.text(0)?, c.text(1)?))
        })
        .collect::<Result<_>>()?;
    for row in planned {
        match stored.get(&row.reminder_key).map(String::as_str) {
            None => {
                tx.execute(
                    INSERT,
                    &[
                        uuid::Uuid::now_v7().to_string().into(),
                        case_id.into(),
                        (&row.reminder_key).into(),
                        (&row.audience).into(),
                        (&row.send_at).into(),
                        (&row.subject).into(),
                        (&row.body).into(),
                        now.into(),
                    ],
                )?;
            }
            Some(CANCELLED) => {
                tx.execute(
                    REVIVE,
                    &[
                        (&row.audience).into(),
                        (&row.send_at).into(),
                        (&row.subject).into(),
                        (&row.body).into(),
                        case_id.into(),
                        (&row.reminder_key).into(),
                    ],
                )?;
            }
            Some(_) => {}
        }
    }
    let keep: HashSet<&str> = planned.iter().map(|r| r.reminder_key.as_str()).collect();
    for (key, status) in &stored {
        if status == PENDING && !keep.contains(key.as_str()) {
            tx.execute(CANCEL, &[case_id.into(), key.into()])?;
        }
    }
    Ok(())
}

impl Store {
    /// Rows whose time has come (`now` or earlier): pending ones, and claims whose lease ran
    /// out (a worker stopped mid-way), oldest first.
    pub fn due_outbox(&self, now: &str, limit: u64) -> Result<Vec<OutboxEntry>> {
        self.backend
            .read(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM outbox o WHERE (o.status = 'pending' OR o.status = 'sending') \
                     AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at, o.id LIMIT $2"
                ),
                &[now.into(), limit.into()],
            )?
            .into_iter()
            .map(entry)
            .collect()
    }

    /// Claims a due row for delivery until `lease_until`. True for exactly one of any number
    /// of workers trying at once: the update is conditional on the row still being due.
    pub fn claim_outbox(&self, id: &str, now: &str, lease_until: &str) -> Result<bool> {
        let mut claimed = 0;
        self.backend.write(&mut |tx| {
            claimed = tx.execute(
                "UPDATE outbox SET status = 'sending', next_attempt_at = $1 WHERE id = $2 \
                 AND next_attempt_at <= $3 AND (status = 'pending' OR status = 'sending')",
                &[lease_until.into(), id.into(), now.into()],
            )?;
            Ok(())
        })?;
        Ok(claimed == 1)
    }

    /// Claims the delivery to `user_id` before the message goes to the relay; false if it
    /// is claimed or done already (by another worker, or before a stop), so that nothing is
    /// sent twice.
    pub fn begin_delivery(&self, id: &str, user_id: &str, email: &str, at: &str) -> Result<bool> {
        let mut inserted = 0;
        self.backend.write(&mut |tx| {
            inserted = tx.execute(
                "INSERT INTO outbox_deliveries (outbox_id, user_id, email, delivered_at, confirmed) \
                 VALUES ($1, $2, $3, $4, 0) ON CONFLICT (outbox_id, user_id) DO NOTHING",
                &[id.into(), user_id.into(), email.into(), at.into()],
            )?;
            Ok(())
        })?;
        Ok(inserted == 1)
    }

    /// Records that `user_id` received the reminder (confirming its claim, if one was made);
    /// false if that was recorded already.
    pub fn record_delivery(&self, id: &str, user_id: &str, email: &str, at: &str) -> Result<bool> {
        let mut changed = 0;
        self.backend.write(&mut |tx| {
            changed = tx.execute(
                "INSERT INTO outbox_deliveries (outbox_id, user_id, email, delivered_at, confirmed) \
                 VALUES ($1, $2, $3, $4, 1) ON CONFLICT (outbox_id, user_id) DO UPDATE \
                 SET confirmed = 1, delivered_at = excluded.delivered_at \
                 WHERE outbox_deliveries.confirmed = 0",
                &[id.into(), user_id.into(), email.into(), at.into()],
            )?;
            Ok(())
        })?;
        Ok(changed == 1)
    }

    /// Gives up a claim whose message the relay refused (or that was only logged): a later
    /// attempt may send it.
    pub fn abandon_delivery(&self, id: &str, user_id: &str) -> Result<()> {
        self.backend.write(&mut |tx| {
            tx.execute(
                "DELETE FROM outbox_deliveries WHERE outbox_id = $1 AND user_id = $2 AND confirmed = 0",
                &[id.into(), user_id.into()],
            )?;
            Ok(())
        })
    }

    /// Who received the reminder so far.
    pub fn outbox_deliveries(&self, id: &str) -> Result<Vec<DeliveryRow>> {
        self.backend
            .read(
                "SELECT user_id, email, delivered_at, confirmed FROM outbox_deliveries WHERE outbox_id = $1 ORDER BY delivered_at, user_id",
                &[id.into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(DeliveryRow {
                    user_id: c.text(0)?,
                    email: c.text(1)?,
                    delivered_at: c.text(2)?,
                    confirmed: c.int(3)? != 0,
                })
            })
            .collect()
    }

    /// Ends a claimed row: `SENT` or `LOGGED`. False if the row was not claimed.
    pub fn finish_outbox(&self, id: &str, status: &str, at: &str) -> Result<bool> {
        let mut done = 0;
        self.backend.write(&mut |tx| {
            done = tx.execute(
                "UPDATE outbox SET status = $1, sent_at = $2, last_error = NULL \
                 WHERE id = $3 AND status = 'sending'",
                &[status.into(), at.into(), id.into()],
            )?;
            Ok(())
        })?;
        Ok(done == 1)
    }

    /// Returns a claimed row after a failed attempt: `PENDING` again from `next_attempt_at`,
    /// or `FAILED` for good.
    pub fn retry_outbox(
        &self,
        id: &str,
        status: &str,
        attempts: u32,
        next_attempt_at: &str,
        error: &str,
    ) -> Result<bool> {
        let mut done = 0;
        self.backend.write(&mut |tx| {
            done = tx.execute(
                "UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4 \
                 WHERE id = $5 AND status = 'sending'",
                &[
                    status.into(),
                    i64::from(attempts).into(),
                    next_attempt_at.into(),
                    error.into(),
                    id.into(),
                ],
            )?;
            Ok(())
        })?;
        Ok(done == 1)
    }

    /// The whole outbox, or one case's, soonest first.
    pub fn outbox(&self, case_id: Option<&str>) -> Result<Vec<OutboxEntry>> {
        let order = "ORDER BY o.send_at, o.case_id, o.reminder_key";
        let rows = match case_id {
            Some(case) => self.backend.read(
                &format!("SELECT {ENTRY_COLUMNS} FROM outbox o WHERE o.case_id = $1 {order}"),
                &[case.into()],
            )?,
            None => self.backend.read(
                &format!("SELECT {ENTRY_COLUMNS} FROM outbox o {order}"),
                &[],
            )?,
        };
        rows.into_iter().map(entry).collect()
    }
}
