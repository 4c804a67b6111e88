//! The records whose every opening is logged for the case's mediators: private notes (a
//! caucus note with one party, the mediator's own notes) and private debriefs. Only records
//! the mediator may read are listed, so the log can never tell a mediator that a record kept
//! from them (a party's overlap figure, say) exists.

use super::debrief::Author;
use super::event::Audience;
use super::state::{Case, Note};
use crate::ids::{NoteId, ParticipantId, SessionId};
use serde::Serialize;
use std::fmt;

/// One sensitive record of a case.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SensitiveRecord {
    /// A note between the mediator and one party (and those acting for it).
    CaucusNote { note: NoteId, party: ParticipantId },
    /// A note for the mediator alone.
    MediatorNote { note: NoteId },
    /// What one author captured, privately, after a session.
    Debrief { session: SessionId, author: Author },
    /// A party's safety screening (every version of it).
    Screening { party: ParticipantId },
}

impl SensitiveRecord {
    /// The note, if it is a private one.
    pub fn of_note(note: &Note) -> Option<Self> {
        match note.audience {
            Audience::PartyAndMediator { party } => Some(Self::CaucusNote {
                note: note.id,
                party,
            }),
            Audience::MediatorOnly => Some(Self::MediatorNote { note: note.id }),
            Audience::Everyone | Audience::PartyAlone { .. } => None,
        }
    }

    /// Parses what `Display` wrote (the access log's stored form).
    pub fn parse(key: &str) -> Option<Self> {
        let mut parts = key.split(':');
        let record = match (parts.next()?, parts.next()?, parts.next()) {
            ("caucus-note", note, Some(party)) => Self::CaucusNote {
                note: note.parse().ok()?,
                party: party.parse().ok()?,
            },
            ("mediator-note", note, None) => Self::MediatorNote {
                note: note.parse().ok()?,
            },
            ("debrief", session, Some("mediator")) => Self::Debrief {
                session: session.parse().ok()?,
                author: Author::Mediator,
            },
            ("screening", party, None) => Self::Screening {
                party: party.parse().ok()?,
            },
            ("debrief", session, Some(party)) => Self::Debrief {
                session: session.parse().ok()?,
                author: Author::Party {
                    party: party.parse().ok()?,
                },
            },
            _ => return None,
        };
        parts.next().is_none().then_some(record)
    }
}

impl fmt::Display for SensitiveRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CaucusNote { note, party } => write!(f, "caucus-note:{note}:{party}"),
            Self::MediatorNote { note } => write!(f, "mediator-note:{note}"),
            Self::Debrief {
                session,
                author: Author::Mediator,
            } => write!(f, "debrief:{session}:mediator"),
            Self::Debrief {
                session,
                author: Author::Party { party },
            } => write!(f, "debrief:{session}:{party}"),
            Self::Screening { party } => write!(f, "screening:{party}"),
        }
    }
}

/// The private notes among `notes`.
pub fn in_notes(notes: &[Note]) -> Vec<SensitiveRecord> {
    notes.iter().filter_map(SensitiveRecord::of_note).collect()
}

/// Every sensitive record in `case` as its viewer holds it: its private notes, the
/// debriefs and the safety screenings it carries (a whole fold, as an export hands over).
pub fn in_case(case: &Case) -> Vec<SensitiveRecord> {
    let mut records = in_view(case, case.notes.len());
    records.extend(in_screenings(case));
    records
}

/// The parties' screenings `case` holds (the mediator's fold only): what the safety route
/// hands over. A case's view never carries them.
pub fn in_screenings(case: &Case) -> Vec<SensitiveRecord> {
    case.safety
        .screened
        .iter()
        .map(|party| SensitiveRecord::Screening { party: *party })
        .collect()
}

/// The private notes among the latest `notes` notes of `case`.
pub fn in_latest_notes(case: &Case, notes: usize) -> Vec<SensitiveRecord> {
    in_notes(&case.notes[case.notes.len().saturating_sub(notes)..])
}

/// The sensitive records of a view that carries only the latest `notes` notes.
pub fn in_view(case: &Case, notes: usize) -> Vec<SensitiveRecord> {
    let mut records = in_latest_notes(case, notes);
    records.extend(case.debriefs.iter().map(|d| SensitiveRecord::Debrief {
        session: d.session,
        author: d.author,
    }));
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_reads_back_from_its_stored_form_and_nothing_else_does() {
        let party = ParticipantId::new_v7();
        let session = SessionId::new_v7();
        for record in [
            SensitiveRecord::CaucusNote {
                note: NoteId::new_v7(),
                party,
            },
            SensitiveRecord::MediatorNote {
                note: NoteId::new_v7(),
            },
            SensitiveRecord::Debrief {
                session,
                author: Author::Mediator,
            },
            SensitiveRecord::Debrief {
                session,
                author: Author::Party { party },
            },
            SensitiveRecord::Screening { party },
        ] {
            assert_eq!(SensitiveRecord::parse(&record.to_string()), Some(record));
            assert_eq!(SensitiveRecord::parse(&format!("{record}:x")), None);
        }
        for bad in ["", "note", "caucus-note:x:y", "debrief:1", "mediator-note:"] {
            assert_eq!(SensitiveRecord::parse(bad), None, "{bad}");
        }
    }
}
