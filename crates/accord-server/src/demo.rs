//! Four realistic demo cases, written through the same commands a mediator would run:
//! a child-arrangements case partly agreed with a pilot schedule; a court-ordered
//! personal-injury case that did not settle; a business break-up at impasse because the
//! decision-maker did not attend; a neighbour noise dispute with a thirty-day trial.

use crate::cases::Cases;
use crate::error::Result;
use accord_core::case::vocabulary::*;
use accord_core::case::{Actor, Audience, Command};
use accord_core::ids::{CaseId, IssueId, NoteId, ParticipantId, SessionId};
use accord_core::text::Text;
use accord_core::time_zone::TimeZoneName;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

/// Titles of the demo cases, used to tell whether they are loaded already.
pub const TITLES: [&str; 4] = [
    "Ahmed & Brown — arrangements for Layla (7)",
    "Okafor v. Hudson Freight Lines",
    "Brightline Studio — partners' separation",
    "14 & 16 Elm Road — late-night noise",
];

fn t(s: &str) -> Text {
    Text::line("demo text", s, accord_core::text::limits::LONG).expect("demo text is valid")
}

/// Writes one demo case command by command.
struct Scripted<'a> {
    cases: &'a Cases,
    id: CaseId,
    actor: Actor,
    zone: TimeZoneName,
}

impl Scripted<'_> {
    fn run(&self, cmd: Command) -> Result<()> {
        self.cases.execute(self.id, cmd, &self.actor).map(|_| ())
    }

    fn person(
        &self,
        name: &str,
        role: Role,
        acting_for: Option<ParticipantId>,
        authority: bool,
    ) -> Result<ParticipantId> {
        let id = ParticipantId::new_v7();
        self.run(Command::AddParticipant {
            participant: id,
            name: t(name),
            role,
            acting_for,
            authority_to_settle: authority,
        })?;
        Ok(id)
    }

    fn issue(&self, title: &str, description: &str) -> Result<IssueId> {
        let id = IssueId::new_v7();
        self.run(Command::AddIssue {
            issue: id,
            title: t(title),
            description: Some(t(description)),
        })?;
        Ok(id)
    }

    fn state(&self, issue: IssueId, state: TermState, reason: &str) -> Result<()> {
        self.run(Command::SetIssueState {
            issue,
            state,
            reason: Some(t(reason)),
        })
    }

    /// Schedules a session at 10:00 local time on `on`.
    fn session(&self, on: Date, format: SessionFormat, agenda: Vec<IssueId>) -> Result<SessionId> {
        let id = SessionId::new_v7();
        let starts_at = on
            .at(10, 0, 0, 0)
            .to_zoned(self.zone.zone())
            .expect("10:00 exists")
            .timestamp();
        self.run(Command::ScheduleSession {
            session: id,
            starts_at,
            format,
            agenda,
            override_reason: None,
        })?;
        Ok(id)
    }

    fn held(
        &self,
        session: SessionId,
        on: Date,
        format: SessionFormat,
        attendees: Vec<ParticipantId>,
    ) -> Result<()> {
        self.run(Command::RecordSessionHeld {
            session,
            held_on: on,
            format,
            attendees,
        })
    }

    fn outcome(&self, session: SessionId, outcome: Outcome, summary: &str) -> Result<()> {
        self.run(Command::RecordOutcome {
            session,
            outcome,
            summary: Some(t(summary)),
        })
    }

    fn note(&self, text: &str, audience: Audience, about: Option<SessionId>) -> Result<()> {
        self.run(Command::AddNote {
            note: NoteId::new_v7(),
            text: t(text),
            audience,
            about_session: about,
        })
    }
}

struct Opening<'a> {
    title: &'a str,
    dispute_type: DisputeType,
    jurisdiction: Jurisdiction,
    zone: &'a str,
    court_ordered: bool,
    clause: Option<ContractClause>,
    court_reference: Option<&'a str>,
}

