//! Safety screening (DOMAIN.md §7): before the parties meet, the mediator asks each of them,
//! alone, about abuse, threats, fear of the other party, child protection, power imbalance
//! and capacity, judges whether mediation is suitable and how it must be adapted, and the
//! rules then hold the case to that judgement.
//!
//! - A screening is the mediator's alone (`MediatorOnly`): no party, representative, support
//!   person or coordinator ever folds it, and reading one is logged (`SensitiveRecord`).
//! - The adaptations in force are the union of each party's latest screening. Scheduling a
//!   session in a format they rule out is refused unless the mediator overrides with a
//!   reason, and the override is itself a (mediator-only) event.
//! - A pause is joint — the parties see that the case is paused and nothing more — and its
//!   reason is the mediator's. No session can be scheduled while the case is paused.
//! - A party's safe contact (which channel, which times, whether a message may name the
//!   service) is for that party and the mediator only.

use super::event::{Audience, Event, NewEvent, Recorded};
use super::state::{Case, SessionStatus};
use super::vocabulary::{SessionFormat, vocabulary};
use crate::error::DomainError;
use crate::ids::{ParticipantId, SessionId};
use crate::text::Text;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What a screening question found.
    Concern {
        No,
        Unsure,
        Yes,
    }
);

vocabulary!(
    /// The mediator's overall judgement of one party's screening.
    Judgement {
        Suitable,
        SuitableWithAdaptations,
        /// Mediation should not go ahead: no session without an override.
        NotSuitable,
    }
);

vocabulary!(
    /// How the process must change for the parties to be safe.
    Adaptation {
        /// The parties never meet: the mediator meets each separately (caucus sessions only).
        ShuttleOnly,
        /// The parties arrive and leave at different times: no session where they arrive
        /// together (joint or hybrid).
        SeparateArrival,
        /// No session in one room: online or caucus only.
        OnlineOnly,
        /// The party brings a support person.
        SupportPerson,
    }
);

vocabulary!(
    /// How a party may safely be reached.
    ContactChannel {
        Email,
        Phone,
        TextMessage,
        Post,
        ThroughRepresentative,
    }
);

/// One question's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub concern: Concern,
    /// What the party said, in the mediator's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Text>,
}

/// The screening questions, each answered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Domestic abuse, past or present: physical, sexual, emotional, financial, coercive control.
    pub abuse: Answer,
    /// Threats to the party, the children or others.
    pub threats: Answer,
    /// Whether the party is afraid of the other party.
    pub fear: Answer,
    /// Concerns for a child's safety or welfare.
    pub child_protection: Answer,
    /// An imbalance of power the process must correct for (money, information, dominance).
    pub power_imbalance: Answer,
    /// Whether the party can take part and decide for itself (health, language, capacity).
    pub capacity: Answer,
}

impl Answers {
    pub fn each(&self) -> [(&'static str, &Answer); 6] {
        [
            ("abuse", &self.abuse),
            ("threats", &self.threats),
            ("fear", &self.fear),
            ("child_protection", &self.child_protection),
            ("power_imbalance", &self.power_imbalance),
            ("capacity", &self.capacity),
        ]
    }

    pub fn each_mut(&mut self) -> [&mut Answer; 6] {
        [
            &mut self.abuse,
            &mut self.threats,
            &mut self.fear,
            &mut self.child_protection,
            &mut self.power_imbalance,
            &mut self.capacity,
        ]
    }
}

/// One party's screening.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    pub answers: Answers,
    pub judgement: Judgement,
    #[serde(default)]
    pub adaptations: Vec<Adaptation>,
    /// Why: required when mediation is judged not suitable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// How a party may be reached safely.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeContact {
    pub channel: ContactChannel,
    /// The number, address or person to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Text>,
    /// When contact is safe ("weekdays 10:00–14:00").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<Text>,
    /// Whether a message may say "Accord" or "mediation". When not, e-mails to the party say
    /// neither.
    pub may_name_service: bool,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScreeningRecord {
    pub party: ParticipantId,
    pub screening: Screening,
    pub at: Timestamp,
}

/// A session scheduled against the adaptations in force, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverrideRecord {
    pub session: SessionId,
    pub format: SessionFormat,
    pub overridden: Vec<String>,
    pub reason: Text,
    pub at: Timestamp,
}

/// A pause or a resumption, with the mediator's reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PauseRecord {
    pub paused: bool,
    pub reason: Text,
    pub at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SafeContactRecord {
    pub party: ParticipantId,
    pub contact: SafeContact,
    pub at: Timestamp,
}

