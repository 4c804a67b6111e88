//! Rule tests and the confidentiality property. Histories are built by running commands
//! through `decide` and `seal`, exactly as the application does.

use super::*;
use crate::chain::{self, Head};
use crate::error::DomainError;
use crate::ids::*;
use crate::text::Text;
use crate::time_zone::TimeZoneName;
use jiff::Timestamp;
use jiff::civil::date;
use proptest::prelude::*;
use vocabulary::*;

/// A case under construction: applies commands and keeps the sealed history.
struct Script {
    id: CaseId,
    history: Vec<Recorded>,
    state: Case,
}

fn text(s: &str) -> Text {
    Text::line("text", s, 20_000).unwrap()
}

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

impl Script {
    fn opened() -> Self {
        let id = CaseId::new_v7();
        let mut s = Script {
            id,
            history: vec![],
            state: Case::default(),
        };
        s.run(Command::OpenCase {
            case: id,
            title: text("Ahmed and Brown: child arrangements"),
            dispute_type: DisputeType::ChildArrangements,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: TimeZoneName::parse("Europe/London").unwrap(),
            court_ordered: false,
            contract_clause: None,
            court_reference: None,
        })
        .unwrap();
        s
    }

    fn try_run(&mut self, cmd: Command) -> Result<(), DomainError> {
        let events = decide(&self.state, cmd)?;
        let head = self.state.head.unwrap_or(Head::EMPTY);
        for r in chain::seal(self.id, head, events, &Actor::System, now()) {
            self.state = evolve(std::mem::take(&mut self.state), &r);
            self.history.push(r);
        }
        Ok(())
    }

    fn run(&mut self, cmd: Command) -> Result<(), DomainError> {
        self.try_run(cmd)
    }

    fn add(&mut self, name: &str, role: Role, acting_for: Option<ParticipantId>) -> ParticipantId {
        let id = ParticipantId::new_v7();
        self.run(Command::AddParticipant {
            participant: id,
            name: text(name),
            role,
            acting_for,
            authority_to_settle: role == Role::Party,
        })
        .unwrap();
        id
    }

    fn schedule(&mut self) -> SessionId {
        let id = SessionId::new_v7();
        self.run(Command::ScheduleSession {
            session: id,
            starts_at: now(),
            format: SessionFormat::Joint,
            agenda: vec![],
            override_reason: None,
        })
        .unwrap();
        id
    }

    fn hold(
        &mut self,
        session: SessionId,
        attendees: Vec<ParticipantId>,
    ) -> Result<(), DomainError> {
        self.run(Command::RecordSessionHeld {
            session,
            held_on: date(2026, 11, 23),
            format: SessionFormat::Caucus,
            attendees,
        })
    }

    fn note(&mut self, body: &str, audience: Audience) -> Result<(), DomainError> {
        self.run(Command::AddNote {
            note: NoteId::new_v7(),
            text: text(body),
            audience,
            about_session: None,
        })
    }

    fn outcome(&mut self, session: SessionId, outcome: Outcome) -> Result<(), DomainError> {
        self.run(Command::RecordOutcome {
            session,
            outcome,
            summary: None,
        })
    }
}

#[test]
fn an_outcome_needs_a_held_session() {
    let mut s = Script::opened();
    let session = s.schedule();
    assert_eq!(
        s.outcome(session, Outcome::PartialAgreement),
        Err(DomainError::SessionNotHeld)
    );
    assert_eq!(
        s.outcome(SessionId::new_v7(), Outcome::NoAgreement)
            .unwrap_err()
            .to_string()
            .split(' ')
            .next(),
        Some("no")
    );
}

#[test]
fn did_not_take_place_fits_only_a_session_that_was_not_held() {
    let mut s = Script::opened();
    let a = s.add("Amira Ahmed", Role::Party, None);
    let unheld = s.schedule();
    s.outcome(unheld, Outcome::DidNotTakePlace).unwrap();
    let held = s.schedule();
    s.hold(held, vec![a]).unwrap();
    assert_eq!(
        s.outcome(held, Outcome::DidNotTakePlace),
        Err(DomainError::SessionWasHeld)
    );
    s.outcome(held, Outcome::ImpasseForNow).unwrap();
    assert_eq!(
        s.outcome(held, Outcome::NoAgreement),
        Err(DomainError::OutcomeAlreadyRecorded)
    );
    assert_eq!(s.state.latest_outcome(), Some(Outcome::ImpasseForNow));
}

