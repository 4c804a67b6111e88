//! iCalendar for a signed-in person: one case's calendar (the `.ics` download) and a private,
//! revocable feed of all of its cases. Both are built from each case folded for that person
//! (`fold_for`), so a calendar never holds what its reader may not see; coordinators and
//! admins get the procedural clock only. UIDs are stable (`session-{id}@accord`, …), so a
//! calendar app updates an event rather than adding a second one; a moved deadline carries a
//! higher SEQUENCE. Sessions are instants in UTC; deadlines and other due items are all-day
//! dates, which are already the days in the case's own time zone.

use crate::access::CaseAccess;
use crate::accounts::{Accounts, User, new_token, token_hash};
use crate::after_session::due_for;
use crate::error::{AppError, Result};
use crate::workbench::Workbench;
use accord_core::case::deadline::{Deadline, DeadlineStatus};
use accord_core::case::due::{DueItem, DueKind};
use accord_core::case::fold_for;
use accord_core::case::state::{Case, Session, SessionStatus};
use accord_core::case::vocabulary::TermState;
use accord_core::ids::CaseId;
use accord_store::CalendarFeedRow;
use icalendar::{Calendar, Class, Component, Event, EventLike, EventStatus, Property, ValueType};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeSet;

/// How long a session is shown for: the events hold no end time of their own.
pub const SESSION_LENGTH: SignedDuration = SignedDuration::from_hours(2);

/// How often a calendar app is asked to fetch a feed again.
const REFRESH: SignedDuration = SignedDuration::from_hours(1);

const PRODID: &str = "-//Accord//Accord mediation workbench//EN";

/// The domain part of every UID: the ids before it are UUIDv7s, unique on their own.
const UID_DOMAIN: &str = "accord";

/// One case as one person may see it.
pub struct SeenCase {
    pub id: CaseId,
    /// Folded for the person (`fold_for`).
    pub state: Case,
    pub access: CaseAccess,
    /// The person's party asked that nothing name the service (`calendar_discretion`).
    pub discreet: bool,
}

/// A calendar named `name` with the events of every case in `cases`. `time_zone` is the
/// display hint for apps (`X-WR-TIMEZONE`), given when every event comes from one case.
pub fn calendar(name: &str, time_zone: Option<&str>, cases: &[SeenCase], now: Timestamp) -> String {
    let discreet = cases.iter().any(|c| c.discreet);
    let (name, prodid) = match discreet {
        true => (
            crate::calendar_discretion::NAME,
            crate::calendar_discretion::PRODID,
        ),
        false => (name, PRODID),
    };
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", prodid))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(
            Property::new("NAME", name)
                .append_parameter(ValueType::Text)
                .done(),
        )
        .append_property(Property::new("X-WR-CALNAME", name))
        .append_property(
            Property::new("REFRESH-INTERVAL", format!("PT{}H", REFRESH.as_hours()))
                .append_parameter(ValueType::Duration)
                .done(),
        )
        .append_property(Property::new(
            "X-PUBLISHED-TTL",
            format!("PT{}H", REFRESH.as_hours()),
        ));
    if let Some(zone) = time_zone {
        cal.append_property(Property::new("X-WR-TIMEZONE", zone));
    }
    for seen in cases {
        let mut events = case_events(seen, now);
        // One discreet case makes the whole calendar discreet: the same person's other
        // cases would name the service in it too.
        if discreet {
            crate::calendar_discretion::neutral(&mut events);
        }
        cal.extend(events);
    }
    cal.to_string()
}

