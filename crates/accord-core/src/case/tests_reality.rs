//! Tests of reality-testing (DOMAIN.md §6): the confidential overlap check and the mediator's
//! proposal. A figure or an answer is addressed to its party alone: no other party, not even
//! the mediator, ever receives it — in a view, a version or an error.

use super::test_story::*;

use super::proposal::ProposedTerm;
use super::*;
use crate::error::DomainError;
use crate::ids::*;
use proptest::prelude::*;
use vocabulary::*;

/// A family case with an overlap check of `rounds` rounds: Amira receives, Ben pays.
fn with_check(rounds: u8) -> (Story, People) {
    let (mut s, p) = Story::family();
    s.run(Command::OpenOverlapCheck {
        receiving: p.a,
        paying: p.b,
        currency: gbp("1 GBP").currency,
        rounds,
    })
    .unwrap();
    (s, p)
}

fn figure(s: &mut Story, party: ParticipantId, raw: &str) -> Result<(), DomainError> {
    s.run(Command::EnterOverlapFigure {
        check: 1,
        party,
        figure: gbp(raw),
    })
}

/// What `viewer` receives of the case, as the JSON a client would read.
fn seen_by(s: &Story, viewer: Viewer) -> String {
    serde_json::to_string(&view(&s.history, viewer).unwrap()).unwrap()
}

fn results(s: &Story, viewer: Viewer) -> Vec<(u8, bool, Option<i64>)> {
    fold_for(&s.history, viewer).unwrap().overlap_checks[0]
        .results
        .iter()
        .map(|r| (r.round, r.overlap, r.midpoint.map(|m| m.minor_units)))
        .collect()
}

#[test]
fn figures_that_do_not_meet_answer_no_overlap_and_reveal_no_figure_to_the_other_side_or_the_mediator()
 {
    let (mut s, p) = with_check(3);
    figure(&mut s, p.a, "91234.56 GBP").unwrap();
    figure(&mut s, p.b, "40321.09 GBP").unwrap();
    for viewer in [
        Viewer::Participant(p.a),
        Viewer::Participant(p.b),
        Viewer::Mediator,
        Viewer::Coordinator,
    ] {
        assert_eq!(results(&s, viewer), vec![(1, false, None)], "{viewer:?}");
    }
    let amira = seen_by(&s, Viewer::Participant(p.a));
    let ben = seen_by(&s, Viewer::Participant(p.b));
    let mediator = seen_by(&s, Viewer::Mediator);
    assert!(amira.contains("9123456") && !amira.contains("4032109"));
    assert!(ben.contains("4032109") && !ben.contains("9123456"));
    for digits in ["9123456", "4032109"] {
        assert!(
            !mediator.contains(digits),
            "the mediator's view holds {digits}"
        );
    }
    // Amira's own side: her figure only, in her own fold.
    let mine = &fold_for(&s.history, Viewer::Participant(p.a))
        .unwrap()
        .overlap_checks[0];
    assert_eq!(mine.my_figures.len(), 1);
    assert_eq!(mine.my_figures[0].party, p.a);
}

#[test]
fn an_overlap_proposes_the_midpoint_only_when_both_sides_agreed_to_it_beforehand() {
    let (mut s, p) = with_check(3);
    figure(&mut s, p.a, "50000 GBP").unwrap();
    figure(&mut s, p.b, "60000.01 GBP").unwrap();
    assert_eq!(results(&s, Viewer::Mediator), vec![(1, true, None)]);
    // The check is over: no further figure.
    assert_eq!(
        figure(&mut s, p.a, "1 GBP"),
        Err(DomainError::OverlapCheckEnded)
    );

    let (mut s, p) = Story::family();
    s.run(Command::OpenOverlapCheck {
        receiving: p.a,
        paying: p.b,
        currency: gbp("1 GBP").currency,
        rounds: 3,
    })
    .unwrap();
    for party in [p.a, p.b] {
        s.run(Command::AgreeToMidpoint { check: 1, party }).unwrap();
    }
    figure(&mut s, p.b, "60000.01 GBP").unwrap();
    figure(&mut s, p.a, "50000 GBP").unwrap();
    // Halfway, rounded down to the penny: never more than the payer offered.
    assert_eq!(
        results(&s, Viewer::Participant(p.b)),
        vec![(1, true, Some(5_500_000))]
    );
}

