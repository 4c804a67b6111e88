//! Who may read a case: invitations, accepting them, assigning mediators, removing members,
//! and the list of members with the access log. Every change of access is first recorded in
//! the case itself (`Command::RecordAccessChange`, a joint event naming who made it), then
//! takes effect, so nobody — an admin or a coordinator included — gains access silently.

use crate::access::{self, FORMER, MEDIATOR, PARTICIPANT};
use crate::accounts::{AccountRole, Accounts, User, new_token, token_hash};
use crate::error::{AppError, Result};
use crate::workbench::{Workbench, actor};
use accord_core::case::Command;
use accord_core::case::access::{AccessChange, AccessKind, GrantedBy};
use accord_core::case::vocabulary::Role;
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::{Text, limits};
use accord_store::{InvitationRow, MembershipRow};

/// An invitation just made: the token is shown once.
/// The page an invited person opens (relative to `--public-url`).
pub fn invitation_path(token: &str) -> String {
    format!("/invitation?token={token}")
}

/// An invitation as its page shows it.
pub struct InvitationPreview {
    pub name: String,
    pub has_account: bool,
}

pub struct Invitation {
    pub token: String,
    pub expires_at: String,
}

/// A member of a case, with when it first read the case's records.
pub struct MemberRecord {
    pub membership: MembershipRow,
    pub name: String,
    pub first_read_at: Option<String>,
}

/// An account's name as a case's record shows it.
fn shown_name(user: &User) -> Text {
    Text::line("name", &user.name, limits::NAME)
        .or_else(|_| Text::line("name", "an account", limits::NAME))
        .expect("a fixed name is valid")
}

impl Workbench {
    /// Records in the case that `member` gains access — as the participant named, or as a
    /// mediator — granted by `by`, then makes it so.
    pub fn grant(
        &self,
        case: CaseId,
        member: &User,
        participant: Option<ParticipantId>,
        by: &User,
        how: GrantedBy,
    ) -> Result<()> {
        let access = match participant {
            Some(participant) => AccessKind::Participant { participant },
            None => AccessKind::Mediator,
        };
        self.record_access(case, member, AccessChange::Granted, access, by, how)?;
        let kind = if participant.is_some() {
            PARTICIPANT
        } else {
            MEDIATOR
        };
        self.cases.store().set_membership(&MembershipRow {
            case_id: case.to_string(),
            user_id: member.id.clone(),
            kind: kind.into(),
            participant_id: participant.map(|p| p.to_string()),
        })?;
        Ok(())
    }