/// The events of one case for the person it was folded for.
pub fn case_events(seen: &SeenCase, now: Timestamp) -> Vec<Event> {
    let case = &seen.state;
    let Some(profile) = &case.profile else {
        return Vec::new();
    };
    let title = clean(profile.title.as_str());
    let zone = jiff::tz::TimeZone::get(&profile.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let mut events = Vec::new();
    // Coordinators and admins see the procedural clock only, as their due lists do.
    if seen.access != CaseAccess::Metadata {
        for session in &case.sessions {
            events.push(session_event(&title, session, &zone, now));
        }
    }
    for deadline in &case.deadlines {
        events.push(deadline_event(&title, deadline, now));
    }
    let mut taken = BTreeSet::new();
    for item in due_for(case, seen.access) {
        // Deadlines are above, with their state; the rest is what this person has due.
        if item.kind == DueKind::Deadline {
            continue;
        }
        let uid = due_uid(seen.id, case, &zone, &item, &mut taken);
        events.push(due_event(&title, &uid, &item, now));
    }
    events
}

fn session_event(
    title: &str,
    session: &Session,
    zone: &jiff::tz::TimeZone,
    now: Timestamp,
) -> Event {
    let local = session.starts_at.to_zoned(zone.clone());
    let starts = format!(
        "Starts {} ({}).",
        local.strftime("%A %-d %B %Y, %H:%M %Z"),
        zone.iana_name().unwrap_or("UTC")
    );
    let (format, status, sequence, description) = match &session.status {
        SessionStatus::Scheduled => (session.planned_format, EventStatus::Confirmed, 0, starts),
        SessionStatus::Held {
            held_on, format, ..
        } => {
            let outcome = session
                .outcome
                .as_ref()
                .map(|o| format!(" Outcome: {}.", o.outcome))
                .unwrap_or_default();
            (
                *format,
                EventStatus::Confirmed,
                1 + u32::from(session.outcome.is_some()),
                format!("{starts} Held on {held_on}.{outcome}"),
            )
        }
        SessionStatus::Cancelled { reason } => (
            session.planned_format,
            EventStatus::Cancelled,
            1,
            match reason {
                Some(r) => format!("{starts} Cancelled: {}", clean(r.as_str())),
                None => format!("{starts} Cancelled."),
            },
        ),
    };
    let mut event = base(&format!("session-{}@{UID_DOMAIN}", session.id), now);
    event
        .summary(&format!("{title}: mediation session ({format})"))
        .description(&description)
        .starts(utc(session.starts_at))
        .ends(utc(session.starts_at + SESSION_LENGTH))
        .status(status)
        .sequence(sequence)
        .categories(["Accord", "Mediation session"]);
    event.done()
}

fn deadline_event(title: &str, deadline: &Deadline, now: Timestamp) -> Event {
    let label = clean(deadline.label.as_str());
    let (mark, status) = match &deadline.status {
        DeadlineStatus::Pending => ("", EventStatus::Confirmed),
        DeadlineStatus::Met { .. } => (" [met]", EventStatus::Confirmed),
        DeadlineStatus::Missed { .. } => (" [missed]", EventStatus::Confirmed),
        DeadlineStatus::Cancelled { .. } => (" [cancelled]", EventStatus::Cancelled),
    };
    let mut lines = vec![format!("{} ({}).", label, deadline.kind)];
    if let Some(c) = &deadline.computation {
        lines.push(format!(
            "Computed under {}: {} {}.",
            c.rule_set, c.period, c.trigger
        ));
    }
    for m in &deadline.moves {
        lines.push(format!(
            "Moved from {} to {}: {}",
            m.from,
            m.to,
            clean(m.reason.as_str())
        ));
    }
    match &deadline.status {
        DeadlineStatus::Pending => {}
        DeadlineStatus::Met { at } => lines.push(format!("Met ({at}).")),
        DeadlineStatus::Missed { at } => lines.push(format!("Missed ({at}).")),
        DeadlineStatus::Cancelled { reason } => {
            lines.push(format!("Cancelled: {}", clean(reason.as_str())));
        }
    }
    // A move changes the date, a close the state: either way apps must take the new one.
    let sequence =
        deadline.moves.len() as u32 + u32::from(deadline.status != DeadlineStatus::Pending);
    let mut event = all_day(
        &format!("deadline-{}@{UID_DOMAIN}", deadline.id),
        deadline.due_on,
        now,
    );
    event
        .summary(&format!("{title}: {label}{mark}"))
        .description(&lines.join("\n"))
        .status(status)
        .sequence(sequence)
        .categories(["Accord", "Deadline"]);
    event.done()
}

fn due_event(title: &str, uid: &str, item: &DueItem, now: Timestamp) -> Event {
    let what = clean(&item.what);
    let category = match item.kind {
        DueKind::Debrief => "Debrief due",
        DueKind::NextStep => "Next step",
        DueKind::PilotReview => "Pilot review",
        DueKind::TemporaryTermEnds => "Temporary term ends",
        DueKind::Deadline => "Deadline",
        DueKind::MiamExpires => "MIAM confirmation expires",
        DueKind::Fm5 => "FM5 due",
        DueKind::InvitationAnswer => "Answer to the invitation due",
    };
    let mut event = all_day(uid, item.due_on, now);
    event
        .summary(&format!("{title}: {what}"))
        .description(&format!("{category}: {what}."))
        .status(EventStatus::Confirmed)
        .categories(["Accord", category]);
    event.done()
}

/// The UID of a due item: named after what it is about, so it stays the same from one fetch to
/// the next. Two items that look alike (same owner, same day) each take the next free one.
fn due_uid(
    case_id: CaseId,
    case: &Case,
    zone: &jiff::tz::TimeZone,
    item: &DueItem,
    taken: &mut BTreeSet<String>,
) -> String {
    let candidates: Vec<String> = match item.kind {
        DueKind::NextStep => vec![format!("next-step-{case_id}-{}", case.next_steps.len())],
        DueKind::Debrief => case
            .debriefs_due
            .iter()
            .filter(|d| {
                !d.captured
                    && d.author.party() == item.owner
                    && d.due_at.to_zoned(zone.clone()).date() == item.due_on
            })
            .map(|d| {
                let author = d
                    .author
                    .party()
                    .map_or_else(|| "mediator".to_owned(), |p| p.to_string());
                format!("debrief-{}-{author}", d.session)
            })
            .collect(),
        DueKind::PilotReview | DueKind::TemporaryTermEnds => {
            case.issues
                .iter()
                .filter(|i| item.what.starts_with(&format!("{}:", i.title)))
                .filter_map(|i| match (&i.state, item.kind) {
                    (TermState::Pilot { review_on }, DueKind::PilotReview)
                        if *review_on == item.due_on =>
                    {
                        Some(format!("review-{}", i.id))
                    }
                    (
                        TermState::AgreedTemporary { until: Some(u), .. },
                        DueKind::TemporaryTermEnds,
                    ) if *u == item.due_on => Some(format!("term-ends-{}", i.id)),
                    _ => None,
                })
                .collect()
        }
        DueKind::Deadline => item
            .deadline
            .map(|d| vec![format!("deadline-{d}")])
            .unwrap_or_default(),
        DueKind::MiamExpires => item
            .owner
            .map(|p| vec![format!("miam-expires-{p}-{}", item.due_on)])
            .unwrap_or_default(),
        DueKind::Fm5 => vec![format!("fm5-{case_id}-{}", item.due_on)],
        DueKind::InvitationAnswer => item
            .owner
            .map(|p| vec![format!("invitation-{p}-{}", item.due_on)])
            .unwrap_or_default(),
    };
    let uid = candidates
        .into_iter()
        .map(|c| format!("{c}@{UID_DOMAIN}"))
        .find(|c| !taken.contains(c))
        // Not expected: the item came from this very case. Still stable while its text is.
        .unwrap_or_else(|| {
            let digest = token_hash(&format!("{}|{}|{}", item.what, item.due_on, case_id));
            format!("due-{case_id}-{}@{UID_DOMAIN}", &digest[..16])
        });
    taken.insert(uid.clone());
    uid
}

/// An event with its UID, the time it was produced (DTSTAMP) and private visibility, so a
/// shared calendar shows the time as busy and nothing else.
fn base(uid: &str, now: Timestamp) -> Event {
    let mut event = Event::with_uid(uid);
    event.timestamp(utc(now)).class(Class::Private);
    event
}

/// A whole-day event on `day`; it does not make the person busy.
fn all_day(uid: &str, day: Date, now: Timestamp) -> Event {
    let mut event = base(uid, now);
    event
        .starts(naive(day))
        .ends(naive(day.tomorrow().unwrap_or(day)))
        .add_property("TRANSP", "TRANSPARENT");
    event
}

fn utc(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.as_second(), 0).expect("jiff's range is inside chrono's")
}