#[test]
fn the_rounds_set_by_the_mediator_are_the_limit_and_a_further_round_is_refused() {
    let (mut s, p) = with_check(2);
    for round in 1..=2 {
        figure(&mut s, p.a, "900 GBP").unwrap();
        assert_eq!(
            figure(&mut s, p.a, "800 GBP"),
            Err(DomainError::FigureAlreadyEntered(round))
        );
        figure(&mut s, p.b, "100 GBP").unwrap();
    }
    assert_eq!(
        results(&s, Viewer::Mediator),
        vec![(1, false, None), (2, false, None)]
    );
    let refused = figure(&mut s, p.b, "1000 GBP").unwrap_err();
    assert_eq!(refused, DomainError::OverlapCheckEnded);
    assert!(!refused.to_string().contains("900"));
}

#[test]
fn the_mediator_and_people_outside_the_check_cannot_enter_a_figure() {
    use super::permissions::{mediator_may_run, participant_may_run};
    let (s, p) = with_check(3);
    let enter = |party| Command::EnterOverlapFigure {
        check: 1,
        party,
        figure: gbp("10 GBP"),
    };
    assert!(mediator_may_run(&enter(p.a)).is_err());
    assert!(participant_may_run(&s.state, p.a, &enter(p.a)).is_ok());
    assert!(participant_may_run(&s.state, p.b, &enter(p.a)).is_err());
    assert!(participant_may_run(&s.state, p.sam, &enter(p.b)).is_err());
}

