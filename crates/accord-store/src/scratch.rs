//! A PostgreSQL database made for one test or benchmark run and dropped after it, so runs
//! never see each other's data. Used by the conformance suite, the API tests and the benches.

use crate::{Create, DatabaseUrl, Result, Store, StoreError};

/// The admin URL tests use: `ACCORD_TEST_POSTGRES_URL`, or the local server with trust auth.
pub fn admin_url() -> String {
    std::env::var("ACCORD_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct ScratchDatabase {
    admin_url: String,
    name: String,
}

impl ScratchDatabase {
    /// Creates `accord_scratch_<random>` through `admin_url`.
    pub fn create(admin_url: &str) -> Result<Self> {
        let name = format!("accord_scratch_{}", uuid::Uuid::now_v7().simple());
        let mut admin = ::postgres::Client::connect(admin_url, ::postgres::NoTls).map_err(|e| {
            StoreError::Database(format!("PostgreSQL must be reachable at {admin_url}: {e}"))
        })?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| StoreError::Database(e.to_string()))?;
        Ok(Self {
            admin_url: admin_url.to_owned(),
            name,
        })
    }

    /// The admin URL with this database's name in place of its own (query string kept).
    pub fn url(&self) -> String {
        let (base, rest) = self
            .admin_url
            .rsplit_once('/')
            .unwrap_or((&self.admin_url, ""));
        let query = rest.split_once('?').map_or("", |(_, q)| q);
        let sep = if query.is_empty() { "" } else { "?" };
        format!("{base}/{}{sep}{query}", self.name)
    }

    pub fn store(&self) -> Result<Store> {
        Store::open(&DatabaseUrl::parse(&self.url())?, Create::MustExist)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = ::postgres::Client::connect(&self.admin_url, ::postgres::NoTls) {
            let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            if let Err(e) = admin.batch_execute(&drop) {
                eprintln!("could not drop {}: {e}", self.name);
            }
        }
    }
}