fn open<'a>(cases: &'a Cases, actor: &Actor, o: Opening<'_>) -> Result<Scripted<'a>> {
    let zone = TimeZoneName::parse(o.zone).expect("demo zones exist");
    let s = Scripted {
        cases,
        id: CaseId::new_v7(),
        actor: actor.clone(),
        zone: zone.clone(),
    };
    s.run(Command::OpenCase {
        case: s.id,
        title: t(o.title),
        dispute_type: o.dispute_type,
        jurisdiction: o.jurisdiction,
        time_zone: zone,
        court_ordered: o.court_ordered,
        contract_clause: o.clause,
        court_reference: o.court_reference.map(t),
    })?;
    Ok(s)
}

/// Loads the demo cases unless they are there already; returns the ids of those it wrote.
pub fn load(cases: &Cases, actor: &Actor, today: Date) -> Result<Vec<CaseId>> {
    let existing = cases.list()?;
    if existing.iter().any(|m| TITLES.contains(&m.title.as_str())) {
        return Ok(Vec::new());
    }
    Ok(vec![
        child_arrangements(cases, actor, today)?,
        personal_injury(cases, actor, today)?,
        business_break_up(cases, actor, today)?,
        neighbour_noise(cases, actor, today)?,
    ])
}

fn child_arrangements(cases: &Cases, actor: &Actor, today: Date) -> Result<CaseId> {
    let c = open(
        cases,
        actor,
        Opening {
            title: TITLES[0],
            dispute_type: DisputeType::ChildArrangements,
            jurisdiction: Jurisdiction::EnglandWales,
            zone: "Europe/London",
            court_ordered: false,
            clause: None,
            court_reference: None,
        },
    )?;
    let amira = c.person("Amira Ahmed", Role::Party, None, true)?;
    let ben = c.person("Ben Brown", Role::Party, None, true)?;
    let nadia = c.person("Nadia Ahmed", Role::SupportPerson, Some(amira), false)?;
    let maya = c.person("Maya Patel", Role::Mediator, None, false)?;
    let weekdays = c.issue(
        "Weekday schedule",
        "Which school nights Layla spends with each parent.",
    )?;
    let handovers = c.issue(
        "School handovers",
        "Where and when Layla moves between homes.",
    )?;
    let summer = c.issue("Summer holidays", "How the six weeks of summer are shared.")?;
    let festivals = c.issue(
        "Eid and birthdays",
        "Who Layla is with on Eid and on each parent's birthday.",
    )?;
    let support = c.issue("Child support", "Weekly amount paid towards Layla's costs.")?;
    let held_on = today - 3.days();
    let s1 = c.session(
        held_on,
        SessionFormat::Caucus,
        vec![weekdays, handovers, summer, festivals, support],
    )?;
    c.held(
        s1,
        held_on,
        SessionFormat::Caucus,
        vec![amira, ben, nadia, maya],
    )?;
    c.state(
        handovers,
        TermState::AgreedFinal,
        "Handovers at the school gate; Fridays via the after-school club.",
    )?;
    c.state(
        weekdays,
        TermState::Pilot {
            review_on: held_on + 28.days(),
        },
        "Try Monday and Wednesday nights with Ben for four weeks, then review.",
    )?;
    c.state(
        festivals,
        TermState::AgreedTemporary {
            until: Some(held_on + 28.days()),
            until_event: Some(t("the pilot review")),
        },
        "Eid with Amira this year; birthdays with the parent whose birthday it is.",
    )?;
    c.state(
        support,
        TermState::Referred {
            to: t("the Child Maintenance Service calculation"),
        },
        "Both prefer the statutory calculation.",
    )?;
    c.outcome(
        s1,
        Outcome::PartialAgreement,
        "Handovers settled; a four-week trial of the weekday schedule; summer still open.",
    )?;
    c.note(
        "Next session after the pilot review; bring the school holiday dates for next summer.",
        Audience::Everyone,
        Some(s1),
    )?;
    c.note(
        "I could accept alternate weekends in summer if the handovers stay at school.",
        Audience::PartyAndMediator { party: amira },
        Some(s1),
    )?;
    c.note(
        "My shift pattern changes in January and I have not told Amira yet.",
        Audience::PartyAndMediator { party: ben },
        Some(s1),
    )?;
    c.note(
        "Amira defers to Ben on money questions; keep finances in caucus. Screening: no safety concerns reported.",
        Audience::MediatorOnly,
        Some(s1),
    )?;
    c.session(
        held_on + 30.days(),
        SessionFormat::Joint,
        vec![weekdays, summer],
    )?;
    Ok(c.id)
}

