//! What one viewer may see of a case. A view is the fold of only the events whose audience
//! includes the viewer, so private text of another party is never in the data, let alone on
//! the screen. Coordinators get metadata only, folded from joint events.

use super::event::{Audience, Recorded};
use super::state::{Case, SessionStatus};
use super::vocabulary::{ClosureStatus, DisputeType, Jurisdiction, Outcome, Role};
use crate::chain::Digest;
use crate::ids::{CaseId, ParticipantId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Who is looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Viewer {
    /// A mediator of the case: sees everything.
    Mediator,
    /// A participant other than a mediator: a party, or someone acting for one
    /// (representative, support person), who sees exactly what that party sees.
    Participant(ParticipantId),
    /// A programme coordinator: case metadata only.
    Coordinator,
}

/// The events' audiences a viewer is entitled to, once resolved against the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lens {
    /// The mediator's: every audience but `PartyAlone`.
    Mediator,
    Party(ParticipantId),
    JointOnly,
}

impl Lens {
    fn of(history: &[Recorded], viewer: Viewer) -> Result<Self, ViewError> {
        Ok(match viewer {
            Viewer::Mediator => Self::Mediator,
            Viewer::Coordinator => Self::JointOnly,
            Viewer::Participant(id) => Self::Party(party_seen_by(history, id)?),
        })
    }

    fn admits(self, audience: Audience) -> bool {
        match (self, audience) {
            // The mediator sees everything but what a party entered for itself alone.
            (Self::Mediator, _) => audience.includes_mediator(),
            (_, Audience::Everyone) => true,
            (
                Self::Party(me),
                Audience::PartyAndMediator { party } | Audience::PartyAlone { party },
            ) => me == party,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error("no participant {0} in this case")]
    UnknownViewer(ParticipantId),
    #[error("a mediator sees the case as a mediator, not as a participant")]
    MediatorAsParticipant,
}

/// What a viewer is shown.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "scope", rename_all = "kebab-case")]
pub enum CaseView {
    /// The case's content as this viewer may see it.
    Content {
        case: Box<Case>,
        metadata: Option<CaseMetadata>,
        /// When the view holds only the latest notes: how many there are, and the cursor
        /// for the older ones.
        #[serde(skip_serializing_if = "Option::is_none")]
        notes_page: Option<super::notes_page::NotesPage>,
    },
    /// Metadata only (coordinators).
    Metadata { metadata: Option<CaseMetadata> },
}

/// The state of a case folded from only the events `viewer` may see (coordinators: the joint
/// events). Everything shown to a viewer is derived from this.
pub fn fold_for(history: &[Recorded], viewer: Viewer) -> Result<Case, ViewError> {
    Ok(ViewFold::new(history, viewer)?.case)
}

/// One viewer's fold of a case, kept up to date event by event: the state folded from the
/// events the viewer may see, and how many those are (its version). `advance` costs only the
/// new events, so a server can keep it between requests.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewFold {
    lens: Lens,
    /// The case as the viewer sees it.
    pub case: Case,
    /// The events this viewer may see (its version of the case).
    pub seen: u64,
    /// The sequence number of the last event taken into account, seen or not.
    pub through: u64,
    /// The chain hash of the last event this viewer may see: what a document built from this
    /// fold names, so that it can be checked against the chain. It moves only with an event
    /// the viewer sees.
    pub last_seen: Option<Digest>,
}

impl ViewFold {
    pub fn new(history: &[Recorded], viewer: Viewer) -> Result<Self, ViewError> {
        let mut fold = Self {
            lens: Lens::of(history, viewer)?,
            case: Case::default(),
            seen: 0,
            through: 0,
            last_seen: None,
        };
        fold.advance(history);
        Ok(fold)
    }

    /// Takes in the events after `through`, in order.
    pub fn advance(&mut self, new: &[Recorded]) {
        let mut case = std::mem::take(&mut self.case);
        let after = self.through;
        for r in new.iter().filter(|r| r.seq > after) {
            self.through = r.seq;
            if self.lens.admits(r.audience) {
                case = super::state::evolve(case, r);
                self.seen += 1;
                self.last_seen = Some(r.hash);
            }
        }
        if let Lens::Party(me) = self.lens {
            // Whose debriefs came in is not this party's business, only its own.
            case.debriefs_due.retain(|d| d.author.party() == Some(me));
        }
        self.case = case;
    }

    /// The view this fold gives its viewer, every note included.
    pub fn view(&self) -> CaseView {
        let metadata = CaseMetadata::of(&self.case);
        match self.lens {
            Lens::JointOnly => CaseView::Metadata { metadata },
            _ => CaseView::Content {
                case: Box::new(self.case.clone()),
                metadata,
                notes_page: None,
            },
        }
    }

    /// The view with only the latest `notes` notes, and where the older ones are.
    pub fn page(&self, notes: usize) -> CaseView {
        let metadata = CaseMetadata::of(&self.case);
        match self.lens {
            Lens::JointOnly => CaseView::Metadata { metadata },
            _ => {
                let (case, page) = self.case.with_latest_notes(notes);
                CaseView::Content {
                    case: Box::new(case),
                    metadata,
                    notes_page: Some(page),
                }
            }
        }
    }
}

