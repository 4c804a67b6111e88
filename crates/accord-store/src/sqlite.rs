//! Embedded SQLite: one file, WAL journal, `synchronous=FULL` so an acknowledged append
//! survives power loss. Writers take the lock up front (`BEGIN IMMEDIATE`) so concurrent
//! appends queue instead of failing mid-transaction.

use crate::backend::{Backend, Row, Tx, Value};
use crate::url::Create;
use crate::{Result, StoreError};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{ErrorCode, TransactionBehavior};
use std::path::Path;

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// Applied to every connection. The busy timeout comes first, so that even switching the
/// journal to WAL waits for other processes' locks instead of failing at once.
pub const PRAGMAS: &str = "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
    PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456;";

pub(crate) struct Sqlite {
    path: std::path::PathBuf,
    /// Replaced by a fresh pool when a write meets an unavailable database (see `renew`).
    pool: std::sync::RwLock<Pool>,
}

type Pool = r2d2::Pool<SqliteConnectionManager>;

fn manager(path: &Path) -> SqliteConnectionManager {
    SqliteConnectionManager::file(path).with_init(|c| c.execute_batch(PRAGMAS))
}

fn pool_builder() -> r2d2::Builder<SqliteConnectionManager> {
    r2d2::Pool::builder().max_size(8)
}

fn db_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

fn sql_err(e: rusqlite::Error) -> StoreError {
    let unavailable = |reason| {
        tracing::warn!(error = %e, "the database is unavailable");
        StoreError::Unavailable(reason)
    };
    match e.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StoreError::Duplicate(e.to_string()),
        Some(ErrorCode::DiskFull) => unavailable("the disk holding the database is full"),
        Some(ErrorCode::ReadOnly) => unavailable("the database is read-only just now"),
        Some(ErrorCode::SystemIoFailure) => {
            unavailable("the disk holding the database cannot be read or written")
        }
        Some(ErrorCode::CannotOpen) => unavailable("the database file cannot be opened"),
        _ => db_err(e),
    }
}

impl Sqlite {
    pub fn open(path: &Path, create: Create) -> Result<Self> {
        check_path(path, create)?;
        let manager = manager(path);
        // One connection first, so that a file SQLite cannot open is reported at once with
        // its reason; the pool would retry it until its 30 s connection timeout.
        r2d2::ManageConnection::connect(&manager)
            .map_err(|e| db_err(format!("cannot open {}: {e}", path.display())))?;
        let pool = pool_builder().build(manager).map_err(db_err)?;
        Ok(Self {
            path: path.to_owned(),
            pool: std::sync::RwLock::new(pool),
        })
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<SqliteConnectionManager>> {
        let pool = self.pool.read().unwrap_or_else(|e| e.into_inner()).clone();
        pool.get().map_err(|e| {
            tracing::warn!(error = %e, "no connection to the database");
            StoreError::Unavailable("the database file cannot be opened")
        })
    }

    /// Starts a fresh pool after a write met an unavailable database. SQLite opens a file
    /// read-only when it cannot open it for writing, and every connection of the process to
    /// that file then shares its read-only WAL index for as long as any of them stays open;
    /// so none of the old connections is kept. Once the file system takes writes again, the
    /// next connection can write, and the service recovers by itself.
    fn renew(&self) {
        // Opened on demand, not at once: a connection opened while an old one is still open
        // would share its read-only index.
        let fresh = pool_builder()
            .min_idle(Some(0))
            .build_unchecked(manager(&self.path));
        *self.pool.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    }
}

/// Refuses, at once and naming the problem, a path that cannot be a database file: a
/// directory, a missing file that may not be created, or one under a missing directory.
fn check_path(path: &Path, create: Create) -> Result<()> {
    if path.is_dir() {
        return Err(StoreError::Database(format!(
            "{} is a directory, not a database file; name a file, e.g. sqlite:{}",
            path.display(),
            path.join("accord.db").display()
        )));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if create == Create::MustExist && !path.exists() {
        let missing_dir = dir
            .filter(|d| !d.is_dir())
            .map(|d| format!(" (directory {} does not exist)", d.display()))
            .unwrap_or_default();
        return Err(StoreError::Database(format!(
            "no database at {}{missing_dir}; run `accord migrate` (or `accord demo`) to create it, or set --database",
            path.display()
        )));
    }
    if let Some(dir) = dir {
        if dir.exists() && !dir.is_dir() {
            return Err(StoreError::Database(format!(
                "cannot create {}: {} is not a directory",
                path.display(),
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| db_err(format!("cannot create {}: {e}", dir.display())))?;
    }
    Ok(())
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn query(conn: &rusqlite::Connection, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql).map_err(sql_err)?;
    let width = stmt.column_count();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params))
        .map_err(sql_err)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(sql_err)? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(match row.get_ref(i).map_err(sql_err)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Text(t) => Value::Text(
                    std::str::from_utf8(t)
                        .map_err(|e| db_err(format!("column {i} is not UTF-8 text: {e}")))?
                        .to_owned(),
                ),
                other => {
                    return Err(db_err(format!(
                        "unexpected column type {:?}",
                        other.data_type()
                    )));
                }
            });
        }
        out.push(values);
    }
    Ok(out)
}

impl Backend for Sqlite {
    fn free_bytes(&self) -> Option<u64> {
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty());
        fs4::available_space(dir.unwrap_or(Path::new("."))).ok()
    }

    fn migrate(&self) -> Result<()> {
        embedded::migrations::runner()
            .run(&mut *self.conn()?)
            .map_err(db_err)?;
        Ok(())
    }

    fn read(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        query(&*self.conn()?, sql, params)
    }

    fn write(&self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let mut conn = self.conn()?;
        let outcome = (|| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql_err)?;
            work(&mut SqliteTx(&tx))?;
            tx.commit().map_err(sql_err)
        })();
        if let Err(StoreError::Unavailable(_)) = outcome {
            drop(conn);
            self.renew();
        }
        outcome
    }
}

struct SqliteTx<'a>(&'a rusqlite::Transaction<'a>);

impl Tx for SqliteTx<'_> {
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        query(self.0, sql, params)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut stmt = self.0.prepare_cached(sql).map_err(sql_err)?;
        Ok(stmt
            .execute(rusqlite::params_from_iter(params))
            .map_err(sql_err)? as u64)
    }
}
