//! Accord's event store. One `Store` over two backends — embedded SQLite (the default) and
//! PostgreSQL — chosen once from the database URL. Every query is written once, in SQL both
//! accept (`$n` placeholders, `ON CONFLICT`); the backends supply only connections,
//! transactions and value conversion.

mod access_log;
mod account_settings;
mod accounts;
mod backend;
pub mod backup;
mod calendar_feeds;
pub mod case_counts;
pub mod case_list;
pub mod erasure;
mod events;
mod idempotency;
pub mod outbox;
mod postgres;
pub mod read_models;
mod readiness;
mod reminder_preferences;
pub mod scratch;
mod sqlite;
mod url;

use backend::Backend;

pub use access_log::{FirstRead, SensitiveRead};
pub use account_settings::{LoginSessionRow, SESSION_ID_LEN};
pub use accounts::{InvitationRow, MembershipRow, SessionTimes, TokenRow, UserRow};
pub use calendar_feeds::CalendarFeedRow;
pub use case_counts::CaseCounts;
pub use case_list::{CaseFilter, CasePage, DueFilter, ListCursor, Lister};
pub use idempotency::{Idempotency, RequestMarker, within as within_request};
pub use outbox::{DeliveryRow, OutboxEntry, OutboxRow};
pub use read_models::{Derived, DueRow, FiguresGroup, StoredDue};
pub use url::{Create, DatabaseUrl};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no case {0}")]
    NotFound(String),
    #[error(
        "the case has changed since event {expected} (now at {current}); reload it and try again"
    )]
    Conflict { expected: u64, current: u64 },
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("refused: {0}")]
    Integrity(String),
    #[error("database: {0}")]
    Database(String),
    /// The database cannot do this just now — its disk is full, it is read-only, or it does
    /// not answer — and nothing was written: the same request may be tried again once it is
    /// back. The reason is one of a few fixed sentences, safe to show anyone.
    #[error("{0}")]
    Unavailable(&'static str),
    #[error("this request was already carried out under its Idempotency-Key")]
    AlreadyApplied,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A handle on the database: cheap to clone, the clones share one connection pool.
#[derive(Clone)]
pub struct Store {
    backend: std::sync::Arc<dyn Backend>,
    url: DatabaseUrl,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("url", &self.url).finish()
    }
}

impl Store {
    /// Connects and brings the schema up to date.
    pub fn open(url: &DatabaseUrl, create: Create) -> Result<Self> {
        let backend: std::sync::Arc<dyn Backend> = match url {
            DatabaseUrl::Sqlite { path } => {
                std::sync::Arc::new(sqlite::Sqlite::open(path, create)?)
            }
            DatabaseUrl::Postgres { .. } => {
                std::sync::Arc::new(postgres::Postgres::open(url.as_str())?)
            }
        };
        backend.migrate()?;
        let store = Self {
            backend,
            url: url.clone(),
        };
        store.backfill_case_index()?;
        Ok(store)
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }
}
