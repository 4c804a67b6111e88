//! E-mailed reminders. Every append plans the case's reminders (`outbox_rows`, from the core's
//! `planned`) and the store reconciles them with the outbox in the append's transaction.
//! `deliver_due` sends what is due: it claims each row (one worker only), resolves the
//! recipients at send time — member accounts whose view admits the row's audience — mails
//! each one not yet served, and retries failures with back-off. With no SMTP relay the rows
//! are written to the log once and kept as `logged`.

use crate::account_settings::mail_reminder;
use crate::error::{AppError, Result};
use crate::mail::{Delivery, Mailer};
use crate::reminder_recipients::recipients;
use accord_core::case::reminders::{LeadTimes, planned};
use accord_core::case::{Case, Recorded};
use accord_store::outbox::{FAILED, LOGGED, PENDING, SENT};
use accord_store::{OutboxEntry, OutboxRow, Store};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A row is given up (`failed`) after this many failed attempts.
pub const MAX_ATTEMPTS: u32 = 8;
/// The longest wait between two attempts.
pub const MAX_BACKOFF: SignedDuration = SignedDuration::from_hours(6);
/// How long a claim holds: a row claimed by a worker that stopped is taken again after it.
pub const LEASE: SignedDuration = SignedDuration::from_mins(15);
/// Rows handled in one pass; the rest wait for the next.
const BATCH: u64 = 500;

/// A moment as the outbox stores it: RFC 3339 in UTC, whole seconds (truncated), so that
/// stored times compare correctly as text.
pub fn stamp(t: Timestamp) -> String {
    let whole = Timestamp::from_second(t.as_second()).expect("a valid timestamp's seconds");
    whole.to_string()
}

/// The rows the outbox should hold for `case` as of `now`.
pub fn outbox_rows(case: &Case, leads: &LeadTimes, now: Timestamp) -> Vec<OutboxRow> {
    planned(case, leads, now)
        .into_iter()
        .map(|r| OutboxRow {
            reminder_key: r.key,
            audience: serde_json::to_string(&r.audience).expect("an audience serialises"),
            send_at: stamp(r.send_at),
            subject: r.subject,
            body: r.body,
        })
        .collect()
}

/// The wait after the `attempts`-th failure: 1, 2, 4, … minutes, at most `MAX_BACKOFF`.
pub fn backoff(attempts: u32) -> SignedDuration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(20);
    SignedDuration::from_mins(minutes).min(MAX_BACKOFF)
}

/// What one pass did with one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// Mailed to these addresses now (earlier attempts may have served others).
    Sent { to: Vec<String> },
    /// No SMTP relay: written to the log for these addresses.
    Logged { to: Vec<String> },
    /// Failed; tried again from `next_attempt_at`. Those in `to` were served already.
    Retrying {
        to: Vec<String>,
        attempts: u32,
        next_attempt_at: String,
        error: String,
    },
    /// Given up.
    Failed { attempts: u32, error: String },
    /// Another worker claimed it first.
    ClaimedElsewhere,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Handled {
    pub case: String,
    pub key: String,
    pub subject: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What a delivery pass did, row by row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    pub reminders: Vec<Handled>,
}

impl DeliveryReport {
    /// E-mails handed to the relay in this pass.
    pub fn mails_sent(&self) -> usize {
        self.reminders
            .iter()
            .map(|h| match &h.outcome {
                Outcome::Sent { to } | Outcome::Retrying { to, .. } => to.len(),
                _ => 0,
            })
            .sum()
    }

    /// Rows this pass claimed and handled (not those another worker had).
    pub fn handled(&self) -> usize {
        self.reminders
            .iter()
            .filter(|h| h.outcome != Outcome::ClaimedElsewhere)
            .count()
    }
}

