//! Invitations to mediate, answered in writing (DOMAIN.md §2 step 2): the mediator invites a
//! party with a date to answer by; the party accepts, declines, asks for a different mediator
//! or proposes other times; no answer by the date is recorded once. Each is a case event, so
//! it is in the chain, dated, and evidence a court may later ask for.
//!
//! That a party was invited, and how it answered, is joint: the other side and the court may
//! know that someone declined. Its reasons (or proposed times) are the party's and the
//! mediator's unless the party chose to share them.

use super::due::{DueFor, DueItem, DueKind, DueWhen};
use super::event::{Audience, Event, NewEvent};
use super::reminder_kind::ReminderKind;
use super::reminders::{LeadTimes, Reminder, lead_moments};
use super::state::Case;
use super::vocabulary::vocabulary;
use crate::error::DomainError;
use crate::ids::ParticipantId;
use crate::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

vocabulary!(
    /// How an invitee answered.
    AnswerKind {
        Accept,
        Decline,
        /// Willing to mediate, with a different mediator.
        OtherMediator,
        /// Willing, at other times.
        OtherTimes,
    }
);

impl AnswerKind {
    /// Every answer but an acceptance says why, or when.
    pub fn needs_text(self) -> bool {
        self != Self::Accept
    }
}

/// Where an invitation stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum InvitationStatus {
    Awaiting,
    Answered {
        kind: AnswerKind,
        at: Timestamp,
        /// The reasons or times, where this fold may see them (shared, or the party's own
        /// and the mediator's).
        text: Option<Text>,
        shared: bool,
    },
    /// No answer by the date.
    Lapsed {
        at: Timestamp,
    },
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Invitation {
    pub participant: ParticipantId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub answer_by: Date,
    pub invited_at: Timestamp,
    #[serde(flatten)]
    pub status: InvitationStatus,
}

impl Invitation {
    pub fn awaiting(&self) -> bool {
        self.status == InvitationStatus::Awaiting
    }
}

/// The party's latest invitation.
pub fn latest(case: &Case, participant: ParticipantId) -> Option<&Invitation> {
    case.invitations
        .iter()
        .rev()
        .find(|i| i.participant == participant)
}

pub(crate) fn invite(
    case: &Case,
    participant: ParticipantId,
    answer_by: Date,
) -> Result<Vec<NewEvent>, DomainError> {
    super::decide::require_party(case, participant)?;
    super::dates::check("answer_by", answer_by)?;
    match latest(case, participant).map(|i| &i.status) {
        Some(InvitationStatus::Awaiting) => return Err(DomainError::InvitationAwaiting),
        Some(InvitationStatus::Answered {
            kind: AnswerKind::Accept,
            ..
        }) => return Err(DomainError::InvitationAccepted),
        _ => {}
    }
    Ok(vec![NewEvent::joint(Event::MediationInvited {
        participant,
        answer_by,
    })])
}

pub(crate) fn answer(
    case: &Case,
    participant: ParticipantId,
    kind: AnswerKind,
    text: Option<Text>,
    shared: bool,
) -> Result<Vec<NewEvent>, DomainError> {
    if !latest(case, participant).is_some_and(Invitation::awaiting) {
        return Err(DomainError::NoInvitationAwaiting);
    }
    if kind.needs_text() && text.is_none() {
        return Err(DomainError::EmptyField { field: "text" });
    }
    let (joint_text, private) = match (text, shared) {
        (Some(t), true) => (Some(t), None),
        (Some(t), false) => (None, Some(t)),
        (None, _) => (None, None),
    };
    let mut events = vec![NewEvent::joint(Event::InvitationAnswered {
        participant,
        kind,
        text: joint_text,
    })];
    if let Some(text) = private {
        events.push(NewEvent {
            audience: Audience::PartyAndMediator { party: participant },
            event: Event::InvitationAnswerExplained { participant, text },
        });
    }
    Ok(events)
}

/// No answer by the date: refused before the date has passed (`as_of`, the case's today), and
/// once recorded — so however many workers try, it is recorded once.
pub(crate) fn lapse(
    case: &Case,
    participant: ParticipantId,
    as_of: Date,
) -> Result<Vec<NewEvent>, DomainError> {
    let invitation = latest(case, participant)
        .filter(|i| i.awaiting())
        .ok_or(DomainError::NoInvitationAwaiting)?;
    if as_of <= invitation.answer_by {
        return Err(DomainError::InvitationNotDue(
            invitation.answer_by.to_string(),
        ));
    }
    Ok(vec![NewEvent::joint(Event::InvitationLapsed {
        participant,
        answer_by: invitation.answer_by,
    })])
}

