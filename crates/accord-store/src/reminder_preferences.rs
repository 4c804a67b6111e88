//! Which e-mail reminders each account gets, by kind (a kind with no row is on), and the
//! one-click unsubscribe tokens in reminder e-mails: the SHA-256 of each, the account and the
//! kind it turns off. The kinds are the server's to name; the store keeps them as text.

use crate::backend::{Columns, Tx};
use crate::{Result, Store};

/// The account and kind of one unsubscribe token.
const UNSUBSCRIBE_TOKEN: &str =
    "SELECT user_id, kind FROM unsubscribe_tokens WHERE token_hash = $1";

fn set_preference(tx: &mut dyn Tx, user_id: &str, kind: &str, on: bool, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO reminder_preferences (user_id, kind, enabled, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
        &[user_id.into(), kind.into(), i64::from(on).into(), now.into()],
    )?;
    Ok(())
}

impl Store {
    /// Turns one kind of reminder on or off for an account.
    pub fn set_reminder_preference(
        &self,
        user_id: &str,
        kind: &str,
        on: bool,
        now: &str,
    ) -> Result<()> {
        self.backend
            .write(&mut |tx| set_preference(tx, user_id, kind, on, now))
    }

    /// The kinds an account has a choice stored for, and whether each is on.
    pub fn reminder_preferences(&self, user_id: &str) -> Result<Vec<(String, bool)>> {
        self.backend
            .read(
                "SELECT kind, enabled FROM reminder_preferences WHERE user_id = $1 ORDER BY kind",
                &[user_id.into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok((c.text(0)?, c.int(1)? != 0))
            })
            .collect()
    }

    /// Whether an account gets reminders of `kind`: yes unless it turned them off.
    pub fn wants_reminders(&self, user_id: &str, kind: &str) -> Result<bool> {
        let rows = self.backend.read(
            "SELECT enabled FROM reminder_preferences WHERE user_id = $1 AND kind = $2",
            &[user_id.into(), kind.into()],
        )?;
        match rows.into_iter().next() {
            Some(r) => Ok(Columns(r).int(0)? != 0),
            None => Ok(true),
        }
    }

    pub fn insert_unsubscribe_token(
        &self,
        token_hash: &str,
        user_id: &str,
        kind: &str,
        now: &str,
    ) -> Result<()> {
        self.one_statement(
            "INSERT INTO unsubscribe_tokens (token_hash, user_id, kind, created_at) VALUES ($1, $2, $3, $4)",
            &[token_hash.into(), user_id.into(), kind.into(), now.into()],
        )?;
        Ok(())
    }

    /// The account and kind an unsubscribe token names, without changing anything.
    pub fn unsubscribe_token(&self, token_hash: &str) -> Result<Option<(String, String)>> {
        self.backend
            .read(UNSUBSCRIBE_TOKEN, &[token_hash.into()])?
            .into_iter()
            .next()
            .map(|r| {
                let mut c = Columns(r);
                Ok((c.text(0)?, c.text(1)?))
            })
            .transpose()
    }

    /// Turns off the kind an unsubscribe token names, for its account, in one transaction;
    /// the account and kind, or `None` for an unknown token. Using a token again changes
    /// nothing more.
    pub fn unsubscribe(&self, token_hash: &str, now: &str) -> Result<Option<(String, String)>> {
        let mut found = None;
        self.backend.write(&mut |tx| {
            let rows = tx.query(UNSUBSCRIBE_TOKEN, &[token_hash.into()])?;
            found = None;
            if let Some(r) = rows.into_iter().next() {
                let mut c = Columns(r);
                let (user_id, kind) = (c.text(0)?, c.text(1)?);
                set_preference(tx, &user_id, &kind, false, now)?;
                found = Some((user_id, kind));
            }
            Ok(())
        })?;
        Ok(found)
    }
}
