//! `Idempotency-Key` records: the first answer to a request, replayed on retries. A key is
//! bound to the request it first came with (a hash of method, path and body), so a key reused
//! for another request is refused rather than answered with the first one's result.
//!
//! A server can stop between committing a command's events and keeping its answer. So each
//! claim is an *attempt* (this process's boot id and a fresh id), and the append that carries
//! out the request marks the key applied in its own transaction — only if no other attempt has
//! (`within` puts the request's marker where the append finds it). A retry after a restart
//! then learns the request was carried out (`Applied`), or, if it was not, takes the key over
//! and runs it: at most one attempt's events are ever committed.

use crate::backend::{Columns, Tx};
use crate::{Result, Store, StoreError};
use std::cell::RefCell;
use std::sync::OnceLock;

/// What to do with a request carrying an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// First time (or the first attempt's process is gone and it committed nothing): process
    /// it as this attempt, then `finish_idempotent`.
    Proceed { attempt: String },
    /// Answered before: replay this.
    Replay { status: u16, body: String },
    /// Carried out (its events end at `seq` of `case_id`), but the server stopped before it
    /// kept the answer.
    Applied { case_id: String, seq: u64 },
    /// The first request with this key is still being processed.
    InProgress,
    /// The key was first used with another request.
    OtherRequest,
}

/// The request being carried out: the key it claimed, and which attempt this is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMarker {
    pub user_id: String,
    pub key: String,
    pub attempt: String,
}

thread_local! {
    static CURRENT: RefCell<Option<RequestMarker>> = const { RefCell::new(None) };
}

/// Runs `work` with `marker` as the request being carried out on this thread: an append in
/// it marks the key applied, or is refused if another attempt already was.
pub fn within<T>(marker: Option<RequestMarker>, work: impl FnOnce() -> T) -> T {
    let before = CURRENT.with(|c| c.replace(marker));
    let out = work();
    CURRENT.with(|c| *c.borrow_mut() = before);
    out
}

/// This process's id, the prefix of its attempts.
fn boot() -> &'static str {
    static BOOT: OnceLock<String> = OnceLock::new();
    BOOT.get_or_init(|| uuid::Uuid::new_v4().simple().to_string())
}

/// The (account, key) pairs whose attempt is running in this process now. A claim of this
/// process that is not among them was left behind by a request that failed while the database
/// could not even forget it (an outage), and is taken over like a stopped process's.
fn running() -> std::sync::MutexGuard<'static, std::collections::HashSet<(String, String)>> {
    static RUNNING: OnceLock<std::sync::Mutex<std::collections::HashSet<(String, String)>>> =
        OnceLock::new();
    RUNNING
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn started(user_id: &str, key: &str, attempt: String) -> Idempotency {
    running().insert((user_id.to_owned(), key.to_owned()));
    Idempotency::Proceed { attempt }
}

fn stopped(user_id: &str, key: &str) {
    running().remove(&(user_id.to_owned(), key.to_owned()));
}

fn new_attempt() -> String {
    format!("{}/{}", boot(), uuid::Uuid::new_v4().simple())
}

/// Inside an append's transaction: marks the current request (if any) applied at `case_id`,
/// `seq`; `AlreadyApplied` (rolling the append back) if another attempt was applied first.
pub(crate) fn mark_applied(tx: &mut dyn Tx, case_id: &str, seq: u64) -> Result<()> {
    let Some(m) = CURRENT.with(|c| c.borrow().clone()) else {
        return Ok(());
    };
    let marked = tx.execute(
        "UPDATE idempotency SET applied_case = $1, applied_seq = $2, applied_by = $3 \
         WHERE user_id = $4 AND key = $5 AND (applied_by IS NULL OR applied_by = $3)",
        &[
            case_id.into(),
            (seq as i64).into(),
            m.attempt.as_str().into(),
            m.user_id.as_str().into(),
            m.key.as_str().into(),
        ],
    )?;
    if marked == 1 {
        Ok(())
    } else {
        Err(StoreError::AlreadyApplied)
    }
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
        let attempt = new_attempt();
        let claimed = self.one_statement(
            "INSERT INTO idempotency (user_id, key, status, body, created_at, request_hash, attempt) \
             VALUES ($1, $2, 0, '', $3, $4, $5) ON CONFLICT (user_id, key) DO NOTHING",
            &[
                user_id.into(),
                key.into(),
                now.into(),
                request_hash.into(),
                attempt.as_str().into(),
            ],
        )?;
        if claimed == 1 {
            return Ok(started(user_id, key, attempt));
        }
        let rows = self.backend.read(
            "SELECT status, body, request_hash, attempt, applied_case, applied_seq \
             FROM idempotency WHERE user_id = $1 AND key = $2",
            &[user_id.into(), key.into()],
        )?;
        let row = rows
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Database("idempotency record vanished".into()))?;
        let mut c = Columns(row);
        let (status, body, hash) = (c.int(0)?, c.text(1)?, c.text(2)?);
        let (first, applied_case, applied_seq) = (c.text(3)?, c.opt_text(4)?, c.opt_int(5)?);
        if hash != request_hash {
            return Ok(Idempotency::OtherRequest);
        }
        if status != 0 {
            return Ok(Idempotency::Replay {
                status: status as u16,
                body,
            });
        }
        if let (Some(case_id), Some(seq)) = (applied_case, applied_seq) {
            return Ok(Idempotency::Applied {
                case_id,
                seq: seq as u64,
            });
        }
        if first.starts_with(boot()) && running().contains(&(user_id.to_owned(), key.to_owned())) {
            return Ok(Idempotency::InProgress);
        }
        // Begun by a process that has stopped (or another node), or left behind here by an
        // outage, and nothing committed yet: take it over. Should the first attempt still commit, ours is refused, or the reverse.
        let taken = self.one_statement(
            "UPDATE idempotency SET attempt = $1 WHERE user_id = $2 AND key = $3 \
             AND status = 0 AND applied_by IS NULL AND attempt = $4",
            &[
                attempt.as_str().into(),
                user_id.into(),
                key.into(),
                first.as_str().into(),
            ],
        )?;
        Ok(if taken == 1 {
            started(user_id, key, attempt)
        } else {
            Idempotency::InProgress
        })
    }

    /// Keeps `attempt`'s answer, unless another attempt was the one applied.
    pub fn finish_idempotent(
        &self,
        user_id: &str,
        key: &str,
        attempt: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        stopped(user_id, key);
        self.one_statement(
            "UPDATE idempotency SET status = $1, body = $2 WHERE user_id = $3 AND key = $4 \
             AND status = 0 AND (applied_by IS NULL OR applied_by = $5)",
            &[
                i64::from(status).into(),
                body.into(),
                user_id.into(),
                key.into(),
                attempt.into(),
            ],
        )?;
        Ok(())
    }

    /// Forgets a claimed key whose request failed before it had an answer worth replaying —
    /// unless it was carried out, which a retry must then learn.
    pub fn abandon_idempotent(&self, user_id: &str, key: &str) -> Result<()> {
        stopped(user_id, key);
        self.one_statement(
            "DELETE FROM idempotency WHERE user_id = $1 AND key = $2 AND status = 0 \
             AND applied_by IS NULL",
            &[user_id.into(), key.into()],
        )?;
        Ok(())
    }
}
