//! What a signed-in person can do, each operation checked by `access` before it touches a
//! case. The HTTP API is a thin layer over this.

use crate::access::{self, CaseAccess};
use crate::accounts::{Accounts, User};
use crate::cases::Cases;
use crate::error::{AppError, Result};
use crate::history_cache::History;
use crate::sensitive_reads::{RecentOpenings, Via};
use accord_core::case::access::GrantedBy;
use accord_core::case::notes_page::NOTES_PAGE;
use accord_core::case::sensitive;
use accord_core::case::{Actor, CaseView, Command, ViewFold};
use accord_core::ids::CaseId;
use accord_store::StoreError;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Workbench {
    pub cases: Arc<Cases>,
    pub accounts: Accounts,
    /// (case, account) pairs whose first read is already in the access log, so that later
    /// reads cost no write.
    reads_noted: Arc<Mutex<HashSet<(CaseId, String)>>>,
    pub(crate) recent_openings: RecentOpenings,
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

pub(crate) fn not_found(e: AppError) -> AppError {
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
            reads_noted: Arc::default(),
            recent_openings: RecentOpenings::default(),
        }
    }

    pub(crate) fn load(&self, case: CaseId) -> Result<History> {
        self.cases.history(case).map_err(not_found)
    }

    /// The caller's access to a case; a member's first access to its records is noted in
    /// the case's access log, which its mediators see.
    pub fn access(&self, user: &User, case: CaseId) -> Result<CaseAccess> {
        let access = access::case_access(self.cases.store(), user, case)?;
        if access != CaseAccess::Metadata {
            self.note_read(user, case)?;
        }
        Ok(access)
    }

    fn note_read(&self, user: &User, case: CaseId) -> Result<()> {
        let key = (case, user.id.clone());
        let noted = |set: &HashSet<_>| set.contains(&key);
        if noted(&self.reads_noted.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(());
        }
        self.cases
            .store()
            .note_read(&case.to_string(), &user.id, &Accounts::now_stamp())?;
        self.reads_noted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
        Ok(())
    }

    /// Logs the sensitive records a case view (its latest notes) hands over.
    fn opened_view(&self, user: &User, case: CaseId, fold: &ViewFold) -> Result<()> {
        self.opened(
            user,
            case,
            &sensitive::in_view(&fold.case, NOTES_PAGE),
            Via::CaseView,
        )
    }

    pub fn show(&self, user: &User, case: CaseId) -> Result<Seen> {
        let access = self.access(user, case)?;
        let history = self.load(case)?;
        let fold = history.view_fold(access.viewer())?;
        self.opened_view(user, case, &fold)?;
        Ok(Seen {
            version: history.version_for(access.viewer())?,
            view: fold.page(NOTES_PAGE),
        })
    }

    /// `show`, as `render` makes it into an answer (the API's JSON), made once per viewer and
    /// state of the case: repeated reads of an unchanged case check access and the stored head
    /// as every read does, then send what was made before.
    pub fn show_rendered(
        &self,
        user: &User,
        case: CaseId,
        render: impl FnOnce(Seen) -> bytes::Bytes,
    ) -> Result<(u64, bytes::Bytes)> {
        let viewer = self.access(user, case)?.viewer();
        let history = self.load(case)?;
        let version = history.version_for(viewer)?;
        let fold = history.view_fold(viewer)?;
        self.opened_view(user, case, &fold)?;
        let answer = history.rendered(viewer, || {
            let view = fold.page(NOTES_PAGE);
            Ok::<_, AppError>(render(Seen { version, view }))
        })?;
        Ok((version, answer))
    }

    /// The notes before `before` (a view's or a page's `older` cursor), as `user` may see
    /// them; `None` if the cursor names no note the caller may see.
    pub fn older_notes(
        &self,
        user: &User,
        case: CaseId,
        before: accord_core::ids::NoteId,
        limit: usize,
    ) -> Result<accord_core::case::notes_page::OlderNotes> {
        let access = self.access(user, case)?;
        if access == CaseAccess::Metadata {
            return Err(AppError::Forbidden(
                "coordinators and admins see case metadata only".into(),
            ));
        }
        let fold = self.load(case)?.view_fold(access.viewer())?;
        let older = fold
            .case
            .notes_before(before, limit)
            .ok_or(AppError::Invalid {
                field: "before",
                message: format!("{before} is not a note of this case you may see"),
            })?;
        self.opened(
            user,
            case,
            &sensitive::in_notes(&older.notes),
            Via::OlderNotes,
        )?;
        Ok(older)
    }

    /// A page of the case's timeline as `user` may see it, newest first: the latest entries,
    /// or those before entry number `before`.
    pub fn timeline(
        &self,
        user: &User,
        case: CaseId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<accord_core::case::timeline::TimelinePage> {
        let access = self.access(user, case)?;
        if access == CaseAccess::Metadata {
            return Err(AppError::Forbidden(
                "coordinators and admins see case metadata only".into(),
            ));
        }
        Ok(self.load(case)?.timeline(access.viewer(), before, limit)?)
    }

    /// Opens a case; the mediator who opens it becomes its mediator, and the case's record
    /// says so.
    pub fn open(&self, user: &User, command: Command) -> Result<Done> {
        access::may_open_cases(user)?;
        let Command::OpenCase { case, .. } = &command else {
            return Err(AppError::Forbidden("not an opening".into()));
        };
        let case = *case;
        self.cases.execute(case, command, &actor(user))?;
        self.grant(case, user, None, user, GrantedBy::Opening)?;
        Ok(Done {
            case,
            version: self
                .load(case)?
                .version_for(accord_core::case::Viewer::Mediator)?,
        })
    }

    /// Runs a command, refusing it if the caller's `expected` version is stale, or missing
    /// where the command replaces state (`Command::replaces_state`).
    pub fn run(
        &self,
        user: &User,
        case: CaseId,
        command: Command,
        expected: Option<u64>,
    ) -> Result<Done> {
        let access = self.access(user, case)?;
        let viewer = access.viewer();
        for attempt in 1..=APPEND_ATTEMPTS {
            let history = self.load(case)?;
            access::may_run(access, &history.state, &command)?;
            if expected.is_none() && command.replaces_state() {
                return Err(AppError::VersionRequired);
            }
            let current = history.version_for(viewer)?;
            if let Some(expected) = expected
                && current != expected
            {
                return Err(AppError::Stale { expected, current });
            }
            match self
                .cases
                .append_decided(case, history, command.clone(), &actor(user))
            {
                Err(AppError::Store(StoreError::Conflict { .. })) if attempt < APPEND_ATTEMPTS => {
                    continue;
                }
                // A command that named no version is not stale: it was crowded out.
                Err(AppError::Store(StoreError::Conflict { .. })) if expected.is_none() => {
                    return Err(AppError::Busy);
                }
                // The version shown is the caller's, never the store's sequence number.
                Err(AppError::Store(StoreError::Conflict { .. })) => {
                    let current = self.load(case)?.version_for(viewer)?;
                    return Err(AppError::Stale {
                        expected: expected.unwrap_or(current),
                        current,
                    });
                }
                Err(e) => return Err(e),
                Ok(done) => {
                    return Ok(Done {
                        case,
                        version: done.history.version_for(viewer)?,
                    });
                }
            }
        }
        unreachable!("the loop returns on its last attempt")
    }

    /// The record as JSON Lines: the case's mediator only.
    pub fn export(&self, user: &User, case: CaseId) -> Result<String> {
        access::may_manage_case(self.access(user, case)?)?;
        let fold = self
            .load(case)?
            .view_fold(accord_core::case::Viewer::Mediator)?;
        self.opened(user, case, &sensitive::in_case(&fold.case), Via::Export)?;
        let mut out = Vec::new();
        self.cases.export_for_mediator(case, &mut out)?;
        Ok(String::from_utf8(out).expect("export lines are UTF-8"))
    }
}

pub(crate) fn actor(user: &User) -> Actor {
    Actor::Account {
        user: user.id.clone(),
    }
}