fn naive(d: Date) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(d.year().into(), d.month() as u32, d.day() as u32)
        .expect("a civil date is a valid date")
}

/// Text as one calendar value: line breaks kept as `\n` (escaped by the writer), other
/// control characters as spaces.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// A feed just made: its URL holds the token, shown once.
pub struct FeedCreated {
    pub id: String,
    pub name: String,
    pub url: String,
    pub created_at: String,
}

/// The path a feed is served at; the token is its only credential.
pub const FEED_PATH: &str = "/calendar/";

impl Workbench {
    fn seen(&self, user: &User, case: CaseId) -> Result<SeenCase> {
        let access = self.access(user, case)?;
        let history = self.cases.history(case)?;
        Ok(SeenCase {
            id: case,
            state: fold_for(&history, access.viewer())?,
            access,
            discreet: match access {
                CaseAccess::Participant(p) => {
                    accord_core::case::safety::must_not_name_service(&history, p)
                }
                _ => false,
            },
        })
    }

    /// One case's calendar as `user` may see it.
    pub fn case_calendar(&self, user: &User, case: CaseId) -> Result<String> {
        let seen = self.seen(user, case)?;
        let profile = seen.state.profile.as_ref().ok_or(AppError::CaseNotFound)?;
        let name = format!("Accord: {}", profile.title);
        let zone = profile.time_zone.clone();
        Ok(calendar(&name, Some(&zone), &[seen], Timestamp::now()))
    }

