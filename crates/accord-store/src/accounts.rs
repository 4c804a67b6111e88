//! Accounts, sign-in sessions, API tokens, invitations, case memberships and idempotency
//! records. Plain rows: the rules about them live in the application layer.

use crate::backend::{Columns, Row, Value};
use crate::{Result, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub created_at: String,
}

const API_TOKENS: &str = "api_tokens";

/// The moments a session lookup compares with (RFC 3339 in UTC, whole seconds, so they
/// compare as text).
#[derive(Clone, Debug)]
pub struct SessionTimes {
    pub now: String,
    /// A session last seen at or before this has been idle too long.
    pub idle_since: String,
    /// A session last seen before this is marked seen now.
    pub seen_before: String,
}

/// A named, revocable token as its owner lists it (API tokens, calendar feeds): never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationRow {
    pub case_id: String,
    pub participant_id: String,
    pub email: String,
    pub created_by: String,
    pub expires_at: String,
    pub used_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembershipRow {
    pub case_id: String,
    pub user_id: String,
    pub kind: String,
    pub participant_id: Option<String>,
}

const USER_COLUMNS: &str = "id, email, name, role, password_hash, created_at";

fn user(row: Row) -> Result<UserRow> {
    let mut c = Columns(row);
    Ok(UserRow {
        id: c.text(0)?,
        email: c.text(1)?,
        name: c.text(2)?,
        role: c.text(3)?,
        password_hash: c.opt_text(4)?,
        created_at: c.text(5)?,
    })
}

fn membership(row: Row) -> Result<MembershipRow> {
    let mut c = Columns(row);
    Ok(MembershipRow {
        case_id: c.text(0)?,
        user_id: c.text(1)?,
        kind: c.text(2)?,
        participant_id: c.opt_text(3)?,
    })
}

impl Store {
    /// Runs one statement in its own write transaction; the number of rows it touched.
    pub(crate) fn one_statement(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut affected = 0;
        self.backend.write(&mut |tx| {
            affected = tx.execute(sql, params)?;
            Ok(())
        })?;
        Ok(affected)
    }

    // ---- users -------------------------------------------------------------------------

    /// Adds a user; `Duplicate` if the e-mail is taken.
    pub fn insert_user(&self, u: &UserRow) -> Result<()> {
        self.one_statement(
            &format!("INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"),
            &[
                (&u.id).into(),
                (&u.email).into(),
                (&u.name).into(),
                (&u.role).into(),
                u.password_hash.clone().into(),
                (&u.created_at).into(),
            ],
        )?;
        Ok(())
    }

    pub fn user_by_email(&self, email: &str) -> Result<Option<UserRow>> {
        let rows = self.backend.read(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"),
            &[email.into()],
        )?;
        rows.into_iter().next().map(user).transpose()
    }

    pub fn user_by_id(&self, id: &str) -> Result<Option<UserRow>> {
        let rows = self.backend.read(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"),
            &[id.into()],
        )?;
        rows.into_iter().next().map(user).transpose()
    }

    pub fn users(&self) -> Result<Vec<UserRow>> {
        self.backend
            .read(
                &format!("SELECT {USER_COLUMNS} FROM users ORDER BY email"),
                &[],
            )?
            .into_iter()
            .map(user)
            .collect()
    }

    /// Sets a new password and ends every session of the user, in one transaction.
    pub fn set_password(&self, user_id: &str, hash: &str) -> Result<()> {
        self.set_password_keeping(user_id, hash, None)
    }

    // ---- sign-in sessions --------------------------------------------------------------

