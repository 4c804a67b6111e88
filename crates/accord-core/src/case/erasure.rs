//! Erasing one person from a case (GDPR Art. 17). Each event holding their data keeps its
//! envelope, its place and its hash; only its payload is replaced by the redacted one
//! (`redact`). The chain still verifies because an event's hash covers its payload's digest,
//! not the payload (DESIGN.md §1), and the erasure itself is recorded: one `PayloadsRedacted`
//! event per audience it touched, each listing the digest each of those payloads was sealed
//! with and the digest of what replaces it. `verify_chain` accepts a payload that no longer
//! matches its digest only where a later erasure names exactly that replacement.

use super::event::{Actor, Audience, Event, NewEvent, Recorded};
use super::redact::{Subject, redact};
use super::state::Case;
use crate::chain::{Digest, payload_of};
use crate::error::DomainError;
use crate::ids::ParticipantId;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// One payload replaced: the digest the chain was sealed with, and that of its redacted form.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    pub original: String,
    pub redacted: String,
}

/// What erasing a person from a case writes.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The events holding the person's data, as they are to be stored from now on: the same
    /// envelope, digest and hash, the redacted payload.
    pub rewritten: Vec<Recorded>,
    /// The erasure itself: one event per audience it touched, the joint one first (the
    /// person's name is always in the joint record).
    pub events: Vec<NewEvent>,
    /// The person erased, for what else holds their name (the e-mails written from the case).
    pub subject: Subject,
}

/// Plans erasing `participant` from the case whose full `history` folded into `case`.
/// `actors` are the ways their own writes were recorded (as the participant, through their
/// account). Refused under a legal hold (naming its reason), for someone not in the case, and
/// for someone already erased.
pub fn plan(
    case: &Case,
    history: &[Recorded],
    participant: ParticipantId,
    actors: Vec<Actor>,
    basis: Text,
) -> Result<Plan, DomainError> {
    if case.profile.is_none() {
        return Err(DomainError::CaseNotOpened);
    }
    case.retention.may_erase()?;
    let person = case
        .participant(participant)
        .ok_or(DomainError::UnknownParticipant(participant))?;
    if case.retention.is_erased(participant) {
        return Err(DomainError::AlreadyErased(participant));
    }
    let subject = Subject {
        participant,
        name: person.name.to_string(),
        actors,
    };
    let mut groups: Vec<(Audience, Vec<Redaction>)> = vec![(Audience::Everyone, Vec::new())];
    let mut rewritten = Vec::new();
    for recorded in history {
        let Some(event) = redact(&recorded.event, &recorded.actor, &subject) else {
            continue;
        };
        let redaction = Redaction {
            original: recorded.payload_digest.to_hex(),
            redacted: Digest::of(payload_of(&event).as_bytes()).to_hex(),
        };
        match groups.iter_mut().find(|(a, _)| *a == recorded.audience) {
            Some((_, list)) => list.push(redaction),
            None => groups.push((recorded.audience, vec![redaction])),
        }
        rewritten.push(Recorded {
            event,
            ..recorded.clone()
        });
    }
    let subject_of_plan = subject.clone();
    let events = groups
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(audience, redacted)| NewEvent {
            audience,
            event: Event::PayloadsRedacted {
                participant,
                basis: basis.clone(),
                redacted,
            },
        })
        .collect();
    Ok(Plan {
        rewritten,
        events,
        subject: subject_of_plan,
    })
}
