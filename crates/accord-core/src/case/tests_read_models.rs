//! The read models' lists come from the full state, so they must equal what each viewer's
//! own fold gives: every audience's due list (`due_lists`) equals `due` on that viewer's fold,
//! and the programme figures equal those of the joint fold, over random histories mixing
//! joint facts with private debriefs, notes and diagnoses.

use super::debrief::Author;
use super::due::{DueAudience, DueFor, due, due_lists};
use super::figures::CaseFigures;
use super::test_story::*;
use super::*;
use crate::advice::{NextStep, StallReason};
use jiff::ToSpan;
use proptest::prelude::*;
use vocabulary::*;

#[derive(Clone, Debug)]
enum Step {
    Issue,
    /// Sets the nth issue (if any) to one of several states.
    State(u8, u8),
    /// A session held that ends without full agreement: debriefs fall due.
    Session(u8),
    /// A debrief by A, B or the mediator, of the latest session.
    Debrief(u8),
    /// A next move owned by A, B, A's representative or B's support person.
    NextMove(u8),
    CompleteNextMove,
    PrivateNote(u8),
    Diagnosis(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Issue),
        (0u8..4, 0u8..5).prop_map(|(i, s)| Step::State(i, s)),
        (0u8..3).prop_map(Step::Session),
        (0u8..3).prop_map(Step::Debrief),
        (0u8..4).prop_map(Step::NextMove),
        Just(Step::CompleteNextMove),
        (0u8..3).prop_map(Step::PrivateNote),
        (0u8..2).prop_map(Step::Diagnosis),
    ]
}

fn play(steps: &[Step], close: bool) -> (Story, People) {
    let (mut s, p) = Story::family();
    let (mut issues, mut session) = (Vec::new(), None);
    for st in steps {
        s.later(1);
        // Commands a rule refuses (a debrief not expected, a closed case) are skipped.
        let _ = match st {
            Step::Issue => {
                issues.push(s.issue("an issue"));
                Ok(())
            }
            Step::State(i, k) => match issues.get(*i as usize) {
                None => Ok(()),
                Some(&issue) => {
                    let state = match k {
                        0 => TermState::AgreedFinal,
                        1 => TermState::AgreedSubjectToPaperwork,
                        2 => TermState::AgreedTemporary {
                            until: Some(today() + 10.days()),
                            until_event: None,
                        },
                        3 => TermState::Pilot {
                            review_on: today() + 20.days(),
                        },
                        _ => TermState::Open,
                    };
                    s.run(Command::SetIssueState {
                        issue,
                        state,
                        reason: None,
                    })
                }
            },
            Step::Session(o) => {
                let outcome = [
                    Outcome::PartialAgreement,
                    Outcome::ImpasseForNow,
                    Outcome::NoAgreement,
                ][*o as usize];
                let id = s.held(&[p.a, p.b, p.maya]);
                session = Some(id);
                s.outcome(id, outcome)
            }
            Step::Debrief(who) => match session {
                None => Ok(()),
                Some(id) => {
                    let author = match who {
                        0 => Author::Party { party: p.a },
                        1 => Author::Party { party: p.b },
                        _ => Author::Mediator,
                    };
                    s.debrief(id, author, debrief_of("x"))
                }
            },
            Step::NextMove(o) => s.run(Command::ChooseNextStep {
                step: NextStep::MediateAgain,
                owner: [p.a, p.b, p.lee, p.sam][*o as usize],
                due_on: today() + 5.days(),
                note: None,
            }),
            Step::CompleteNextMove => s.run(Command::CompleteNextStep { note: None }),
            Step::PrivateNote(who) => {
                let audience = match who {
                    0 => Audience::PartyAndMediator { party: p.a },
                    1 => Audience::PartyAndMediator { party: p.b },
                    _ => Audience::MediatorOnly,
                };
                s.note("private", audience);
                Ok(())
            }
            Step::Diagnosis(who) => {
                let author = match who {
                    0 => Author::Party { party: p.a },
                    _ => Author::Mediator,
                };
                s.diagnose(
                    author,
                    &[(StallReason::MissingInformation, "no valuation")],
                    false,
                )
            }
        };
    }
    if close {
        s.run(Command::CloseCase {
            status: ClosureStatus::PartlySettled,
            summary: None,
        })
        .unwrap();
    }
    (s, p)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_stored_due_list_equals_its_viewers_fold(steps in prop::collection::vec(step(), 0..25), close in prop::bool::weighted(0.1)) {
        let (s, _) = play(&steps, close);
        let on = today() + 3.days();
        for (audience, stored) in due_lists(&s.state, on) {
            let folded = match audience {
                DueAudience::Mediator => due(&s.fold(Viewer::Mediator), DueFor::Mediator, on),
                DueAudience::Coordinator => due(&s.fold(Viewer::Coordinator), DueFor::Coordinator, on),
                DueAudience::Participant(me) => {
                    let case = s.fold(Viewer::Participant(me));
                    let party = case.party_of(me);
                    due(&case, DueFor::Participant { me, party }, on)
                }
            };
            prop_assert_eq!(stored, folded, "{:?}", audience);
        }
    }

    #[test]
    fn the_figures_are_those_of_the_joint_fold(steps in prop::collection::vec(step(), 0..25), close in any::<bool>()) {
        let (s, _) = play(&steps, close);
        prop_assert_eq!(CaseFigures::of(&s.state), CaseFigures::of(&s.fold(Viewer::Coordinator)));
    }
}

#[test]
fn a_partys_stored_list_holds_its_own_debrief_until_it_captures_it_in_private() {
    let steps = [
        Step::Issue,
        Step::Session(0),
        Step::NextMove(2),
        Step::Debrief(1),
    ];
    let (s, p) = play(&steps, false);
    let lists = due_lists(&s.state, today());
    let of = |who| {
        lists
            .iter()
            .find(|(a, _)| *a == DueAudience::Participant(who))
            .map(|(_, items)| items.iter().map(|i| i.what.clone()).collect::<Vec<_>>())
            .unwrap()
    };
    let debriefs = |who| of(who).iter().filter(|w| w.contains("debrief")).count();
    assert_eq!(debriefs(p.a), 1, "A's own: {:?}", of(p.a));
    assert_eq!(debriefs(p.lee), 1, "A's representative sees A's");
    assert_eq!(debriefs(p.b), 0, "B captured its debrief in private");
    assert_eq!(debriefs(p.sam), 0);
    let next = |who| of(who).iter().any(|w| w.contains("next outreach"));
    assert!(
        next(p.a) && next(p.lee) && !next(p.b) && !next(p.sam),
        "Lee owns it for A"
    );
}
