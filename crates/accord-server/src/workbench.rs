//! What a signed-in person can do, each operation checked by `access` before it touches a
//! case. The HTTP API is a thin layer over this.

use crate::access::{self, CaseAccess, FORMER, MEDIATOR, PARTICIPANT};
use crate::accounts::{AccountRole, Accounts, User, new_token, token_hash};
use crate::cases::Cases;
use crate::error::{AppError, Result};
use crate::history_cache::History;
use accord_core::case::state::Case;
use accord_core::case::vocabulary::Role;
use accord_core::case::{Actor, CaseMetadata, CaseView, Command, version_after, version_for, view};
use accord_core::ids::{CaseId, ParticipantId};
use accord_store::{InvitationRow, MembershipRow, StoreError};
use std::sync::Arc;

#[derive(Clone)]
pub struct Workbench {
    pub cases: Arc<Cases>,
    pub accounts: Accounts,
}

/// A case as one account sees it, with the version to name when changing it.
pub struct Seen {
    pub version: u64,
    pub view: CaseView,
}

/// The answer to a command.
pub struct Done {
    pub case: CaseId,
    pub version: u64,
}

/// An invitation just made: the token is shown once.
pub struct Invitation {
    pub token: String,
    pub expires_at: String,
}

fn not_found(e: AppError) -> AppError {
    match e {
        AppError::Store(StoreError::NotFound(_)) => AppError::CaseNotFound,
        other => other,
    }
}

/// Retries when another writer appended between our read and our write; the expected-version
/// check then decides whether the caller must reload.
const APPEND_ATTEMPTS: usize = 3;

impl Workbench {
    pub fn new(store: accord_store::Store) -> Self {
        Self {
            cases: Arc::new(Cases::new(store.clone())),
            accounts: Accounts::new(Arc::new(store)),
        }
    }

    fn load(&self, case: CaseId) -> Result<History> {
        self.cases.history(case).map_err(not_found)
    }

    pub fn access(&self, user: &User, case: CaseId) -> Result<CaseAccess> {
        access::case_access(self.cases.store(), user, case)
    }

    /// The cases an account may see, as metadata.
    pub fn list(&self, user: &User) -> Result<Vec<CaseMetadata>> {
        let all = self.cases.list()?;
        if matches!(user.role, AccountRole::Coordinator | AccountRole::Admin) {
            return Ok(all);
        }
        let mine: Vec<String> = self
            .cases
            .store()
            .memberships_of_user(&user.id)?
            .into_iter()
            .filter(|m| m.kind != FORMER)
            .map(|m| m.case_id)
            .collect();
        Ok(all
            .into_iter()
            .filter(|m| mine.contains(&m.id.to_string()))
            .collect())
    }

    pub fn show(&self, user: &User, case: CaseId) -> Result<Seen> {
        let access = self.access(user, case)?;
        let history = self.load(case)?;
        Ok(Seen {
            version: version_for(&history, access.viewer())?,
            view: view(&history, access.viewer())?,
        })
    }

    /// Opens a case; the mediator who opens it becomes its mediator.
    pub fn open(&self, user: &User, command: Command) -> Result<Done> {
        access::may_open_cases(user)?;
        let Command::OpenCase { case, .. } = &command else {
            return Err(AppError::Forbidden("not an opening".into()));
        };
        let case = *case;
        let done = self.cases.execute(case, command, &actor(user))?;
        self.cases.store().set_membership(&MembershipRow {
            case_id: case.to_string(),
            user_id: user.id.clone(),
            kind: MEDIATOR.into(),
            participant_id: None,
        })?;
        Ok(Done {
            case,
            version: done.events.last().map_or(0, |e| e.seq),
        })
    }

    /// Runs a command, refusing it if the caller's `expected` version is stale.
    pub fn run(
        &self,
        user: &User,
        case: CaseId,
        command: Command,
        expected: Option<u64>,
    ) -> Result<Done> {
        let access = self.access(user, case)?;
        for attempt in 1..=APPEND_ATTEMPTS {
            let history = self.load(case)?;
            let state = Case::fold(history.iter());
            access::may_run(access, &state, &command)?;
            let viewer = access.viewer();
            if let Some(expected) = expected {
                let current = version_for(&history, viewer)?;
                if current != expected {
                    return Err(AppError::Stale { expected, current });
                }
            }
            match self
                .cases
                .append_decided(case, state, command.clone(), &actor(user))
            {
                Err(AppError::Store(StoreError::Conflict { .. })) if attempt < APPEND_ATTEMPTS => {
                    continue;
                }
                Err(AppError::Store(StoreError::Conflict {
                    expected: seen,
                    current,
                })) => {
                    return Err(AppError::Stale {
                        expected: seen,
                        current,
                    });
                }
                Err(e) => return Err(e),
                Ok(done) => {
                    return Ok(Done {
                        case,
                        version: version_after(&history, &done.events, viewer)?,
                    });
                }
            }
        }
        unreachable!("the loop returns on its last attempt")
    }