#[test]
fn a_session_is_held_once_and_not_after_cancellation() {
    let mut s = Script::opened();
    let a = s.add("Amira Ahmed", Role::Party, None);
    let session = s.schedule();
    assert_eq!(s.hold(session, vec![]), Err(DomainError::NoAttendees));
    let stranger = ParticipantId::new_v7();
    assert_eq!(
        s.hold(session, vec![stranger]),
        Err(DomainError::UnknownParticipant(stranger))
    );
    s.hold(session, vec![a]).unwrap();
    assert_eq!(
        s.hold(session, vec![a]),
        Err(DomainError::SessionAlreadyHeld)
    );
    let other = s.schedule();
    s.run(Command::CancelSession {
        session: other,
        reason: None,
    })
    .unwrap();
    assert_eq!(s.hold(other, vec![a]), Err(DomainError::SessionCancelled));
}

#[test]
fn authority_to_settle_is_known_per_side_from_who_attended() {
    let mut s = Script::opened();
    let a = s.add("Amira Ahmed", Role::Party, None);
    let lawyer = s.add("Lee Law", Role::Representative, Some(a));
    let b = s.add("Hudson Freight", Role::Party, None);
    let insurer = ParticipantId::new_v7();
    s.run(Command::AddParticipant {
        participant: insurer,
        name: text("Priya Shah, insurer"),
        role: Role::Representative,
        acting_for: Some(b),
        authority_to_settle: true,
    })
    .unwrap();
    let missing = |s: &Script, session| match &s.state.session(session).unwrap().status {
        state::SessionStatus::Held {
            authority_missing_for,
            ..
        } => authority_missing_for.clone(),
        other => panic!("not held: {other:?}"),
    };
    // `add` gives parties authority; a lawyer without it does not stand in for Amira.
    let first = s.schedule();
    s.hold(first, vec![lawyer, insurer]).unwrap();
    assert_eq!(missing(&s, first), vec![a]);
    let second = s.schedule();
    s.hold(second, vec![a, insurer]).unwrap();
    assert_eq!(missing(&s, second), Vec::<ParticipantId>::new());
}

#[test]
fn a_representative_must_act_for_an_existing_party() {
    let mut s = Script::opened();
    let ghost = ParticipantId::new_v7();
    let add = |acting_for, role| Command::AddParticipant {
        participant: ParticipantId::new_v7(),
        name: text("Rita Rep"),
        role,
        acting_for,
        authority_to_settle: false,
    };
    assert_eq!(
        s.run(add(Some(ghost), Role::Representative)),
        Err(DomainError::UnknownParticipant(ghost))
    );
    assert!(matches!(
        s.run(add(None, Role::Representative)),
        Err(DomainError::ActingForRequired { .. })
    ));
    let mediator = s.add("Maya Mediator", Role::Mediator, None);
    assert_eq!(
        s.run(add(Some(mediator), Role::SupportPerson)),
        Err(DomainError::NotAParty(mediator))
    );
    let a = s.add("Amira Ahmed", Role::Party, None);
    assert_eq!(
        s.run(add(Some(a), Role::Party)),
        Err(DomainError::ActingForNotAllowed)
    );
    s.run(add(Some(a), Role::Representative)).unwrap();
    assert!(matches!(
        s.run(add(Some(a), Role::Representative)),
        Err(DomainError::DuplicateParticipantName(_))
    ));
}

#[test]
fn a_closed_case_takes_nothing_more() {
    let mut s = Script::opened();
    s.run(Command::CloseCase {
        status: ClosureStatus::NotSettled,
        summary: None,
    })
    .unwrap();
    assert_eq!(
        s.note("late", Audience::Everyone),
        Err(DomainError::CaseClosed)
    );
    assert_eq!(
        s.run(Command::CloseCase {
            status: ClosureStatus::Settled,
            summary: None
        }),
        Err(DomainError::CaseClosed)
    );
}

#[test]
fn a_case_must_be_opened_first_and_only_once() {
    let mut empty = Script {
        id: CaseId::new_v7(),
        history: vec![],
        state: Case::default(),
    };
    assert_eq!(
        empty.note("hello", Audience::Everyone),
        Err(DomainError::CaseNotOpened)
    );
    let mut s = Script::opened();
    let reopen = decide(&s.state, s.history[0].event_as_open_command());
    assert_eq!(reopen, Err(DomainError::CaseAlreadyOpened));
    let _ = &mut s;
}

