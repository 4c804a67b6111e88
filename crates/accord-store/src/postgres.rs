//! PostgreSQL, for a service with many users. Two appends racing on one case both try to
//! insert the same `(case_id, seq)`; the primary key lets exactly one commit.
//!
//! Each pooled connection keeps its prepared statements by SQL text, so a statement is parsed
//! and planned once per connection, not on every use (which cost a round trip to prepare and
//! the server's parse and plan each time); and a connection used within the last second is
//! handed out without a round trip to check it. Only how a query is sent is kept: every
//! answer is read from the database.

use crate::backend::{Backend, Row, Tx, Value};
use crate::{Result, StoreError};
use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, GenericClient, NoTls, Statement};
use r2d2_postgres::PostgresConnectionManager;
use std::collections::HashMap;
use std::time::{Duration, Instant};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

pub(crate) struct Postgres {
    pool: r2d2::Pool<Manager>,
}

/// A connection and the statements prepared on it, by SQL text.
pub(crate) struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
    last_used: Instant,
}

/// More distinct statements than any path of the store writes (the case list's filters make
/// the most); past it the cache starts again.
const MAX_STATEMENTS: usize = 512;

/// A connection used this recently is not checked again when it leaves the pool; a broken one
/// is still dropped when it comes back (`has_broken`).
const CHECKED_RECENTLY: Duration = Duration::from_secs(1);

pub(crate) struct Manager(PostgresConnectionManager<NoTls>);

impl r2d2::ManageConnection for Manager {
    type Connection = Conn;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<Conn, postgres::Error> {
        Ok(Conn {
            client: self.0.connect()?,
            statements: HashMap::new(),
            last_used: Instant::now(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> std::result::Result<(), postgres::Error> {
        match conn.last_used.elapsed() < CHECKED_RECENTLY {
            true => Ok(()),
            false => self.0.is_valid(&mut conn.client),
        }
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.client.is_closed()
    }
}

/// `sql` prepared on this connection: from the cache, or prepared now and kept.
fn prepared(
    client: &mut impl GenericClient,
    statements: &mut HashMap<String, Statement>,
    sql: &str,
) -> Result<Statement> {
    if let Some(s) = statements.get(sql) {
        return Ok(s.clone());
    }
    let statement = client.prepare(sql).map_err(sql_err)?;
    if statements.len() >= MAX_STATEMENTS {
        statements.clear();
    }
    statements.insert(sql.to_owned(), statement.clone());
    Ok(statement)
}

fn db_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

fn sql_err(e: postgres::Error) -> StoreError {
    let unavailable = |reason| {
        tracing::warn!(error = %e, "the database is unavailable");
        StoreError::Unavailable(reason)
    };
    let lost =
        e.is_closed() || std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
    match e.code() {
        Some(code) if *code == SqlState::UNIQUE_VIOLATION => StoreError::Duplicate(e.to_string()),
        Some(code) if *code == SqlState::DISK_FULL => {
            unavailable("the disk holding the database is full")
        }
        Some(code) if *code == SqlState::READ_ONLY_SQL_TRANSACTION => {
            unavailable("the database is read-only just now")
        }
        Some(code)
            if [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::CONNECTION_EXCEPTION,
                SqlState::CONNECTION_FAILURE,
                SqlState::TOO_MANY_CONNECTIONS,
            ]
            .contains(code) =>
        {
            unavailable("the database does not answer")
        }
        None if lost => unavailable("the database does not answer"),
        _ => db_err(e),
    }
}

impl Postgres {
    pub fn open(url: &str) -> Result<Self> {
        let config: postgres::Config = url.parse().map_err(db_err)?;
        let manager = Manager(PostgresConnectionManager::new(config, NoTls));
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .connection_timeout(std::time::Duration::from_secs(10))
            .build(manager)
            .map_err(|e| db_err(format!("cannot connect to PostgreSQL: {e}")))?;
        Ok(Self { pool })
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<Manager>> {
        self.pool.get().map_err(|e| {
            tracing::warn!(error = %e, "no connection to PostgreSQL");
            StoreError::Unavailable("the database does not answer")
        })
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) if <i64 as ToSql>::accepts(ty) => i.to_sql(ty, out),
            Value::Int(i) => i.to_string().to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <i64 as ToSql>::accepts(ty) || <String as ToSql>::accepts(ty)
    }

    to_sql_checked!();
}

fn params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

fn query(
    client: &mut impl GenericClient,
    statements: &mut HashMap<String, Statement>,
    sql: &str,
    values: &[Value],
) -> Result<Vec<Row>> {
    let statement = prepared(client, statements, sql)?;
    let rows = client.query(&statement, &params(values)).map_err(sql_err)?;
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| {
                    let ty = row.columns()[i].type_();
                    Ok(if *ty == Type::INT8 {
                        row.try_get::<_, Option<i64>>(i)
                            .map_err(sql_err)?
                            .map_or(Value::Null, Value::Int)
                    } else if *ty == Type::INT4 {
                        row.try_get::<_, Option<i32>>(i)
                            .map_err(sql_err)?
                            .map_or(Value::Null, |n| Value::Int(n.into()))
                    } else {
                        row.try_get::<_, Option<String>>(i)
                            .map_err(sql_err)?
                            .map_or(Value::Null, Value::Text)
                    })
                })
                .collect()
        })
        .collect()
}

impl Backend for Postgres {
    fn migrate(&self) -> Result<()> {
        embedded::migrations::runner()
            .run(&mut self.conn()?.client)
            .map_err(db_err)?;
        Ok(())
    }

    fn read(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let mut conn = self.conn()?;
        let Conn {
            client, statements, ..
        } = &mut *conn;
        let rows = query(client, statements, sql, values)?;
        conn.last_used = Instant::now();
        Ok(rows)
    }

    fn write(&self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let mut conn = self.conn()?;
        let Conn {
            client, statements, ..
        } = &mut *conn;
        let mut tx = client.transaction().map_err(sql_err)?;
        work(&mut PgTx {
            tx: &mut tx,
            statements,
        })?;
        tx.commit().map_err(sql_err)?;
        conn.last_used = Instant::now();
        Ok(())
    }
}

struct PgTx<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    statements: &'a mut HashMap<String, Statement>,
}

impl Tx for PgTx<'_, '_> {
    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        query(self.tx, self.statements, sql, values)
    }

    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        let statement = prepared(self.tx, self.statements, sql)?;
        self.tx
            .execute(&statement, &params(values))
            .map_err(sql_err)
    }
}