    /// The record as JSON Lines: the case's mediator only.
    pub fn export(&self, user: &User, case: CaseId) -> Result<String> {
        access::may_manage_case(self.access(user, case)?)?;
        let mut out = Vec::new();
        self.cases.export(case, &mut out)?;
        Ok(String::from_utf8(out).expect("export lines are UTF-8"))
    }

    /// Invites someone to take part as an existing (non-mediator) participant of the case.
    pub fn invite(
        &self,
        user: &User,
        case: CaseId,
        participant: ParticipantId,
        email: &str,
    ) -> Result<Invitation> {
        access::may_manage_case(self.access(user, case)?)?;
        let state = Case::fold(self.load(case)?.iter());
        let p = state.participant(participant).ok_or(AppError::Invalid {
            field: "participant",
            message: format!("no participant {participant} in this case"),
        })?;
        if p.role == Role::Mediator {
            return Err(AppError::Invalid {
                field: "participant",
                message: "mediators are assigned, not invited".into(),
            });
        }
        let email = crate::accounts::normalise_email(email)?;
        let (token, hash) = new_token();
        let expires_at = self.accounts.stamp_in(self.accounts.lifetimes.invitation);
        self.cases.store().insert_invitation(
            &hash,
            &InvitationRow {
                case_id: case.to_string(),
                participant_id: participant.to_string(),
                email,
                created_by: user.id.clone(),
                expires_at: expires_at.clone(),
                used_at: None,
            },
        )?;
        Ok(Invitation { token, expires_at })
    }

    /// Accepts an invitation: a new account is created with `password`, or an existing one
    /// (same e-mail) must prove it with its password. Returns the account and a session token.
    pub fn accept_invitation(&self, token: &str, password: &str) -> Result<(User, String)> {
        let hash = token_hash(token);
        let inv = self
            .cases
            .store()
            .invitation(&hash)?
            .ok_or(AppError::InvitationUnusable)?;
        let now = Accounts::now_stamp();
        if inv.used_at.is_some() || inv.expires_at <= now {
            return Err(AppError::InvitationUnusable);
        }
        let existing = self.accounts.by_email(&inv.email)?;
        let (user, new_row) = match existing {
            Some(_) => (self.accounts.check_password(&inv.email, password)?, None),
            None => {
                let state = Case::fold(
                    self.load(
                        inv.case_id
                            .parse()
                            .map_err(|_| AppError::InvitationUnusable)?,
                    )?
                    .iter(),
                );
                let name = inv
                    .participant_id
                    .parse()
                    .ok()
                    .and_then(|p| state.participant(p).map(|p| p.name.to_string()))
                    .unwrap_or_else(|| inv.email.clone());
                let row = accord_store::UserRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    email: inv.email.clone(),
                    name,
                    role: AccountRole::Member.to_string(),
                    password_hash: Some(crate::accounts::hash_password(password)?),
                    created_at: now.clone(),
                };
                (User::try_from(row.clone())?, Some(row))
            }
        };
        let member = MembershipRow {
            case_id: inv.case_id.clone(),
            user_id: user.id.clone(),
            kind: PARTICIPANT.into(),
            participant_id: Some(inv.participant_id.clone()),
        };
        if !self
            .cases
            .store()
            .accept_invitation(&hash, &now, new_row.as_ref(), &member)?
        {
            return Err(AppError::InvitationUnusable);
        }
        let session = self.accounts.start_session(&user)?;
        Ok((user, session))
    }

    /// Makes a mediator account a mediator of the case.
    pub fn assign_mediator(&self, user: &User, case: CaseId, mediator_email: &str) -> Result<User> {
        access::may_assign(user)?;
        self.load(case)?;
        let mediator = self
            .accounts
            .by_email(mediator_email)?
            .ok_or(AppError::Invalid {
                field: "email",
                message: format!("no account {mediator_email}"),
            })?;
        if mediator.role != AccountRole::Mediator {
            return Err(AppError::Invalid {
                field: "email",
                message: format!("{} is not a mediator account", mediator.email),
            });
        }
        self.cases.store().set_membership(&MembershipRow {
            case_id: case.to_string(),
            user_id: mediator.id.clone(),
            kind: MEDIATOR.into(),
            participant_id: None,
        })?;
        Ok(mediator)
    }

    /// Ends someone's membership of a case; they keep their account.
    pub fn remove_member(&self, user: &User, case: CaseId, member: &str) -> Result<()> {
        access::may_manage_case(self.access(user, case)?)?;
        let row = self
            .cases
            .store()
            .membership(&case.to_string(), member)?
            .ok_or(AppError::Invalid {
                field: "user",
                message: format!("{member} is not a member of this case"),
            })?;
        self.cases.store().set_membership(&MembershipRow {
            kind: FORMER.into(),
            ..row
        })?;
        Ok(())
    }

    pub fn members(&self, user: &User, case: CaseId) -> Result<Vec<MembershipRow>> {
        access::may_manage_case(self.access(user, case)?)?;
        Ok(self.cases.store().memberships_of_case(&case.to_string())?)
    }
}

fn actor(user: &User) -> Actor {
    Actor::Account {
        user: user.id.clone(),
    }
}
