//! Accounts and sign-in: Argon2id password hashes, cookie sessions, personal API tokens and
//! single-use invitation links. Tokens are random; only their SHA-256 is stored.

use crate::error::{AppError, Result};
use accord_store::{Store, UserRow};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use jiff::{SignedDuration, Timestamp};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use strum::{Display, EnumString, VariantNames};

/// What an account may do across Accord (case membership decides the rest).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Display,
    EnumString,
    VariantNames,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum AccountRole {
    /// Manages accounts and assignments; sees no case content unless also a case's mediator.
    Admin,
    /// Watches caseload: case metadata only.
    Coordinator,
    /// Opens and runs cases.
    Mediator,
    /// A party, representative or support person, who joined through an invitation.
    Member,
}

/// A signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: AccountRole,
}

impl TryFrom<UserRow> for User {
    type Error = AppError;
    fn try_from(row: UserRow) -> Result<Self> {
        let role = AccountRole::from_str(&row.role).map_err(|_| AppError::Corrupt {
            case: "-".into(),
            reason: format!("user {} has unknown role {}", row.id, row.role),
        })?;
        Ok(Self {
            id: row.id,
            email: row.email,
            name: row.name,
            role,
        })
    }
}

pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD: usize = 256;

/// How long a sign-in lasts, and an invitation stays usable.
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    /// A session ends this long after signing in, however busy (absolute expiry).
    pub session: SignedDuration,
    /// A session also ends after this long without a request (idle expiry).
    pub idle: SignedDuration,
    pub invitation: SignedDuration,
    pub sign_in_link: SignedDuration,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            session: SignedDuration::from_hours(12),
            idle: SignedDuration::from_mins(30),
            invitation: SignedDuration::from_hours(24 * 7),
            sign_in_link: SignedDuration::from_mins(15),
        }
    }
}

#[derive(Clone)]
pub struct Accounts {
    store: Arc<Store>,
    pub lifetimes: Lifetimes,
}

/// A new random token (256 bits, URL-safe) and the hash under which it is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    const_hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn normalise_email(raw: &str) -> Result<String> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid {
        return Err(AppError::Invalid {
            field: "email",
            message: format!("{raw:?} is not an e-mail address"),
        });
    }
    Ok(email)
}

pub fn hash_password(password: &str) -> Result<String> {
    hash_password_for("password", password)
}

/// `hash_password`, naming `field` when the password is too short or too long.
pub fn hash_password_for(field: &'static str, password: &str) -> Result<String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD {
        return Err(AppError::Invalid {
            field,
            message: format!("password must have at least {MIN_PASSWORD} characters"),
        });
    }
    if len > MAX_PASSWORD {
        return Err(AppError::Invalid {
            field,
            message: format!("password must have at most {MAX_PASSWORD} characters"),
        });
    }
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes")
        .to_string())
}

pub(crate) fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A real hash to verify against when the account does not exist, so both answers take as long.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy-password-never-used").expect("decoy hashes"))
}

fn stamp(t: Timestamp) -> String {
    // Whole seconds in UTC: the stored form compares correctly as text.
    t.round(jiff::Unit::Second).expect("rounds").to_string()
}

