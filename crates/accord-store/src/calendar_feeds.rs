//! Private calendar feeds: one row per feed URL, holding the SHA-256 of its token (never the
//! token), its owner and whether it was revoked. The rules about feeds live in the server.

use crate::backend::Columns;
use crate::{Result, Store, UserRow};

/// A calendar feed as its owner lists it: never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarFeedRow {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl Store {
    pub fn insert_calendar_feed(
        &self,
        id: &str,
        token_hash: &str,
        user_id: &str,
        name: &str,
        now: &str,
    ) -> Result<()> {
        self.one_statement(
            "INSERT INTO calendar_feeds (id, token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[id.into(), token_hash.into(), user_id.into(), name.into(), now.into()],
        )?;
        Ok(())
    }

    /// The account whose live (unrevoked) feed has this token hash.
    pub fn user_for_calendar_feed(&self, token_hash: &str) -> Result<Option<UserRow>> {
        let rows = self.backend.read(
            "SELECT user_id FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
            &[token_hash.into()],
        )?;
        match rows.into_iter().next() {
            Some(row) => self.user_by_id(&Columns(row).text(0)?),
            None => Ok(None),
        }
    }

    /// The user's feeds, oldest first, revoked ones included.
    pub fn calendar_feeds_of(&self, user_id: &str) -> Result<Vec<CalendarFeedRow>> {
        self.backend
            .read(
                "SELECT id, name, created_at, revoked_at FROM calendar_feeds WHERE user_id = $1 ORDER BY created_at, id",
                &[user_id.into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(CalendarFeedRow {
                    id: c.text(0)?,
                    name: c.text(1)?,
                    created_at: c.text(2)?,
                    revoked_at: c.opt_text(3)?,
                })
            })
            .collect()
    }

    /// Revokes one of the user's own live feeds; false if there is no such live feed.
    pub fn revoke_calendar_feed(&self, id: &str, user_id: &str, now: &str) -> Result<bool> {
        Ok(self.one_statement(
            "UPDATE calendar_feeds SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            &[now.into(), id.into(), user_id.into()],
        )? == 1)
    }
}