    /// Every case of `user` in one calendar, each as `user` may see it.
    pub fn calendar_everywhere(&self, user: &User) -> Result<String> {
        let cases = self
            .list(user)?
            .into_iter()
            .map(|meta| self.seen(user, meta.id))
            .collect::<Result<Vec<_>>>()?;
        let name = format!("Accord: {}", user.name);
        Ok(calendar(&name, None, &cases, Timestamp::now()))
    }

    /// The calendar behind a feed's token; `None` for a token that is unknown or revoked.
    pub fn feed_calendar(&self, token: &str) -> Result<Option<String>> {
        let Some(row) = self
            .cases
            .store()
            .user_for_calendar_feed(&token_hash(token))?
        else {
            return Ok(None);
        };
        self.calendar_everywhere(&User::try_from(row)?).map(Some)
    }

    /// A new private feed of `user`'s calendar, reachable at `{public_url}/calendar/{token}`.
    pub fn create_calendar_feed(
        &self,
        user: &User,
        name: &str,
        public_url: &str,
    ) -> Result<FeedCreated> {
        let name = accord_core::text::Text::line("name", name, accord_core::text::limits::NAME)?;
        let (token, hash) = new_token();
        let id = uuid::Uuid::now_v7().to_string();
        let created_at = Accounts::now_stamp();
        self.cases.store().insert_calendar_feed(
            &id,
            &hash,
            &user.id,
            name.as_str(),
            &created_at,
        )?;
        Ok(FeedCreated {
            id,
            name: name.to_string(),
            url: format!("{}{FEED_PATH}{token}", public_url.trim_end_matches('/')),
            created_at,
        })
    }

    /// `user`'s feeds (never their tokens).
    pub fn calendar_feeds(&self, user: &User) -> Result<Vec<CalendarFeedRow>> {
        Ok(self.cases.store().calendar_feeds_of(&user.id)?)
    }