impl Recorded {
    fn event_as_open_command(&self) -> Command {
        match &self.event {
            Event::CaseOpened {
                case,
                title,
                dispute_type,
                jurisdiction,
                time_zone,
                ..
            } => Command::OpenCase {
                case: *case,
                title: title.clone(),
                dispute_type: *dispute_type,
                jurisdiction: *jurisdiction,
                time_zone: TimeZoneName::parse(time_zone).unwrap(),
                court_ordered: false,
                contract_clause: None,
                court_reference: None,
            },
            _ => panic!("not an opening"),
        }
    }
}

#[test]
fn issue_state_changes_are_tracked_and_pilots_keep_their_review_date() {
    let mut s = Script::opened();
    let issue = IssueId::new_v7();
    s.run(Command::AddIssue {
        issue,
        title: text("Weekday schedule"),
        description: None,
    })
    .unwrap();
    let pilot = TermState::Pilot {
        review_on: date(2026, 12, 21),
    };
    s.run(Command::SetIssueState {
        issue,
        state: pilot.clone(),
        reason: None,
    })
    .unwrap();
    assert_eq!(
        s.run(Command::SetIssueState {
            issue,
            state: pilot.clone(),
            reason: None
        }),
        Err(DomainError::IssueStateUnchanged)
    );
    assert_eq!(s.state.issue(issue).unwrap().state, pilot);
    let meta = CaseMetadata::of(&s.state).unwrap();
    assert_eq!((meta.issues, meta.open_issues), (1, 0));
}

#[test]
fn the_chain_verifies_and_names_the_altered_event() {
    let mut s = Script::opened();
    s.add("Amira Ahmed", Role::Party, None);
    s.note("joint note", Audience::Everyone).unwrap();
    let mut raws: Vec<_> = s.history.iter().map(Recorded::to_raw).collect();
    assert_eq!(chain::verify_chain(&raws).unwrap().seq, 3);
    for raw in &raws {
        assert_eq!(
            &Recorded::from_raw(raw).unwrap(),
            s.history.iter().find(|r| r.seq == raw.seq).unwrap()
        );
    }
    raws[1].payload = raws[1].payload.replace("Amira", "Amirb");
    let broken = chain::verify_chain(&raws).unwrap_err();
    assert_eq!(
        (broken.seq, broken.problem),
        (2, chain::ChainProblem::PayloadAltered)
    );
}

#[test]
fn export_lines_round_trip_byte_for_byte() {
    let mut s = Script::opened();
    s.note("a note with \"quotes\" and ünïcode", Audience::MediatorOnly)
        .unwrap();
    for r in &s.history {
        let raw = r.to_raw();
        let line = chain::export_line(&raw).unwrap();
        assert!(!line.contains('\n'));
        assert_eq!(chain::parse_export_line(&line).unwrap(), raw);
    }
}

#[test]
fn a_representative_sees_what_its_party_sees_and_nothing_of_the_other() {
    let mut s = Script::opened();
    let a = s.add("Amira Ahmed", Role::Party, None);
    let b = s.add("Ben Brown", Role::Party, None);
    let rep_a = s.add("Lee Law", Role::Representative, Some(a));
    s.note(
        "A-private: I could accept alternate weekends",
        Audience::PartyAndMediator { party: a },
    )
    .unwrap();
    s.note(
        "B-private: worried about the new partner",
        Audience::PartyAndMediator { party: b },
    )
    .unwrap();
    s.note("mediator-only: power imbalance?", Audience::MediatorOnly)
        .unwrap();
    // Versions: the party's version does not move when the other party writes in private.
    let before = version_for(&s.history, Viewer::Participant(a)).unwrap();
    s.note("B-private again", Audience::PartyAndMediator { party: b })
        .unwrap();
    assert_eq!(
        version_for(&s.history, Viewer::Participant(a)).unwrap(),
        before
    );
    assert_eq!(
        version_for(&s.history, Viewer::Participant(rep_a)).unwrap(),
        before
    );
    assert_eq!(
        version_for(&s.history, Viewer::Mediator).unwrap(),
        s.history.len() as u64
    );
    let shown = |v| serde_json::to_string(&view(&s.history, v).unwrap()).unwrap();
    let rep = shown(Viewer::Participant(rep_a));
    assert_eq!(rep, shown(Viewer::Participant(a)));
    assert!(
        rep.contains("A-private") && !rep.contains("B-private") && !rep.contains("mediator-only")
    );
    let mediator = shown(Viewer::Mediator);
    assert!(
        mediator.contains("A-private")
            && mediator.contains("B-private")
            && mediator.contains("mediator-only")
    );
    let coordinator = shown(Viewer::Coordinator);
    assert!(!coordinator.contains("private") && !coordinator.contains("Amira"));
    assert!(coordinator.contains("\"parties\":2"));
}

