//! The documents people sign, file or keep, as PDF: each built from the requesting viewer's
//! fold (or, for what the court and both parties get, the joint record), naming the case's
//! reference, the version it reflects and the chain hash of the last event in it. What goes
//! into a document is decided here; `accord-documents` only typesets it.

mod content;
mod record;

use crate::access::CaseAccess;
use crate::accounts::User;
use crate::error::{AppError, Result};
use crate::workbench::Workbench;
use accord_core::case::state::Case;
use accord_core::case::vocabulary::Jurisdiction;
use accord_core::case::{ViewFold, Viewer};
use accord_core::ids::{CaseId, ParticipantId, SessionId};
pub use accord_documents::Template;
use serde::Deserialize;
use serde_json::Value;

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    Memorandum,
    MiamConfirmation(ParticipantId),
    CourtReport,
    InvitationAnswer(ParticipantId),
    SessionSummary(SessionId),
}

/// The paper a document is laid out for: A4 unless asked, or the case is in the U.S.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    fn of(asked: Option<Paper>, case: &Case) -> Self {
        asked.unwrap_or(match case.profile.as_ref().map(|p| p.jurisdiction) {
            Some(Jurisdiction::UsFederal) => Self::Letter,
            _ => Self::A4,
        })
    }

    fn typst_name(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "us-letter",
        }
    }
}

/// A document ready to typeset: its template, its data and the file name to offer.
pub struct Prepared {
    pub template: Template,
    pub data: Value,
    pub file_name: String,
}

/// Typesets a prepared document (`accord_documents::typeset`, given to the server when it
/// starts, so that only what serves documents links the typesetter).
pub type Typeset =
    fn(Template, &Value) -> std::result::Result<Vec<u8>, accord_documents::TypesetError>;

/// Typesets `prepared` with `typeset`, or says the server has none.
pub fn pdf(typeset: Option<Typeset>, prepared: &Prepared) -> Result<Vec<u8>> {
    let typeset = typeset.ok_or(AppError::DocumentsUnavailable)?;
    typeset(prepared.template, &prepared.data).map_err(|e| AppError::Typeset(e.to_string()))
}

impl Workbench {
    /// The document `which` of `case` as `user` may have it. A document about a party (its
    /// MIAM confirmation, its written answer) exists for a viewer only where that viewer's
    /// fold holds it, so another party asking is told there is none.
    pub fn document(
        &self,
        user: &User,
        case: CaseId,
        which: Which,
        paper: Option<Paper>,
    ) -> Result<Prepared> {
        let access = self.access(user, case)?;
        if which != Which::CourtReport && access == CaseAccess::Metadata {
            return Err(AppError::Forbidden(
                "coordinators and admins see case metadata only".into(),
            ));
        }
        let history = self.cases.history(case)?;
        let joint = history.view_fold(Viewer::Coordinator)?;
        let own = history.view_fold(access.viewer())?;
        prepare(which, &own, &joint, access.viewer(), paper)
    }
}

/// The document `which` from the viewer's own fold and the joint one. The court report and
/// the session summary are built from the joint record only, whoever asks.
pub fn prepare(
    which: Which,
    own: &ViewFold,
    joint: &ViewFold,
    viewer: Viewer,
    paper: Option<Paper>,
) -> Result<Prepared> {
    let (fold, shown_as) = match which {
        Which::CourtReport | Which::SessionSummary(_) => (joint, Viewer::Coordinator),
        _ => (own, viewer),
    };
    let (template, specific, name) = match which {
        Which::Memorandum => content::memorandum(&fold.case),
        Which::MiamConfirmation(p) => content::miam_confirmation(&fold.case, p)?,
        Which::CourtReport => content::court_report(&fold.case)?,
        Which::InvitationAnswer(p) => content::invitation_answer(&fold.case, p)?,
        Which::SessionSummary(s) => content::session_summary(&fold.case, s)?,
    };
    let mut data = record::frame(fold, shown_as, Paper::of(paper, &own.case))?;
    let object = data.as_object_mut().expect("the frame is an object");
    object.extend(specific.as_object().cloned().unwrap_or_default());
    let case_id = fold.case.profile.as_ref().map(|p| p.id);
    Ok(Prepared {
        template,
        data,
        file_name: format!(
            "{name}-{}-v{}.pdf",
            case_id.map_or_else(String::new, |c| crate::reference::short(&c)),
            fold.seen
        ),
    })
}
