//! The e-mail reminders a case should have, planned from its state: deadlines on the clock at
//! configurable lead times, and the 48-hour debrief a day before it is due. Pure: the outbox
//! that stores and sends them lives outside the core. Each reminder has one audience, and its
//! text names only what that audience may see (DOMAIN.md §9).

use super::deadline::Deadline;
use super::debrief::Author;
use super::event::Audience;
use super::reminder_kind::ReminderKind;
use super::state::{Case, DebriefDue, Profile, SessionStatus};
use crate::error::DomainError;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// The hour of the morning, in the case's time zone, at which deadline reminders go out.
pub const MORNING_HOUR: i8 = 8;
/// A debrief's reminder goes out this long before the debrief is due.
pub const DEBRIEF_REMINDER_HOURS: i64 = 24;
/// The longest lead time accepted, in days.
pub const MAX_LEAD_DAYS: u16 = 365;

/// How many days before a deadline its reminders go out, longest first, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadTimes(Vec<u16>);

impl Default for LeadTimes {
    fn default() -> Self {
        Self(vec![7, 3, 1])
    }
}

impl LeadTimes {
    /// Days before a deadline (0: the morning of the day itself); none turns deadline
    /// reminders off.
    pub fn new(days: impl IntoIterator<Item = u16>) -> Result<Self, DomainError> {
        let mut days: Vec<u16> = days.into_iter().collect();
        if let Some(too_far) = days.iter().find(|d| **d > MAX_LEAD_DAYS) {
            return Err(DomainError::InvalidField {
                field: "reminder-days",
                reason: format!("{too_far} days is more than {MAX_LEAD_DAYS}"),
            });
        }
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        Ok(Self(days))
    }

    /// Parses "7,3,1" (spaces allowed; an empty list turns deadline reminders off).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let days = raw
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                d.parse::<u16>().map_err(|_| DomainError::InvalidField {
                    field: "reminder-days",
                    reason: format!(
                        "{d:?} is not a number of days; give days before a deadline, like 7,3,1"
                    ),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(days)
    }

    /// Longest first.
    pub fn days(&self) -> &[u16] {
        &self.0
    }
}

impl std::fmt::Display for LeadTimes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days: Vec<String> = self.0.iter().map(u16::to_string).collect();
        f.write_str(&days.join(","))
    }
}

impl std::str::FromStr for LeadTimes {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// One reminder the case should send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Stable and unique within the case: planning again yields the same key for the same
    /// reminder, and a changed date yields a new one.
    pub key: String,
    /// Who may receive it; its text holds nothing this audience may not see.
    pub audience: Audience,
    pub send_at: Timestamp,
    pub subject: String,
    pub body: String,
}

/// Every reminder `case` should have as of `planned_at`. Deadlines (joint) get one reminder
/// per lead day at 08:00 in the case's time zone; a lead whose moment has passed is dropped,
/// except the smallest passed lead, sent at once, unless another reminder follows within a
/// day (so a deadline set late still gets one reminder, and never two within the hour).
/// Each debrief still expected gets one reminder a day before it is due, to its author's
/// private audience. Closed cases, settled deadlines and captured debriefs plan nothing.
pub fn planned(case: &Case, leads: &LeadTimes, planned_at: Timestamp) -> Vec<Reminder> {
    let Some(profile) = case.profile.as_ref().filter(|_| case.closure.is_none()) else {
        return Vec::new();
    };
    let tz = TimeZone::get(&profile.time_zone).unwrap_or(TimeZone::UTC);
    let today = planned_at.to_zoned(tz.clone()).date();
    let mut out = Vec::new();
    for deadline in case
        .deadlines
        .iter()
        .filter(|d| d.is_pending() && d.due_on >= today)
    {
        out.extend(deadline_reminders(
            profile, deadline, leads, &tz, planned_at,
        ));
    }
    for due in case
        .debriefs_due
        .iter()
        .filter(|d| !d.captured && d.due_at > planned_at)
    {
        out.push(debrief_reminder(case, profile, due, &tz, planned_at));
    }
    out.extend(super::miam_due::reminders(case, leads, &tz, planned_at));
    out.extend(super::invitation::reminders(case, leads, &tz, planned_at));
    out
}