/// The case's safety, as far as this fold may see it. In the case's JSON: whether it is
/// paused (everyone), the adaptations in force and who has been screened (the mediator's
/// fold only) and the safe contacts this fold holds (a party its own). The screenings,
/// overrides and pause reasons are read on their own, logged route.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Safety {
    /// Since when the case is paused.
    pub paused_since: Option<Timestamp>,
    /// The adaptations in force: every one in a party's latest screening.
    pub adaptations: Vec<Adaptation>,
    /// Parties whose latest screening judged mediation not suitable.
    pub not_suitable_for: Vec<ParticipantId>,
    /// Parties screened, in the order of their first screening.
    pub screened: Vec<ParticipantId>,
    pub safe_contacts: Vec<SafeContactRecord>,
    #[serde(skip)]
    pub screenings: Vec<ScreeningRecord>,
    #[serde(skip)]
    pub overrides: Vec<OverrideRecord>,
    #[serde(skip)]
    pub pauses: Vec<PauseRecord>,
}

impl Safety {
    /// What a case's view carries: everything but the screenings, overrides and pause
    /// reasons, which are read (and their reading logged) on their own.
    pub fn without_records(&self) -> Self {
        Self {
            screenings: Vec::new(),
            overrides: Vec::new(),
            pauses: Vec::new(),
            ..self.clone()
        }
    }

    /// Each party's latest screening.
    pub fn latest(&self) -> Vec<&ScreeningRecord> {
        self.screened
            .iter()
            .filter_map(|p| self.screenings.iter().rev().find(|s| s.party == *p))
            .collect()
    }

    /// The party's safe contact, if it gave one.
    pub fn safe_contact(&self, party: ParticipantId) -> Option<&SafeContact> {
        self.safe_contacts
            .iter()
            .find(|c| c.party == party)
            .map(|c| &c.contact)
    }

    /// What the adaptations in force rule out for a session in `format`, in words; empty
    /// where nothing does.
    pub fn ruled_out(&self, format: SessionFormat) -> Vec<String> {
        use SessionFormat::*;
        let mut out = Vec::new();
        if !self.not_suitable_for.is_empty() {
            out.push("no session: mediation was judged not suitable".to_owned());
        }
        for adaptation in &self.adaptations {
            let refused = match adaptation {
                Adaptation::ShuttleOnly => format != Caucus,
                Adaptation::SeparateArrival => matches!(format, Joint | Hybrid),
                Adaptation::OnlineOnly => matches!(format, Joint | Hybrid | SeparateArrival),
                Adaptation::SupportPerson => false,
            };
            if refused {
                out.push(
                    match adaptation {
                        Adaptation::ShuttleOnly => "shuttle only: caucus sessions only",
                        Adaptation::SeparateArrival => {
                            "separate arrival: the parties never arrive together"
                        }
                        Adaptation::OnlineOnly => "online only: no session in one room",
                        Adaptation::SupportPerson => unreachable!("rules nothing out"),
                    }
                    .to_owned(),
                );
            }
        }
        out
    }

    /// Scheduled sessions whose format the adaptations now in force rule out and that no
    /// override covers: those scheduled before the screening.
    pub fn conflicting_sessions(&self, case: &Case) -> Vec<SessionId> {
        case.sessions
            .iter()
            .filter(|s| matches!(s.status, SessionStatus::Scheduled))
            .filter(|s| !self.overrides.iter().any(|o| o.session == s.id))
            .filter(|s| !self.ruled_out(s.planned_format).is_empty())
            .map(|s| s.id)
            .collect()
    }
}

/// Whether messages to `participant` must name neither the service nor mediation: its party's
/// latest safe contact says so (for a representative or support person, the party it acts for).
pub fn must_not_name_service(history: &[Recorded], participant: ParticipantId) -> bool {
    let party = history.iter().find_map(|r| match &r.event {
        Event::ParticipantAdded {
            participant: p,
            acting_for,
            ..
        } if *p == participant => Some(acting_for.unwrap_or(*p)),
        _ => None,
    });
    let Some(party) = party else {
        return false;
    };
    history
        .iter()
        .rev()
        .find_map(|r| match &r.event {
            Event::SafeContactGiven { party: p, contact } if *p == party => {
                Some(!contact.may_name_service)
            }
            _ => None,
        })
        .unwrap_or(false)
}