#[derive(Clone, Debug)]
enum Entry {
    Figure { by_a: bool, pounds: u32 },
    Midpoint { by_a: bool },
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        (any::<bool>(), 1u32..100_000).prop_map(|(by_a, pounds)| Entry::Figure { by_a, pounds }),
        any::<bool>().prop_map(|by_a| Entry::Midpoint { by_a }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Over random rounds: what B and the mediator receive — view and version — is the same
    /// whichever figures A entered, and no refusal of A's names a figure.
    #[test]
    fn what_others_receive_does_not_depend_on_a_figure(
        entries in prop::collection::vec(entry(), 0..14),
        shift in 1u32..5_000,
    ) {
        let play = |shift: u32| {
            let (mut s, p) = with_check(3);
            let mut refusals = vec![];
            for e in &entries {
                let (party, cmd) = match *e {
                    Entry::Figure { by_a, pounds } => {
                        // A's figures differ between the two plays; B's stay the same. Only
                        // whether they overlap may reach the others, so A's figures keep
                        // the same side of B's: far above every figure B can enter.
                        let raw = if by_a {
                            format!("{} GBP", 200_000 + pounds + shift)
                        } else {
                            format!("{pounds} GBP")
                        };
                        let party = if by_a { p.a } else { p.b };
                        (party, Command::EnterOverlapFigure { check: 1, party, figure: gbp(&raw) })
                    }
                    Entry::Midpoint { by_a } => {
                        let party = if by_a { p.a } else { p.b };
                        (party, Command::AgreeToMidpoint { check: 1, party })
                    }
                };
                if let Err(e) = s.run(cmd) {
                    refusals.push((party == p.a, e.to_string()));
                }
            }
            (s, p, refusals)
        };
        let (one, p1, refused_one) = play(0);
        let (two, p, refused_two) = play(shift);
        // Each play mints its own ids: name them alike before comparing.
        let plain = |s: &Story, q: &People, viewer: Viewer| {
            let mut json = seen_by(s, viewer);
            for (id, name) in [(s.id.to_string(), "case"), (q.a.to_string(), "a"), (q.b.to_string(), "b"),
                (q.lee.to_string(), "lee"), (q.sam.to_string(), "sam"), (q.maya.to_string(), "maya")] {
                json = json.replace(&id, name);
            }
            (json, version_for(&s.history, viewer).unwrap())
        };
        prop_assert_eq!(plain(&one, &p1, Viewer::Participant(p1.b)), plain(&two, &p, Viewer::Participant(p.b)));
        for viewer in [Viewer::Mediator, Viewer::Coordinator] {
            prop_assert_eq!(plain(&one, &p1, viewer), plain(&two, &p, viewer));
        }
        prop_assert_eq!(&refused_one, &refused_two);
        let mediator = seen_by(&two, Viewer::Mediator);
        for e in &entries {
            if let Entry::Figure { by_a: true, pounds } = e {
                let minor = (200_000 + pounds + shift) as u64 * 100;
                prop_assert!(!mediator.contains(&minor.to_string()));
            }
        }
    }
}

// ---- the mediator's proposal ----------------------------------------------------------------

fn with_proposal() -> (Story, People, IssueId) {
    let (mut s, p) = Story::family();
    let issue = s.issue("Weekday contact");
    s.run(Command::MakeProposal {
        terms: vec![ProposedTerm {
            issue,
            terms: t("Tuesdays and Thursdays after school, 3:30 to 7pm"),
        }],
        answer_by: today() + jiff::ToSpan::days(7),
        deadline: DeadlineId::new_v7(),
    })
    .unwrap();
    (s, p, issue)
}

fn answer(s: &mut Story, party: ParticipantId, accept: bool) -> Result<(), DomainError> {
    s.run(Command::AnswerProposal {
        proposal: 1,
        party,
        accept,
    })
}

#[test]
fn a_proposal_one_party_rejects_ends_as_not_accepted_by_all_and_never_says_who() {
    let (mut s, p, issue) = with_proposal();
    answer(&mut s, p.a, false).unwrap();
    // Ben and the mediator see no answer yet; Amira sees her own.
    for viewer in [Viewer::Participant(p.b), Viewer::Mediator] {
        let f = fold_for(&s.history, viewer).unwrap();
        assert!(f.proposals[0].my_answers.is_empty(), "{viewer:?}");
        assert!(f.proposals[0].result.is_none());
    }
    let before_ben = seen_by(&s, Viewer::Participant(p.b));
    answer(&mut s, p.b, true).unwrap();
    assert_eq!(answer(&mut s, p.a, true), Err(DomainError::ProposalDecided));
    for viewer in [
        Viewer::Participant(p.a),
        Viewer::Participant(p.b),
        Viewer::Mediator,
    ] {
        let f = fold_for(&s.history, viewer).unwrap();
        let result = f.proposals[0].result.as_ref().unwrap();
        assert!(!result.accepted_by_all);
        assert_ne!(
            f.issues.iter().find(|i| i.id == issue).unwrap().state,
            TermState::AgreedSubjectToPaperwork
        );
    }
    let mediator = seen_by(&s, Viewer::Mediator);
    assert!(!mediator.contains("\"accept\""), "{mediator}");
    assert!(!before_ben.contains("\"accept\""));
}

#[test]
fn a_proposal_every_party_accepts_makes_its_terms_agreed_and_takes_them_to_the_memorandum() {
    let (mut s, p, issue) = with_proposal();
    answer(&mut s, p.b, true).unwrap();
    answer(&mut s, p.a, true).unwrap();
    let f = fold_for(&s.history, Viewer::Mediator).unwrap();
    assert!(f.proposals[0].result.as_ref().unwrap().accepted_by_all);
    let agreed = f.issues.iter().find(|i| i.id == issue).unwrap();
    assert_eq!(agreed.state, TermState::AgreedSubjectToPaperwork);
    assert_eq!(
        agreed.state_reason.as_ref().map(|r| r.as_str()),
        Some("Tuesdays and Thursdays after school, 3:30 to 7pm")
    );
}

#[test]
fn the_mediator_cannot_answer_for_a_party_but_may_close_an_unanswered_proposal() {
    use super::permissions::mediator_may_run;
    let (mut s, p, _) = with_proposal();
    assert!(
        mediator_may_run(&Command::AnswerProposal {
            proposal: 1,
            party: p.a,
            accept: true
        })
        .is_err()
    );
    answer(&mut s, p.a, true).unwrap();
    s.run(Command::CloseProposal { proposal: 1 }).unwrap();
    let f = fold_for(&s.history, Viewer::Participant(p.a)).unwrap();
    assert!(!f.proposals[0].result.as_ref().unwrap().accepted_by_all);
}