    pub fn insert_login_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: &str,
        expires_at: &str,
    ) -> Result<()> {
        self.one_statement(
            "INSERT INTO login_sessions (token_hash, user_id, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $3)",
            &[token_hash.into(), user_id.into(), now.into(), expires_at.into()],
        )?;
        Ok(())
    }

    /// The session's account, unless it expired (`expires_at`) or has had no request since
    /// `idle_since`; marks it seen at `now` if it was last seen before `seen_before`.
    pub fn user_for_session(
        &self,
        token_hash: &str,
        times: &SessionTimes,
    ) -> Result<Option<UserRow>> {
        let sql = format!(
            "SELECT {}, s.last_seen_at FROM users u JOIN login_sessions s ON s.user_id = u.id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
            USER_COLUMNS
                .split(", ")
                .map(|c| format!("u.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let params = [
            token_hash.into(),
            times.now.as_str().into(),
            times.idle_since.as_str().into(),
        ];
        let Some(mut row) = self.backend.read(&sql, &params)?.into_iter().next() else {
            return Ok(None);
        };
        let last_seen = Columns(vec![row.pop().unwrap_or(Value::Null)]).text(0)?;
        // Most requests read only: the write happens at most once a minute per session.
        if last_seen < times.seen_before {
            self.one_statement(
                "UPDATE login_sessions SET last_seen_at = $1 WHERE token_hash = $2 \
                 AND last_seen_at < $3",
                &[
                    times.now.as_str().into(),
                    token_hash.into(),
                    times.seen_before.as_str().into(),
                ],
            )?;
        }
        user(row).map(Some)
    }

    pub fn delete_login_session(&self, token_hash: &str) -> Result<()> {
        self.one_statement(
            "DELETE FROM login_sessions WHERE token_hash = $1",
            &[token_hash.into()],
        )?;
        Ok(())
    }

    // ---- API tokens --------------------------------------------------------------------

    pub fn insert_api_token(
        &self,
        id: &str,
        token_hash: &str,
        user_id: &str,
        name: &str,
        now: &str,
    ) -> Result<()> {
        self.insert_named_token(API_TOKENS, id, token_hash, user_id, name, now)
    }

    pub fn user_for_api_token(&self, token_hash: &str) -> Result<Option<UserRow>> {
        self.user_for_named_token(API_TOKENS, token_hash)
    }

    pub fn api_tokens_of(&self, user_id: &str) -> Result<Vec<TokenRow>> {
        self.named_tokens_of(API_TOKENS, user_id)
    }

    /// Revokes one of the user's own tokens; false if there is no such live token.
    pub fn revoke_api_token(&self, id: &str, user_id: &str, now: &str) -> Result<bool> {
        self.revoke_named_token(API_TOKENS, id, user_id, now)
    }

    // ---- named, revocable tokens: API tokens and calendar feeds share one shape ----------
    // `table` is always one of the constants here, never input.

    pub(crate) fn insert_named_token(
        &self,
        table: &'static str,
        id: &str,
        token_hash: &str,
        user_id: &str,
        name: &str,
        now: &str,
    ) -> Result<()> {
        self.one_statement(
            &format!(
                "INSERT INTO {table} (id, token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)"
            ),
            &[id.into(), token_hash.into(), user_id.into(), name.into(), now.into()],
        )?;
        Ok(())
    }

    /// The account whose live (unrevoked) token of `table` has this hash.
    pub(crate) fn user_for_named_token(
        &self,
        table: &'static str,
        token_hash: &str,
    ) -> Result<Option<UserRow>> {
        let columns = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {columns} FROM users u JOIN {table} t ON t.user_id = u.id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
        );
        self.backend
            .read(&sql, &[token_hash.into()])?
            .into_iter()
            .next()
            .map(user)
            .transpose()
    }

    /// The user's tokens of `table`, oldest first, revoked ones included; never the tokens.
    pub(crate) fn named_tokens_of(
        &self,
        table: &'static str,
        user_id: &str,
    ) -> Result<Vec<TokenRow>> {
        self.backend
            .read(
                &format!(
                    "SELECT id, name, created_at, revoked_at FROM {table} WHERE user_id = $1 ORDER BY created_at, id"
                ),
                &[user_id.into()],
            )?
            .into_iter()
            .map(|r| {
                let mut c = Columns(r);
                Ok(TokenRow {
                    id: c.text(0)?,
                    name: c.text(1)?,
                    created_at: c.text(2)?,
                    revoked_at: c.opt_text(3)?,
                })
            })
            .collect()
    }

    pub(crate) fn revoke_named_token(
        &self,
        table: &'static str,
        id: &str,
        user_id: &str,
        now: &str,
    ) -> Result<bool> {
        Ok(self.one_statement(
            &format!(
                "UPDATE {table} SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL"
            ),
            &[now.into(), id.into(), user_id.into()],
        )? == 1)
    }

    // ---- e-mailed sign-in links ----------------------------------------------------------

    pub fn insert_sign_in_link(
        &self,
        token_hash: &str,
        user_id: &str,
        expires_at: &str,
    ) -> Result<()> {
        self.one_statement(
            "INSERT INTO sign_in_links (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
            &[token_hash.into(), user_id.into(), expires_at.into()],
        )?;
        Ok(())
    }

    /// Uses a sign-in link: the account it signs in, if the link is unused and unexpired.
    /// Marking it used and reading it happen in one transaction, so it works once.
    pub fn redeem_sign_in_link(&self, token_hash: &str, now: &str) -> Result<Option<UserRow>> {
        let mut user_id = None;
        self.backend.write(&mut |tx| {
            let used = tx.execute(
                "UPDATE sign_in_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
                &[now.into(), token_hash.into()],
            )?;
            if used == 1 {
                let rows = tx.query("SELECT user_id FROM sign_in_links WHERE token_hash = $1", &[token_hash.into()])?;
                user_id = rows.into_iter().next().map(Columns).map(|mut c| c.text(0)).transpose()?;
            }
            Ok(())
        })?;
        match user_id {
            Some(id) => self.user_by_id(&id),
            None => Ok(None),
        }
    }

    // ---- invitations -------------------------------------------------------------------

    pub fn insert_invitation(&self, token_hash: &str, inv: &InvitationRow) -> Result<()> {
        self.one_statement(
            "INSERT INTO invitations (token_hash, case_id, participant_id, email, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
            &[token_hash.into(), (&inv.case_id).into(), (&inv.participant_id).into(), (&inv.email).into(), (&inv.created_by).into(), (&inv.expires_at).into()],
        )?;
        Ok(())
    }

    pub fn invitation(&self, token_hash: &str) -> Result<Option<InvitationRow>> {
        let rows = self.backend.read(
            "SELECT case_id, participant_id, email, created_by, expires_at, used_at FROM invitations WHERE token_hash = $1",
            &[token_hash.into()],
        )?;
        rows.into_iter()
            .next()
            .map(|r| {
                let mut c = Columns(r);
                Ok(InvitationRow {
                    case_id: c.text(0)?,
                    participant_id: c.text(1)?,
                    email: c.text(2)?,
                    created_by: c.text(3)?,
                    expires_at: c.text(4)?,
                    used_at: c.opt_text(5)?,
                })
            })
            .transpose()
    }

    /// Uses an invitation: in one transaction, marks it used (only if unused and unexpired),
    /// creates the user if `new_user` is given, and makes them a participant of the case.
    /// Returns false — changing nothing — if the invitation was used or expired meanwhile.
    pub fn accept_invitation(
        &self,
        token_hash: &str,
        now: &str,
        new_user: Option<&UserRow>,
        member: &MembershipRow,
    ) -> Result<bool> {
        let mut accepted = false;
        self.backend.write(&mut |tx| {
            accepted = tx.execute(
                "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3",
                &[now.into(), token_hash.into(), now.into()],
            )? == 1;
            if !accepted {
                return Ok(());
            }
            if let Some(u) = new_user {
                tx.execute(
                    &format!("INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"),
                    &[(&u.id).into(), (&u.email).into(), (&u.name).into(), (&u.role).into(), u.password_hash.clone().into(), (&u.created_at).into()],
                )?;
            }
            upsert_membership(tx, member)
        })?;
        Ok(accepted)
    }

    // ---- memberships -------------------------------------------------------------------

    pub fn set_membership(&self, m: &MembershipRow) -> Result<()> {
        self.backend.write(&mut |tx| upsert_membership(tx, m))
    }

    pub fn membership(&self, case_id: &str, user_id: &str) -> Result<Option<MembershipRow>> {
        let rows = self.backend.read(
            "SELECT case_id, user_id, kind, participant_id FROM memberships WHERE case_id = $1 AND user_id = $2",
            &[case_id.into(), user_id.into()],
        )?;
        rows.into_iter().next().map(membership).transpose()
    }

    pub fn memberships_of_user(&self, user_id: &str) -> Result<Vec<MembershipRow>> {
        self.backend
            .read(
                "SELECT case_id, user_id, kind, participant_id FROM memberships WHERE user_id = $1",
                &[user_id.into()],
            )?
            .into_iter()
            .map(membership)
            .collect()
    }

    pub fn memberships_of_case(&self, case_id: &str) -> Result<Vec<MembershipRow>> {
        self.backend
            .read("SELECT case_id, user_id, kind, participant_id FROM memberships WHERE case_id = $1 ORDER BY user_id", &[case_id.into()])?
            .into_iter()
            .map(membership)
            .collect()
    }
}

fn upsert_membership(tx: &mut dyn crate::backend::Tx, m: &MembershipRow) -> Result<()> {
    tx.execute(
        "INSERT INTO memberships (case_id, user_id, kind, participant_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (case_id, user_id) DO UPDATE SET kind = excluded.kind, participant_id = excluded.participant_id",
        &[(&m.case_id).into(), (&m.user_id).into(), (&m.kind).into(), m.participant_id.clone().into()],
    )?;
    Ok(())
}