fn deadline_reminders(
    profile: &Profile,
    deadline: &Deadline,
    leads: &LeadTimes,
    tz: &TimeZone,
    planned_at: Timestamp,
) -> Vec<Reminder> {
    lead_moments(deadline.due_on, leads, tz, planned_at)
        .into_iter()
        .map(|(lead, send_at)| {
            let on_day = send_at.to_zoned(tz.clone()).date();
            let when = how_soon(deadline.due_on, on_day);
            let kind = deadline.kind.to_string().replace('-', " ");
            Reminder {
                key: format!(
                    "{}{}:{}:{lead}d",
                    ReminderKind::Deadlines.key_prefix(),
                    deadline.id,
                    deadline.due_on
                ),
                audience: Audience::Everyone,
                send_at,
                subject: format!(
                    "Reminder: {} is due {when} ({})",
                    deadline.label, profile.title
                ),
                body: format!(
                    "{label} ({kind}) in the case \"{title}\" is due {when}, on {date}.\n\n\
                     Mediation does not pause court dates and other deadlines: if this one \
                     may be missed, tell your mediator now.\n\n\
                     Everyone in the case receives this reminder.\n",
                    label = deadline.label,
                    title = profile.title,
                    date = long_date(deadline.due_on),
                ),
            }
        })
        .collect()
}

/// When a date's reminders go out: one per lead day at 08:00 in the case's zone; of the
/// leads already passed, only the smallest, at once — unless another follows within a day.
pub(crate) fn lead_moments(
    due_on: Date,
    leads: &LeadTimes,
    tz: &TimeZone,
    planned_at: Timestamp,
) -> Vec<(u16, Timestamp)> {
    let moments: Vec<(u16, Timestamp)> = leads
        .days()
        .iter()
        .filter_map(|&lead| {
            let day = due_on
                .checked_sub(jiff::Span::new().days(i64::from(lead)))
                .ok()?;
            let at = day
                .at(MORNING_HOUR, 0, 0, 0)
                .to_zoned(tz.clone())
                .ok()?
                .timestamp();
            Some((lead, at))
        })
        .collect();
    let (passed, future): (Vec<_>, Vec<_>) =
        moments.into_iter().partition(|(_, at)| *at <= planned_at);
    let next = future.iter().map(|(_, at)| *at).min();
    let soon =
        next.is_some_and(|next| next.duration_since(planned_at) < SignedDuration::from_hours(24));
    let catch_up = passed
        .into_iter()
        .min_by_key(|(lead, _)| *lead)
        .filter(|_| !soon)
        .map(|(lead, _)| (lead, planned_at));
    catch_up.into_iter().chain(future).collect()
}

