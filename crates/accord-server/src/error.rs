//! Errors of the application layer: a domain rule, a store failure, or a reference that does
//! not name exactly one thing.

use accord_core::DomainError;
use accord_core::case::ViewError;
use accord_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    View(#[from] ViewError),
    #[error("no {kind} matches {reference:?}")]
    NoMatch {
        kind: &'static str,
        reference: String,
    },
    #[error("{reference:?} matches {count} {kind}s: {candidates}; use more of the name or id")]
    Ambiguous {
        kind: &'static str,
        reference: String,
        count: usize,
        candidates: String,
    },
    #[error("{0}")]
    Import(String),
    /// A request field that is not acceptable, named.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("e-mail or password is wrong")]
    BadCredentials,
    #[error("sign in first")]
    Unauthenticated,
    /// The case does not exist, or the caller may not know it does.
    #[error("no such case")]
    CaseNotFound,
    #[error("{0}")]
    Forbidden(String),
    #[error(
        "the case has changed since version {expected} (now at {current}); reload it and try again"
    )]
    Stale { expected: u64, current: u64 },
    /// Other writers kept getting in first on a command that named no version: try again.
    /// (Worded without saying what the others did: they may be changes this viewer cannot see.)
    #[error("this change could not be saved just now; try again in a moment")]
    Busy,
    /// A command that sets or replaces state came without the version it was decided on.
    #[error(
        "this command changes what someone else may have changed: send the case version you last saw as If-Match (or expected_version)"
    )]
    VersionRequired,
    /// An invitation addressed to an existing account is accepted by that account, signed in.
    #[error(
        "this invitation is for an existing account: sign in with it first, then accept the invitation"
    )]
    SignInFirst,
    /// Signed in as someone the invitation is not addressed to.
    #[error("this invitation is addressed to another e-mail; sign in as that account to accept it")]
    NotYourInvitation,
    #[error("this invitation link has been used or has expired; ask your mediator for a new one")]
    InvitationUnusable,
    #[error("this sign-in link has been used or has expired; ask for a new one")]
    SignInLinkUnusable,
    #[error("the e-mail could not be sent; try again later")]
    MailFailed,
    /// The document asked for is not in what the caller may see (never issued, not answered,
    /// or another party's): worded the same in each case.
    #[error("{0}")]
    NoDocument(&'static str),
    #[error("this server was started without its typesetter: documents cannot be made here")]
    DocumentsUnavailable,
    #[error("a document could not be typeset: {0}")]
    Typeset(String),
    #[error("stored case {case} cannot be read: {reason}")]
    Corrupt { case: String, reason: String },
}

pub type Result<T> = std::result::Result<T, AppError>;