/// Delivers every reminder due at `now`. Safe to run in several processes at once: each row
/// is claimed by one of them, and a recipient already served is never mailed again.
/// Each e-mail carries a link to turn its kind of reminder off, under `public_url`.
pub fn deliver_due(
    store: &Store,
    mailer: &Mailer,
    public_url: &str,
    now: Timestamp,
) -> Result<DeliveryReport> {
    let at = stamp(now);
    let lease_until = stamp(now + LEASE);
    let mut histories = HashMap::new();
    let mut report = DeliveryReport::default();
    for entry in store.due_outbox(&at, BATCH)? {
        let outcome = if store.claim_outbox(&entry.id, &at, &lease_until)? {
            deliver_one(store, (mailer, public_url), &entry, &mut histories, now)?
        } else {
            Outcome::ClaimedElsewhere
        };
        report.reminders.push(Handled {
            case: entry.case_id,
            key: entry.reminder_key,
            subject: entry.subject,
            outcome,
        });
    }
    Ok(report)
}

/// Sends one claimed row. A store error leaves the row claimed; its lease runs out and a
/// later pass takes it again, skipping whoever was served.
fn deliver_one(
    store: &Store,
    (mailer, public_url): (&Mailer, &str),
    entry: &OutboxEntry,
    histories: &mut HashMap<String, Vec<Recorded>>,
    now: Timestamp,
) -> Result<Outcome> {
    let at = stamp(now);
    let recipients = match recipients(store, entry, histories) {
        Ok(r) => r,
        Err(AppError::Corrupt { reason, .. }) => {
            let attempts = entry.attempts + 1;
            store.retry_outbox(&entry.id, FAILED, attempts, &at, &reason)?;
            tracing::error!(case = %entry.case_id, key = %entry.reminder_key, %reason, "reminder cannot be sent");
            return Ok(Outcome::Failed {
                attempts,
                error: reason,
            });
        }
        Err(e) => return Err(e),
    };
    let delivered = store.outbox_deliveries(&entry.id)?;
    for d in delivered.iter().filter(|d| !d.confirmed) {
        tracing::warn!(key = %entry.reminder_key, user = %d.user_id,
            "a delivery was being sent when a process stopped: the relay may have taken it, so it is not sent again");
    }
    let served: HashSet<String> = delivered.into_iter().map(|d| d.user_id).collect();
    let (mut sent, mut logged, mut failure) = (Vec::new(), Vec::new(), None);
    for recipient in recipients.iter().filter(|r| !served.contains(&r.user_id)) {
        let (user_id, email) = (&recipient.user_id, &recipient.email);
        // Claimed before it goes out, so that a stop after the relay took it cannot send it
        // twice; given back if the relay refused it.
        if !store.begin_delivery(&entry.id, user_id, email, &stamp(Timestamp::now()))? {
            continue;
        }
        let result = mail_reminder(store, mailer, public_url, entry, recipient);
        if !matches!(result, Ok(Delivery::Sent)) {
            store.abandon_delivery(&entry.id, user_id)?;
        }
        match result {
            Ok(Delivery::Sent) => {
                store.record_delivery(&entry.id, user_id, email, &stamp(Timestamp::now()))?;
                sent.push(email.clone());
            }
            Ok(Delivery::Logged) => logged.push(email.clone()),
            // An address the relay cannot take: the others still get theirs.
            Err(AppError::Invalid { message, .. }) => {
                tracing::warn!(key = %entry.reminder_key, %message, "reminder not sent to one recipient");
            }
            Err(e) => {
                failure = Some(e.to_string());
                break;
            }
        }
    }
    if let Some(error) = failure {
        let attempts = entry.attempts + 1;
        if attempts >= MAX_ATTEMPTS {
            store.retry_outbox(&entry.id, FAILED, attempts, &at, &error)?;
            tracing::error!(key = %entry.reminder_key, attempts, %error, "reminder given up");
            return Ok(Outcome::Failed { attempts, error });
        }
        let next_attempt_at = stamp(now + backoff(attempts));
        store.retry_outbox(&entry.id, PENDING, attempts, &next_attempt_at, &error)?;
        tracing::warn!(key = %entry.reminder_key, attempts, %next_attempt_at, %error, "reminder will be tried again");
        return Ok(Outcome::Retrying {
            to: sent,
            attempts,
            next_attempt_at,
            error,
        });
    }
    if !logged.is_empty() {
        store.finish_outbox(&entry.id, LOGGED, &at)?;
        tracing::info!(case = %entry.case_id, key = %entry.reminder_key, subject = %entry.subject,
            to = %logged.join(", "), "no ACCORD_SMTP_URL: reminder written to the log and kept in the outbox");
        return Ok(Outcome::Logged { to: logged });
    }
    if recipients.is_empty() {
        tracing::info!(case = %entry.case_id, key = %entry.reminder_key, "reminder due, but no member of the case may receive it");
    }
    store.finish_outbox(&entry.id, SENT, &at)?;
    Ok(Outcome::Sent { to: sent })
}

