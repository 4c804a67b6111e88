//! What a person changes about their own account: their name, their password (ending every
//! other session), and the sessions they are signed in with. A session is named by the first
//! characters of its token's hash (`SESSION_ID_LEN`): never the token, which is not stored.

use crate::backend::Columns;
use crate::{Result, Store, StoreError};

/// How many hex characters of a session token's hash name the session.
pub const SESSION_ID_LEN: usize = 16;

/// A sign-in session as its owner lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginSessionRow {
    /// The first `SESSION_ID_LEN` characters of the token's hash.
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
}

impl Store {
    /// Renames an account; false if there is no such account.
    pub fn set_user_name(&self, user_id: &str, name: &str) -> Result<bool> {
        Ok(self.one_statement(
            "UPDATE users SET name = $1 WHERE id = $2",
            &[name.into(), user_id.into()],
        )? == 1)
    }

    /// Sets a new password and, in the same transaction, ends every session of the user but
    /// the one whose token has the hash `keep` (none: every session ends).
    pub fn set_password_keeping(
        &self,
        user_id: &str,
        hash: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        let mut found = 0;
        self.backend.write(&mut |tx| {
            found = tx.execute(
                "UPDATE users SET password_hash = $1 WHERE id = $2",
                &[hash.into(), user_id.into()],
            )?;
            tx.execute(
                "DELETE FROM login_sessions WHERE user_id = $1 AND token_hash <> $2",
                &[user_id.into(), keep.unwrap_or_default().into()],
            )?;
            Ok(())
        })?;
        if found == 0 {
            return Err(StoreError::NotFound(format!("user {user_id}")));
        }
        Ok(())
    }

    /// The user's unexpired sessions, oldest first.
    pub fn login_sessions_of(&self, user_id: &str, now: &str) -> Result<Vec<LoginSessionRow>> {
        self.backend
            .read(
                &format!(
                    "SELECT substr(token_hash, 1, {SESSION_ID_LEN}), created_at, expires_at \
                     FROM login_sessions WHERE user_id = $1 AND expires_at > $2 \
                     ORDER BY created_at, token_hash"
                ),
                &[user_id.into(), now.into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(LoginSessionRow {
                    id: c.text(0)?,
                    created_at: c.text(1)?,
                    expires_at: c.text(2)?,
                })
            })
            .collect()
    }

    /// Ends one of the user's own sessions, named by its id; false if it has none by that
    /// id. An id that is not exactly `SESSION_ID_LEN` characters ends nothing.
    pub fn end_login_session_of(&self, user_id: &str, id: &str) -> Result<bool> {
        if id.len() != SESSION_ID_LEN {
            return Ok(false);
        }
        Ok(self.one_statement(
            &format!(
                "DELETE FROM login_sessions WHERE user_id = $1 AND substr(token_hash, 1, {SESSION_ID_LEN}) = $2"
            ),
            &[user_id.into(), id.into()],
        )? > 0)
    }
}