    fn record_access(
        &self,
        case: CaseId,
        member: &User,
        change: AccessChange,
        access: AccessKind,
        by: &User,
        how: GrantedBy,
    ) -> Result<()> {
        let command = Command::RecordAccessChange {
            change,
            name: shown_name(member),
            access,
            by_name: shown_name(by),
            by: how,
        };
        self.cases
            .execute_retrying(case, command, &actor(by))
            .map_err(crate::workbench::not_found)?;
        Ok(())
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
        let history = self.load(case)?;
        let p = history
            .state
            .participant(participant)
            .ok_or(AppError::Invalid {
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

    /// What the page of an invitation shows before it is accepted: the participant's name and
    /// whether its e-mail already has an account (then it is accepted signed in). Used,
    /// expired and unknown invitations are all `InvitationUnusable`.
    pub fn invitation_preview(&self, token: &str) -> Result<InvitationPreview> {
        let (inv, case, participant) = self.usable_invitation(&token_hash(token))?;
        let name = self
            .load(case)?
            .state
            .participant(participant)
            .map(|p| p.name.to_string())
            .unwrap_or_default();
        Ok(InvitationPreview {
            name,
            has_account: self.accounts.by_email(&inv.email)?.is_some(),
        })
    }

    /// The invitation stored under `hash` with its case and participant, if it can still be
    /// used: unknown, used and expired invitations are all `InvitationUnusable`.
    fn usable_invitation(
        &self,
        hash: &str,
    ) -> Result<(accord_store::InvitationRow, CaseId, ParticipantId)> {
        let inv = self
            .cases
            .store()
            .invitation(hash)?
            .ok_or(AppError::InvitationUnusable)?;
        if inv.used_at.is_some() || inv.expires_at <= Accounts::now_stamp() {
            return Err(AppError::InvitationUnusable);
        }
        let case = inv
            .case_id
            .parse()
            .map_err(|_| AppError::InvitationUnusable)?;
        let participant = inv
            .participant_id
            .parse()
            .map_err(|_| AppError::InvitationUnusable)?;
        Ok((inv, case, participant))
    }

    /// Accepts an invitation. Addressed to an e-mail with no account, it creates one with
    /// `password`. Addressed to an existing account, that account must be signed in
    /// (`signed_in`): no password is ever checked here, so an invitation cannot be used to
    /// guess one. Returns the account and a new session token.
    pub fn accept_invitation(
        &self,
        token: &str,
        password: Option<&str>,
        signed_in: Option<&User>,
    ) -> Result<(User, String)> {
        let hash = token_hash(token);
        let (inv, case, participant) = self.usable_invitation(&hash)?;
        let now = Accounts::now_stamp();
        let (user, new_row) = match (self.accounts.by_email(&inv.email)?, signed_in) {
            (Some(owner), Some(me)) if owner.id == me.id => (owner, None),
            (_, Some(_)) => return Err(AppError::NotYourInvitation),
            (Some(_), None) => return Err(AppError::SignInFirst),
            (None, None) => {
                let password = password.ok_or(AppError::Invalid {
                    field: "password",
                    message: "choose a password for your new account".into(),
                })?;
                let history = self.load(case)?;
                let name = history
                    .state
                    .participant(participant)
                    .map(|p| p.name.to_string())
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
        let inviter = self
            .accounts
            .by_id(&inv.created_by)?
            .unwrap_or(user.clone());
        // The record first: a join the case's record does not show never happens.
        self.record_access(
            case,
            &user,
            AccessChange::Granted,
            AccessKind::Participant { participant },
            &inviter,
            GrantedBy::Invitation,
        )?;
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

    /// Makes a mediator account a mediator of the case; the case's record names who did.
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
        let how = match user.role {
            AccountRole::Admin => GrantedBy::Admin,
            _ => GrantedBy::Coordinator,
        };
        self.grant(case, &mediator, None, user, how)?;
        Ok(mediator)
    }

    /// Ends someone's membership of a case; they keep their account.
    pub fn remove_member(&self, user: &User, case: CaseId, member: &str) -> Result<()> {
        access::may_manage_case(self.access(user, case)?)?;
        let row = self
            .cases
            .store()
            .membership(&case.to_string(), member)?
            .filter(|m| m.kind != FORMER)
            .ok_or(AppError::Invalid {
                field: "user",
                message: format!("{member} is not a member of this case"),
            })?;
        let access = match row.participant_id.as_deref().map(str::parse) {
            Some(Ok(participant)) => AccessKind::Participant { participant },
            _ => AccessKind::Mediator,
        };
        let removed = self.accounts.by_id(member)?.ok_or(AppError::Invalid {
            field: "user",
            message: format!("{member} is not a member of this case"),
        })?;
        self.record_access(
            case,
            &removed,
            AccessChange::Ended,
            access,
            user,
            GrantedBy::Mediator,
        )?;
        self.cases.store().set_membership(&MembershipRow {
            kind: FORMER.into(),
            ..row
        })?;
        Ok(())
    }

    /// The case's members, each with when it first read the case (the case's mediator only).
    pub fn members(&self, user: &User, case: CaseId) -> Result<Vec<MemberRecord>> {
        access::may_manage_case(self.access(user, case)?)?;
        let store = self.cases.store();
        let reads = store.first_reads(&case.to_string())?;
        let erased = crate::erasure::erased_accounts(&self.cases, case, &self.cases.state(case)?)?;
        store
            .memberships_of_case(&case.to_string())?
            .into_iter()
            .map(|membership| {
                let name = match erased.contains(&membership.user_id) {
                    true => accord_core::case::redact::ERASED.to_owned(),
                    false => self
                        .accounts
                        .by_id(&membership.user_id)?
                        .map_or_else(String::new, |u| u.name),
                };
                let first_read_at = reads
                    .iter()
                    .find(|r| r.user_id == membership.user_id)
                    .map(|r| r.first_read_at.clone());
                Ok(MemberRecord {
                    membership,
                    name,
                    first_read_at,
                })
            })
            .collect()
    }
}
