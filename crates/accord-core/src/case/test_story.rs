//! A case under construction for the rule tests: commands run through `decide`, `seal` and
//! `evolve`, exactly as the application does, on a clock of its own.
#![allow(dead_code)] // each test module uses part of it

use super::debrief::{
    Author, Debrief, DebriefItemKind, HiddenIssue, HiddenIssueKind, Money, Offer,
};
use super::due::{DueFor, DueItem, due};
use super::*;
use crate::advice::StallReason;
use crate::chain::{self, Digest, Head};
use crate::error::DomainError;
use crate::ids::*;
use crate::text::Text;
use crate::time_zone::TimeZoneName;
use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use vocabulary::*;

// ---- a case under construction ----------------------------------------------------------

pub(super) fn t(s: &str) -> Text {
    Text::line("text", s, 20_000).unwrap()
}

/// When the story starts: a Monday morning in London (GMT).
pub(super) fn start() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

pub(super) fn today() -> Date {
    date(2026, 11, 23)
}

/// A case under construction with its own clock: applies commands and keeps the sealed history.
pub(super) struct Story {
    pub(super) id: CaseId,
    pub(super) at: Timestamp,
    pub(super) history: Vec<Recorded>,
    pub(super) state: Case,
}

/// The people of a family case: two parties, Amira's lawyer, Ben's support person and the
/// mediator.
#[derive(Clone, Copy, Debug)]
pub(super) struct People {
    pub(super) a: ParticipantId,
    pub(super) b: ParticipantId,
    pub(super) lee: ParticipantId,
    pub(super) sam: ParticipantId,
    pub(super) maya: ParticipantId,
}

impl Story {
    pub(super) fn opened() -> Self {
        Self::opened_with(false, None)
    }

    pub(super) fn opened_with(court_ordered: bool, court_reference: Option<&str>) -> Self {
        let id = CaseId::new_v7();
        let mut s = Story {
            id,
            at: start(),
            history: vec![],
            state: Case::default(),
        };
        s.run(Command::OpenCase {
            case: id,
            title: t("Ahmed and Brown: child arrangements"),
            dispute_type: DisputeType::ChildArrangements,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: TimeZoneName::parse("Europe/London").unwrap(),
            court_ordered,
            contract_clause: None,
            court_reference: court_reference.map(t),
        })
        .unwrap();
        s
    }

    /// A case with the usual people in it.
    pub(super) fn family() -> (Self, People) {
        let mut s = Self::opened();
        let p = s.people();
        (s, p)
    }

    pub(super) fn people(&mut self) -> People {
        let a = self.add("Amira Ahmed", Role::Party, None);
        let b = self.add("Ben Brown", Role::Party, None);
        let lee = self.add("Lee Law", Role::Representative, Some(a));
        let sam = self.add("Sam Support", Role::SupportPerson, Some(b));
        let maya = self.add("Maya Mediator", Role::Mediator, None);
        People {
            a,
            b,
            lee,
            sam,
            maya,
        }
    }

    pub(super) fn run(&mut self, cmd: Command) -> Result<(), DomainError> {
        let events = decide(&self.state, cmd)?;
        let head = self.state.head.unwrap_or(Head::EMPTY);
        for r in chain::seal(self.id, head, events, &Actor::System, self.at) {
            self.state = evolve(std::mem::take(&mut self.state), &r);
            self.history.push(r);
        }
        Ok(())
    }

    pub(super) fn later(&mut self, hours: i64) {
        self.at += SignedDuration::from_hours(hours);
    }

    pub(super) fn last(&self) -> &Recorded {
        self.history.last().unwrap()
    }

    pub(super) fn add(
        &mut self,
        name: &str,
        role: Role,
        acting_for: Option<ParticipantId>,
    ) -> ParticipantId {
        self.add_participant(name, role, acting_for, role == Role::Party)
    }

    /// Someone acting for a party who may settle for it (a solicitor, an insurer's adjuster).
    pub(super) fn add_with_authority(
        &mut self,
        name: &str,
        role: Role,
        acting_for: Option<ParticipantId>,
    ) -> ParticipantId {
        self.add_participant(name, role, acting_for, true)
    }

    fn add_participant(
        &mut self,
        name: &str,
        role: Role,
        acting_for: Option<ParticipantId>,
        authority_to_settle: bool,
    ) -> ParticipantId {
        let id = ParticipantId::new_v7();
        self.run(Command::AddParticipant {
            participant: id,
            name: t(name),
            role,
            acting_for,
            authority_to_settle,
        })
        .unwrap();
        id
    }

    pub(super) fn issue(&mut self, title: &str) -> IssueId {
        let issue = IssueId::new_v7();
        self.run(Command::AddIssue {
            issue,
            title: t(title),
            description: None,
        })
        .unwrap();
        issue
    }

    pub(super) fn set(&mut self, issue: IssueId, state: TermState, reason: Option<&str>) {
        self.run(Command::SetIssueState {
            issue,
            state,
            reason: reason.map(t),
        })
        .unwrap();
    }

    pub(super) fn schedule_at(&mut self, starts_at: Timestamp) -> SessionId {
        let session = SessionId::new_v7();
        self.run(Command::ScheduleSession {
            session,
            starts_at,
            format: SessionFormat::Joint,
            agenda: vec![],
            override_reason: None,
        })
        .unwrap();
        session
    }