/// Runs `deliver_due` every `every` until `stop` changes (or its sender is dropped), each
/// pass on a blocking thread, after recording the invitations left unanswered past their date
/// (`invitations::record_unanswered`). The first pass runs at once, catching up after a
/// restart.
pub async fn run_worker(
    cases: Arc<crate::Cases>,
    mailer: Arc<Mailer>,
    public_url: String,
    every: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stop.changed() => break,
        }
        let (cases, mailer, url) = (Arc::clone(&cases), Arc::clone(&mailer), public_url.clone());
        let pass = tokio::task::spawn_blocking(move || {
            let now = Timestamp::now();
            match crate::invitations::record_unanswered(&cases, now) {
                Ok(0) => {}
                Ok(n) => tracing::info!(invitations = n, "no answer recorded"),
                Err(e) => tracing::error!(error = %e, "recording unanswered invitations failed"),
            }
            deliver_due(cases.store(), &mailer, &url, now)
        });
        match pass.await {
            Ok(Ok(report)) if report.handled() > 0 => {
                tracing::info!(
                    reminders = report.handled(),
                    mails = report.mails_sent(),
                    "reminder delivery pass"
                );
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "reminder delivery pass failed"),
            Err(e) => tracing::error!(error = %e, "reminder delivery pass stopped"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cases;
    use crate::access::{FORMER, MEDIATOR, PARTICIPANT};
    use accord_core::case::deadline::{DeadlineKind, DueRule};
    use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Role};
    use accord_core::case::{Actor, Command};
    use accord_core::ids::{CaseId, DeadlineId, ParticipantId};
    use accord_core::text::Text;
    use accord_core::time_zone::TimeZoneName;
    use accord_store::{Create, DatabaseUrl, MembershipRow, UserRow};

    const URL: &str = "http://accord.test";

    fn text(s: &str) -> Text {
        Text::line("text", s, 1000).unwrap()
    }

    struct Fixture {
        cases: Cases,
        case: CaseId,
        _dir: tempfile::TempDir,
    }

    /// A case in UTC with a mediator account, a party's account, a former member, and a
    /// deadline due today (so its reminder is due at once).
    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite {
            path: dir.path().join("accord.db"),
        };
        let cases = Cases::new(Store::open(&url, Create::IfMissing).unwrap());
        let case = CaseId::new_v7();
        let actor = Actor::System;
        cases
            .execute(
                case,
                Command::OpenCase {
                    case,
                    title: text("Reminder case"),
                    dispute_type: DisputeType::Workplace,
                    jurisdiction: Jurisdiction::EnglandWales,
                    time_zone: TimeZoneName::parse("UTC").unwrap(),
                    court_ordered: false,
                    contract_clause: None,
                    court_reference: None,
                },
                &actor,
            )
            .unwrap();
        let party = ParticipantId::new_v7();
        cases
            .execute(
                case,
                Command::AddParticipant {
                    participant: party,
                    name: text("Pat Party"),
                    role: Role::Party,
                    acting_for: None,
                    authority_to_settle: true,
                },
                &actor,
            )
            .unwrap();
        let store = cases.store();
        for (email, kind, participant) in [
            ("m@example.org", MEDIATOR, None),
            ("p@example.org", PARTICIPANT, Some(party.to_string())),
            ("gone@example.org", FORMER, Some(party.to_string())),
        ] {
            let id = uuid::Uuid::now_v7().to_string();
            store
                .insert_user(&UserRow {
                    id: id.clone(),
                    email: email.into(),
                    name: email.into(),
                    role: "member".into(),
                    password_hash: None,
                    created_at: stamp(Timestamp::now()),
                })
                .unwrap();
            store
                .set_membership(&MembershipRow {
                    case_id: case.to_string(),
                    user_id: id,
                    kind: kind.into(),
                    participant_id: participant,
                })
                .unwrap();
        }
        let today = Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
        cases
            .execute(
                case,
                Command::SetDeadline {
                    deadline: DeadlineId::new_v7(),
                    kind: DeadlineKind::FilingDeadline,
                    label: text("File the statement"),
                    rule: DueRule::Fixed { on: today },
                },
                &actor,
            )
            .unwrap();
        Fixture {
            cases,
            case,
            _dir: dir,
        }
    }

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        assert_eq!(backoff(1), SignedDuration::from_mins(1));
        assert_eq!(backoff(2), SignedDuration::from_mins(2));
        assert_eq!(backoff(4), SignedDuration::from_mins(8));
        assert_eq!(backoff(12), MAX_BACKOFF);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn stamps_are_whole_seconds_and_sort_as_text() {
        let t: Timestamp = "2026-11-23T10:00:00.9Z".parse().unwrap();
        assert_eq!(stamp(t), "2026-11-23T10:00:00Z");
        assert!(stamp(t) < stamp(t + SignedDuration::from_millis(200)));
    }

    #[test]
    fn without_a_relay_a_due_reminder_is_logged_once_for_current_members_only() {
        let f = fixture();
        let store = f.cases.store();
        let report = deliver_due(store, &Mailer::log_only(), URL, Timestamp::now()).unwrap();
        assert_eq!(report.reminders.len(), 1, "{report:?}");
        let Outcome::Logged { mut to } = report.reminders[0].outcome.clone() else {
            panic!("{report:?}")
        };
        to.sort();
        assert_eq!(to, ["m@example.org", "p@example.org"]);
        let rows = store.outbox(Some(&f.case.to_string())).unwrap();
        assert_eq!(rows[0].status, LOGGED);
        let again = deliver_due(store, &Mailer::log_only(), URL, Timestamp::now()).unwrap();
        assert!(again.reminders.is_empty(), "{again:?}");
    }

    #[test]
    fn a_relay_that_refuses_puts_the_reminder_back_with_back_off_then_gives_up() {
        let f = fixture();
        let store = f.cases.store();
        // Nothing listens on port 1.
        let down = Mailer::new(Some("smtp://127.0.0.1:1"), "Accord <a@example.org>").unwrap();
        let mut now = Timestamp::now();
        let first = deliver_due(store, &down, URL, now).unwrap();
        match &first.reminders[0].outcome {
            Outcome::Retrying {
                attempts: 1,
                next_attempt_at,
                ..
            } => assert_eq!(*next_attempt_at, stamp(now + backoff(1))),
            other => panic!("expected a retry, got {other:?}"),
        }
        // Not due again before its time.
        assert!(
            deliver_due(store, &down, URL, now)
                .unwrap()
                .reminders
                .is_empty()
        );
        for attempt in 2..=MAX_ATTEMPTS {
            now += backoff(attempt - 1);
            let report = deliver_due(store, &down, URL, now).unwrap();
            let expected_failed = attempt == MAX_ATTEMPTS;
            assert_eq!(
                matches!(report.reminders[0].outcome, Outcome::Failed { .. }),
                expected_failed,
                "attempt {attempt}: {report:?}"
            );
        }
        let row = store.outbox(Some(&f.case.to_string())).unwrap().remove(0);
        assert_eq!((row.status.as_str(), row.attempts), (FAILED, MAX_ATTEMPTS));
        assert!(
            deliver_due(store, &down, URL, now + MAX_BACKOFF)
                .unwrap()
                .reminders
                .is_empty()
        );
    }
}
