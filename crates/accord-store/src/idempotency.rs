//! `Idempotency-Key` records: the first answer to a request, replayed on retries. A key is
//! bound to the request it first came with (a hash of method, path and body), so a key reused
//! for another request is refused rather than answered with the first one's result.

use crate::backend::Columns;
use crate::{Result, Store, StoreError};

/// What to do with a request carrying an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// First time: process it, then `finish_idempotent`.
    Proceed,
    /// Answered before: replay this.
    Replay { status: u16, body: String },
    /// The first request with this key is still being processed.
    InProgress,
    /// The key was first used with another request.
    OtherRequest,
}

impl Store {
    /// Claims an idempotency key for a user and request, or reports the earlier answer.
    pub fn begin_idempotent(
        &self,
        user_id: &str,
        key: &str,
        request_hash: &str,
        now: &str,
    ) -> Result<Idempotency> {
        let claimed = self.one_statement(
            "INSERT INTO idempotency (user_id, key, status, body, created_at, request_hash) \
             VALUES ($1, $2, 0, '', $3, $4) ON CONFLICT (user_id, key) DO NOTHING",
            &[user_id.into(), key.into(), now.into(), request_hash.into()],
        )?;
        if claimed == 1 {
            return Ok(Idempotency::Proceed);
        }
        let rows = self.backend.read(
            "SELECT status, body, request_hash FROM idempotency WHERE user_id = $1 AND key = $2",
            &[user_id.into(), key.into()],
        )?;
        let row = rows
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Database("idempotency record vanished".into()))?;
        let mut c = Columns(row);
        let (status, body, hash) = (c.int(0)?, c.text(1)?, c.text(2)?);
        Ok(match status {
            _ if hash != request_hash => Idempotency::OtherRequest,
            0 => Idempotency::InProgress,
            status => Idempotency::Replay {
                status: status as u16,
                body,
            },
        })
    }

    pub fn finish_idempotent(
        &self,
        user_id: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        self.one_statement(
            "UPDATE idempotency SET status = $1, body = $2 WHERE user_id = $3 AND key = $4",
            &[
                i64::from(status).into(),
                body.into(),
                user_id.into(),
                key.into(),
            ],
        )?;
        Ok(())
    }

    /// Forgets a claimed key whose request failed before it had an answer worth replaying.
    pub fn abandon_idempotent(&self, user_id: &str, key: &str) -> Result<()> {
        self.one_statement(
            "DELETE FROM idempotency WHERE user_id = $1 AND key = $2 AND status = 0",
            &[user_id.into(), key.into()],
        )?;
        Ok(())
    }
}
