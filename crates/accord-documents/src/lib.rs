//! Accord's documents as PDF. Each document is one Typst template in `templates/`, filled from
//! a JSON value the server builds from the requesting viewer's fold: the templates read the
//! data as data (`json(...)`), so no text a person typed is ever read as markup. The fonts
//! (Libertinus Serif, DejaVu Sans Mono) are embedded in the binary and in every PDF, and the
//! text stays selectable.
//!
//! This crate knows nothing of cases or viewers: what goes into a document, and who may have
//! it, is decided before the data reaches it.

mod world;

use serde_json::Value;
use typst::foundations::Smart;

/// One kind of document, with its template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Template {
    /// The memorandum of (partial) agreement, with who confirmed which version.
    Memorandum,
    /// The MIAM confirmation a court application needs.
    MiamConfirmation,
    /// The outcome-only report for the court.
    CourtReport,
    /// A party's written answer to an invitation to mediate.
    InvitationAnswer,
    /// A session's summary for the parties: joint content only.
    SessionSummary,
}

impl Template {
    pub const ALL: [Template; 5] = [
        Self::Memorandum,
        Self::MiamConfirmation,
        Self::CourtReport,
        Self::InvitationAnswer,
        Self::SessionSummary,
    ];

    fn source(self) -> &'static str {
        match self {
            Self::Memorandum => include_str!("../templates/memorandum.typ"),
            Self::MiamConfirmation => include_str!("../templates/miam_confirmation.typ"),
            Self::CourtReport => include_str!("../templates/court_report.typ"),
            Self::InvitationAnswer => include_str!("../templates/invitation_answer.typ"),
            Self::SessionSummary => include_str!("../templates/session_summary.typ"),
        }
    }
}

/// Why a document could not be made. The data are the server's own, so this is a bug in a
/// template or in the data's shape, never the reader's doing.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    #[error("the {template:?} template failed: {message}")]
    Template { template: Template, message: String },
}

/// Typesets `data` with `template` into a PDF. `data` must hold what `templates/common.typ`
/// reads (`paper`, `document`, `case`, `record`) and what the template itself reads.
pub fn typeset(template: Template, data: &Value) -> Result<Vec<u8>, TypesetError> {
    let fail = |message: String| TypesetError::Template { template, message };
    let world = world::DocumentWorld::new(template.source(), data);
    let document: typst_layout::PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| fail(world::describe(&errors)))?;
    let ident = data["record"]["last_event_hash"]
        .as_str()
        .map_or(Smart::Auto, |h| Smart::Custom(h.to_owned()));
    let options = typst_pdf::PdfOptions {
        ident,
        creator: Smart::Custom(Some("Accord".to_owned())),
        // No creation time: the same record gives the same file.
        timestamp: None,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| fail(world::describe(&errors)));
    // Typst memoises what it computed; each document is made once, so keep nothing of it
    // (no memory growth in a long-running server, no past document's text kept around).
    typst::comemo::evict(0);
    pdf
}

#[cfg(test)]
mod tests;
