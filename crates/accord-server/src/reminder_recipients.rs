//! Who receives a reminder, decided when it is sent: the member accounts whose view of the
//! case admits the reminder's audience and who have not turned its kind off.

use crate::access::{MEDIATOR, PARTICIPANT};
use crate::account_settings::wants_reminder;
use crate::error::{AppError, Result};
use accord_core::case::safety::must_not_name_service;
use accord_core::case::view::may_see;
use accord_core::case::{Audience, Recorded, Viewer};
use accord_store::{OutboxEntry, Store, StoreError};
use std::collections::HashMap;

/// One person a reminder goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Recipient {
    pub user_id: String,
    pub email: String,
    /// Their party's safe contact asks that messages name neither Accord nor mediation.
    pub discreet: bool,
}

/// The member accounts (never former members) whose view of the case admits the row's
/// audience — mediators see every audience; a participant sees the joint one and its
/// party's — and who have not turned this kind of reminder off.
pub(crate) fn recipients(
    store: &Store,
    entry: &OutboxEntry,
    histories: &mut HashMap<String, Vec<Recorded>>,
) -> Result<Vec<Recipient>> {
    let audience: Audience =
        serde_json::from_str(&entry.audience).map_err(|e| AppError::Corrupt {
            case: entry.case_id.clone(),
            reason: format!("reminder {}: audience: {e}", entry.reminder_key),
        })?;
    if !histories.contains_key(&entry.case_id) {
        let history = history_of(store, &entry.case_id)?;
        histories.insert(entry.case_id.clone(), history);
    }
    let history = &histories[&entry.case_id];
    let mut out = Vec::new();
    for m in store.memberships_of_case(&entry.case_id)? {
        let viewer = match (m.kind.as_str(), m.participant_id.as_deref()) {
            (MEDIATOR, _) => Viewer::Mediator,
            (PARTICIPANT, Some(p)) => match p.parse() {
                Ok(p) => Viewer::Participant(p),
                Err(_) => continue,
            },
            _ => continue,
        };
        // A participant the case does not know (or a mediator joined as one) gets nothing.
        if !may_see(history, viewer, audience).unwrap_or(false) {
            continue;
        }
        if let Some(user) = store.user_by_id(&m.user_id)?
            && wants_reminder(store, &user.id, &entry.reminder_key)?
        {
            let discreet = match viewer {
                Viewer::Participant(p) => must_not_name_service(history, p),
                _ => false,
            };
            out.push(Recipient {
                user_id: user.id,
                email: user.email,
                discreet,
            });
        }
    }
    Ok(out)
}

/// Whether any case `user_id` takes part in as a participant asks that messages to it not name
/// the service (its party's safe contact): then every e-mail to the account is discreet, the
/// sign-in link's included.
pub(crate) fn account_is_discreet(store: &Store, user_id: &str) -> Result<bool> {
    for m in store.memberships_of_user(user_id)? {
        let (PARTICIPANT, Some(p)) = (m.kind.as_str(), m.participant_id.as_deref()) else {
            continue;
        };
        let Ok(participant) = p.parse() else {
            continue;
        };
        if must_not_name_service(&history_of(store, &m.case_id)?, participant) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A case's stored events, decoded (none for a case that is not there).
fn history_of(store: &Store, case_id: &str) -> Result<Vec<Recorded>> {
    let corrupt = |reason: String| AppError::Corrupt {
        case: case_id.to_owned(),
        reason,
    };
    let case = case_id
        .parse()
        .map_err(|_| corrupt("its id is not a UUID".into()))?;
    let raws = match store.events(case) {
        Ok(raws) => raws,
        Err(StoreError::NotFound(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    raws.iter()
        .map(|raw| Recorded::from_raw(raw).map_err(|e| corrupt(format!("event {}: {e}", raw.seq))))
        .collect()
}
