//! Erasing a person (GDPR Art. 17) as a service, for the API, the pages and the CLI alike:
//! one participant from one case (`Cases::erase`), or an account from every case it is a
//! party to and then the account itself (`Workbench::erase_account`). A legal hold on any of
//! its cases refuses the whole erasure, naming the case and the hold's reason, before
//! anything is erased.

use crate::access::{self, PARTICIPANT};
use crate::accounts::User;
use crate::cases::{Cases, RETRY_ATTEMPTS};
use crate::error::{AppError, Result};
use crate::folded::Folded;
use crate::workbench::{Workbench, actor, not_found};
use accord_core::DomainError;
use accord_core::case::redact::scrub_name;
use accord_core::case::{Actor, CaseMetadata, Recorded, erasure};
use accord_core::chain::{self, Head};
use accord_core::ids::{CaseId, ParticipantId};
use accord_core::text::Text;
use accord_store::StoreError;
use accord_store::erasure::RedactedReminder;
use jiff::Timestamp;
use serde::Serialize;
use std::sync::Arc;

/// One case a person was erased from.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ErasedCase {
    pub case: CaseId,
    pub participant: ParticipantId,
    /// How many stored payloads now read "[erased]" where they held the person's data.
    pub payloads_redacted: usize,
}

/// What erasing an account did: the cases it was erased from (an admin sees case metadata
/// only, so not how much of each case held the person's data).
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AccountErasure {
    pub account: String,
    pub cases: Vec<CaseId>,
}

impl Cases {
    /// Erases `participant` from `case`: each stored payload holding their data replaced by
    /// its redacted form, and the erasure appended, in one transaction; decided again on
    /// fresh state if another writer got in first. `actors` are the ways their own writes
    /// were recorded.
    pub fn erase(
        &self,
        case: CaseId,
        participant: ParticipantId,
        actors: &[Actor],
        basis: &Text,
        by: &Actor,
    ) -> Result<ErasedCase> {
        for attempt in 1..=RETRY_ATTEMPTS {
            let history = self.history(case)?;
            let plan = erasure::plan(
                &history.state,
                &history,
                participant,
                actors.to_vec(),
                basis.clone(),
            )?;
            let head = history.state.head.unwrap_or(Head::EMPTY);
            let now = Timestamp::now();
            let sealed = chain::seal(case, head, plan.events, by, now);
            // The case as it will be stored: the redactions in place, folded again.
            let mut events: Vec<Recorded> = history.to_vec();
            for r in &plan.rewritten {
                events[(r.seq - 1) as usize] = r.clone();
            }
            events.extend(sealed.iter().cloned());
            let next = Folded::new(events);
            let metadata = CaseMetadata::of(&next.state).expect("an opened case");
            let derived = crate::read_models::derived(&next.state, &self.lead_times(), now);
            let raws: Vec<_> = sealed.iter().map(Recorded::to_raw).collect();
            let rewritten: Vec<_> = plan.rewritten.iter().map(Recorded::to_raw).collect();
            // The reminders written from the case, sent or not, hold the name too.
            let reminders: Vec<RedactedReminder> = self
                .store()
                .outbox(Some(&case.to_string()))?
                .into_iter()
                .filter_map(|r| {
                    let (subject, body) = (
                        scrub_name(&r.subject, &plan.subject),
                        scrub_name(&r.body, &plan.subject),
                    );
                    (subject.is_some() || body.is_some()).then(|| RedactedReminder {
                        id: r.id,
                        subject: subject.unwrap_or(r.subject),
                        body: body.unwrap_or(r.body),
                    })
                })
                .collect();
            let _shard = self.shard(case);
            match self
                .store()
                .append_erasing(head.seq, &raws, &metadata, &derived, &rewritten, &reminders)
            {
                Err(StoreError::Conflict { .. }) if attempt < RETRY_ATTEMPTS => continue,
                Err(e) => {
                    // Whatever is cached may no longer be what is stored.
                    self.cache.take(case);
                    return Err(e.into());
                }
                Ok(()) => {}
            }
            // The cached history held the erased payloads: replaced, not extended.
            self.cache.take(case);
            self.cache.put(case, Arc::new(next));
            return Ok(ErasedCase {
                case,
                participant,
                payloads_redacted: plan.rewritten.len(),
            });
        }
        Err(AppError::Busy)
    }
}