// ---- the confidentiality property -------------------------------------------------------

/// One step of a random history, applied after two parties (each with a representative) and
/// a mediator have joined.
#[derive(Clone, Debug)]
enum Step {
    Note { audience_pick: u8, marker: u16 },
    Issue { marker: u16 },
    ScheduleAndHold { outcome_pick: u8 },
    Close,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0u8..4, any::<u16>()).prop_map(|(audience_pick, marker)| Step::Note { audience_pick, marker }),
        2 => any::<u16>().prop_map(|marker| Step::Issue { marker }),
        2 => (0u8..6).prop_map(|outcome_pick| Step::ScheduleAndHold { outcome_pick }),
        1 => Just(Step::Close),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No party's view, nor the view of anyone acting for it, nor a coordinator's, contains
    /// any text from an event it may not see.
    #[test]
    fn no_view_holds_another_partys_private_text(steps in prop::collection::vec(step(), 0..40)) {
        let mut s = Script::opened();
        let parties = [s.add("Amira Ahmed", Role::Party, None), s.add("Ben Brown", Role::Party, None)];
        let companions = [
            s.add("Lee Law", Role::Representative, Some(parties[0])),
            s.add("Sam Support", Role::SupportPerson, Some(parties[1])),
        ];
        s.add("Maya Mediator", Role::Mediator, None);
        // Secret text per audience, so a leak names where it came from.
        let mut secrets: Vec<(Audience, String)> = vec![];
        for (i, st) in steps.into_iter().enumerate() {
            match st {
                Step::Note { audience_pick, marker } => {
                    let audience = match audience_pick {
                        0 => Audience::Everyone,
                        1 => Audience::MediatorOnly,
                        n => Audience::PartyAndMediator { party: parties[(n - 2) as usize] },
                    };
                    let body = format!("secret-{i}-{marker:05}");
                    if s.note(&body, audience).is_ok() {
                        secrets.push((audience, body));
                    }
                }
                Step::Issue { marker } => {
                    let _ = s.run(Command::AddIssue { issue: IssueId::new_v7(), title: text(&format!("issue-{marker}")), description: None });
                }
                Step::ScheduleAndHold { outcome_pick } => {
                    if s.state.closure.is_none() {
                        let session = s.schedule();
                        s.hold(session, parties.to_vec()).unwrap();
                        let outcome = [Outcome::FullAgreement, Outcome::PartialAgreement, Outcome::NoAgreement,
                            Outcome::ImpasseForNow, Outcome::PausedForSafety, Outcome::NoAgreement][outcome_pick as usize];
                        s.outcome(session, outcome).unwrap();
                    }
                }
                Step::Close => { let _ = s.run(Command::CloseCase { status: ClosureStatus::PartlySettled, summary: None }); }
            }
        }
        for (k, party) in parties.iter().enumerate() {
            for viewer in [Viewer::Participant(*party), Viewer::Participant(companions[k])] {
                let shown = serde_json::to_string(&view(&s.history, viewer).unwrap()).unwrap();
                for (audience, body) in &secrets {
                    let allowed = match audience {
                        Audience::Everyone => true,
                        Audience::MediatorOnly => false,
                        Audience::PartyAndMediator { party: p } | Audience::PartyAlone { party: p } => p == party,
                    };
                    prop_assert_eq!(shown.contains(body.as_str()), allowed, "viewer {:?}, secret {} for {:?}", viewer, body, audience);
                }
            }
        }
        let coordinator = serde_json::to_string(&view(&s.history, Viewer::Coordinator).unwrap()).unwrap();
        for (_, body) in &secrets {
            prop_assert!(!coordinator.contains(body.as_str()));
        }
        let mediator = serde_json::to_string(&view(&s.history, Viewer::Mediator).unwrap()).unwrap();
        for (_, body) in &secrets {
            prop_assert!(mediator.contains(body.as_str()));
        }
    }
}
