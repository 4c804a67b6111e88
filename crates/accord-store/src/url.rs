//! The database URL: the backend is chosen once from its scheme. A password never reaches a
//! log: `Debug` and `Display` redact it.

use crate::{Result, StoreError};
use std::fmt;
use std::path::PathBuf;

#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite:PATH` or `sqlite://PATH`.
    Sqlite { path: PathBuf },
    /// `postgres://…` or `postgresql://…`.
    Postgres { url: String },
}

/// Whether opening a SQLite file that does not exist yet may create it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Create {
    IfMissing,
    /// Refuse, so a mistyped path does not silently start an empty database.
    MustExist,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(StoreError::Database(
                    "database URL sqlite: needs a file path, e.g. sqlite:accord.db".into(),
                ));
            }
            return Ok(Self::Sqlite {
                path: PathBuf::from(path),
            });
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres {
                url: raw.to_owned(),
            });
        }
        Err(StoreError::Database(format!(
            "database URL must start with sqlite: or postgres:// (got {:?})",
            redact(raw)
        )))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Sqlite { path } => path.to_str().unwrap_or_default(),
            Self::Postgres { url } => url,
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite { .. } => "sqlite",
            Self::Postgres { .. } => "postgres",
        }
    }
}

fn redact(url: &str) -> String {
    // scheme://user:password@host → scheme://user:***@host
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((userinfo, host)) = rest.split_once('@')
        && let Some((user, _)) = userinfo.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_owned()
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite { path } => write!(f, "sqlite:{}", path.display()),
            Self::Postgres { url } => f.write_str(&redact(url)),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_pick_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:accord.db")
                .unwrap()
                .backend_name(),
            "sqlite"
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/accord.db").unwrap(),
            DatabaseUrl::Sqlite {
                path: "/var/lib/accord.db".into()
            }
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://h/db")
                .unwrap()
                .backend_name(),
            "postgres"
        );
        assert!(DatabaseUrl::parse("accord.db").is_err());
        assert!(DatabaseUrl::parse("sqlite:").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db:5432/accord").unwrap();
        assert_eq!(
            format!("{url:?}"),
            "DatabaseUrl(postgres://app:***@db:5432/accord)"
        );
        assert!(!url.to_string().contains("s3cret"));
        let err = DatabaseUrl::parse("mysql://app:s3cret@db/x").unwrap_err();
        assert!(!err.to_string().contains("s3cret"));
    }
}