impl Workbench {
    /// A case's mediator erases one of its participants (someone with or without an account).
    pub fn erase_participant(
        &self,
        user: &User,
        case: CaseId,
        participant: ParticipantId,
        basis: &Text,
    ) -> Result<ErasedCase> {
        access::may_manage_case(self.access(user, case)?)?;
        let actors = participant_actors(&self.cases, case, participant)?;
        self.cases
            .erase(case, participant, &actors, basis, &actor(user))
            .map_err(not_found)
    }

    /// An admin erases an account (see [`erase_account`]).
    pub fn erase_account(
        &self,
        admin: &User,
        account: &str,
        basis: &Text,
    ) -> Result<AccountErasure> {
        access::may_manage_accounts(admin)?;
        erase_account(&self.cases, account, basis, &actor(admin))
    }
}

/// The accounts of the case whose participant has been erased from it: their name is shown as
/// "[erased]" in the case's members and access log, as it is in the case itself.
pub fn erased_accounts(
    cases: &Cases,
    case: CaseId,
    state: &accord_core::case::Case,
) -> Result<std::collections::HashSet<String>> {
    if state.retention.erasures.is_empty() {
        return Ok(Default::default());
    }
    Ok(cases
        .store()
        .memberships_of_case(&case.to_string())?
        .into_iter()
        .filter(|m| {
            m.participant_id
                .as_deref()
                .and_then(|p| p.parse().ok())
                .is_some_and(|p| state.retention.is_erased(p))
        })
        .map(|m| m.user_id)
        .collect())
}

/// The ways a participant's own writes were recorded: as the participant, and through each
/// account that is (or was) that participant in the case.
pub fn participant_actors(
    cases: &Cases,
    case: CaseId,
    participant: ParticipantId,
) -> Result<Vec<Actor>> {
    let mut actors = vec![Actor::Participant { participant }];
    let participant_id = participant.to_string();
    for m in cases.store().memberships_of_case(&case.to_string())? {
        if m.participant_id.as_deref() == Some(participant_id.as_str()) {
            actors.push(Actor::Account { user: m.user_id });
        }
    }
    Ok(actors)
}

/// Erases an account: from every case it is a participant of (those it was already erased
/// from are passed over, so a retry finishes what a failure left), then the account itself.
/// Refused, with nothing erased, while any of those cases is under a legal hold.
pub fn erase_account(
    cases: &Cases,
    account: &str,
    basis: &Text,
    by: &Actor,
) -> Result<AccountErasure> {
    let subject = cases
        .store()
        .user_by_id(account)?
        .ok_or_else(|| AppError::NoMatch {
            kind: "account",
            reference: account.to_owned(),
        })?;
    let mut places = Vec::new();
    for m in cases.store().memberships_of_user(&subject.id)? {
        let (Some(p), true) = (
            m.participant_id,
            m.kind == PARTICIPANT || m.kind == access::FORMER,
        ) else {
            continue;
        };
        let (Ok(case), Ok(participant)) = (m.case_id.parse::<CaseId>(), p.parse()) else {
            continue;
        };
        let state = cases.state(case)?;
        // An admin sees case metadata only: the case is named, the hold's reason (its
        // mediator's words) is not.
        if state.retention.legal_hold.is_some() {
            let title = state.profile.as_ref().map_or("", |p| p.title.as_str());
            return Err(DomainError::LegalHold(format!("case “{title}”")).into());
        }
        places.push((case, participant));
    }
    let mut erased = Vec::new();
    for (case, participant) in places {
        let actors = participant_actors(cases, case, participant)?;
        match cases.erase(case, participant, &actors, basis, by) {
            Ok(done) => erased.push(done.case),
            Err(AppError::Domain(DomainError::AlreadyErased(_))) => {}
            Err(e) => return Err(e),
        }
    }
    cases.store().erase_account(&subject.id)?;
    Ok(AccountErasure {
        account: subject.id,
        cases: erased,
    })
}