fn personal_injury(cases: &Cases, actor: &Actor, today: Date) -> Result<CaseId> {
    let c = open(
        cases,
        actor,
        Opening {
            title: TITLES[1],
            dispute_type: DisputeType::PersonalInjury,
            jurisdiction: Jurisdiction::UsFederal,
            zone: "America/New_York",
            court_ordered: true,
            clause: None,
            court_reference: Some("1:26-cv-04417 (S.D.N.Y.)"),
        },
    )?;
    let grace = c.person("Grace Okafor", Role::Party, None, true)?;
    let hudson = c.person("Hudson Freight Lines", Role::Party, None, false)?;
    let counsel = c.person("Daniel Reyes", Role::Representative, Some(grace), false)?;
    let defence = c.person("Karen Walsh", Role::Representative, Some(hudson), false)?;
    let adjuster = c.person(
        "Priya Shah (Northbridge Insurance)",
        Role::Representative,
        Some(hudson),
        true,
    )?;
    let mediator = c.person("Robert Chen", Role::Mediator, None, false)?;
    let liability = c.issue(
        "Liability",
        "Whether the driver ran the red light at 5th and Main.",
    )?;
    let medical = c.issue(
        "Medical expenses",
        "Past and future treatment of the fractured wrist.",
    )?;
    let wages = c.issue("Lost wages", "Eleven weeks off work as a dental hygienist.")?;
    let held_on = today - 6.days();
    let s1 = c.session(
        held_on,
        SessionFormat::Caucus,
        vec![liability, medical, wages],
    )?;
    c.held(
        s1,
        held_on,
        SessionFormat::Caucus,
        vec![grace, counsel, defence, adjuster, mediator],
    )?;
    c.outcome(
        s1,
        Outcome::NoAgreement,
        "Positions far apart on damages; liability still disputed. Not settled.",
    )?;
    c.note(
        "Report to the court: the parties attended; the case did not settle.",
        Audience::Everyone,
        Some(s1),
    )?;
    c.note(
        "Grace would take $85,000 today to be done with it; her counsel advised $140,000.",
        Audience::PartyAndMediator { party: grace },
        Some(s1),
    )?;
    c.note(
        "Adjuster's authority is capped at $60,000 without head-office sign-off.",
        Audience::PartyAndMediator { party: hudson },
        Some(s1),
    )?;
    c.note(
        "Gap looks bridgeable if the dash-cam footage is exchanged before a second session.",
        Audience::MediatorOnly,
        Some(s1),
    )?;
    Ok(c.id)
}

