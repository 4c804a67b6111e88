//! The case's safety record as a service, for its mediator alone: each party's screening
//! (latest first, every earlier version kept), its safe contact, the adaptations in force,
//! the overrides and the pauses with their reasons, and the scheduled sessions the
//! screening now rules out. Every reading of a screening is logged (`SensitiveRecord::Screening`).

use crate::access;
use crate::accounts::User;
use crate::error::Result;
use crate::sensitive_reads::Via;
use crate::workbench::Workbench;
use accord_core::case::Case;
use accord_core::case::Viewer;
use accord_core::case::safety::{
    Adaptation, OverrideRecord, PauseRecord, SafeContactRecord, ScreeningRecord,
};
use accord_core::case::sensitive::in_screenings;
use accord_core::ids::{CaseId, ParticipantId, SessionId};
use jiff::Timestamp;
use serde::Serialize;

/// What the mediator reads on the safety page and at `GET /cases/{case}/safety`.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SafetyRecord {
    /// Since when the case is paused (the parties see only that it is).
    #[schema(value_type = Option<String>)]
    pub paused_since: Option<Timestamp>,
    /// The adaptations in force: every one in a party's latest screening.
    pub adaptations: Vec<Adaptation>,
    /// Parties whose latest screening judged mediation not suitable.
    pub not_suitable_for: Vec<ParticipantId>,
    /// Every party of the case, screened or not.
    pub parties: Vec<PartySafety>,
    pub overrides: Vec<OverrideRecord>,
    /// Pauses and resumptions, oldest first, with the mediator's reasons.
    pub pauses: Vec<PauseRecord>,
    /// Scheduled sessions whose format the adaptations now in force rule out.
    pub conflicting_sessions: Vec<SessionId>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PartySafety {
    pub party: ParticipantId,
    pub name: String,
    /// The latest screening, if the party was screened.
    pub screening: Option<ScreeningRecord>,
    /// Earlier screenings, newest first.
    pub earlier: Vec<ScreeningRecord>,
    pub safe_contact: Option<SafeContactRecord>,
}

/// The record, from the mediator's fold.
pub fn record_of(case: &Case) -> SafetyRecord {
    let safety = &case.safety;
    let parties = case
        .parties()
        .map(|p| {
            let mut all: Vec<ScreeningRecord> = safety
                .screenings
                .iter()
                .filter(|s| s.party == p.id)
                .cloned()
                .collect();
            all.reverse();
            let screening = (!all.is_empty()).then(|| all.remove(0));
            PartySafety {
                party: p.id,
                name: p.name.to_string(),
                screening,
                earlier: all,
                safe_contact: safety
                    .safe_contacts
                    .iter()
                    .find(|c| c.party == p.id)
                    .cloned(),
            }
        })
        .collect();
    SafetyRecord {
        paused_since: safety.paused_since,
        adaptations: safety.adaptations.clone(),
        not_suitable_for: safety.not_suitable_for.clone(),
        parties,
        overrides: safety.overrides.clone(),
        pauses: safety.pauses.clone(),
        conflicting_sessions: safety.conflicting_sessions(case),
    }
}

impl Workbench {
    /// The case's safety record (its mediator only); the screenings it hands over are logged
    /// as opened before it is returned.
    pub fn safety(&self, user: &User, case: CaseId, via: Via) -> Result<SafetyRecord> {
        access::may_manage_case(self.access(user, case)?)?;
        let fold = self.cases.history(case)?.view_fold(Viewer::Mediator)?;
        self.opened(user, case, &in_screenings(&fold.case), via)?;
        Ok(record_of(&fold.case))
    }
}