fn debrief_reminder(
    case: &Case,
    profile: &Profile,
    due: &DebriefDue,
    tz: &TimeZone,
    planned_at: Timestamp,
) -> Reminder {
    let send_at = (due.due_at - SignedDuration::from_hours(DEBRIEF_REMINDER_HOURS)).max(planned_at);
    let held_on = match case.session(due.session).map(|s| &s.status) {
        Some(SessionStatus::Held { held_on, .. }) => long_date(*held_on),
        _ => "(date not recorded)".to_owned(),
    };
    let due_by = due.due_at.to_zoned(tz.clone());
    let due_by = format!(
        "{}, {}",
        long_date(due_by.date()),
        due_by.strftime("%H:%M %Z")
    );
    let (author_key, whose, readers) = match due.author {
        Author::Mediator => (
            "mediator".to_owned(),
            "Your debrief as the mediator".to_owned(),
            "Only the mediator can read it.".to_owned(),
        ),
        Author::Party { party } => {
            let name = case
                .participant(party)
                .map_or_else(|| "your side".to_owned(), |p| p.name.to_string());
            (
                party.to_string(),
                format!("The private debrief for {name}"),
                format!("Only {name}, those acting for {name}, and the mediator can read it."),
            )
        }
    };
    Reminder {
        key: format!(
            "{}{}:{author_key}",
            ReminderKind::Debriefs.key_prefix(),
            due.session
        ),
        audience: due.author.private_audience(),
        send_at,
        subject: format!("Reminder: debrief due by {due_by} ({})", profile.title),
        body: format!(
            "{whose} of the session held on {held_on} in the case \"{title}\" is due by \
             {due_by}.\n\n\
             While it is fresh, note the best offer on the table, any dealbreakers, what \
             information is missing and any signs of flexibility. {readers}\n",
            title = profile.title,
        ),
    }
}