fn business_break_up(cases: &Cases, actor: &Actor, today: Date) -> Result<CaseId> {
    let c = open(
        cases,
        actor,
        Opening {
            title: TITLES[2],
            dispute_type: DisputeType::BusinessPartnership,
            jurisdiction: Jurisdiction::EnglandWales,
            zone: "Europe/London",
            court_ordered: false,
            clause: Some(ContractClause::TieredDispute),
            court_reference: None,
        },
    )?;
    let sofia = c.person("Sofia Marin", Role::Party, None, true)?;
    // Oliver's share is held by his family trust: he cannot settle without the trustee.
    let oliver = c.person("Oliver Grant", Role::Party, None, false)?;
    let solicitor = c.person("James Cole", Role::Representative, Some(oliver), false)?;
    c.person(
        "Eleanor Grant (trustee, Grant Family Trust)",
        Role::Representative,
        Some(oliver),
        true,
    )?;
    let mediator = c.person("Helen Ward", Role::Mediator, None, false)?;
    let valuation = c.issue(
        "Valuation method",
        "How the studio is valued for the buy-out.",
    )?;
    let price = c.issue("Buy-out price", "What Sofia pays for Oliver's 50%.")?;
    let clients = c.issue(
        "Client handover",
        "Which clients go with whom, and when they are told.",
    )?;
    let conduct = c.issue(
        "Non-disparagement",
        "What each says publicly about the split.",
    )?;
    let held_on = today - 2.days();
    let s1 = c.session(
        held_on,
        SessionFormat::Joint,
        vec![valuation, price, clients, conduct],
    )?;
    c.held(
        s1,
        held_on,
        SessionFormat::Joint,
        vec![sofia, oliver, solicitor, mediator],
    )?;
    c.state(
        valuation,
        TermState::AgreedSubjectToPaperwork,
        "Independent valuer, average of the last three years' profit; to be written into the heads of terms.",
    )?;
    c.outcome(
        s1,
        Outcome::ImpasseForNow,
        "Stopped at the price: the trustee who must approve any sale of Oliver's share did not attend.",
    )?;
    c.note(
        "Next session only with Eleanor Grant present or on the phone with authority.",
        Audience::Everyone,
        Some(s1),
    )?;
    c.note(
        "I can go to £240k if the payment is spread over two years.",
        Audience::PartyAndMediator { party: sofia },
        Some(s1),
    )?;
    c.note(
        "The trust wants a clean break more than the money; my reputation with clients matters most.",
        Audience::PartyAndMediator { party: oliver },
        Some(s1),
    )?;
    Ok(c.id)
}

fn neighbour_noise(cases: &Cases, actor: &Actor, today: Date) -> Result<CaseId> {
    let c = open(
        cases,
        actor,
        Opening {
            title: TITLES[3],
            dispute_type: DisputeType::NeighbourCommunity,
            jurisdiction: Jurisdiction::EnglandWales,
            zone: "Europe/London",
            court_ordered: false,
            clause: None,
            court_reference: None,
        },
    )?;
    let gareth = c.person("Gareth Hughes", Role::Party, None, true)?;
    let priya = c.person("Priya Nair", Role::Party, None, true)?;
    let mediator = c.person("Sam Okoro", Role::Mediator, None, false)?;
    let quiet = c.issue(
        "Quiet hours",
        "Music and drumming after 10pm on weeknights.",
    )?;
    let fence = c.issue("Fence repair", "The shared fence damaged in the storm.")?;
    let contact = c.issue(
        "Future contact",
        "How to raise a problem without a row on the doorstep.",
    )?;
    let held_on = today - 10.days();
    let s1 = c.session(
        held_on,
        SessionFormat::SeparateArrival,
        vec![quiet, fence, contact],
    )?;
    c.held(
        s1,
        held_on,
        SessionFormat::SeparateArrival,
        vec![gareth, priya, mediator],
    )?;
    c.state(
        quiet,
        TermState::Pilot {
            review_on: held_on + 30.days(),
        },
        "A thirty-day noise plan: no drums after 9pm on weeknights, 11pm on Fridays and Saturdays.",
    )?;
    c.state(
        fence,
        TermState::AgreedFinal,
        "Costs split equally; Gareth's builder does the work.",
    )?;
    c.state(
        contact,
        TermState::AgreedFinal,
        "A text message first, never a knock after 9pm.",
    )?;
    c.outcome(
        s1,
        Outcome::PartialAgreement,
        "Fence and contact settled; a thirty-day trial of quiet hours.",
    )?;
    c.note(
        "Review call at the end of the thirty days.",
        Audience::Everyone,
        Some(s1),
    )?;
    c.note(
        "The drumming is my son's exam practice; I worry it looks like we don't care.",
        Audience::PartyAndMediator { party: priya },
        Some(s1),
    )?;
    Ok(c.id)
}

/// Today's date in a zone, for callers that do not have one.
pub fn today_in(zone: &str) -> Date {
    Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC))
        .date()
}
