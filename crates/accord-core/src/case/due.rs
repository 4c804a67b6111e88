//! What is due on a case, for one viewer: debriefs, the next outreach, pilot reviews and the
//! ends of temporary terms, soonest first, each marked overdue once its time has passed.

use super::debrief::Author;
use super::state::Case;
use super::vocabulary::TermState;
use crate::ids::ParticipantId;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    Debrief,
    NextStep,
    PilotReview,
    TemporaryTermEnds,
    /// A deadline on the procedural clock.
    Deadline,
    /// The last day a party's MIAM confirmation supports a court application.
    MiamExpires,
    /// The FM5 statement on non-court dispute resolution, 7 days before the first hearing.
    Fm5,
    /// A party's answer to the invitation to mediate.
    InvitationAnswer,
}

/// How soon, for sorting and grouping a due list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueWhen {
    Overdue,
    Today,
    ThisWeek,
    Later,
}

impl DueWhen {
    pub fn of(due_on: Date, today: Date) -> Self {
        match (due_on - today).get_days() {
            ..0 => Self::Overdue,
            0 => Self::Today,
            1..=7 => Self::ThisWeek,
            _ => Self::Later,
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub kind: DueKind,
    pub what: String,
    /// The day it is due, in the case's time zone.
    pub due_on: Date,
    /// Who must act, when one person must: a party's debrief, the next step's owner.
    pub owner: Option<ParticipantId>,
    pub overdue: bool,
    pub when: DueWhen,
    /// The deadline, for a clock item.
    pub deadline: Option<crate::ids::DeadlineId>,
}

/// Whose list it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueFor {
    /// The mediator: everything on the case.
    Mediator,
    /// A programme coordinator: the procedural clock only (no debriefs, names or terms).
    Coordinator,
    /// A participant: what it, or its party, must do, and the dates everyone shares.
    Participant {
        me: ParticipantId,
        party: ParticipantId,
    },
}

/// Whose stored due list it is (the due-items read model keeps one per audience).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueAudience {
    Mediator,
    Coordinator,
    /// A participant (a party, or someone acting for one): its own list.
    Participant(ParticipantId),
}

/// Every due list of the case from its full state: the mediator's, the coordinator's and each
/// participant's, as `due` would give each from the case folded for it. The inputs of a
/// participant's list are joint facts (participants, sessions, issues, next steps, deadlines,
/// closure) and its own party's debriefs, which that party sees; its fold keeps exactly these,
/// so the full state gives the same list (the read model's tests compare both).
pub fn due_lists(case: &Case, today: Date) -> Vec<(DueAudience, Vec<DueItem>)> {
    let mut lists = vec![
        (DueAudience::Mediator, due(case, DueFor::Mediator, today)),
        (
            DueAudience::Coordinator,
            due(case, DueFor::Coordinator, today),
        ),
    ];
    for p in case
        .participants
        .iter()
        .filter(|p| p.role != super::vocabulary::Role::Mediator)
    {
        let whose = DueFor::Participant {
            me: p.id,
            party: p.acting_for.unwrap_or(p.id),
        };
        lists.push((DueAudience::Participant(p.id), due(case, whose, today)));
    }
    lists
}

/// The due items of `case` (already folded for the viewer) as of `today`, soonest first.
pub fn due(case: &Case, whose: DueFor, today: Date) -> Vec<DueItem> {
    let Some(profile) = &case.profile else {
        return Vec::new();
    };
    if case.closure.is_some() {
        return Vec::new();
    }
    let tz = jiff::tz::TimeZone::get(&profile.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let day = |t: Timestamp| t.to_zoned(tz.clone()).date();
    let name = |p: ParticipantId| {
        case.participant(p)
            .map_or("someone".into(), |p| p.name.to_string())
    };
    let mut items = Vec::new();
    let coordinator = whose == DueFor::Coordinator;
    for d in case
        .debriefs_due
        .iter()
        .filter(|d| !d.captured && !coordinator)
    {
        let (mine, who) = match (whose, d.author) {
            (DueFor::Mediator, Author::Mediator) => (true, "your".to_owned()),
            (DueFor::Mediator, Author::Party { party }) => (true, format!("{}'s", name(party))),
            (DueFor::Participant { party, .. }, Author::Party { party: p }) => {
                (p == party, "your".into())
            }
            (DueFor::Participant { .. } | DueFor::Coordinator, _) => (false, String::new()),
        };
        if mine {
            items.push(DueItem {
                kind: DueKind::Debrief,
                what: format!(
                    "{who} debrief of the session of {}",
                    held_on(case, d.session)
                ),
                due_on: day(d.due_at),
                owner: d.author.party(),
                overdue: false,
                when: DueWhen::Later,
                deadline: None,
            });
        }
    }
    if let Some(step) = case.pending_next_step() {
        let mine = match whose {
            DueFor::Mediator => true,
            DueFor::Coordinator => false,
            DueFor::Participant { me, party } => {
                // Someone acting for a party owns the outreach on that party's behalf.
                let owners_party = case.party_of(step.owner);
                step.owner == me || owners_party == party
            }
        };
        if mine {
            items.push(DueItem {
                kind: DueKind::NextStep,
                what: format!(
                    "{} — next outreach by {}",
                    step.step.label(),
                    name(step.owner)
                ),
                due_on: step.due_on,
                owner: Some(step.owner),
                overdue: false,
                when: DueWhen::Later,
                deadline: None,
            });
        }
    }
    for issue in case.issues.iter().filter(|_| !coordinator) {
        let (kind, on, what) = match &issue.state {
            TermState::Pilot { review_on } => (DueKind::PilotReview, *review_on, "pilot review"),
            TermState::AgreedTemporary {
                until: Some(until), ..
            } => (DueKind::TemporaryTermEnds, *until, "temporary term ends"),
            _ => continue,
        };
        items.push(DueItem {
            kind,
            what: format!("{}: {what}", issue.title),
            due_on: on,
            owner: None,
            overdue: false,
            when: DueWhen::Later,
            deadline: None,
        });
    }
    for d in case.deadlines.iter().filter(|d| d.is_pending()) {
        items.push(DueItem {
            kind: DueKind::Deadline,
            what: format!("{} ({})", d.label, d.kind),
            due_on: d.due_on,
            owner: None,
            overdue: false,
            when: DueWhen::Later,
            deadline: Some(d.id),
        });
    }
    items.extend(super::miam_due::due(case, whose));
    items.extend(super::invitation::due(case, whose));
    for item in &mut items {
        item.when = DueWhen::of(item.due_on, today);
        item.overdue = item.when == DueWhen::Overdue;
    }
    items.sort_by_key(|i| (i.when, i.due_on));
    items
}

/// The day a session was held, for naming it.
fn held_on(case: &Case, session: crate::ids::SessionId) -> String {
    match case.session(session).map(|s| &s.status) {
        Some(super::state::SessionStatus::Held { held_on, .. }) => held_on.to_string(),
        _ => "—".into(),
    }
}
