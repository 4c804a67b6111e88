//! PostgreSQL, for a service with many users. Two appends racing on one case both try to
//! insert the same `(case_id, seq)`; the primary key lets exactly one commit.

use crate::backend::{Backend, Row, Tx, Value};
use crate::{Result, StoreError};
use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{GenericClient, NoTls};
use r2d2_postgres::PostgresConnectionManager;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

pub(crate) struct Postgres {
    pool: r2d2::Pool<PostgresConnectionManager<NoTls>>,
}

fn db_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

fn sql_err(e: postgres::Error) -> StoreError {
    match e.code() {
        Some(code) if *code == SqlState::UNIQUE_VIOLATION => StoreError::Duplicate(e.to_string()),
        _ => db_err(e),
    }
}

impl Postgres {
    pub fn open(url: &str) -> Result<Self> {
        let config: postgres::Config = url.parse().map_err(db_err)?;
        let manager = PostgresConnectionManager::new(config, NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .connection_timeout(std::time::Duration::from_secs(10))
            .build(manager)
            .map_err(|e| db_err(format!("cannot connect to PostgreSQL: {e}")))?;
        Ok(Self { pool })
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>> {
        self.pool.get().map_err(db_err)
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

fn query(client: &mut impl GenericClient, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
    let rows = client.query(sql, &params(values)).map_err(sql_err)?;
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
            .run(&mut *self.conn()?)
            .map_err(db_err)?;
        Ok(())
    }

    fn read(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        query(&mut *self.conn()?, sql, values)
    }

    fn write(&self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(sql_err)?;
        work(&mut PgTx(&mut tx))?;
        tx.commit().map_err(sql_err)
    }
}

struct PgTx<'a, 'b>(&'a mut postgres::Transaction<'b>);

impl Tx for PgTx<'_, '_> {
    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        query(self.0, sql, values)
    }

    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        self.0.execute(sql, &params(values)).map_err(sql_err)
    }
}
