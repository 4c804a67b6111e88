//! Who has read a case, who opened which sensitive record, and ending every credential of an
//! account at once.

use crate::backend::Columns;
use crate::{Result, Store};

/// One opening of a sensitive record, as the append-only log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SensitiveRead {
    pub user_id: String,
    /// The record's stored form (`SensitiveRecord`'s `Display`).
    pub record: String,
    /// The route it was opened by, e.g. `case view`.
    pub via: String,
    pub read_at: String,
}

/// A member's first read of a case's records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstRead {
    pub user_id: String,
    pub first_read_at: String,
}

impl Store {
    /// Notes that `user_id` read the case at `now`, unless an earlier read is noted.
    /// Returns whether this was the first.
    pub fn note_read(&self, case_id: &str, user_id: &str, now: &str) -> Result<bool> {
        Ok(self.one_statement(
            "INSERT INTO case_reads (case_id, user_id, first_read_at) VALUES ($1, $2, $3) \
             ON CONFLICT (case_id, user_id) DO NOTHING",
            &[case_id.into(), user_id.into(), now.into()],
        )? == 1)
    }

    /// Appends one entry per record that `user_id` opened by `via` at `now`, in one transaction.
    pub fn log_sensitive_reads(
        &self,
        case_id: &str,
        user_id: &str,
        records: &[String],
        via: &str,
        now: &str,
    ) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        self.backend.write(&mut |tx| {
            for record in records {
                tx.execute(
                    "INSERT INTO sensitive_reads (case_id, user_id, record, via, read_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                    &[
                        case_id.into(),
                        user_id.into(),
                        record.as_str().into(),
                        via.into(),
                        now.into(),
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// The latest `limit` openings of the case's sensitive records before `before` (all of
    /// them without it), newest first. A page never splits the entries of one instant, so
    /// asking again with the last entry's `read_at` as `before` misses none.
    pub fn sensitive_reads(
        &self,
        case_id: &str,
        before: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SensitiveRead>> {
        let before = before.unwrap_or("~");
        let limit = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
        self.backend
            .read(
                "SELECT user_id, record, via, read_at FROM sensitive_reads \
                 WHERE case_id = $1 AND read_at < $2 AND read_at >= COALESCE( \
                     (SELECT read_at FROM sensitive_reads WHERE case_id = $1 AND read_at < $2 \
                      ORDER BY read_at DESC LIMIT 1 OFFSET $3), '') \
                 ORDER BY read_at DESC, id DESC",
                &[case_id.into(), before.into(), (limit - 1).into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(SensitiveRead {
                    user_id: c.text(0)?,
                    record: c.text(1)?,
                    via: c.text(2)?,
                    read_at: c.text(3)?,
                })
            })
            .collect()
    }

    /// Every member's first read of a case, oldest first.
    pub fn first_reads(&self, case_id: &str) -> Result<Vec<FirstRead>> {
        self.backend
            .read(
                "SELECT user_id, first_read_at FROM case_reads WHERE case_id = $1 \
                 ORDER BY first_read_at, user_id",
                &[case_id.into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(FirstRead {
                    user_id: c.text(0)?,
                    first_read_at: c.text(1)?,
                })
            })
            .collect()
    }

    /// Ends every way an account is signed in, in one transaction: its sessions, API tokens,
    /// calendar feed URLs and unused sign-in links. Returns how many sessions ended.
    pub fn revoke_all_credentials(&self, user_id: &str, now: &str) -> Result<u64> {
        let mut sessions = 0;
        self.backend.write(&mut |tx| {
            sessions = tx.execute(
                "DELETE FROM login_sessions WHERE user_id = $1",
                &[user_id.into()],
            )?;
            for table in ["api_tokens", "calendar_feeds"] {
                tx.execute(
                    &format!(
                        "UPDATE {table} SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL"
                    ),
                    &[now.into(), user_id.into()],
                )?;
            }
            tx.execute(
                "UPDATE sign_in_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
                &[now.into(), user_id.into()],
            )?;
            Ok(())
        })?;
        Ok(sessions)
    }
}
