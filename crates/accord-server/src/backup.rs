//! `accord backup FILE` and `accord restore FILE` as services: the SQLite online backup (one
//! consistent snapshot while the server writes), a manifest beside it (`FILE.manifest.json`:
//! the case count, the event count and each case's head), and a restore into a new database
//! that is then verified and held to the manifest — every chain verifies, the counts match and
//! every case ends at the head the manifest names.

use crate::cases::Cases;
use crate::error::AppError;
use accord_core::anchor::Anchors;
use accord_store::{Create, DatabaseUrl, Store};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a backup manifest says it is.
pub const FORMAT: &str = "accord-backup-v1";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub cases: usize,
    pub events: usize,
    /// Each case's head in the backup (also an anchor file for `accord verify --against`).
    pub heads: Anchors,
}

/// Where a backup's manifest goes: beside it.
pub fn manifest_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

fn sqlite_path<'a>(url: &'a DatabaseUrl, what: &str) -> Result<&'a Path, AppError> {
    match url {
        DatabaseUrl::Sqlite { path } => Ok(path),
        DatabaseUrl::Postgres { .. } => Err(AppError::Invalid {
            field: "database",
            message: format!(
                "{what} works on the embedded SQLite database; for PostgreSQL use pg_dump and \
                 pg_restore (see the README), then `accord verify`"
            ),
        }),
    }
}

/// The manifest of the database at `url`, from walking and verifying every chain.
fn manifest_of(url: &DatabaseUrl) -> Result<(Manifest, usize), AppError> {
    let cases = Cases::new(Store::open(url, Create::MustExist)?);
    let report = cases.verify(|_, _| {})?;
    let manifest = Manifest {
        format: FORMAT.into(),
        cases: report.cases,
        events: report.events,
        heads: Anchors::of(jiff::Timestamp::now().to_string(), report.heads),
    };
    Ok((manifest, report.broken.len()))
}

/// Backs the SQLite database at `source` up into the new file `dest`, writes the manifest
/// beside it, and returns it.
pub fn backup(source: &DatabaseUrl, dest: &Path) -> Result<Manifest, AppError> {
    let from = sqlite_path(source, "accord backup")?;
    accord_store::backup::backup_sqlite(from, dest)?;
    let (manifest, broken) = manifest_of(&DatabaseUrl::Sqlite {
        path: dest.to_owned(),
    })?;
    if broken > 0 {
        return Err(AppError::Import(format!(
            "{broken} case(s) in the database do not verify; the backup was written, but run \
             `accord verify` first"
        )));
    }
    let text = serde_json::to_string_pretty(&manifest).expect("a manifest serializes");
    std::fs::write(manifest_path(dest), text)
        .map_err(|e| AppError::Import(format!("cannot write the manifest: {e}")))?;
    Ok(manifest)
}

/// Restores `backup` into `target` (a SQLite file that does not exist yet), then verifies it
/// against the backup's manifest.
pub fn restore(backup: &Path, target: &DatabaseUrl) -> Result<Manifest, AppError> {
    let to = sqlite_path(target, "accord restore")?;
    let manifest_file = manifest_path(backup);
    let expected: Manifest = std::fs::read_to_string(&manifest_file)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        .map_err(|e| {
            AppError::Import(format!(
                "cannot read the backup's manifest {}: {e}",
                manifest_file.display()
            ))
        })?;
    accord_store::backup::restore_sqlite(backup, to)?;
    let (found, broken) = manifest_of(target)?;
    let mut problems = Vec::new();
    if broken > 0 {
        problems.push(format!("{broken} case(s) do not verify"));
    }
    if (found.cases, found.events) != (expected.cases, expected.events) {
        problems.push(format!(
            "{} cases and {} events restored; the manifest says {} and {}",
            found.cases, found.events, expected.cases, expected.events
        ));
    }
    for (case, head) in &expected.heads.cases {
        if found.heads.cases.get(case) != Some(head) {
            problems.push(format!(
                "case {case} does not end at the head the manifest names"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Import(format!(
            "the restored database does not match its manifest: {}",
            problems.join("; ")
        )));
    }
    Ok(found)
}
