//! Whether the database answers, and whether it takes writes: what `/readyz` reports.

use crate::{Result, Store, StoreError};

/// Below this much free space the embedded database is reported full: SQLite may still fit a
/// small write into pages it has, but the next command with a long note would be refused.
pub const MIN_FREE_BYTES: u64 = 1 << 20;

impl Store {
    /// Reads, then rewrites the one readiness row, and checks the embedded database's disk
    /// has room. `Err(StoreError::Unavailable)` names why the database cannot take writes (a
    /// full disk, a read-only file system, no answer).
    pub fn probe(&self, now: jiff::Timestamp) -> Result<()> {
        self.backend.read("SELECT id FROM readiness", &[])?;
        self.backend.write(&mut |tx| {
            tx.execute(
                "UPDATE readiness SET probed_at = $1 WHERE id = 1",
                &[now.to_string().into()],
            )?;
            Ok(())
        })?;
        match self.backend.free_bytes() {
            Some(free) if free < MIN_FREE_BYTES => Err(StoreError::Unavailable(
                "the disk holding the database is full",
            )),
            _ => Ok(()),
        }
    }
}
