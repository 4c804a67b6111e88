//! Who may see and do what — decided here and nowhere else. A case the caller may not see is
//! `CaseNotFound` (the API's 404), so its existence does not leak.
//!
//! | account                      | sees                           | may do                           |
//! |------------------------------|--------------------------------|----------------------------------|
//! | mediator of the case         | everything                     | every case command, invitations  |
//! | party / representative /     | what that party may see        | notes to everyone or to the      |
//! | support person (via invite)  |                                | mediator in private              |
//! | coordinator, admin           | case metadata only             | assign mediators                 |
//! | anyone else, former members  | nothing: the case is not found | nothing                          |

use crate::accounts::{AccountRole, User};
use crate::error::{AppError, Result};
use accord_core::case::state::Case;
use accord_core::case::{Command, Viewer};
use accord_core::ids::{CaseId, ParticipantId};
use accord_store::{MembershipRow, Store};

/// How one account relates to one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseAccess {
    Mediator,
    Participant(ParticipantId),
    /// Coordinators and admins: metadata only.
    Metadata,
}

impl CaseAccess {
    pub fn viewer(self) -> Viewer {
        match self {
            Self::Mediator => Viewer::Mediator,
            Self::Participant(p) => Viewer::Participant(p),
            Self::Metadata => Viewer::Coordinator,
        }
    }
}

pub const MEDIATOR: &str = "mediator";
pub const PARTICIPANT: &str = "participant";
pub const FORMER: &str = "former";

/// The caller's access to a case, or `CaseNotFound`.
pub fn case_access(store: &Store, user: &User, case: CaseId) -> Result<CaseAccess> {
    let membership = store.membership(&case.to_string(), &user.id)?;
    let access = match membership {
        Some(MembershipRow { kind, .. }) if kind == MEDIATOR => Some(CaseAccess::Mediator),
        Some(MembershipRow {
            kind,
            participant_id: Some(p),
            ..
        }) if kind == PARTICIPANT => p.parse().ok().map(CaseAccess::Participant),
        _ if matches!(user.role, AccountRole::Coordinator | AccountRole::Admin) => {
            Some(CaseAccess::Metadata)
        }
        _ => None,
    };
    let access = access.ok_or(AppError::CaseNotFound)?;
    // A membership is granted only on a case that exists (the grant is an event of the case),
    // so it shows the case exists. Metadata access is by role: the case's index row must
    // show it exists first (its events are not read).
    match access {
        CaseAccess::Metadata if !store.case_exists(case)? => Err(AppError::CaseNotFound),
        _ => Ok(access),
    }
}

/// Whether `access` may run `command` on `case`.
pub fn may_run(access: CaseAccess, case: &Case, command: &Command) -> Result<()> {
    match access {
        CaseAccess::Mediator => accord_core::case::permissions::mediator_may_run(command)
            .map_err(|why| AppError::Forbidden(why.into())),
        CaseAccess::Metadata => Err(AppError::Forbidden(
            "coordinators and admins see case metadata only".into(),
        )),
        CaseAccess::Participant(me) => {
            accord_core::case::permissions::participant_may_run(case, me, command)
                .map_err(|why| AppError::Forbidden(why.into()))
        }
    }
}

/// Opening cases is for mediators.
pub fn may_open_cases(user: &User) -> Result<()> {
    match user.role {
        AccountRole::Mediator => Ok(()),
        _ => Err(AppError::Forbidden("only mediators open cases".into())),
    }
}

/// Inviting people into a case, seeing its members and exporting its record are the mediator's.
pub fn may_manage_case(access: CaseAccess) -> Result<()> {
    match access {
        CaseAccess::Mediator => Ok(()),
        _ => Err(AppError::Forbidden(
            "only the case's mediator can do that".into(),
        )),
    }
}

/// Assigning mediators is for coordinators and admins.
pub fn may_assign(user: &User) -> Result<()> {
    match user.role {
        AccountRole::Coordinator | AccountRole::Admin => Ok(()),
        _ => Err(AppError::Forbidden(
            "only coordinators and admins assign mediators".into(),
        )),
    }
}

/// Managing accounts is for admins.
pub fn may_manage_accounts(user: &User) -> Result<()> {
    match user.role {
        AccountRole::Admin => Ok(()),
        _ => Err(AppError::Forbidden("only admins manage accounts".into())),
    }
}
