//! The MIAM's dates on the clock: each confirmation's expiry, in the due lists of its party
//! and the mediator (never the other party's, nor a coordinator's), and the FM5 statement's
//! due date — 7 days before the earliest pending court hearing of a family case in England &
//! Wales — in everyone's, as the hearing is a joint date. Their reminders go out with the
//! deadlines' (`deadline:miam:…` keys, so a person's choice about deadline reminders covers
//! them).

use super::deadline::DeadlineKind;
use super::due::{DueFor, DueItem, DueKind, DueWhen};
use super::event::Audience;
use super::reminder_kind::ReminderKind;
use super::reminders::{LeadTimes, Reminder, lead_moments};
use super::state::Case;
use super::vocabulary::Jurisdiction;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Days before the first hearing on notice by which the FM5 is filed and served.
pub const FM5_DAYS_BEFORE: i64 = 7;

fn name(case: &Case, p: crate::ids::ParticipantId) -> String {
    case.participant(p)
        .map_or_else(|| "a party".into(), |p| p.name.to_string())
}

/// The MIAM items of `whose` due list.
pub(crate) fn due(case: &Case, whose: DueFor) -> Vec<DueItem> {
    let mut items = Vec::new();
    for m in &case.miam {
        let Some(c) = &m.confirmation else { continue };
        let mine = match whose {
            DueFor::Mediator => true,
            DueFor::Coordinator => false,
            DueFor::Participant { party, .. } => party == m.party,
        };
        if mine {
            items.push(item(
                DueKind::MiamExpires,
                format!(
                    "MIAM confirmation for {} expires: a court application relying on it must be made by then",
                    name(case, m.party)
                ),
                c.expires_on,
                Some(m.party),
            ));
        }
    }
    if let Some(on) = fm5_due(case) {
        items.push(item(
            DueKind::Fm5,
            "FM5 statement on non-court dispute resolution, 7 days before the first hearing".into(),
            on,
            None,
        ));
    }
    items
}

fn item(
    kind: DueKind,
    what: String,
    due_on: Date,
    owner: Option<crate::ids::ParticipantId>,
) -> DueItem {
    DueItem {
        kind,
        what,
        due_on,
        owner,
        overdue: false,
        when: DueWhen::Later,
        deadline: None,
    }
}

/// The FM5's due date, where the case is a family case in England & Wales with a pending
/// court hearing on its clock.
pub fn fm5_due(case: &Case) -> Option<Date> {
    let p = case.profile.as_ref()?;
    if p.jurisdiction != Jurisdiction::EnglandWales || !p.dispute_type.is_family() {
        return None;
    }
    case.deadlines
        .iter()
        .filter(|d| d.is_pending() && d.kind == DeadlineKind::CourtHearing)
        .map(|d| d.due_on)
        .min()?
        .checked_sub(jiff::Span::new().days(FM5_DAYS_BEFORE))
        .ok()
}

/// Each unexpired confirmation's reminders, at the deadlines' lead days, to its party and the
/// mediator.
pub(crate) fn reminders(
    case: &Case,
    leads: &LeadTimes,
    tz: &TimeZone,
    planned_at: Timestamp,
) -> Vec<Reminder> {
    let today = planned_at.to_zoned(tz.clone()).date();
    let mut out = Vec::new();
    for m in &case.miam {
        let Some(c) = m.confirmation.as_ref().filter(|c| c.expires_on >= today) else {
            continue;
        };
        let who = name(case, m.party);
        for (lead, send_at) in lead_moments(c.expires_on, leads, tz, planned_at) {
            out.push(Reminder {
                key: format!(
                    "{}miam:{}:{}:{lead}d",
                    ReminderKind::Deadlines.key_prefix(),
                    m.party,
                    c.expires_on
                ),
                audience: Audience::PartyAndMediator { party: m.party },
                send_at,
                subject: format!(
                    "Reminder: the MIAM confirmation for {who} expires on {}",
                    c.expires_on
                ),
                body: format!(
                    "The MIAM confirmation for {who} (MIAM attended on {}) supports a court \
                     application made on or before {}. After that day an application needs a \
                     new MIAM or an exemption.\n\n\
                     Only {who}, those acting for {who}, and the mediator receive this reminder.\n",
                    c.attended_on, c.expires_on
                ),
            });
        }
    }
    out
}