/// The rule for `ScheduleSession`: the events it adds beside `SessionScheduled` (an override),
/// or why it is refused.
pub(crate) fn check_schedule(
    case: &Case,
    session: SessionId,
    format: SessionFormat,
    override_reason: Option<Text>,
) -> Result<Option<NewEvent>, DomainError> {
    let safety = &case.safety;
    if safety.paused_since.is_some() {
        return Err(DomainError::CasePaused);
    }
    let ruled_out = safety.ruled_out(format);
    match (ruled_out.is_empty(), override_reason) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(DomainError::NothingToOverride),
        (false, None) => Err(DomainError::SafetyAdaptation {
            format: format.to_string(),
            ruled_out: ruled_out.join("; "),
        }),
        (false, Some(reason)) => Ok(Some(NewEvent {
            audience: Audience::MediatorOnly,
            event: Event::AdaptationsOverridden {
                session,
                format,
                overridden: ruled_out,
                reason,
            },
        })),
    }
}

pub(crate) fn record_screening(
    case: &Case,
    party: ParticipantId,
    screening: Screening,
) -> Result<Vec<NewEvent>, DomainError> {
    super::decide::require_party(case, party)?;
    if unique(screening.adaptations.iter().copied()).len() != screening.adaptations.len() {
        return Err(invalid("adaptations", "each adaptation once"));
    }
    match (screening.judgement, screening.adaptations.is_empty()) {
        (Judgement::Suitable, false) => {
            return Err(invalid(
                "adaptations",
                "a suitable judgement carries no adaptations: judge it suitable-with-adaptations",
            ));
        }
        (Judgement::SuitableWithAdaptations, true) => {
            return Err(invalid("adaptations", "name at least one adaptation"));
        }
        _ => {}
    }
    if screening.judgement == Judgement::NotSuitable && screening.reason.is_none() {
        return Err(DomainError::EmptyField { field: "reason" });
    }
    Ok(vec![NewEvent {
        audience: Audience::MediatorOnly,
        event: Event::ScreeningRecorded { party, screening },
    }])
}

pub(crate) fn pause(case: &Case, pause: bool, reason: Text) -> Result<Vec<NewEvent>, DomainError> {
    match (case.safety.paused_since.is_some(), pause) {
        (true, true) => return Err(DomainError::AlreadyPaused),
        (false, false) => return Err(DomainError::NotPaused),
        _ => {}
    }
    let joint = if pause {
        Event::CasePaused {}
    } else {
        Event::CaseResumed {}
    };
    Ok(vec![
        NewEvent::joint(joint),
        NewEvent {
            audience: Audience::MediatorOnly,
            event: Event::PauseReasonRecorded {
                paused: pause,
                reason,
            },
        },
    ])
}

pub(crate) fn give_safe_contact(
    case: &Case,
    party: ParticipantId,
    contact: SafeContact,
) -> Result<Vec<NewEvent>, DomainError> {
    super::decide::require_party(case, party)?;
    Ok(vec![NewEvent {
        audience: Audience::PartyAndMediator { party },
        event: Event::SafeContactGiven { party, contact },
    }])
}

/// Each adaptation once, in the order first met.
fn unique(adaptations: impl Iterator<Item = Adaptation>) -> Vec<Adaptation> {
    let mut out = Vec::new();
    for a in adaptations {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

fn invalid(field: &'static str, reason: &str) -> DomainError {
    DomainError::InvalidField {
        field,
        reason: reason.into(),
    }
}

pub(crate) fn evolve(case: &mut Case, event: &Event, at: Timestamp) {
    let safety = &mut case.safety;
    match event {
        Event::ScreeningRecorded { party, screening } => {
            if !safety.screened.contains(party) {
                safety.screened.push(*party);
            }
            safety.screenings.push(ScreeningRecord {
                party: *party,
                screening: screening.clone(),
                at,
            });
            let latest = safety.latest();
            let adaptations = unique(
                latest
                    .iter()
                    .flat_map(|s| s.screening.adaptations.iter().copied()),
            );
            let not_suitable = latest
                .iter()
                .filter(|s| s.screening.judgement == Judgement::NotSuitable)
                .map(|s| s.party)
                .collect();
            safety.adaptations = adaptations;
            safety.not_suitable_for = not_suitable;
        }
        Event::AdaptationsOverridden {
            session,
            format,
            overridden,
            reason,
        } => safety.overrides.push(OverrideRecord {
            session: *session,
            format: *format,
            overridden: overridden.clone(),
            reason: reason.clone(),
            at,
        }),
        Event::CasePaused {} => safety.paused_since = Some(at),
        Event::CaseResumed {} => safety.paused_since = None,
        Event::PauseReasonRecorded { paused, reason } => safety.pauses.push(PauseRecord {
            paused: *paused,
            reason: reason.clone(),
            at,
        }),
        Event::SafeContactGiven { party, contact } => {
            safety.safe_contacts.retain(|c| c.party != *party);
            safety.safe_contacts.push(SafeContactRecord {
                party: *party,
                contact: contact.clone(),
                at,
            });
        }
        _ => {}
    }
}