    pub(super) fn schedule(&mut self) -> SessionId {
        self.schedule_at(self.at)
    }

    pub(super) fn held(&mut self, attendees: &[ParticipantId]) -> SessionId {
        let session = self.schedule();
        self.run(Command::RecordSessionHeld {
            session,
            held_on: today(),
            format: SessionFormat::Caucus,
            attendees: attendees.to_vec(),
        })
        .unwrap();
        session
    }

    pub(super) fn outcome(
        &mut self,
        session: SessionId,
        outcome: Outcome,
    ) -> Result<(), DomainError> {
        self.run(Command::RecordOutcome {
            session,
            outcome,
            summary: None,
        })
    }

    /// A session both parties attended, ended with `outcome`.
    pub(super) fn session_ending(&mut self, p: &People, outcome: Outcome) -> SessionId {
        let session = self.held(&[p.a, p.b, p.maya]);
        self.outcome(session, outcome).unwrap();
        session
    }

    pub(super) fn note(&mut self, body: &str, audience: Audience) {
        self.run(Command::AddNote {
            note: NoteId::new_v7(),
            text: t(body),
            audience,
            about_session: None,
        })
        .unwrap();
    }

    pub(super) fn debrief(
        &mut self,
        session: SessionId,
        author: Author,
        debrief: Debrief,
    ) -> Result<(), DomainError> {
        self.run(Command::CaptureDebrief {
            session,
            author,
            debrief,
        })
    }

    pub(super) fn share(
        &mut self,
        session: SessionId,
        party: ParticipantId,
        kind: DebriefItemKind,
        index: usize,
    ) -> Result<(), DomainError> {
        self.run(Command::ShareDebriefItem {
            session,
            party,
            kind,
            index,
        })
    }

    pub(super) fn position(
        &mut self,
        issue: IssueId,
        party: ParticipantId,
        position: &str,
        shared: bool,
    ) -> Result<(), DomainError> {
        self.run(Command::RecordPosition {
            issue,
            party,
            position: t(position),
            interests: vec![t("stability")],
            shared,
        })
    }

    pub(super) fn diagnose(
        &mut self,
        author: Author,
        findings: &[(StallReason, &str)],
        shared: bool,
    ) -> Result<(), DomainError> {
        self.run(Command::DiagnoseStall {
            session: None,
            author,
            findings: findings.iter().map(|(r, e)| (*r, t(e))).collect(),
            shared,
        })
    }

    pub(super) fn rate(
        &mut self,
        session: SessionId,
        participant: ParticipantId,
        moment: RatingMoment,
        clarity: u8,
        temperature: u8,
    ) -> Result<(), DomainError> {
        self.run(Command::RateSession {
            session,
            participant,
            moment,
            clarity,
            temperature,
        })
    }

    pub(super) fn fold(&self, viewer: Viewer) -> Case {
        fold_for(&self.history, viewer).unwrap()
    }

    /// The fold of the joint events only.
    pub(super) fn joint(&self) -> Case {
        Case::fold(
            self.history
                .iter()
                .filter(|r| r.audience == Audience::Everyone),
        )
    }

    /// What a viewer is shown, serialised as every screen, export and API answer is.
    pub(super) fn shown(&self, viewer: Viewer) -> String {
        serde_json::to_string(&view(&self.history, viewer).unwrap()).unwrap()
    }

    pub(super) fn due_for(&self, viewer: Viewer, whose: DueFor, on: Date) -> Vec<DueItem> {
        due(&self.fold(viewer), whose, on)
    }

    pub(super) fn issue_memorandum(&mut self) -> Result<(), DomainError> {
        self.run(Command::IssueMemorandum)
    }

    pub(super) fn confirm(
        &mut self,
        by: ParticipantId,
        version: u32,
        content_hash: Digest,
    ) -> Result<(), DomainError> {
        self.run(Command::ConfirmMemorandum {
            by,
            version,
            content_hash,
        })
    }

    /// The latest issued memorandum's version and hash, as a confirmation names them.
    pub(super) fn latest_memo(&self) -> (u32, Digest) {
        let m = self.state.latest_memorandum().unwrap();
        (m.version, Digest::parse_hex(&m.content_hash).unwrap())
    }
}

pub(super) fn gbp(raw: &str) -> Money {
    Money::parse(raw).unwrap()
}

/// A full debrief whose every text starts with `prefix`, so a leak names its source.
pub(super) fn debrief_of(prefix: &str) -> Debrief {
    Debrief {
        best_offer: Some(Offer {
            amount: Some(gbp("9000 GBP")),
            terms: Some(t(&format!("{prefix} offer: alternate weekends"))),
        }),
        dealbreakers: vec![
            t(&format!("{prefix} dealbreaker one")),
            t(&format!("{prefix} dealbreaker two")),
        ],
        hidden_issues: vec![HiddenIssue {
            kind: HiddenIssueKind::CashFlow,
            note: Some(t(&format!("{prefix} hidden payroll"))),
        }],
        missing_information: vec![t(&format!("{prefix} missing school report"))],
        flexibility_signals: vec![t(&format!("{prefix} flexible on handovers"))],
        budget: None,
        time_preference: None,
    }
}

pub(super) fn party(p: ParticipantId) -> Author {
    Author::Party { party: p }
}