/// Builds the view of a case's history for a viewer.
pub fn view(history: &[Recorded], viewer: Viewer) -> Result<CaseView, ViewError> {
    let case = fold_for(history, viewer)?;
    let metadata = CaseMetadata::of(&case);
    Ok(match viewer {
        Viewer::Coordinator => CaseView::Metadata { metadata },
        _ => CaseView::Content {
            case: Box::new(case),
            metadata,
            notes_page: None,
        },
    })
}

/// The version of the case a viewer has seen: how many events it may see. It moves only when
/// something the viewer may see happens, and by exactly that many, so neither a stale-write
/// check nor the jump after one's own write reveals that someone else wrote in private.
pub fn version_for(history: &[Recorded], viewer: Viewer) -> Result<u64, ViewError> {
    let lens = Lens::of(history, viewer)?;
    Ok(history.iter().filter(|r| lens.admits(r.audience)).count() as u64)
}

/// Whether `viewer` may see what is addressed to `audience` on the case of `history`: the rule
/// views are folded by, for what reaches a viewer by other ways (e-mailed reminders).
pub fn may_see(
    history: &[Recorded],
    viewer: Viewer,
    audience: Audience,
) -> Result<bool, ViewError> {
    Ok(Lens::of(history, viewer)?.admits(audience))
}

/// The events `viewer` may see after the first `seen` of them: what changed for that viewer
/// since its version `seen` (never an event it may not see).
pub fn visible_after(
    history: &[Recorded],
    viewer: Viewer,
    seen: u64,
) -> Result<Vec<&Recorded>, ViewError> {
    let lens = Lens::of(history, viewer)?;
    Ok(history
        .iter()
        .filter(|r| lens.admits(r.audience))
        .skip(usize::try_from(seen).unwrap_or(usize::MAX))
        .collect())
}

/// The party whose view a participant gets: itself, or the party it acts for.
fn party_seen_by(history: &[Recorded], id: ParticipantId) -> Result<ParticipantId, ViewError> {
    // Participants are joint facts, so the joint fold is enough to resolve them.
    let joint = Case::fold(history.iter().filter(|r| r.audience == Audience::Everyone));
    let p = joint.participant(id).ok_or(ViewError::UnknownViewer(id))?;
    match (p.role, p.acting_for) {
        (Role::Mediator, _) => Err(ViewError::MediatorAsParticipant),
        (_, Some(party)) => Ok(party),
        (_, None) => Ok(id),
    }
}

/// Open or closed, with the closure status.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CaseStatus {
    Open,
    Closed { status: ClosureStatus },
}

impl std::fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Open => f.write_str("open"),
            Self::Closed { status } => write!(f, "closed ({status})"),
        }
    }
}

/// What a coordinator and the case list may know: no names, no notes, no content.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseMetadata {
    pub id: CaseId,
    pub title: String,
    pub dispute_type: DisputeType,
    pub jurisdiction: Jurisdiction,
    pub court_ordered: bool,
    pub status: CaseStatus,
    pub latest_outcome: Option<Outcome>,
    pub opened_at: Timestamp,
    pub last_activity: Timestamp,
    /// When something addressed to everyone last happened (the store keeps it in its own
    /// column; see `shared`).
    #[serde(skip)]
    pub shared_last_activity: Timestamp,
    pub closed_at: Option<Timestamp>,
    pub next_session_at: Option<Timestamp>,
    pub parties: usize,
    pub participants: usize,
    pub issues: usize,
    pub open_issues: usize,
    pub sessions_held: usize,
}

impl CaseMetadata {
    /// The row anyone but a mediator may see in the case list: only what was addressed to
    /// everyone moves it. Equal to `of` the joint fold (a property test holds it).
    pub fn shared(&self) -> Self {
        Self {
            last_activity: self.shared_last_activity,
            ..self.clone()
        }
    }

    /// `None` for a case that was never opened.
    pub fn of(case: &Case) -> Option<Self> {
        let profile = case.profile.as_ref()?;
        Some(Self {
            id: profile.id,
            title: profile.title.as_str().to_owned(),
            dispute_type: profile.dispute_type,
            jurisdiction: profile.jurisdiction,
            court_ordered: profile.court_ordered,
            status: match &case.closure {
                None => CaseStatus::Open,
                Some(c) => CaseStatus::Closed { status: c.status },
            },
            latest_outcome: case.latest_outcome(),
            opened_at: profile.opened_at,
            last_activity: case.last_activity.unwrap_or(profile.opened_at),
            shared_last_activity: case.last_shared_activity.unwrap_or(profile.opened_at),
            closed_at: case.closure.as_ref().map(|c| c.closed_at),
            next_session_at: case
                .sessions
                .iter()
                .filter(|s| s.status == SessionStatus::Scheduled)
                .map(|s| s.starts_at)
                .min(),
            parties: case.parties().count(),
            participants: case.participants.len(),
            issues: case.issues.len(),
            open_issues: case.issues.iter().filter(|i| i.state.is_open()).count(),
            sessions_held: case
                .sessions
                .iter()
                .filter(|s| matches!(s.status, SessionStatus::Held { .. }))
                .count(),
        })
    }
}
