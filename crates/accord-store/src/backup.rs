//! Backups of the embedded SQLite database with SQLite's online backup API: the copy is one
//! consistent snapshot (a single step, under one read transaction, so it never restarts), taken
//! while the server keeps writing (WAL lets writers go on). `restore` copies a backup into a
//! database file that does not exist yet, the same way. PostgreSQL is backed up with its own
//! tools (`pg_dump`), as the README says.

use crate::{Result, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

fn db_err(what: &str, path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!("{what} {}: {e}", path.display()))
}

/// Copies the database at `source` into a new file `dest` (refused if `dest` exists), as one
/// consistent snapshot; returns the pages copied.
pub fn backup_sqlite(source: &Path, dest: &Path) -> Result<u64> {
    if dest.exists() {
        return Err(StoreError::Database(format!(
            "{} exists already; name a new file for the backup",
            dest.display()
        )));
    }
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| db_err("cannot open", source, e))?;
    from.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| db_err("cannot open", source, e))?;
    copy(&from, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(dest);
    })
}

/// Restores the backup at `backup` into `dest`, a database file that must not exist yet.
pub fn restore_sqlite(backup: &Path, dest: &Path) -> Result<u64> {
    if dest.exists() {
        return Err(StoreError::Database(format!(
            "{} exists already: restore only into a new, empty database",
            dest.display()
        )));
    }
    let from = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| db_err("cannot open the backup", backup, e))?;
    copy(&from, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(dest);
    })
}

fn copy(from: &Connection, dest: &Path) -> Result<u64> {
    let mut to = Connection::open(dest).map_err(|e| db_err("cannot create", dest, e))?;
    let backup = Backup::new(from, &mut to).map_err(|e| db_err("cannot copy to", dest, e))?;
    // All pages in one step: one read transaction on the source, so concurrent writes
    // neither restart the copy nor appear half in it.
    for attempt in 0.. {
        match backup
            .step(-1)
            .map_err(|e| db_err("cannot copy to", dest, e))?
        {
            StepResult::Done => break,
            StepResult::More => {}
            _ if attempt < 200 => std::thread::sleep(std::time::Duration::from_millis(50)),
            _ => {
                return Err(StoreError::Database(
                    "the database stayed locked for 10 s; try the backup again".into(),
                ));
            }
        }
    }
    let pages = backup.progress().pagecount as u64;
    drop(backup);
    // The copy is a rollback-journal file; the server sets WAL when it opens it.
    to.execute_batch("PRAGMA journal_mode = DELETE;")
        .map_err(|e| db_err("cannot finish", dest, e))?;
    Ok(pages)
}