impl Accounts {
    pub fn new(store: Arc<Store>) -> Self {
        Self {
            store,
            lifetimes: Lifetimes::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn create_user(
        &self,
        email: &str,
        name: &str,
        role: AccountRole,
        password: &str,
    ) -> Result<User> {
        self.create_user_with_hash(email, name, role, hash_password(password)?)
    }

    /// Creates an account whose password hash was made already (by `hash_password`).
    pub fn create_user_with_hash(
        &self,
        email: &str,
        name: &str,
        role: AccountRole,
        hash: String,
    ) -> Result<User> {
        let email = normalise_email(email)?;
        let name = accord_core::text::Text::line("name", name, accord_core::text::limits::NAME)?;
        let row = UserRow {
            id: uuid::Uuid::now_v7().to_string(),
            email,
            name: name.to_string(),
            role: role.to_string(),
            password_hash: Some(hash),
            created_at: stamp(Timestamp::now()),
        };
        self.store.insert_user(&row).map_err(|e| match e {
            accord_store::StoreError::Duplicate(_) => AppError::Invalid {
                field: "email",
                message: format!("an account with {} exists already", row.email),
            },
            other => other.into(),
        })?;
        row.try_into()
    }

    /// Sets a new password; every session of the account ends.
    pub fn reset_password(&self, email: &str, password: &str) -> Result<User> {
        let user = self.by_email(email)?.ok_or(AppError::NoMatch {
            kind: "account",
            reference: email.to_owned(),
        })?;
        self.store
            .set_password(&user.id, &hash_password(password)?)?;
        self.end_all_sessions(&user)?;
        Ok(user)
    }

    pub fn by_email(&self, email: &str) -> Result<Option<User>> {
        let email = normalise_email(email)?;
        self.store
            .user_by_email(&email)?
            .map(User::try_from)
            .transpose()
    }

    pub fn by_id(&self, id: &str) -> Result<Option<User>> {
        self.store.user_by_id(id)?.map(User::try_from).transpose()
    }

    pub fn all(&self) -> Result<Vec<User>> {
        self.store
            .users()?
            .into_iter()
            .map(User::try_from)
            .collect()
    }

    /// Checks a password. No such account and a wrong password give the same error, after
    /// the same work.
    pub fn check_password(&self, email: &str, password: &str) -> Result<User> {
        let row = normalise_email(email)
            .ok()
            .map(|e| self.store.user_by_email(&e))
            .transpose()?
            .flatten();
        let hash = row.as_ref().and_then(|r| r.password_hash.clone());
        let matches = password_matches(hash.as_deref().unwrap_or(decoy_hash()), password);
        match row {
            Some(row) if matches && hash.is_some() => row.try_into(),
            _ => Err(AppError::BadCredentials),
        }
    }

    /// Checks that `password` is the signed-in person's own (re-authentication).
    pub fn confirm_identity(&self, user: &User, password: &str) -> Result<()> {
        match self.check_password(&user.email, password)? {
            checked if checked.id == user.id => Ok(()),
            _ => Err(AppError::BadCredentials),
        }
    }

    /// Starts a cookie session; returns its token.
    pub fn start_session(&self, user: &User) -> Result<String> {
        let (token, hash) = new_token();
        let now = Timestamp::now();
        self.store.insert_login_session(
            &hash,
            &user.id,
            &stamp(now),
            &stamp(now + self.lifetimes.session),
        )?;
        Ok(token)
    }

    /// The account a session belongs to, if it has neither expired nor been idle too long;
    /// the session is marked as seen now (at most once a minute, so reads seldom write).
    pub fn user_for_session(&self, token: &str) -> Result<Option<User>> {
        let now = Timestamp::now();
        let times = accord_store::SessionTimes {
            now: stamp(now),
            idle_since: stamp(now - self.lifetimes.idle),
            seen_before: stamp(now - SignedDuration::from_mins(1)),
        };
        self.store
            .user_for_session(&token_hash(token), &times)?
            .map(User::try_from)
            .transpose()
    }

    pub fn end_session(&self, token: &str) -> Result<()> {
        Ok(self.store.delete_login_session(&token_hash(token))?)
    }

    /// Signs the account out everywhere: its sessions end, and its API tokens, calendar feed
    /// URLs and unused sign-in links stop working. Returns how many sessions ended.
    pub fn end_all_sessions(&self, user: &User) -> Result<u64> {
        Ok(self
            .store
            .revoke_all_credentials(&user.id, &Self::now_stamp())?)
    }

    /// A personal API token; the token itself is shown once and never stored.
    pub fn create_api_token(&self, user: &User, name: &str) -> Result<(String, String)> {
        let name = accord_core::text::Text::line("name", name, accord_core::text::limits::NAME)?;
        let (token, hash) = new_token();
        let id = uuid::Uuid::now_v7().to_string();
        self.store.insert_api_token(
            &id,
            &hash,
            &user.id,
            name.as_str(),
            &stamp(Timestamp::now()),
        )?;
        Ok((id, token))
    }

    pub fn user_for_api_token(&self, token: &str) -> Result<Option<User>> {
        self.store
            .user_for_api_token(&token_hash(token))?
            .map(User::try_from)
            .transpose()
    }

    pub fn revoke_api_token(&self, user: &User, id: &str) -> Result<bool> {
        Ok(self
            .store
            .revoke_api_token(id, &user.id, &stamp(Timestamp::now()))?)
    }

    /// A single-use sign-in link token for the account with this e-mail, if there is one.
    pub fn create_sign_in_link(&self, email: &str) -> Result<Option<(User, String)>> {
        let Some(user) = normalise_email(email)
            .ok()
            .map(|e| self.by_email(&e))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        let (token, hash) = new_token();
        self.store.insert_sign_in_link(
            &hash,
            &user.id,
            &self.stamp_in(self.lifetimes.sign_in_link),
        )?;
        Ok(Some((user, token)))
    }

    /// Uses a sign-in link: starts a session for its account. Works once, before it expires.
    pub fn redeem_sign_in_link(&self, token: &str) -> Result<(User, String)> {
        let row = self
            .store
            .redeem_sign_in_link(&token_hash(token), &Self::now_stamp())?
            .ok_or(AppError::SignInLinkUnusable)?;
        let user = User::try_from(row)?;
        let session = self.start_session(&user)?;
        Ok((user, session))
    }

    pub fn now_stamp() -> String {
        stamp(Timestamp::now())
    }

    pub fn stamp_in(&self, after: SignedDuration) -> String {
        stamp(Timestamp::now() + after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches(&hash, "correct horse battery"));
        assert!(!password_matches(&hash, "correct horse battery!"));
        assert!(matches!(
            hash_password("short"),
            Err(AppError::Invalid {
                field: "password",
                ..
            })
        ));
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalise_email("  Maya@Example.ORG ").unwrap(),
            "maya@example.org"
        );
        for bad in [
            "maya",
            "@example.org",
            "maya@localhost",
            "ma ya@example.org",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(ha, token_hash(&a));
        assert!(!ha.contains(&a));
        assert_eq!(a.len(), 43);
    }
}
