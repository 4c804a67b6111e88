//! Private calendar feeds: one row per feed URL, holding the SHA-256 of its token (never the
//! token), its owner and whether it was revoked — the same shape as API tokens, so the same
//! statements serve both. The rules about feeds live in the server.

use crate::{Result, Store, TokenRow, UserRow};

const CALENDAR_FEEDS: &str = "calendar_feeds";

/// A calendar feed as its owner lists it: never the token.
pub type CalendarFeedRow = TokenRow;

impl Store {
    pub fn insert_calendar_feed(
        &self,
        id: &str,
        token_hash: &str,
        user_id: &str,
        name: &str,
        now: &str,
    ) -> Result<()> {
        self.insert_named_token(CALENDAR_FEEDS, id, token_hash, user_id, name, now)
    }

    /// The account whose live (unrevoked) feed has this token hash.
    pub fn user_for_calendar_feed(&self, token_hash: &str) -> Result<Option<UserRow>> {
        self.user_for_named_token(CALENDAR_FEEDS, token_hash)
    }

    /// The user's feeds, oldest first, revoked ones included.
    pub fn calendar_feeds_of(&self, user_id: &str) -> Result<Vec<CalendarFeedRow>> {
        self.named_tokens_of(CALENDAR_FEEDS, user_id)
    }

    /// Revokes one of the user's own live feeds; false if there is no such live feed.
    pub fn revoke_calendar_feed(&self, id: &str, user_id: &str, now: &str) -> Result<bool> {
        self.revoke_named_token(CALENDAR_FEEDS, id, user_id, now)
    }
}