/// The awaited invitations whose date has passed by `as_of`.
pub fn lapsed_by(case: &Case, as_of: Date) -> Vec<ParticipantId> {
    let mut out: Vec<ParticipantId> = Vec::new();
    for i in &case.invitations {
        if !out.contains(&i.participant) {
            out.push(i.participant);
        }
    }
    out.retain(|p| latest(case, *p).is_some_and(|i| i.awaiting() && as_of > i.answer_by));
    out
}

pub(crate) fn evolve(case: &mut Case, event: &Event, at: Timestamp) {
    match event {
        Event::MediationInvited {
            participant,
            answer_by,
        } => case.invitations.push(Invitation {
            participant: *participant,
            answer_by: *answer_by,
            invited_at: at,
            status: InvitationStatus::Awaiting,
        }),
        Event::InvitationAnswered {
            participant,
            kind,
            text,
        } => {
            if let Some(i) = latest_mut(case, *participant) {
                i.status = InvitationStatus::Answered {
                    kind: *kind,
                    at,
                    text: text.clone(),
                    shared: text.is_some(),
                };
            }
        }
        Event::InvitationAnswerExplained { participant, text } => {
            if let Some(i) = latest_mut(case, *participant)
                && let InvitationStatus::Answered { text: t, .. } = &mut i.status
            {
                *t = Some(text.clone());
            }
        }
        Event::InvitationLapsed { participant, .. } => {
            if let Some(i) = latest_mut(case, *participant) {
                i.status = InvitationStatus::Lapsed { at };
            }
        }
        _ => {}
    }
}

/// The awaited answers in `whose` due list: the mediator's, and the invitee's own side's.
pub(crate) fn due(case: &Case, whose: DueFor) -> Vec<DueItem> {
    case.invitations
        .iter()
        .filter(|i| i.awaiting() && is_latest(case, i))
        .filter(|i| match whose {
            DueFor::Mediator => true,
            DueFor::Coordinator => false,
            DueFor::Participant { party, .. } => party == i.participant,
        })
        .map(|i| DueItem {
            kind: DueKind::InvitationAnswer,
            what: format!(
                "{}'s answer to the invitation to mediate",
                case.participant(i.participant)
                    .map_or_else(|| "A party".into(), |p| p.name.to_string())
            ),
            due_on: i.answer_by,
            owner: Some(i.participant),
            overdue: false,
            when: DueWhen::Later,
            deadline: None,
        })
        .collect()
}

/// Reminders to the invitee's side (and the mediator) at the deadlines' lead days before the
/// date to answer by.
pub(crate) fn reminders(
    case: &Case,
    leads: &LeadTimes,
    tz: &TimeZone,
    planned_at: Timestamp,
) -> Vec<Reminder> {
    let today = planned_at.to_zoned(tz.clone()).date();
    let title = case
        .profile
        .as_ref()
        .map(|p| p.title.to_string())
        .unwrap_or_default();
    let mut out = Vec::new();
    for i in case
        .invitations
        .iter()
        .filter(|i| i.awaiting() && i.answer_by >= today && is_latest(case, i))
    {
        for (lead, send_at) in lead_moments(i.answer_by, leads, tz, planned_at) {
            out.push(Reminder {
                key: format!(
                    "{}invitation:{}:{}:{lead}d",
                    ReminderKind::Deadlines.key_prefix(),
                    i.participant,
                    i.answer_by
                ),
                audience: Audience::PartyAndMediator {
                    party: i.participant,
                },
                send_at,
                subject: format!(
                    "Reminder: please answer the invitation to mediate by {} ({title})",
                    i.answer_by
                ),
                body: format!(
                    "You were invited to mediate in the case \"{title}\". Please answer by {}: \
                     accept, decline (with your reasons), ask for a different mediator or \
                     propose other times. Sign in to answer.\n",
                    i.answer_by
                ),
            });
        }
    }
    out
}

fn is_latest(case: &Case, invitation: &Invitation) -> bool {
    latest(case, invitation.participant).is_some_and(|l| std::ptr::eq(l, invitation))
}

fn latest_mut(case: &mut Case, participant: ParticipantId) -> Option<&mut Invitation> {
    case.invitations
        .iter_mut()
        .rev()
        .find(|i| i.participant == participant)
}