/// "today", "tomorrow" or "in N days", from `on` to `due_on`.
fn how_soon(due_on: Date, on: Date) -> String {
    match (due_on - on).get_days() {
        ..=0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

/// "Tuesday 1 December 2026".
fn long_date(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::command::Command;
    use crate::case::deadline::{DeadlineKind, DueRule};
    use crate::case::debrief::Debrief;
    use crate::case::vocabulary::{
        ClosureStatus, DisputeType, Jurisdiction, Outcome, Role, SessionFormat,
    };
    use crate::case::{Actor, decide, evolve};
    use crate::chain::{self, Head};
    use crate::ids::{CaseId, DeadlineId, ParticipantId, SessionId};
    use crate::text::Text;
    use crate::time_zone::TimeZoneName;
    use jiff::civil::date;

    fn text(s: &str) -> Text {
        Text::line("text", s, 20_000).unwrap()
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// A case in London, written through `decide` and `seal` at the given moments.
    struct Script {
        id: CaseId,
        state: Case,
        history: Vec<crate::case::Recorded>,
    }

    impl Script {
        fn opened() -> Self {
            let id = CaseId::new_v7();
            let mut s = Self {
                id,
                state: Case::default(),
                history: Vec::new(),
            };
            s.run_at(
                "2026-11-01T09:00:00Z",
                Command::OpenCase {
                    case: id,
                    title: text("Ahmed & Brown"),
                    dispute_type: DisputeType::ChildArrangements,
                    jurisdiction: Jurisdiction::EnglandWales,
                    time_zone: TimeZoneName::parse("Europe/London").unwrap(),
                    court_ordered: false,
                    contract_clause: None,
                    court_reference: None,
                },
            );
            s
        }

        fn run_at(&mut self, when: &str, cmd: Command) {
            let events = decide(&self.state, cmd).unwrap();
            let head = self.state.head.unwrap_or(Head::EMPTY);
            for r in chain::seal(self.id, head, events, &Actor::System, at(when)) {
                self.state = evolve(std::mem::take(&mut self.state), &r);
                self.history.push(r);
            }
        }

        fn party(&mut self, name: &str) -> ParticipantId {
            self.add(name, Role::Party, None)
        }

        fn add(
            &mut self,
            name: &str,
            role: Role,
            acting_for: Option<ParticipantId>,
        ) -> ParticipantId {
            let id = ParticipantId::new_v7();
            self.run_at(
                "2026-11-01T09:00:00Z",
                Command::AddParticipant {
                    participant: id,
                    name: text(name),
                    role,
                    acting_for,
                    authority_to_settle: role == Role::Party,
                },
            );
            id
        }

        fn deadline(&mut self, on: Date) -> DeadlineId {
            let id = DeadlineId::new_v7();
            self.run_at(
                "2026-11-01T09:00:00Z",
                Command::SetDeadline {
                    deadline: id,
                    kind: DeadlineKind::CourtHearing,
                    label: text("Final hearing"),
                    rule: DueRule::Fixed { on },
                },
            );
            id
        }

        /// A session held on 2026-11-23 whose partial agreement was recorded at `when`.
        fn partial_agreement_at(&mut self, when: &str) -> SessionId {
            let session = SessionId::new_v7();
            let parties: Vec<ParticipantId> = self.state.parties().map(|p| p.id).collect();
            self.run_at(
                when,
                Command::ScheduleSession {
                    session,
                    starts_at: at(when),
                    format: SessionFormat::Joint,
                    agenda: vec![],
                    override_reason: None,
                },
            );
            self.run_at(
                when,
                Command::RecordSessionHeld {
                    session,
                    held_on: date(2026, 11, 23),
                    format: SessionFormat::Joint,
                    attendees: parties,
                },
            );
            self.run_at(
                when,
                Command::RecordOutcome {
                    session,
                    outcome: Outcome::PartialAgreement,
                    summary: None,
                },
            );
            session
        }
    }

    fn keys(reminders: &[Reminder]) -> Vec<String> {
        reminders.iter().map(|r| r.key.clone()).collect()
    }

    #[test]
    fn a_deadline_far_ahead_gets_one_reminder_per_lead_at_eight_in_the_morning() {
        let mut s = Script::opened();
        let d = s.deadline(date(2026, 12, 15));
        let got = planned(&s.state, &LeadTimes::default(), at("2026-11-23T10:00:00Z"));
        assert_eq!(
            keys(&got),
            [7, 3, 1].map(|l| format!("deadline:{d}:2026-12-15:{l}d"))
        );
        // London is on GMT in December: 08:00 there is 08:00 UTC.
        assert_eq!(got[0].send_at, at("2026-12-08T08:00:00Z"));
        assert_eq!(got[2].send_at, at("2026-12-14T08:00:00Z"));
        assert!(got.iter().all(|r| r.audience == Audience::Everyone));
        assert_eq!(
            got[2].subject,
            "Reminder: Final hearing is due tomorrow (Ahmed & Brown)"
        );
        assert!(
            got[0].body.contains("Final hearing (court hearing) in the case \"Ahmed & Brown\" is due in 7 days, on Tuesday 15 December 2026."),
            "{}",
            got[0].body
        );
    }

    #[test]
    fn the_morning_hour_is_in_the_cases_time_zone() {
        let mut s = Script::opened();
        s.deadline(date(2026, 7, 20));
        let got = planned(
            &s.state,
            &LeadTimes::new([1]).unwrap(),
            at("2026-07-01T10:00:00Z"),
        );
        // British Summer Time: 08:00 in London is 07:00 UTC.
        assert_eq!(got[0].send_at, at("2026-07-19T07:00:00Z"));
    }

    #[test]
    fn of_the_leads_already_passed_only_the_smallest_is_kept_and_sent_at_once() {
        let mut s = Script::opened();
        let d = s.deadline(date(2026, 11, 28));
        let now = at("2026-11-23T10:00:00Z");
        let got = planned(&s.state, &LeadTimes::default(), now);
        // 7 days before (the 21st) has passed; 3 and 1 are ahead, the next more than a day away.
        assert_eq!(
            keys(&got),
            [7, 3, 1].map(|l| format!("deadline:{d}:2026-11-28:{l}d"))
        );
        assert_eq!(got[0].send_at, now);
        assert!(got[0].body.contains("is due in 5 days"), "{}", got[0].body);
        // Later, when the 3-day moment has passed too, the 7-day reminder is no longer planned.
        let later = planned(&s.state, &LeadTimes::default(), at("2026-11-25T09:00:00Z"));
        assert_eq!(
            keys(&later),
            [3, 1].map(|l| format!("deadline:{d}:2026-11-28:{l}d"))
        );
    }

    #[test]
    fn a_deadline_set_for_tomorrow_still_gets_exactly_one_reminder() {
        let mut s = Script::opened();
        let d = s.deadline(date(2026, 11, 24));
        let key = format!("deadline:{d}:2026-11-24:1d");
        // After 08:00: every lead has passed, the 1-day one goes at once.
        let after = at("2026-11-23T15:00:00Z");
        let got = planned(&s.state, &LeadTimes::default(), after);
        assert_eq!((keys(&got), got[0].send_at), (vec![key.clone()], after));
        assert!(got[0].subject.contains("tomorrow"));
        // Before 08:00: the 1-day reminder is an hour away, so nothing is sent at once.
        let got = planned(&s.state, &LeadTimes::default(), at("2026-11-23T07:00:00Z"));
        assert_eq!(
            (keys(&got), got[0].send_at),
            (vec![key], at("2026-11-23T08:00:00Z"))
        );
    }

    #[test]
    fn a_deadline_due_today_is_reminded_once_and_a_past_one_not_at_all() {
        let mut s = Script::opened();
        s.deadline(date(2026, 11, 23));
        s.deadline(date(2026, 11, 22));
        let got = planned(&s.state, &LeadTimes::default(), at("2026-11-23T10:00:00Z"));
        assert_eq!(got.len(), 1);
        assert!(got[0].subject.contains("Final hearing is due today"));
    }

    #[test]
    fn moving_a_deadline_changes_its_keys_and_settling_it_plans_nothing() {
        let mut s = Script::opened();
        let d = s.deadline(date(2026, 12, 15));
        let now = at("2026-11-23T10:00:00Z");
        s.run_at(
            "2026-11-23T10:00:00Z",
            Command::MoveDeadline {
                deadline: d,
                rule: DueRule::Fixed {
                    on: date(2026, 12, 18),
                },
                reason: text("court listed it later"),
            },
        );
        assert!(
            planned(&s.state, &LeadTimes::default(), now)
                .iter()
                .all(|r| r.key.contains(":2026-12-18:"))
        );
        s.run_at(
            "2026-11-23T10:00:00Z",
            Command::MarkDeadlineMet { deadline: d },
        );
        assert!(planned(&s.state, &LeadTimes::default(), now).is_empty());
    }

    #[test]
    fn no_leads_no_deadline_reminders() {
        let mut s = Script::opened();
        s.deadline(date(2026, 12, 15));
        let none = LeadTimes::parse("").unwrap();
        assert!(planned(&s.state, &none, at("2026-11-23T10:00:00Z")).is_empty());
    }

    #[test]
    fn each_debrief_due_is_reminded_a_day_ahead_to_its_authors_audience_only() {
        let mut s = Script::opened();
        let a = s.party("Amira Ahmed");
        let b = s.party("Ben Brown");
        let session = s.partial_agreement_at("2026-11-23T14:30:00Z");
        let got = planned(&s.state, &LeadTimes::default(), at("2026-11-23T14:30:00Z"));
        assert_eq!(
            keys(&got),
            vec![
                format!("debrief:{session}:{a}"),
                format!("debrief:{session}:{b}"),
                format!("debrief:{session}:mediator"),
            ]
        );
        assert_eq!(
            got.iter().map(|r| r.audience).collect::<Vec<_>>(),
            vec![
                Audience::PartyAndMediator { party: a },
                Audience::PartyAndMediator { party: b },
                Audience::MediatorOnly,
            ]
        );
        assert!(got.iter().all(|r| r.send_at == at("2026-11-24T14:30:00Z")));
        let for_a = format!("{}\n{}", got[0].subject, got[0].body);
        assert!(for_a.contains("Amira Ahmed"), "{for_a}");
        assert!(for_a.contains("Monday 23 November 2026"), "{for_a}");
        assert!(
            for_a.contains("Wednesday 25 November 2026, 14:30 GMT"),
            "{for_a}"
        );
        assert!(
            !for_a.contains("Ben"),
            "A's reminder names nothing of B: {for_a}"
        );
        let for_b = format!("{}\n{}", got[1].subject, got[1].body);
        assert!(!for_b.contains("Amira"), "{for_b}");
        assert!(got[2].body.starts_with("Your debrief as the mediator"));
    }

    #[test]
    fn a_captured_debrief_or_a_closed_case_plans_nothing() {
        let mut s = Script::opened();
        let a = s.party("Amira Ahmed");
        let session = s.partial_agreement_at("2026-11-23T14:30:00Z");
        s.deadline(date(2026, 12, 15));
        s.run_at(
            "2026-11-23T16:00:00Z",
            Command::CaptureDebrief {
                session,
                author: Author::Party { party: a },
                debrief: Debrief::default(),
            },
        );
        let now = at("2026-11-23T16:00:00Z");
        let got = planned(&s.state, &LeadTimes::default(), now);
        assert!(!got.iter().any(|r| r.key.ends_with(&a.to_string())));
        assert!(got.iter().any(|r| r.key.ends_with(":mediator")));
        // Once the debrief's own time is up, its reminder is no longer wanted.
        let late = planned(&s.state, &LeadTimes::default(), at("2026-11-25T15:00:00Z"));
        assert!(!late.iter().any(|r| r.key.starts_with("debrief:")));
        s.run_at(
            "2026-11-23T17:00:00Z",
            Command::CloseCase {
                status: ClosureStatus::PartlySettled,
                summary: None,
            },
        );
        assert!(planned(&s.state, &LeadTimes::default(), now).is_empty());
    }

    #[test]
    fn planning_twice_gives_the_same_keys() {
        let mut s = Script::opened();
        s.party("Amira Ahmed");
        s.deadline(date(2026, 12, 15));
        s.partial_agreement_at("2026-11-23T14:30:00Z");
        let one = planned(&s.state, &LeadTimes::default(), at("2026-11-23T15:00:00Z"));
        let two = planned(&s.state, &LeadTimes::default(), at("2026-11-23T18:00:00Z"));
        assert_eq!(keys(&one), keys(&two));
    }

    #[test]
    fn who_may_receive_a_reminder_follows_the_views_rule() {
        use crate::case::view::{Viewer, may_see};
        let mut s = Script::opened();
        let a = s.party("Amira Ahmed");
        let b = s.party("Ben Brown");
        let rep = s.add("Rita Rao", Role::Representative, Some(a));
        let h = &s.history;
        let private_a = Audience::PartyAndMediator { party: a };
        for (viewer, audience, expected) in [
            (Viewer::Participant(a), private_a, true),
            (Viewer::Participant(rep), private_a, true),
            (Viewer::Participant(b), private_a, false),
            (Viewer::Participant(b), Audience::Everyone, true),
            (Viewer::Participant(a), Audience::MediatorOnly, false),
            (Viewer::Mediator, private_a, true),
            (Viewer::Mediator, Audience::MediatorOnly, true),
            (Viewer::Coordinator, private_a, false),
        ] {
            assert_eq!(
                may_see(h, viewer, audience),
                Ok(expected),
                "{viewer:?} {audience:?}"
            );
        }
        assert!(
            may_see(
                h,
                Viewer::Participant(ParticipantId::new_v7()),
                Audience::Everyone
            )
            .is_err()
        );
    }

    #[test]
    fn lead_times_parse_sort_and_refuse_nonsense() {
        assert_eq!(LeadTimes::parse("1, 7,3,7").unwrap().days(), &[7, 3, 1]);
        assert_eq!(LeadTimes::parse("14,0").unwrap().to_string(), "14,0");
        assert_eq!(LeadTimes::default().to_string(), "7,3,1");
        assert!(LeadTimes::parse("seven").is_err());
        assert!(LeadTimes::parse("400").is_err());
        assert!(LeadTimes::parse("").unwrap().days().is_empty());
    }
}
