//! The state of a case, folded from its events by `evolve`. The same fold serves the full
//! case (for `decide`) and each viewer's view (fed only the events that viewer may see).

use super::access::AccessRecord;
use super::deadline::{Deadline, DeadlineStatus, Move};
use super::debrief::{Author, DEBRIEF_DUE_HOURS, Debrief, DebriefItemKind};
use super::event::{Audience, Event, Recorded, StallFinding};
use super::memorandum::Memorandum;
use super::prep::Prep;
use super::vocabulary::RatingMoment;
use super::vocabulary::{
    ClosureStatus, ContractClause, DisputeType, Jurisdiction, Outcome, Role, SessionFormat,
    TermState,
};
use crate::advice::NextStep;
use crate::chain::Head;
use crate::ids::{CaseId, IssueId, NoteId, ParticipantId, SessionId};
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Case {
    /// `None` until the case is opened.
    pub profile: Option<Profile>,
    pub participants: Vec<Participant>,
    pub issues: Vec<Issue>,
    pub sessions: Vec<Session>,
    pub notes: Vec<Note>,
    pub closure: Option<Closure>,
    pub last_activity: Option<Timestamp>,
    /// The time of the last event addressed to everyone: what the case list may show anyone
    /// who is not a mediator (a private write must not move another party's list row).
    #[serde(skip)]
    pub last_shared_activity: Option<Timestamp>,
    /// Debriefs expected after sessions without full agreement, and whether each came in.
    pub debriefs_due: Vec<DebriefDue>,
    pub debriefs: Vec<DebriefRecord>,
    /// Debrief items their parties chose to share with everyone.
    pub shared_items: Vec<SharedItem>,
    pub memoranda: Vec<IssuedMemorandum>,
    pub diagnoses: Vec<Diagnosis>,
    /// Every next step chosen; the last is the current one.
    pub next_steps: Vec<ChosenStep>,
    /// The latest preparation of each party.
    pub preparations: Vec<Preparation>,
    pub ratings: Vec<Rating>,
    /// The procedural clock: court dates, filing deadlines, limitation periods, …
    pub deadlines: Vec<Deadline>,
    /// The number of open issues after each change to it: progress is fewer open issues.
    pub open_issues_over_time: Vec<OpenIssuesAt>,
    /// Every change of who may read the case, oldest first.
    pub access: Vec<AccessRecord>,
    /// The parties' alternatives worksheets: each party's latest private one and latest
    /// shared one, as far as this fold may see them.
    pub worksheets: Vec<super::alternatives::WorksheetRecord>,
    /// Confidential overlap checks, oldest first.
    pub overlap_checks: Vec<super::overlap::OverlapCheck>,
    /// Mediator's proposals, oldest first.
    pub proposals: Vec<super::proposal::Proposal>,
    /// The legal hold and the erasures made.
    pub retention: super::retention::Retention,
    /// Whether the case is paused, the adaptations its safety screening calls for, and the
    /// safe contacts, as far as this fold may see them.
    pub safety: super::safety::Safety,
    /// Each party's latest MIAM and its confirmation, as far as this fold may see them.
    pub miam: Vec<super::miam_record::MiamRecord>,
    /// Invitations to mediate and their answers, oldest first.
    pub invitations: Vec<super::invitation::Invitation>,
    /// The chain head this state was folded up to. Only meaningful for the full fold.
    #[serde(skip)]
    pub head: Option<Head>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub id: CaseId,
    pub title: Text,
    pub dispute_type: DisputeType,
    pub jurisdiction: Jurisdiction,
    pub time_zone: String,
    pub court_ordered: bool,
    pub contract_clause: Option<ContractClause>,
    pub court_reference: Option<Text>,
    pub opened_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: Text,
    pub role: Role,
    pub acting_for: Option<ParticipantId>,
    pub authority_to_settle: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issue {
    pub id: IssueId,
    pub title: Text,
    pub description: Option<Text>,
    pub state: TermState,
    pub state_reason: Option<Text>,
    pub positions: Vec<Position>,
    pub options_tried: Vec<TriedOption>,
    /// How often an agreed term was opened again.
    pub times_reopened: u32,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Position {
    pub party: ParticipantId,
    pub position: Text,
    pub interests: Vec<Text>,
    pub audience: Audience,
    pub recorded_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TriedOption {
    pub option: Text,
    pub result: Option<Text>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DebriefDue {
    pub session: SessionId,
    pub author: Author,
    pub due_at: Timestamp,
    pub captured: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DebriefRecord {
    pub session: SessionId,
    pub author: Author,
    pub debrief: Debrief,
    pub captured_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SharedItem {
    pub session: SessionId,
    pub party: ParticipantId,
    pub kind: DebriefItemKind,
    pub text: String,
    pub shared_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssuedMemorandum {
    pub version: u32,
    pub content_hash: String,
    pub memorandum: Memorandum,
    pub issued_at: Timestamp,
    pub confirmations: Vec<Confirmation>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Confirmation {
    pub by: ParticipantId,
    pub for_party: ParticipantId,
    pub confirmed_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnosis {
    pub session: Option<SessionId>,
    pub author: Author,
    pub findings: Vec<StallFinding>,
    pub audience: Audience,
    pub diagnosed_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChosenStep {
    pub step: NextStep,
    /// The one person who owns the next outreach.
    pub owner: ParticipantId,
    pub due_on: Date,
    pub note: Option<Text>,
    pub chosen_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub completion_note: Option<Text>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preparation {
    pub party: ParticipantId,
    pub prep: Prep,
    pub audience: Audience,
    pub updated_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rating {
    pub session: SessionId,
    pub participant: ParticipantId,
    pub moment: RatingMoment,
    pub clarity: u8,
    pub temperature: u8,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenIssuesAt {
    pub at: Timestamp,
    pub open: usize,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum SessionStatus {
    Scheduled,
    Held {
        held_on: Date,
        format: SessionFormat,
        attendees: Vec<ParticipantId>,
        /// Parties for whom nobody with authority to settle attended (the party itself or
        /// someone acting for it): a common reason a session cannot close.
        authority_missing_for: Vec<ParticipantId>,
    },
    Cancelled {
        reason: Option<Text>,
    },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Session {
    pub id: SessionId,
    pub starts_at: Timestamp,
    pub planned_format: SessionFormat,
    pub agenda: Vec<IssueId>,
    pub status: SessionStatus,
    pub outcome: Option<SessionOutcome>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionOutcome {
    pub outcome: Outcome,
    pub summary: Option<Text>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Note {
    pub id: NoteId,
    pub text: Text,
    pub audience: Audience,
    pub about_session: Option<SessionId>,
    pub written_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Closure {
    pub status: ClosureStatus,
    pub summary: Option<Text>,
    pub closed_at: Timestamp,
}

impl Case {
    pub fn is_open(&self) -> bool {
        self.profile.is_some() && self.closure.is_none()
    }

    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// The party `id` stands for: itself, or the party a representative or support person
    /// acts for (`id` itself when it is not in the case).
    pub fn party_of(&self, id: ParticipantId) -> ParticipantId {
        self.participant(id)
            .map_or(id, |p| p.acting_for.unwrap_or(p.id))
    }

    pub fn parties(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| p.role == Role::Party)
    }

    pub fn issue(&self, id: IssueId) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }

    pub fn session(&self, id: SessionId) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The parties for whom none of `attendees` has authority to settle.
    pub fn authority_missing_for(&self, attendees: &[ParticipantId]) -> Vec<ParticipantId> {
        self.parties()
            .filter(|party| {
                !attendees
                    .iter()
                    .filter_map(|a| self.participant(*a))
                    .any(|a| {
                        a.authority_to_settle
                            && (a.id == party.id || a.acting_for == Some(party.id))
                    })
            })
            .map(|party| party.id)
            .collect()
    }

    /// The current next step, unless it was completed.
    pub fn pending_next_step(&self) -> Option<&ChosenStep> {
        self.next_steps.last().filter(|s| s.completed_at.is_none())
    }

    pub fn deadline(&self, id: crate::ids::DeadlineId) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.id == id)
    }

    pub fn overlap_check(&self, number: u32) -> Option<&super::overlap::OverlapCheck> {
        self.overlap_checks.iter().find(|c| c.number == number)
    }

    pub(super) fn overlap_check_mut(
        &mut self,
        number: u32,
    ) -> Option<&mut super::overlap::OverlapCheck> {
        self.overlap_checks.iter_mut().find(|c| c.number == number)
    }

    pub fn proposal(&self, number: u32) -> Option<&super::proposal::Proposal> {
        self.proposals.iter().find(|p| p.number == number)
    }

    pub(super) fn proposal_mut(&mut self, number: u32) -> Option<&mut super::proposal::Proposal> {
        self.proposals.iter_mut().find(|p| p.number == number)
    }

    /// The latest issued memorandum.
    pub fn latest_memorandum(&self) -> Option<&IssuedMemorandum> {
        self.memoranda.last()
    }

    /// The latest debrief of `author` for `session`.
    pub fn debrief(&self, session: SessionId, author: Author) -> Option<&DebriefRecord> {
        self.debriefs
            .iter()
            .rev()
            .find(|d| d.session == session && d.author == author)
    }

    fn note_open_issues(&mut self, at: Timestamp) {
        let open = self.issues.iter().filter(|i| i.state.is_open()).count();
        if self.open_issues_over_time.last().map(|o| o.open) != Some(open) {
            self.open_issues_over_time.push(OpenIssuesAt { at, open });
        }
    }

    /// The most recent outcome recorded for any session.
    pub fn latest_outcome(&self) -> Option<Outcome> {
        self.sessions
            .iter()
            .rev()
            .find_map(|s| s.outcome.as_ref().map(|o| o.outcome))
    }

    /// Folds a whole history.
    pub fn fold<'a>(history: impl IntoIterator<Item = &'a Recorded>) -> Self {
        history.into_iter().fold(Self::default(), evolve)
    }
}

/// The next state after one event. Events were checked by `decide` when they were recorded,
/// so an event naming something unknown (possible only in a partial view) is skipped.
pub fn evolve(mut case: Case, recorded: &Recorded) -> Case {
    case.head = Some(Head {
        seq: recorded.seq,
        hash: recorded.hash,
    });
    let issues_change = matches!(
        recorded.event,
        Event::IssueAdded { .. } | Event::IssueStateChanged { .. } | Event::TermReopened { .. }
    );
    // What a party entered for itself alone moves nobody else's "last activity", not even
    // the mediator's (whose case-list row is folded from the full state).
    if recorded.audience.includes_mediator() {
        case.last_activity = Some(recorded.recorded_at);
    }
    if recorded.audience == Audience::Everyone {
        case.last_shared_activity = Some(recorded.recorded_at);
    }
    match &recorded.event {
        Event::CaseOpened {
            case: id,
            title,
            dispute_type,
            jurisdiction,
            time_zone,
            court_ordered,
            contract_clause,
            court_reference,
        } => {
            case.profile = Some(Profile {
                id: *id,
                title: title.clone(),
                dispute_type: *dispute_type,
                jurisdiction: *jurisdiction,
                time_zone: time_zone.clone(),
                court_ordered: *court_ordered,
                contract_clause: *contract_clause,
                court_reference: court_reference.clone(),
                opened_at: recorded.recorded_at,
            });
        }
        Event::ParticipantAdded {
            participant,
            name,
            role,
            acting_for,
            authority_to_settle,
        } => {
            case.participants.push(Participant {
                id: *participant,
                name: name.clone(),
                role: *role,
                acting_for: *acting_for,
                authority_to_settle: *authority_to_settle,
            });
        }
        Event::IssueAdded {
            issue,
            title,
            description,
        } => case.issues.push(Issue {
            id: *issue,
            title: title.clone(),
            description: description.clone(),
            state: TermState::Open,
            state_reason: None,
            positions: Vec::new(),
            options_tried: Vec::new(),
            times_reopened: 0,
        }),
        Event::IssueStateChanged {
            issue,
            state,
            reason,
        } => {
            if let Some(i) = case.issues.iter_mut().find(|i| i.id == *issue) {
                i.state = state.clone();
                i.state_reason = reason.clone();
            }
        }
        Event::TermReopened { issue, reason } => {
            if let Some(i) = case.issues.iter_mut().find(|i| i.id == *issue) {
                i.state = TermState::Open;
                i.state_reason = Some(reason.clone());
                i.times_reopened += 1;
            }
        }
        Event::PositionRecorded {
            issue,
            party,
            position,
            interests,
        } => {
            if let Some(i) = case.issues.iter_mut().find(|i| i.id == *issue) {
                // A party's newer position on the same issue, to the same audience, replaces it.
                i.positions
                    .retain(|p| !(p.party == *party && p.audience == recorded.audience));
                i.positions.push(Position {
                    party: *party,
                    position: position.clone(),
                    interests: interests.clone(),
                    audience: recorded.audience,
                    recorded_at: recorded.recorded_at,
                });
            }
        }
        Event::OptionTried {
            issue,
            option,
            result,
        } => {
            if let Some(i) = case.issues.iter_mut().find(|i| i.id == *issue) {
                i.options_tried.push(TriedOption {
                    option: option.clone(),
                    result: result.clone(),
                });
            }
        }
        Event::SessionScheduled {
            session,
            starts_at,
            format,
            agenda,
        } => case.sessions.push(Session {
            id: *session,
            starts_at: *starts_at,
            planned_format: *format,
            agenda: agenda.clone(),
            status: SessionStatus::Scheduled,
            outcome: None,
        }),
        Event::SessionHeld {
            session,
            held_on,
            format,
            attendees,
        } => {
            let authority_missing_for = case.authority_missing_for(attendees);
            if let Some(s) = case.sessions.iter_mut().find(|s| s.id == *session) {
                s.status = SessionStatus::Held {
                    held_on: *held_on,
                    format: *format,
                    attendees: attendees.clone(),
                    authority_missing_for,
                };
            }
        }
        Event::SessionCancelled { session, reason } => {
            if let Some(s) = case.sessions.iter_mut().find(|s| s.id == *session) {
                s.status = SessionStatus::Cancelled {
                    reason: reason.clone(),
                };
            }
        }
        Event::OutcomeRecorded {
            session,
            outcome,
            summary,
        } => {
            if let Some(s) = case.sessions.iter_mut().find(|s| s.id == *session) {
                s.outcome = Some(SessionOutcome {
                    outcome: *outcome,
                    summary: summary.clone(),
                });
            }
            if outcome.calls_for_debrief() {
                let due_at =
                    recorded.recorded_at + jiff::SignedDuration::from_hours(DEBRIEF_DUE_HOURS);
                let authors: Vec<Author> = case
                    .parties()
                    .map(|p| Author::Party { party: p.id })
                    .chain([Author::Mediator])
                    .collect();
                for author in authors {
                    case.debriefs_due.push(DebriefDue {
                        session: *session,
                        author,
                        due_at,
                        captured: false,
                    });
                }
            }
        }
        Event::DebriefCaptured {
            session,
            author,
            debrief,
        } => {
            for due in &mut case.debriefs_due {
                if due.session == *session && due.author == *author {
                    due.captured = true;
                }
            }
            case.debriefs.push(DebriefRecord {
                session: *session,
                author: *author,
                debrief: debrief.clone(),
                captured_at: recorded.recorded_at,
            });
        }
        Event::DebriefItemShared {
            session,
            party,
            kind,
            text,
        } => case.shared_items.push(SharedItem {
            session: *session,
            party: *party,
            kind: *kind,
            text: text.clone(),
            shared_at: recorded.recorded_at,
        }),
        Event::MemorandumIssued {
            version,
            content_hash,
            memorandum,
        } => case.memoranda.push(IssuedMemorandum {
            version: *version,
            content_hash: content_hash.clone(),
            memorandum: memorandum.clone(),
            issued_at: recorded.recorded_at,
            confirmations: Vec::new(),
        }),
        Event::MemorandumConfirmed {
            version,
            by,
            for_party,
            ..
        } => {
            if let Some(m) = case.memoranda.iter_mut().find(|m| m.version == *version) {
                m.confirmations.push(Confirmation {
                    by: *by,
                    for_party: *for_party,
                    confirmed_at: recorded.recorded_at,
                });
            }
        }
        Event::StallDiagnosed {
            session,
            author,
            findings,
        } => case.diagnoses.push(Diagnosis {
            session: *session,
            author: *author,
            findings: findings.clone(),
            audience: recorded.audience,
            diagnosed_at: recorded.recorded_at,
        }),
        Event::NextStepChosen {
            step,
            owner,
            due_on,
            note,
        } => case.next_steps.push(ChosenStep {
            step: *step,
            owner: *owner,
            due_on: *due_on,
            note: note.clone(),
            chosen_at: recorded.recorded_at,
            completed_at: None,
            completion_note: None,
        }),
        Event::NextStepCompleted { note } => {
            if let Some(s) = case.next_steps.last_mut() {
                s.completed_at = Some(recorded.recorded_at);
                s.completion_note = note.clone();
            }
        }
        Event::NextSessionPrepared { party, prep } => {
            case.preparations
                .retain(|p| !(p.party == *party && p.audience == recorded.audience));
            case.preparations.push(Preparation {
                party: *party,
                prep: prep.clone(),
                audience: recorded.audience,
                updated_at: recorded.recorded_at,
            });
        }
        Event::DeadlineSet {
            deadline,
            kind,
            label,
            due_on,
            computation,
        } => case.deadlines.push(Deadline {
            id: *deadline,
            kind: *kind,
            label: label.clone(),
            due_on: *due_on,
            computation: computation.clone(),
            status: DeadlineStatus::Pending,
            moves: Vec::new(),
            set_at: recorded.recorded_at,
        }),
        Event::DeadlineMoved {
            deadline,
            due_on,
            computation,
            reason,
        } => {
            if let Some(d) = case.deadlines.iter_mut().find(|d| d.id == *deadline) {
                d.moves.push(Move {
                    from: d.due_on,
                    to: *due_on,
                    reason: reason.clone(),
                    moved_at: recorded.recorded_at,
                });
                d.due_on = *due_on;
                d.computation = computation.clone();
            }
        }
        Event::DeadlineMet { deadline }
        | Event::DeadlineMissed { deadline }
        | Event::DeadlineCancelled { deadline, .. } => {
            if let Some(d) = case.deadlines.iter_mut().find(|d| d.id == *deadline) {
                d.status = match &recorded.event {
                    Event::DeadlineMet { .. } => DeadlineStatus::Met {
                        at: recorded.recorded_at,
                    },
                    Event::DeadlineMissed { .. } => DeadlineStatus::Missed {
                        at: recorded.recorded_at,
                    },
                    Event::DeadlineCancelled { reason, .. } => DeadlineStatus::Cancelled {
                        reason: reason.clone(),
                    },
                    _ => unreachable!("matched above"),
                };
            }
        }
        Event::SessionRated {
            session,
            participant,
            moment,
            clarity,
            temperature,
        } => {
            case.ratings.retain(|r| {
                !(r.session == *session && r.participant == *participant && r.moment == *moment)
            });
            case.ratings.push(Rating {
                session: *session,
                participant: *participant,
                moment: *moment,
                clarity: *clarity,
                temperature: *temperature,
            });
        }
        Event::NoteAdded {
            note,
            text,
            about_session,
        } => case.notes.push(Note {
            id: *note,
            text: text.clone(),
            audience: recorded.audience,
            about_session: *about_session,
            written_at: recorded.recorded_at,
        }),
        Event::AccessChanged {
            change,
            name,
            access,
            by_name,
            by,
        } => case.access.push(AccessRecord {
            at: recorded.recorded_at,
            change: *change,
            name: name.clone(),
            access: *access,
            by_name: by_name.clone(),
            by: *by,
        }),
        Event::CaseClosed { status, summary } => {
            case.closure = Some(Closure {
                status: *status,
                summary: summary.clone(),
                closed_at: recorded.recorded_at,
            })
        }
        e @ (Event::AlternativesRecorded { .. } | Event::AlternativesShared { .. }) => {
            super::alternatives::evolve(&mut case, e, recorded.audience, recorded.recorded_at)
        }
        e @ (Event::OverlapCheckOpened { .. }
        | Event::OverlapMidpointAgreed { .. }
        | Event::OverlapFigureEntered { .. }
        | Event::OverlapRoundEnded { .. }) => {
            super::overlap::evolve(&mut case, e, recorded.recorded_at)
        }
        e @ (Event::ProposalMade { .. }
        | Event::ProposalAnswered { .. }
        | Event::ProposalDecided { .. }) => {
            super::proposal::evolve(&mut case, e, recorded.recorded_at)
        }
        e @ (Event::LegalHoldPlaced { .. }
        | Event::LegalHoldLifted { .. }
        | Event::PayloadsRedacted { .. }) => {
            super::retention::evolve(&mut case, e, recorded.recorded_at)
        }
        e @ (Event::ScreeningRecorded { .. }
        | Event::AdaptationsOverridden { .. }
        | Event::CasePaused {}
        | Event::CaseResumed {}
        | Event::PauseReasonRecorded { .. }
        | Event::SafeContactGiven { .. }) => {
            super::safety::evolve(&mut case, e, recorded.recorded_at)
        }
        e @ (Event::MiamAttended { .. }
        | Event::MiamReasonRecorded { .. }
        | Event::MiamConfirmationIssued { .. }) => {
            super::miam_record::evolve(&mut case, e, recorded.recorded_at)
        }
        e @ (Event::MediationInvited { .. }
        | Event::InvitationAnswered { .. }
        | Event::InvitationAnswerExplained { .. }
        | Event::InvitationLapsed { .. }) => {
            super::invitation::evolve(&mut case, e, recorded.recorded_at)
        }
    }
    if issues_change {
        case.note_open_issues(recorded.recorded_at);
    }
    case
}