    /// Revokes one of `user`'s feeds; false if it has no such live feed.
    pub fn revoke_calendar_feed(&self, user: &User, feed: &str) -> Result<bool> {
        Ok(self
            .cases
            .store()
            .revoke_calendar_feed(feed, &user.id, &Accounts::now_stamp())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_core::advice::NextStep;
    use accord_core::case::deadline::{DeadlineKind, DueRule};
    use accord_core::case::debrief::{Author, Debrief};
    use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Outcome, Role, SessionFormat};
    use accord_core::case::{Actor, Audience, Command, Recorded, Viewer, decide, evolve};
    use accord_core::chain::{self, Head};
    use accord_core::ids::{DeadlineId, IssueId, NoteId, ParticipantId, SessionId};
    use accord_core::text::Text;
    use accord_core::time_zone::TimeZoneName;
    use icalendar::DatePerhapsTime;
    use jiff::civil::date;

    const SECRET_A: &str = "SECRET-A: would accept alternate weekends";
    const SECRET_B: &str = "SECRET-B: new job starts in March";

    /// Text as a case may hold it, line breaks included (events recorded before one-line
    /// fields refused them still load), so the calendar's escaping is tested on them.
    fn text(s: &str) -> Text {
        Text::paragraph("text", s, 20_000).unwrap()
    }

    fn now() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    /// A case built the way the application builds one: commands through `decide`, sealed.
    struct Script {
        id: CaseId,
        history: Vec<Recorded>,
        state: Case,
    }

    impl Script {
        fn opened(title: &str, zone: &str) -> Self {
            let id = CaseId::new_v7();
            let mut s = Self {
                id,
                history: Vec::new(),
                state: Case::default(),
            };
            s.run(Command::OpenCase {
                case: id,
                title: text(title),
                dispute_type: DisputeType::ChildArrangements,
                jurisdiction: Jurisdiction::EnglandWales,
                time_zone: TimeZoneName::parse(zone).unwrap(),
                court_ordered: false,
                contract_clause: None,
                court_reference: None,
            });
            s
        }

        fn run(&mut self, cmd: Command) {
            let events = decide(&self.state, cmd).unwrap();
            let head = self.state.head.unwrap_or(Head::EMPTY);
            for r in chain::seal(self.id, head, events, &Actor::System, now()) {
                self.state = evolve(std::mem::take(&mut self.state), &r);
                self.history.push(r);
            }
        }

        fn party(&mut self, name: &str) -> ParticipantId {
            let id = ParticipantId::new_v7();
            self.run(Command::AddParticipant {
                participant: id,
                name: text(name),
                role: Role::Party,
                acting_for: None,
                authority_to_settle: true,
            });
            id
        }

        fn session(&mut self, at: &str) -> SessionId {
            let id = SessionId::new_v7();
            self.run(Command::ScheduleSession {
                session: id,
                starts_at: at.parse().unwrap(),
                format: SessionFormat::Joint,
                agenda: Vec::new(),
                override_reason: None,
            });
            id
        }

        fn deadline(&mut self, label: &str, on: Date) -> DeadlineId {
            let id = DeadlineId::new_v7();
            self.run(Command::SetDeadline {
                deadline: id,
                kind: DeadlineKind::CourtHearing,
                label: text(label),
                rule: DueRule::Fixed { on },
            });
            id
        }

        fn seen_by(&self, viewer: Viewer, access: CaseAccess) -> SeenCase {
            SeenCase {
                id: self.id,
                state: fold_for(&self.history, viewer).unwrap(),
                access,
                discreet: false,
            }
        }

        fn as_mediator(&self) -> SeenCase {
            self.seen_by(Viewer::Mediator, CaseAccess::Mediator)
        }

        fn as_party(&self, p: ParticipantId) -> SeenCase {
            self.seen_by(Viewer::Participant(p), CaseAccess::Participant(p))
        }
    }

    /// The calendar, read back by the crate's own parser: (UID → event), every UID once.
    fn parse(ics: &str) -> std::collections::BTreeMap<String, Event> {
        let cal: Calendar = ics.parse().unwrap();
        let mut events = std::collections::BTreeMap::new();
        for event in cal.events() {
            let uid = event.get_uid().expect("every event has a UID").to_owned();
            assert!(event.get_timestamp().is_some(), "{uid} has no DTSTAMP");
            assert!(
                events.insert(uid.clone(), event.clone()).is_none(),
                "{uid} twice"
            );
        }
        events
    }

    fn ics(name: &str, cases: &[SeenCase]) -> String {
        calendar(name, None, cases, now())
    }

    fn day(event: &Event) -> Date {
        match event.get_start().unwrap() {
            DatePerhapsTime::Date(d) => date(
                i16::try_from(chrono::Datelike::year(&d)).unwrap(),
                chrono::Datelike::month(&d) as i8,
                chrono::Datelike::day(&d) as i8,
            ),
            other => panic!("not an all-day event: {other:?}"),
        }
    }

    /// Unfolded, so a search cannot miss text split across lines.
    fn unfolded(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    #[test]
    fn sessions_are_instants_in_utc_and_a_cancelled_one_stays_cancelled() {
        let mut s = Script::opened("Ahmed & Brown", "Europe/London");
        let summer = s.session("2027-07-01T14:00:00Z");
        let winter = s.session("2026-12-01T10:00:00Z");
        s.run(Command::CancelSession {
            session: winter,
            reason: Some(text("Illness")),
        });
        let out = ics("Accord: test", &[s.as_mediator()]);
        assert!(out.starts_with("BEGIN:VCALENDAR\r\n"), "{out}");
        assert!(out.contains("X-WR-CALNAME:Accord: test\r\n"), "{out}");
        let events = parse(&out);
        let summer_event = &events[&format!("session-{summer}@accord")];
        let raw = unfolded(&out);
        assert!(raw.contains("DTSTART:20270701T140000Z\r\n"), "{raw}");
        assert!(raw.contains("DTEND:20270701T160000Z\r\n"), "{raw}");
        assert_eq!(
            summer_event.get_summary(),
            Some("Ahmed & Brown: mediation session (joint)")
        );
        // The person reads the time where the case is: 15:00 British Summer Time.
        let description = summer_event.get_description().unwrap();
        assert!(
            description.contains("Thursday 1 July 2027, 15:00 BST (Europe/London)"),
            "{description}"
        );
        assert_eq!(summer_event.get_status(), Some(EventStatus::Confirmed));
        let winter_event = &events[&format!("session-{winter}@accord")];
        assert_eq!(winter_event.get_status(), Some(EventStatus::Cancelled));
        assert_eq!(winter_event.get_sequence(), Some(1));
        assert!(raw.contains("DTSTART:20261201T100000Z\r\n"));
    }

    #[test]
    fn a_moved_deadline_keeps_its_uid_and_comes_with_a_higher_sequence() {
        let mut s = Script::opened("Okafor v Hudson", "America/New_York");
        let id = s.deadline("Final hearing", date(2027, 2, 10));
        let uid = format!("deadline-{id}@accord");
        let before = parse(&ics("c", &[s.as_mediator()]));
        assert_eq!(day(&before[&uid]), date(2027, 2, 10));
        assert_eq!(before[&uid].get_sequence(), Some(0));
        assert_eq!(
            before[&uid].get_summary(),
            Some("Okafor v Hudson: Final hearing")
        );
        s.run(Command::MoveDeadline {
            deadline: id,
            rule: DueRule::Fixed {
                on: date(2027, 3, 3),
            },
            reason: text("Re-listed"),
        });
        let after = parse(&ics("c", &[s.as_mediator()]));
        assert_eq!(after.len(), before.len(), "updated, not added");
        assert_eq!(day(&after[&uid]), date(2027, 3, 3));
        assert_eq!(after[&uid].get_sequence(), Some(1));
        assert!(
            after[&uid]
                .get_description()
                .unwrap()
                .contains("Moved from 2027-02-10 to 2027-03-03: Re-listed")
        );
        s.run(Command::CancelDeadline {
            deadline: id,
            reason: text("Settled"),
        });
        let cancelled = parse(&ics("c", &[s.as_mediator()]));
        assert_eq!(cancelled[&uid].get_status(), Some(EventStatus::Cancelled));
        assert_eq!(cancelled[&uid].get_sequence(), Some(2));
        assert!(
            cancelled[&uid]
                .get_summary()
                .unwrap()
                .ends_with("[cancelled]")
        );
    }

    #[test]
    fn met_and_missed_deadlines_say_so() {
        let mut s = Script::opened("Case", "Europe/London");
        let met = s.deadline("Disclosure", date(2026, 11, 20));
        let missed = s.deadline("Reply", date(2026, 11, 21));
        s.run(Command::MarkDeadlineMet { deadline: met });
        s.run(Command::MarkDeadlineMissed { deadline: missed });
        let events = parse(&ics("c", &[s.as_mediator()]));
        let summary = |id: DeadlineId| {
            events[&format!("deadline-{id}@accord")]
                .get_summary()
                .unwrap()
                .to_owned()
        };
        assert_eq!(summary(met), "Case: Disclosure [met]");
        assert_eq!(summary(missed), "Case: Reply [missed]");
    }

    /// A party's calendar holds its own debrief and the shared dates, never the other
    /// party's debrief or private text; the mediator's holds every debrief.
    #[test]
    fn each_person_gets_only_what_it_may_see() {
        let mut s = Script::opened("Ahmed & Brown", "Europe/London");
        let (a, b) = (s.party("Amira Ahmed"), s.party("Ben Brown"));
        let session = s.session("2026-11-20T10:00:00Z");
        s.run(Command::RecordSessionHeld {
            session,
            held_on: date(2026, 11, 20),
            format: SessionFormat::Joint,
            attendees: vec![a, b],
        });
        s.run(Command::RecordOutcome {
            session,
            outcome: Outcome::NoAgreement,
            summary: None,
        });
        for (secret, party) in [(SECRET_A, a), (SECRET_B, b)] {
            s.run(Command::AddNote {
                note: NoteId::new_v7(),
                text: text(secret),
                audience: Audience::PartyAndMediator { party },
                about_session: Some(session),
            });
        }
        s.run(Command::CaptureDebrief {
            session,
            author: Author::Party { party: b },
            debrief: Debrief {
                dealbreakers: vec![text(SECRET_B)],
                ..Debrief::default()
            },
        });
        let issue = IssueId::new_v7();
        s.run(Command::AddIssue {
            issue,
            title: text("Weekdays"),
            description: None,
        });
        s.run(Command::SetIssueState {
            issue,
            state: TermState::Pilot {
                review_on: date(2026, 12, 18),
            },
            reason: Some(text("Four weeks")),
        });
        s.run(Command::ChooseNextStep {
            step: NextStep::MediateAgain,
            owner: a,
            due_on: date(2026, 12, 20),
            note: None,
        });
        let deadline = s.deadline("Final hearing", date(2027, 2, 10));
        let debrief = |p: &str| format!("debrief-{session}-{p}@accord");
        // The hearing of a family case in England & Wales brings the FM5, 7 days before it.
        let shared = [
            format!("session-{session}@accord"),
            format!("deadline-{deadline}@accord"),
            format!("review-{issue}@accord"),
            format!("fm5-{}-2027-02-03@accord", s.id),
        ];

        let mediator = ics("m", &[s.as_mediator()]);
        let uids: BTreeSet<String> = parse(&mediator).into_keys().collect();
        for uid in shared.iter().chain([
            &debrief("mediator"),
            &debrief(&a.to_string()),
            &format!("next-step-{}-1@accord", s.id),
        ]) {
            assert!(uids.contains(uid), "mediator lacks {uid}: {uids:?}");
        }
        assert!(
            !uids.contains(&debrief(&b.to_string())),
            "B's debrief is in"
        );

        let for_a = ics("a", &[s.as_party(a)]);
        let uids: BTreeSet<String> = parse(&for_a).into_keys().collect();
        let mut want: BTreeSet<String> = shared.iter().cloned().collect();
        want.insert(debrief(&a.to_string()));
        // A owns the next outreach.
        want.insert(format!("next-step-{}-1@accord", s.id));
        assert_eq!(uids, want);

        let for_b = ics("b", &[s.as_party(b)]);
        let uids: BTreeSet<String> = parse(&for_b).into_keys().collect();
        assert_eq!(uids, shared.iter().cloned().collect::<BTreeSet<_>>());
        for (out, secret) in [
            (&for_a, SECRET_B),
            (&for_b, SECRET_A),
            (&mediator, "SECRET"),
        ] {
            assert!(!unfolded(out).contains(secret), "{secret} in {out}");
        }
    }

    #[test]
    fn coordinators_get_the_procedural_clock_only() {
        let mut s = Script::opened("Case", "Europe/London");
        let a = s.party("Amira Ahmed");
        s.session("2026-12-01T10:00:00Z");
        s.run(Command::ChooseNextStep {
            step: NextStep::MediateAgain,
            owner: a,
            due_on: date(2026, 12, 20),
            note: None,
        });
        let deadline = s.deadline("Final hearing", date(2027, 2, 10));
        let out = ics("c", &[s.seen_by(Viewer::Coordinator, CaseAccess::Metadata)]);
        let uids: Vec<String> = parse(&out).into_keys().collect();
        assert_eq!(
            uids,
            [
                format!("deadline-{deadline}@accord"),
                format!("fm5-{}-2027-02-03@accord", s.id)
            ]
        );
        assert!(!out.contains("Amira"), "{out}");
    }

    /// Dates are the case's own days: a deadline in New York is on that day in any zone.
    #[test]
    fn a_feed_across_cases_has_unique_uids_and_dates_stay_the_cases_days() {
        let mut london = Script::opened("London case", "Europe/London");
        let mut new_york = Script::opened("New York case", "America/New_York");
        let l = london.deadline("Hearing", date(2027, 1, 4));
        let n = new_york.deadline("Hearing", date(2027, 1, 4));
        london.session("2027-01-05T09:00:00Z");
        new_york.session("2027-01-05T09:00:00Z");
        let out = ics(
            "Accord: Maya Patel",
            &[london.as_mediator(), new_york.as_mediator()],
        );
        let events = parse(&out);
        // Each case's hearing, session, and (both being family cases in England & Wales under
        // the fixture) the FM5 before the hearing.
        assert_eq!(events.len(), 6);
        for id in [l, n] {
            assert_eq!(
                day(&events[&format!("deadline-{id}@accord")]),
                date(2027, 1, 4)
            );
        }
        assert!(unfolded(&out).contains("DTSTART;VALUE=DATE:20270104\r\n"));
        assert!(unfolded(&out).contains("DTEND;VALUE=DATE:20270105\r\n"));
        assert!(
            events
                .values()
                .any(|e| e.get_summary() == Some("New York case: Hearing"))
        );
    }

    #[test]
    fn the_text_of_a_case_is_escaped_and_a_case_calendar_names_its_zone() {
        let mut s = Script::opened("Smith, Jones; and others", "America/New_York");
        s.deadline("Reply\nto the court", date(2027, 1, 4));
        let seen = s.as_mediator();
        let out = calendar(
            "Accord: Smith, Jones",
            Some("America/New_York"),
            &[seen],
            now(),
        );
        assert!(out.contains("X-WR-TIMEZONE:America/New_York\r\n"), "{out}");
        let event = parse(&out).into_values().next().unwrap();
        assert_eq!(
            event.get_summary(),
            Some("Smith, Jones; and others: Reply\nto the court")
        );
        assert!(unfolded(&out).contains("SUMMARY:Smith\\, Jones\\; and others"));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "unfolded line: {line:?}");
        }
    }
}
