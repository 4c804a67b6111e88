//! A case's notes a page at a time. Notes are what grows without bound in a long case, so a
//! view carries the latest page and says how many there are; older pages are asked for by
//! cursor (the id of the oldest note shown), newest first within the stream's order.

use super::state::{Case, Note};
use crate::ids::NoteId;
use serde::Serialize;

/// Notes in a view, and in a page asked for.
pub const NOTES_PAGE: usize = 50;
/// The most notes one page may ask for.
pub const MAX_NOTES_PAGE: usize = 200;

/// How the notes of a view relate to all the notes its viewer may see.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotesPage {
    /// Every note this viewer may see.
    pub total: usize,
    /// The notes in this answer: the latest ones.
    pub shown: usize,
    /// Ask for `…/notes?before=<this>` for the page before these; none if there is none.
    pub older: Option<NoteId>,
}

/// A page of older notes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OlderNotes {
    /// Oldest first, as in a view.
    pub notes: Vec<Note>,
    pub older: Option<NoteId>,
}

impl Case {
    /// This case with only its latest `limit` notes (the rest is not copied), and the page.
    pub fn with_latest_notes(&self, limit: usize) -> (Case, NotesPage) {
        let from = self.notes.len().saturating_sub(limit);
        let page = NotesPage {
            total: self.notes.len(),
            shown: self.notes.len() - from,
            older: (from > 0).then(|| self.notes[from].id),
        };
        // Every field but the notes, listed so that a new field cannot be forgotten here.
        let case = Case {
            profile: self.profile.clone(),
            participants: self.participants.clone(),
            issues: self.issues.clone(),
            sessions: self.sessions.clone(),
            notes: self.notes[from..].to_vec(),
            closure: self.closure.clone(),
            last_activity: self.last_activity,
            last_shared_activity: self.last_shared_activity,
            debriefs_due: self.debriefs_due.clone(),
            debriefs: self.debriefs.clone(),
            shared_items: self.shared_items.clone(),
            memoranda: self.memoranda.clone(),
            diagnoses: self.diagnoses.clone(),
            next_steps: self.next_steps.clone(),
            preparations: self.preparations.clone(),
            ratings: self.ratings.clone(),
            deadlines: self.deadlines.clone(),
            open_issues_over_time: self.open_issues_over_time.clone(),
            access: self.access.clone(),
            worksheets: self.worksheets.clone(),
            overlap_checks: self.overlap_checks.clone(),
            proposals: self.proposals.clone(),
            retention: self.retention.clone(),
            // A view never carries the screenings themselves: they are read, and logged, on
            // their own.
            safety: self.safety.without_records(),
            miam: self.miam.clone(),
            invitations: self.invitations.clone(),
            head: self.head,
        };
        (case, page)
    }

    /// The `limit` notes before the note `before` (the view's or a page's `older`); `None` if
    /// this case (as its viewer sees it) has no such note.
    pub fn notes_before(&self, before: NoteId, limit: usize) -> Option<OlderNotes> {
        let end = self.notes.iter().position(|n| n.id == before)?;
        let from = end.saturating_sub(limit.clamp(1, MAX_NOTES_PAGE));
        Some(OlderNotes {
            notes: self.notes[from..end].to_vec(),
            older: (from > 0).then(|| self.notes[from].id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::event::Audience;
    use crate::text::Text;

    fn case_with(n: usize) -> Case {
        let mut case = Case::default();
        for i in 0..n {
            case.notes.push(Note {
                id: NoteId::new_v7(),
                text: Text::line("text", &format!("note {i}"), 100).unwrap(),
                audience: Audience::Everyone,
                about_session: None,
                written_at: jiff::Timestamp::UNIX_EPOCH,
            });
        }
        case
    }

    #[test]
    fn the_latest_page_and_older_pages_hold_every_note_once_in_order() {
        let case = case_with(120);
        let (latest, page) = case.with_latest_notes(50);
        assert_eq!((page.total, page.shown), (120, 50));
        let mut seen: Vec<String> = latest.notes.iter().map(|n| n.text.to_string()).collect();
        let mut cursor = page.older;
        while let Some(before) = cursor {
            let older = case.notes_before(before, 50).unwrap();
            let mut texts: Vec<String> = older.notes.iter().map(|n| n.text.to_string()).collect();
            texts.append(&mut seen);
            seen = texts;
            cursor = older.older;
        }
        let all: Vec<String> = (0..120).map(|i| format!("note {i}")).collect();
        assert_eq!(seen, all);
        let (few, page) = case_with(3).with_latest_notes(50);
        assert_eq!((few.notes.len(), page.older), (3, None));
        assert!(
            case.notes_before(NoteId::new_v7(), 50).is_none(),
            "an unknown cursor"
        );
    }
}
