//! Tests of what follows a session without full agreement (DOMAIN.md §3–§6, §9–§11):
//! debriefs, sharing, positions, terms, the memorandum, stall diagnosis, the next step,
//! ratings, permissions, the court report and the facts the advice weighs. Histories are built
//! by running commands through `decide`, `seal` and `evolve`, exactly as the application does.

use super::test_story::*;

use super::advice_facts::facts_of;
use super::court_report::{CourtResult, court_report};
use super::debrief::{Author, Debrief, DebriefItemKind, HiddenIssue, HiddenIssueKind, Offer};
use super::due::{DueFor, DueItem, DueKind, due};
use super::measures::Measures;
use super::memorandum::Memorandum;
use super::permissions::participant_may_run;
use super::prep::Prep;
use super::state::SessionStatus;
use super::*;
use crate::advice::{self, Budget, NextStep, StallReason, TimePreference, Urgency};
use crate::chain::Digest;
use crate::error::DomainError;
use crate::ids::*;
use crate::text::Text;
use jiff::SignedDuration;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use vocabulary::*;

// ---- 1. debriefs --------------------------------------------------------------------------

#[test]
fn a_session_without_full_agreement_makes_a_debrief_due_in_48_hours_for_each_party_and_the_mediator()
 {
    for outcome in [
        Outcome::PartialAgreement,
        Outcome::NoAgreement,
        Outcome::ImpasseForNow,
        Outcome::PausedForSafety,
    ] {
        let (mut s, p) = Story::family();
        let session = s.session_ending(&p, outcome);
        let due_at = start() + SignedDuration::from_hours(48);
        let dues: Vec<_> = s
            .state
            .debriefs_due
            .iter()
            .map(|d| (d.session, d.author, d.due_at, d.captured))
            .collect();
        assert_eq!(
            dues,
            vec![
                (session, party(p.a), due_at, false),
                (session, party(p.b), due_at, false),
                (session, Author::Mediator, due_at, false),
            ],
            "after {outcome}"
        );
    }
}

#[test]
fn full_agreement_or_a_session_that_did_not_take_place_makes_no_debrief_due() {
    let (mut s, p) = Story::family();
    let agreed = s.session_ending(&p, Outcome::FullAgreement);
    let missed = s.schedule();
    s.outcome(missed, Outcome::DidNotTakePlace).unwrap();
    assert!(s.state.debriefs_due.is_empty());
    for session in [agreed, missed] {
        assert_eq!(
            s.debrief(session, party(p.a), debrief_of("A")),
            Err(DomainError::DebriefNotExpected)
        );
        assert_eq!(
            s.debrief(session, Author::Mediator, Debrief::default()),
            Err(DomainError::DebriefNotExpected)
        );
    }
    // Held, but no outcome yet: nothing to debrief.
    let pending = s.held(&[p.a, p.b]);
    assert_eq!(
        s.debrief(pending, party(p.a), debrief_of("A")),
        Err(DomainError::DebriefNotExpected)
    );
    let unknown = SessionId::new_v7();
    assert_eq!(
        s.debrief(unknown, party(p.a), debrief_of("A")),
        Err(DomainError::UnknownSession(unknown))
    );
}

#[test]
fn capturing_a_debrief_marks_it_captured_and_keeps_it_between_its_author_and_the_mediator() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    s.later(3);
    s.debrief(session, party(p.a), debrief_of("A-secret"))
        .unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });
    s.debrief(session, Author::Mediator, debrief_of("M-secret"))
        .unwrap();
    assert_eq!(s.last().audience, Audience::MediatorOnly);
    let captured: Vec<_> = s
        .state
        .debriefs_due
        .iter()
        .map(|d| (d.author, d.captured))
        .collect();
    assert_eq!(
        captured,
        vec![
            (party(p.a), true),
            (party(p.b), false),
            (Author::Mediator, true)
        ]
    );
    let record = s.state.debrief(session, party(p.a)).unwrap();
    assert_eq!(record.captured_at, start() + SignedDuration::from_hours(3));
    // Only Ben's debrief is still awaited on the mediator's list.
    let waiting = s.due_for(Viewer::Mediator, DueFor::Mediator, today());
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (&waiting[0].kind, waiting[0].owner, waiting[0].due_on),
        (&DueKind::Debrief, Some(p.b), date(2026, 11, 25))
    );
    assert!(waiting[0].what.contains("Ben Brown"));
    // Ben and his support person see neither text.
    for viewer in [Viewer::Participant(p.b), Viewer::Participant(p.sam)] {
        let shown = s.shown(viewer);
        assert!(!shown.contains("A-secret") && !shown.contains("M-secret"));
    }
    let amira = s.shown(Viewer::Participant(p.lee));
    assert!(amira.contains("A-secret") && !amira.contains("M-secret"));
}

#[test]
fn a_party_sees_only_its_own_debrief_due_never_the_other_partys() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::NoAgreement);
    let authors = |viewer| -> Vec<Author> {
        s.fold(viewer)
            .debriefs_due
            .iter()
            .map(|d| d.author)
            .collect()
    };
    assert_eq!(authors(Viewer::Participant(p.a)), vec![party(p.a)]);
    assert_eq!(authors(Viewer::Participant(p.lee)), vec![party(p.a)]);
    assert_eq!(authors(Viewer::Participant(p.b)), vec![party(p.b)]);
    assert_eq!(authors(Viewer::Participant(p.sam)), vec![party(p.b)]);
    assert_eq!(authors(Viewer::Mediator).len(), 3);

    let amira = DueFor::Participant {
        me: p.a,
        party: p.a,
    };
    let list = s.due_for(Viewer::Participant(p.a), amira, today());
    assert_eq!(list.len(), 1);
    assert_eq!(
        (&list[0].kind, list[0].owner, list[0].overdue),
        (&DueKind::Debrief, Some(p.a), false)
    );
    // Due on the 25th at ten: not overdue that day, overdue the day after.
    assert!(!s.due_for(Viewer::Participant(p.a), amira, date(2026, 11, 25))[0].overdue);
    assert!(s.due_for(Viewer::Participant(p.a), amira, date(2026, 11, 26))[0].overdue);
    let mediator = s.due_for(Viewer::Mediator, DueFor::Mediator, today());
    assert_eq!(mediator.len(), 3);
    // Once Amira has written hers, Ben still cannot tell.
    let before = s.fold(Viewer::Participant(p.b));
    s.debrief(session, party(p.a), debrief_of("A")).unwrap();
    assert_eq!(
        s.fold(Viewer::Participant(p.b)).debriefs_due,
        before.debriefs_due
    );
    assert!(
        s.due_for(Viewer::Participant(p.a), amira, today())
            .is_empty()
    );
}

// ---- 2. sharing one item -------------------------------------------------------------------

#[test]
fn sharing_a_debrief_item_copies_exactly_that_text_for_everyone_and_nothing_else() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    s.debrief(session, party(p.a), debrief_of("A")).unwrap();
    let shared = |s: &Story| match &s.last().event {
        Event::DebriefItemShared {
            session: sh,
            party: who,
            kind,
            text,
        } => {
            assert_eq!((*sh, *who), (session, p.a));
            assert_eq!(s.last().audience, Audience::Everyone);
            (*kind, text.clone())
        }
        other => panic!("not a shared item: {other:?}"),
    };
    s.share(session, p.a, DebriefItemKind::Dealbreaker, 2)
        .unwrap();
    assert_eq!(
        shared(&s),
        (DebriefItemKind::Dealbreaker, "A dealbreaker two".to_owned())
    );
    s.share(session, p.a, DebriefItemKind::BestOffer, 1)
        .unwrap();
    assert_eq!(
        shared(&s),
        (
            DebriefItemKind::BestOffer,
            "9,000.00 GBP; A offer: alternate weekends".to_owned()
        )
    );
    s.share(session, p.a, DebriefItemKind::HiddenIssue, 1)
        .unwrap();
    assert_eq!(shared(&s).1, "cash-flow: A hidden payroll");
    s.share(session, p.a, DebriefItemKind::FlexibilitySignal, 1)
        .unwrap();
    assert_eq!(shared(&s).1, "A flexible on handovers");

    for viewer in [Viewer::Participant(p.b), Viewer::Participant(p.sam)] {
        let ben = s.fold(viewer);
        let texts: Vec<_> = ben.shared_items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "A dealbreaker two",
                "9,000.00 GBP; A offer: alternate weekends",
                "cash-flow: A hidden payroll",
                "A flexible on handovers",
            ]
        );
        assert!(ben.debriefs.is_empty());
        let shown = s.shown(viewer);
        assert!(shown.contains("A dealbreaker two"));
        assert!(!shown.contains("A dealbreaker one"));
        assert!(!shown.contains("A missing school report"));
    }
}

#[test]
fn sharing_an_item_that_is_not_in_the_debrief_is_refused() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::ImpasseForNow);
    let mut only_dealbreakers = Debrief {
        dealbreakers: vec![t("no midweek overnights")],
        ..Debrief::default()
    };
    s.debrief(session, party(p.a), only_dealbreakers.clone())
        .unwrap();
    let unknown = |kind: DebriefItemKind, index| DomainError::UnknownDebriefItem {
        kind: kind.to_string(),
        index,
    };
    for (kind, index) in [
        (DebriefItemKind::Dealbreaker, 0),
        (DebriefItemKind::Dealbreaker, 2),
        (DebriefItemKind::MissingInformation, 1),
        (DebriefItemKind::HiddenIssue, 1),
        (DebriefItemKind::FlexibilitySignal, 1),
        (DebriefItemKind::BestOffer, 1),
    ] {
        assert_eq!(
            s.share(session, p.a, kind, index),
            Err(unknown(kind, index)),
            "{kind} {index}"
        );
    }
    // Ben wrote no debrief: nothing of his to share, and Amira's is not his.
    assert_eq!(
        s.share(session, p.b, DebriefItemKind::Dealbreaker, 1),
        Err(unknown(DebriefItemKind::Dealbreaker, 1))
    );
    // The latest debrief counts.
    only_dealbreakers.dealbreakers.push(t("keep the school"));
    s.debrief(session, party(p.a), only_dealbreakers).unwrap();
    s.share(session, p.a, DebriefItemKind::Dealbreaker, 2)
        .unwrap();
}

#[test]
fn the_best_offer_is_item_one_and_no_other() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::NoAgreement);
    s.debrief(session, party(p.a), debrief_of("A")).unwrap();
    for index in [0, 2] {
        assert_eq!(
            s.share(session, p.a, DebriefItemKind::BestOffer, index),
            Err(DomainError::UnknownDebriefItem {
                kind: "best-offer".into(),
                index
            }),
            "best-offer {index}"
        );
    }
    s.share(session, p.a, DebriefItemKind::BestOffer, 1)
        .unwrap();
}

// ---- 3. positions ------------------------------------------------------------------------

#[test]
fn a_position_is_private_to_its_party_unless_shared_and_a_newer_one_replaces_the_older() {
    let (mut s, p) = Story::family();
    let issue = s.issue("Weekday schedule");
    s.position(issue, p.a, "A-first: every weekend", false)
        .unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });
    assert!(!s.shown(Viewer::Participant(p.b)).contains("A-first"));
    assert!(s.shown(Viewer::Participant(p.lee)).contains("A-first"));

    s.position(issue, p.a, "A-second: alternate weekends", false)
        .unwrap();
    for viewer in [Viewer::Mediator, Viewer::Participant(p.a)] {
        let case = s.fold(viewer);
        let positions = &case.issue(issue).unwrap().positions;
        let texts: Vec<_> = positions.iter().map(|x| x.position.as_str()).collect();
        assert_eq!(texts, vec!["A-second: alternate weekends"], "{viewer:?}");
    }
    let ben = s.shown(Viewer::Participant(p.b));
    assert!(!ben.contains("A-first") && !ben.contains("A-second"));

    s.position(issue, p.b, "B-open: Sundays together", true)
        .unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    for viewer in [
        Viewer::Mediator,
        Viewer::Participant(p.a),
        Viewer::Participant(p.lee),
        Viewer::Participant(p.b),
        Viewer::Participant(p.sam),
    ] {
        assert!(s.shown(viewer).contains("B-open"), "{viewer:?}");
    }
    let amira = s.fold(Viewer::Participant(p.a));
    assert_eq!(amira.issue(issue).unwrap().positions.len(), 2);
    // Only parties hold positions, on issues of the case.
    assert_eq!(
        s.position(issue, p.lee, "lawyer's view", false),
        Err(DomainError::NotAParty(p.lee))
    );
    let ghost = IssueId::new_v7();
    assert_eq!(
        s.position(ghost, p.a, "nowhere", false),
        Err(DomainError::UnknownIssue(ghost))
    );
}

// ---- 4. terms ----------------------------------------------------------------------------

#[test]
fn an_agreed_term_is_reopened_only_with_a_reason_and_each_reopening_is_counted() {
    let (mut s, _) = Story::family();
    let issue = s.issue("Summer holidays");
    s.set(issue, TermState::AgreedFinal, Some("two weeks each"));
    assert_eq!(
        s.run(Command::SetIssueState {
            issue,
            state: TermState::Open,
            reason: Some(t("changed my mind")),
        }),
        Err(DomainError::ReopenNeedsReason)
    );
    let reopen = |s: &mut Story, reason: &str| {
        s.run(Command::ReopenTerm {
            issue,
            reason: t(reason),
        })
    };
    reopen(&mut s, "the flights cost double in August").unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    let i = s.state.issue(issue).unwrap();
    assert_eq!(i.state, TermState::Open);
    assert_eq!(
        i.state_reason.as_ref().map(Text::as_str),
        Some("the flights cost double in August")
    );
    assert_eq!(i.times_reopened, 1);
    assert_eq!(reopen(&mut s, "again"), Err(DomainError::TermAlreadyOpen));
    // A withdrawn term can come back too, and the count goes on.
    s.set(issue, TermState::Withdrawn, None);
    reopen(&mut s, "it matters after all").unwrap();
    assert_eq!(s.state.issue(issue).unwrap().times_reopened, 2);
    let ghost = IssueId::new_v7();
    assert_eq!(
        s.run(Command::ReopenTerm {
            issue: ghost,
            reason: t("why"),
        }),
        Err(DomainError::UnknownIssue(ghost))
    );
}

#[test]
fn open_issues_over_time_shows_progress_as_fewer_open_issues() {
    let (mut s, p) = Story::family();
    let weekdays = s.issue("Weekday schedule");
    s.later(1);
    let summer = s.issue("Summer holidays");
    s.later(1);
    s.set(weekdays, TermState::AgreedFinal, None);
    s.later(1);
    // A change that leaves the count as it is adds no point.
    s.run(Command::RecordOptionTried {
        issue: summer,
        option: t("split August"),
        result: None,
    })
    .unwrap();
    s.set(
        summer,
        TermState::Pilot {
            review_on: date(2027, 1, 5),
        },
        None,
    );
    s.later(1);
    s.run(Command::ReopenTerm {
        issue: weekdays,
        reason: t("new job hours"),
    })
    .unwrap();
    let counts: Vec<_> = s
        .state
        .open_issues_over_time
        .iter()
        .map(|o| (o.at, o.open))
        .collect();
    let h = |n| start() + SignedDuration::from_hours(n);
    assert_eq!(
        counts,
        vec![(h(0), 1), (h(1), 2), (h(2), 1), (h(3), 0), (h(4), 1)]
    );
    // Everyone sees the same progress: the counts are joint facts.
    assert_eq!(
        s.fold(Viewer::Participant(p.b)).open_issues_over_time,
        s.state.open_issues_over_time
    );
    let m = Measures::of(&s.state);
    assert_eq!(m.issues_narrowed, 1);
    assert_eq!(m.terms_by_state.get("open"), Some(&1));
    assert_eq!(m.terms_by_state.get("pilot"), Some(&1));
}

// ---- 5. the memorandum -------------------------------------------------------------------

/// A case with one term in every state, and private text all around it.
fn settled_in_parts() -> (Story, People) {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    let weekdays = s.issue("Weekday schedule");
    let summer = s.issue("Summer holidays");
    let mortgage = s.issue("Mortgage payments");
    let handovers = s.issue("Handovers");
    s.issue("Child support");
    let school = s.issue("School choice");
    let pets = s.issue("The dog");
    s.set(weekdays, TermState::AgreedFinal, Some("alternate weeks"));
    s.set(
        summer,
        TermState::AgreedSubjectToPaperwork,
        Some("consent order"),
    );
    s.set(
        mortgage,
        TermState::AgreedTemporary {
            until: Some(date(2027, 3, 1)),
            until_event: None,
        },
        Some("Ben pays meanwhile"),
    );
    s.set(
        handovers,
        TermState::Pilot {
            review_on: date(2027, 1, 5),
        },
        Some("at school, four weeks"),
    );
    s.set(
        school,
        TermState::Referred {
            to: t("the family court"),
        },
        None,
    );
    s.set(pets, TermState::Withdrawn, None);
    s.note(
        "PRIVATE-NOTE: Amira fears the new partner",
        Audience::PartyAndMediator { party: p.a },
    );
    s.note("MEDIATOR-ONLY: power imbalance", Audience::MediatorOnly);
    s.debrief(session, party(p.a), debrief_of("DEBRIEF-SECRET"))
        .unwrap();
    s.position(weekdays, p.b, "POSITION-SECRET", false).unwrap();
    s.diagnose(
        party(p.b),
        &[(StallReason::Emotions, "DIAGNOSIS-SECRET")],
        false,
    )
    .unwrap();
    (s, p)
}

const SECRETS: [&str; 6] = [
    "PRIVATE-NOTE",
    "MEDIATOR-ONLY",
    "DEBRIEF-SECRET",
    "POSITION-SECRET",
    "DIAGNOSIS-SECRET",
    "9,000.00",
];

#[test]
fn the_memorandum_is_built_from_joint_facts_only() {
    let (mut s, _) = settled_in_parts();
    let joint = Memorandum::of(&s.joint());
    let full = Memorandum::of(&s.fold(Viewer::Mediator));
    assert_eq!(full, joint);
    let json = serde_json::to_string(&joint).unwrap();
    let md = joint.to_markdown(None);
    for secret in SECRETS {
        assert!(!json.contains(secret), "{secret} in the memorandum");
        assert!(!md.contains(secret), "{secret} in its markdown");
    }
    // The issued memorandum is that same one, whoever issues it.
    s.issue_memorandum().unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    let issued = s.state.latest_memorandum().unwrap();
    assert_eq!(issued.memorandum, joint);
    assert_eq!(issued.content_hash, joint.content_hash().to_hex());
}

#[test]
fn the_memorandum_states_what_is_final_conditional_open_and_withdrawn_with_review_dates_soonest_first()
 {
    let (s, _) = settled_in_parts();
    let memo = Memorandum::of(&s.state);
    assert_eq!(memo.case_title, "Ahmed and Brown: child arrangements");
    assert_eq!(memo.parties, vec!["Amira Ahmed", "Ben Brown"]);
    let terms = |ts: &[memorandum::Term]| -> Vec<(String, String, Option<String>)> {
        ts.iter()
            .map(|x| (x.issue.clone(), x.state.clone(), x.detail.clone()))
            .collect()
    };
    let s_ = |x: &str| x.to_owned();
    assert_eq!(
        terms(&memo.agreed_final),
        vec![(
            s_("Weekday schedule"),
            s_("agreed – final"),
            Some(s_("alternate weeks"))
        )]
    );
    assert_eq!(
        terms(&memo.conditional),
        vec![
            (
                s_("Summer holidays"),
                s_("agreed – subject to formal paperwork"),
                Some(s_("consent order"))
            ),
            (
                s_("Mortgage payments"),
                s_("agreed – temporary, until 2027-03-01"),
                Some(s_("Ben pays meanwhile"))
            ),
            (
                s_("Handovers"),
                s_("pilot, review on 2027-01-05"),
                Some(s_("at school, four weeks"))
            ),
        ]
    );
    assert_eq!(
        terms(&memo.open),
        vec![(s_("Child support"), s_("open"), None)]
    );
    assert_eq!(
        terms(&memo.withdrawn_or_referred),
        vec![
            (
                s_("School choice"),
                s_("referred to the family court"),
                None
            ),
            (s_("The dog"), s_("withdrawn"), None),
        ]
    );
    let reviews: Vec<_> = memo
        .review_dates
        .iter()
        .map(|r| (r.on, r.issue.as_str(), r.what.as_str()))
        .collect();
    assert_eq!(
        reviews,
        vec![
            (date(2027, 1, 5), "Handovers", "pilot review"),
            (date(2027, 3, 1), "Mortgage payments", "temporary term ends"),
        ]
    );
}

#[test]
fn a_memorandum_is_issued_again_only_after_a_change() {
    let (mut s, _) = settled_in_parts();
    s.issue_memorandum().unwrap();
    assert_eq!(s.latest_memo().0, 1);
    assert_eq!(
        s.issue_memorandum(),
        Err(DomainError::MemorandumUnchanged(1))
    );
    // Private writing changes nothing in it.
    s.note("still private", Audience::MediatorOnly);
    assert_eq!(
        s.issue_memorandum(),
        Err(DomainError::MemorandumUnchanged(1))
    );
    let support = s
        .state
        .issues
        .iter()
        .find(|i| i.title.as_str() == "Child support")
        .unwrap()
        .id;
    s.set(support, TermState::AgreedFinal, Some("£400 a month"));
    s.issue_memorandum().unwrap();
    let (version, hash) = s.latest_memo();
    assert_eq!(version, 2);
    assert_eq!(s.state.memoranda.len(), 2);
    assert_ne!(hash.to_hex(), s.state.memoranda[0].content_hash);
    assert_eq!(Measures::of(&s.state).memorandum_versions, 2);
}

#[test]
fn confirming_a_memorandum_names_the_latest_version_and_its_hash() {
    let (mut s, p) = settled_in_parts();
    assert_eq!(
        s.confirm(p.a, 1, Digest::of(b"anything")),
        Err(DomainError::NoMemorandum)
    );
    s.issue_memorandum().unwrap();
    let (v1, h1) = s.latest_memo();
    let support = s
        .state
        .issues
        .iter()
        .find(|i| i.title.as_str() == "Child support")
        .unwrap()
        .id;
    s.set(support, TermState::AgreedSubjectToPaperwork, None);
    s.issue_memorandum().unwrap();
    let (v2, h2) = s.latest_memo();
    assert_eq!(
        s.confirm(p.a, v1, h1),
        Err(DomainError::MemorandumVersionStale {
            confirming: 1,
            latest: 2
        })
    );
    assert_eq!(
        s.confirm(p.a, v2, h1),
        Err(DomainError::MemorandumHashMismatch(2))
    );
    assert_eq!(
        s.confirm(p.a, v2, Digest::of(b"not the memorandum")),
        Err(DomainError::MemorandumHashMismatch(2))
    );
    s.confirm(p.a, v2, h2).unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    match &s.last().event {
        Event::MemorandumConfirmed {
            version,
            content_hash,
            by,
            for_party,
        } => {
            assert_eq!((*version, *by, *for_party), (2, p.a, p.a));
            assert_eq!(content_hash, &h2.to_hex());
        }
        other => panic!("not a confirmation: {other:?}"),
    }
    assert!(s.state.memoranda[0].confirmations.is_empty());
}

#[test]
fn a_representative_confirms_for_its_party_and_nobody_confirms_twice() {
    let (mut s, p) = settled_in_parts();
    s.issue_memorandum().unwrap();
    let (v, h) = s.latest_memo();
    assert_eq!(s.confirm(p.sam, v, h), Err(DomainError::MayNotConfirm));
    assert_eq!(s.confirm(p.maya, v, h), Err(DomainError::MayNotConfirm));
    let ghost = ParticipantId::new_v7();
    assert_eq!(
        s.confirm(ghost, v, h),
        Err(DomainError::UnknownParticipant(ghost))
    );
    // Lee has no authority to settle (see tests_who_may_act); this solicitor has.
    let lee = s.add_with_authority("Lena Solicitor", Role::Representative, Some(p.a));
    s.confirm(lee, v, h).unwrap();
    assert_eq!(s.confirm(lee, v, h), Err(DomainError::AlreadyConfirmed));
    s.confirm(p.b, v, h).unwrap();
    assert_eq!(s.confirm(p.b, v, h), Err(DomainError::AlreadyConfirmed));
    let confirmations: Vec<_> = s
        .state
        .latest_memorandum()
        .unwrap()
        .confirmations
        .iter()
        .map(|c| (c.by, c.for_party))
        .collect();
    assert_eq!(confirmations, vec![(lee, p.a), (p.b, p.b)]);
}

#[test]
fn the_memorandum_markdown_names_its_version_and_hash() {
    let (mut s, _) = settled_in_parts();
    s.issue_memorandum().unwrap();
    let issued = s.state.latest_memorandum().unwrap();
    let md = issued.memorandum.to_markdown(Some(issued.version));
    assert!(md.contains("Version 1"), "{md}");
    assert!(md.contains(&issued.content_hash), "{md}");
    assert!(md.contains("## Agreed and final"));
    assert!(md.contains("- **Weekday schedule** — agreed – final: alternate weeks"));
    assert!(md.contains("- 2027-01-05 — Handovers: pilot review"));
    let draft = issued.memorandum.to_markdown(None);
    assert!(draft.contains("Draft, not yet issued") && !draft.contains("Version"));
}

// ---- 6. diagnosis ------------------------------------------------------------------------

#[test]
fn a_partys_stall_diagnosis_stays_private_and_only_the_mediator_may_share_one() {
    let (mut s, p) = Story::family();
    s.diagnose(
        party(p.a),
        &[(StallReason::Emotions, "A-diag: he shouted")],
        false,
    )
    .unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });
    assert!(!s.shown(Viewer::Participant(p.b)).contains("A-diag"));
    assert!(s.shown(Viewer::Participant(p.lee)).contains("A-diag"));
    assert_eq!(
        s.diagnose(
            party(p.a),
            &[(StallReason::Emotions, "A-diag shared?")],
            true
        ),
        Err(DomainError::PartyDiagnosisIsPrivate)
    );
    s.diagnose(
        Author::Mediator,
        &[(StallReason::Timing, "M-private: too early")],
        false,
    )
    .unwrap();
    assert_eq!(s.last().audience, Audience::MediatorOnly);
    s.diagnose(
        Author::Mediator,
        &[
            (StallReason::MissingInformation, "M-shared: no valuation"),
            (StallReason::Posturing, "M-shared: speeches"),
        ],
        true,
    )
    .unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    for viewer in [Viewer::Participant(p.a), Viewer::Participant(p.b)] {
        let shown = s.shown(viewer);
        assert!(shown.contains("M-shared: no valuation"));
        assert!(!shown.contains("M-private"));
    }
    assert_eq!(s.fold(Viewer::Mediator).diagnoses.len(), 3);
}

#[test]
fn a_diagnosis_names_at_least_one_reason() {
    let (mut s, p) = Story::family();
    assert_eq!(
        s.diagnose(Author::Mediator, &[], true),
        Err(DomainError::NoFindings)
    );
    assert_eq!(
        s.diagnose(party(p.b), &[], false),
        Err(DomainError::NoFindings)
    );
    assert_eq!(
        s.diagnose(
            party(p.sam),
            &[(StallReason::Emotions, "not a party")],
            false
        ),
        Err(DomainError::NotAParty(p.sam))
    );
}

// ---- 7. the next step --------------------------------------------------------------------

fn choose(s: &mut Story, owner: ParticipantId, due_on: Date) -> Result<(), DomainError> {
    s.run(Command::ChooseNextStep {
        step: NextStep::NegotiateDirectly,
        owner,
        due_on,
        note: Some(t("send the revised schedule")),
    })
}

#[test]
fn a_next_step_has_one_known_owner_and_is_completed_once() {
    let (mut s, p) = Story::family();
    assert_eq!(
        s.run(Command::CompleteNextStep { note: None }),
        Err(DomainError::NoPendingNextStep)
    );
    let ghost = ParticipantId::new_v7();
    assert_eq!(
        choose(&mut s, ghost, date(2026, 11, 30)),
        Err(DomainError::UnknownParticipant(ghost))
    );
    choose(&mut s, p.a, date(2026, 11, 30)).unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    let pending = s.state.pending_next_step().unwrap();
    assert_eq!(
        (pending.step, pending.owner, pending.due_on),
        (NextStep::NegotiateDirectly, p.a, date(2026, 11, 30))
    );
    assert!(Measures::of(&s.state).next_step_chosen_with_owner_and_date);
    s.later(24);
    s.run(Command::CompleteNextStep {
        note: Some(t("sent")),
    })
    .unwrap();
    assert!(s.state.pending_next_step().is_none());
    let done = s.state.next_steps.last().unwrap();
    assert_eq!(
        done.completed_at,
        Some(start() + SignedDuration::from_hours(24))
    );
    assert_eq!(
        done.completion_note.as_ref().map(Text::as_str),
        Some("sent")
    );
    assert_eq!(
        s.run(Command::CompleteNextStep { note: None }),
        Err(DomainError::NoPendingNextStep)
    );
    assert!(!Measures::of(&s.state).next_step_chosen_with_owner_and_date);
}

#[test]
fn an_overdue_next_step_is_on_the_mediators_and_the_owners_partys_due_list_not_the_other_partys() {
    let (mut s, p) = Story::family();
    choose(&mut s, p.a, date(2026, 11, 30)).unwrap();
    let on = date(2026, 12, 2);
    let next_steps = |list: Vec<DueItem>| -> Vec<(Option<ParticipantId>, Date, bool)> {
        list.into_iter()
            .filter(|i| i.kind == DueKind::NextStep)
            .map(|i| (i.owner, i.due_on, i.overdue))
            .collect()
    };
    let overdue = vec![(Some(p.a), date(2026, 11, 30), true)];
    assert_eq!(
        next_steps(s.due_for(Viewer::Mediator, DueFor::Mediator, on)),
        overdue
    );
    assert_eq!(
        next_steps(s.due_for(
            Viewer::Participant(p.a),
            DueFor::Participant {
                me: p.a,
                party: p.a
            },
            on
        )),
        overdue
    );
    assert_eq!(
        next_steps(s.due_for(
            Viewer::Participant(p.lee),
            DueFor::Participant {
                me: p.lee,
                party: p.a
            },
            on
        )),
        overdue
    );
    for me in [p.b, p.sam] {
        assert!(
            next_steps(s.due_for(
                Viewer::Participant(me),
                DueFor::Participant { me, party: p.b },
                on
            ))
            .is_empty()
        );
    }
    // Before its day it is due, not overdue.
    assert_eq!(
        next_steps(s.due_for(Viewer::Mediator, DueFor::Mediator, date(2026, 11, 30))),
        vec![(Some(p.a), date(2026, 11, 30), false)]
    );
    let list = s.due_for(Viewer::Mediator, DueFor::Mediator, on);
    assert!(list[0].what.contains("Amira Ahmed"), "{}", list[0].what);
}

#[test]
fn a_next_step_owned_by_a_partys_lawyer_is_on_that_partys_due_list() {
    let (mut s, p) = Story::family();
    choose(&mut s, p.lee, date(2026, 11, 30)).unwrap();
    let on = date(2026, 12, 2);
    let has_next_step = |viewer: ParticipantId, me, party| {
        s.due_for(
            Viewer::Participant(viewer),
            DueFor::Participant { me, party },
            on,
        )
        .iter()
        .any(|i| i.kind == DueKind::NextStep && i.owner == Some(p.lee))
    };
    assert!(has_next_step(p.lee, p.lee, p.a), "the lawyer's own list");
    assert!(
        has_next_step(p.a, p.a, p.a),
        "Amira's list lacks the next outreach her own lawyer owns"
    );
    assert!(!has_next_step(p.b, p.b, p.b), "Ben's list");
}

#[test]
fn pilot_reviews_and_temporary_term_ends_are_on_everyones_due_list() {
    let (mut s, p) = Story::family();
    let handovers = s.issue("Handovers");
    let mortgage = s.issue("Mortgage");
    s.set(
        handovers,
        TermState::Pilot {
            review_on: date(2026, 12, 21),
        },
        None,
    );
    s.set(
        mortgage,
        TermState::AgreedTemporary {
            until: Some(date(2026, 12, 1)),
            until_event: None,
        },
        None,
    );
    let dated = |list: Vec<DueItem>| -> Vec<(DueKind, Date, bool)> {
        list.into_iter()
            .map(|i| (i.kind, i.due_on, i.overdue))
            .collect()
    };
    let expected = vec![
        (DueKind::TemporaryTermEnds, date(2026, 12, 1), false),
        (DueKind::PilotReview, date(2026, 12, 21), false),
    ];
    assert_eq!(
        dated(s.due_for(Viewer::Mediator, DueFor::Mediator, today())),
        expected
    );
    for (viewer, me, party) in [(p.a, p.a, p.a), (p.b, p.b, p.b), (p.sam, p.sam, p.b)] {
        assert_eq!(
            dated(s.due_for(
                Viewer::Participant(viewer),
                DueFor::Participant { me, party },
                today()
            )),
            expected
        );
    }
    // Passed dates come first, marked overdue.
    assert_eq!(
        dated(s.due_for(Viewer::Mediator, DueFor::Mediator, date(2026, 12, 2))),
        vec![
            (DueKind::TemporaryTermEnds, date(2026, 12, 1), true),
            (DueKind::PilotReview, date(2026, 12, 21), false),
        ]
    );
    let list = s.due_for(Viewer::Mediator, DueFor::Mediator, today());
    assert_eq!(list[1].what, "Handovers: pilot review");
}

// ---- 8. ratings --------------------------------------------------------------------------

#[test]
fn the_mediator_does_not_rate_sessions() {
    let (mut s, p) = Story::family();
    let session = s.held(&[p.a, p.b, p.maya]);
    assert_eq!(
        s.rate(session, p.maya, RatingMoment::After, 4, 2),
        Err(DomainError::MediatorRating)
    );
}

#[test]
fn ratings_outside_one_to_five_are_refused_naming_the_field() {
    let (mut s, p) = Story::family();
    let session = s.held(&[p.a, p.b]);
    for (clarity, temperature, field) in [
        (0, 3, "clarity"),
        (6, 3, "clarity"),
        (3, 0, "temperature"),
        (3, 6, "temperature"),
    ] {
        let err = s
            .rate(session, p.a, RatingMoment::After, clarity, temperature)
            .unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(matches!(err, DomainError::InvalidField { .. }), "{err}");
    }
    for (clarity, temperature) in [(1, 5), (5, 1)] {
        s.rate(session, p.a, RatingMoment::After, clarity, temperature)
            .unwrap();
    }
}

#[test]
fn a_rating_after_a_session_needs_the_session_held() {
    let (mut s, p) = Story::family();
    let coming = s.schedule();
    assert_eq!(
        s.rate(coming, p.a, RatingMoment::After, 3, 3),
        Err(DomainError::SessionNotHeld)
    );
    s.rate(coming, p.a, RatingMoment::Before, 2, 4).unwrap();
    let cancelled = s.schedule();
    s.run(Command::CancelSession {
        session: cancelled,
        reason: None,
    })
    .unwrap();
    assert_eq!(
        s.rate(cancelled, p.b, RatingMoment::After, 3, 3),
        Err(DomainError::SessionNotHeld)
    );
    let ghost = SessionId::new_v7();
    assert_eq!(
        s.rate(ghost, p.b, RatingMoment::Before, 3, 3),
        Err(DomainError::UnknownSession(ghost))
    );
}

#[test]
fn ratings_are_private_to_the_party_and_measures_average_them() {
    let (mut s, p) = Story::family();
    let session = s.held(&[p.a, p.b, p.lee, p.sam, p.maya]);
    s.rate(session, p.a, RatingMoment::After, 4, 2).unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });
    s.rate(session, p.lee, RatingMoment::After, 5, 1).unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });
    s.rate(session, p.b, RatingMoment::After, 1, 5).unwrap();
    s.rate(session, p.sam, RatingMoment::Before, 2, 4).unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.b });
    // A second rating of the same moment replaces the first.
    s.rate(session, p.b, RatingMoment::After, 2, 4).unwrap();

    let means = |c: &Case| -> Vec<(RatingMoment, usize, f64, f64)> {
        Measures::of(c)
            .ratings
            .iter()
            .map(|r| (r.moment, r.count, r.mean_clarity, r.mean_temperature))
            .collect()
    };
    assert_eq!(
        means(&s.fold(Viewer::Mediator)),
        vec![
            (RatingMoment::Before, 1, 2.0, 4.0),
            (RatingMoment::After, 3, 11.0 / 3.0, 7.0 / 3.0),
        ]
    );
    assert_eq!(
        means(&s.fold(Viewer::Participant(p.a))),
        vec![(RatingMoment::After, 2, 4.5, 1.5)]
    );
    let ben = s.fold(Viewer::Participant(p.b));
    assert!(
        ben.ratings
            .iter()
            .all(|r| r.participant == p.b || r.participant == p.sam)
    );
    assert_eq!(
        means(&ben),
        vec![
            (RatingMoment::Before, 1, 2.0, 4.0),
            (RatingMoment::After, 1, 2.0, 4.0),
        ]
    );
}

// ---- 9. permissions ----------------------------------------------------------------------

/// One command of each kind a participant might try, for `party` where a party is named and
/// as `me` where one acts as oneself.
fn speaking_for(party: ParticipantId, session: SessionId, issue: IssueId) -> Vec<Command> {
    vec![
        Command::CaptureDebrief {
            session,
            author: Author::Party { party },
            debrief: Debrief::default(),
        },
        Command::ShareDebriefItem {
            session,
            party,
            kind: DebriefItemKind::Dealbreaker,
            index: 1,
        },
        Command::PrepareNextSession {
            party,
            prep: Prep::default(),
            shared: false,
        },
        Command::PrepareNextSession {
            party,
            prep: Prep::default(),
            shared: true,
        },
        Command::RecordPosition {
            issue,
            party,
            position: t("alternate weekends"),
            interests: vec![],
            shared: false,
        },
        Command::DiagnoseStall {
            session: Some(session),
            author: Author::Party { party },
            findings: vec![(StallReason::Emotions, t("shouting"))],
            shared: false,
        },
    ]
}

fn as_oneself(me: ParticipantId, session: SessionId) -> Vec<Command> {
    vec![
        Command::RateSession {
            session,
            participant: me,
            moment: RatingMoment::After,
            clarity: 3,
            temperature: 3,
        },
        Command::ConfirmMemorandum {
            by: me,
            version: 1,
            content_hash: Digest::of(b"memo"),
        },
    ]
}

fn mediator_only(p: &People, session: SessionId, issue: IssueId) -> Vec<Command> {
    vec![
        Command::CaptureDebrief {
            session,
            author: Author::Mediator,
            debrief: Debrief::default(),
        },
        Command::DiagnoseStall {
            session: None,
            author: Author::Mediator,
            findings: vec![(StallReason::Timing, t("too early"))],
            shared: true,
        },
        // A party's diagnosis shared is no command a party may run either.
        Command::DiagnoseStall {
            session: None,
            author: Author::Party { party: p.a },
            findings: vec![(StallReason::Timing, t("too early"))],
            shared: true,
        },
        Command::IssueMemorandum,
        Command::ReopenTerm {
            issue,
            reason: t("why not"),
        },
        Command::SetIssueState {
            issue,
            state: TermState::AgreedFinal,
            reason: None,
        },
        Command::RecordOptionTried {
            issue,
            option: t("split August"),
            result: None,
        },
        Command::ChooseNextStep {
            step: NextStep::MediateAgain,
            owner: p.a,
            due_on: date(2026, 12, 1),
            note: None,
        },
        Command::CompleteNextStep { note: None },
        Command::RecordOutcome {
            session,
            outcome: Outcome::FullAgreement,
            summary: None,
        },
        Command::CloseCase {
            status: ClosureStatus::Settled,
            summary: None,
        },
        Command::AddNote {
            note: NoteId::new_v7(),
            text: t("for the mediator's eyes"),
            audience: Audience::MediatorOnly,
            about_session: None,
        },
    ]
}

#[test]
fn a_party_speaks_only_for_itself() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    let issue = s.issue("Weekday schedule");
    for cmd in speaking_for(p.a, session, issue) {
        assert_eq!(participant_may_run(&s.state, p.a, &cmd), Ok(()), "{cmd:?}");
        assert!(participant_may_run(&s.state, p.b, &cmd).is_err(), "{cmd:?}");
        assert!(
            participant_may_run(&s.state, p.sam, &cmd).is_err(),
            "{cmd:?}"
        );
        assert_eq!(
            participant_may_run(&s.state, p.maya, &cmd),
            Ok(()),
            "{cmd:?}"
        );
    }
    for cmd in speaking_for(p.b, session, issue) {
        assert_eq!(
            participant_may_run(&s.state, p.a, &cmd),
            Err("you may act only for your own party"),
            "{cmd:?}"
        );
        assert_eq!(participant_may_run(&s.state, p.b, &cmd), Ok(()), "{cmd:?}");
    }
    let stranger = ParticipantId::new_v7();
    assert!(participant_may_run(&s.state, stranger, &Command::IssueMemorandum).is_err());
}

#[test]
fn a_representative_acts_for_its_party_and_a_support_person_for_nobody() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    let issue = s.issue("Weekday schedule");
    for cmd in speaking_for(p.a, session, issue) {
        assert_eq!(
            participant_may_run(&s.state, p.lee, &cmd),
            Ok(()),
            "{cmd:?}"
        );
    }
    for cmd in speaking_for(p.b, session, issue) {
        assert_eq!(
            participant_may_run(&s.state, p.sam, &cmd),
            Err("a support person sees what its party sees but does nothing in its name"),
            "{cmd:?}"
        );
        assert!(
            participant_may_run(&s.state, p.lee, &cmd).is_err(),
            "{cmd:?}"
        );
    }
}

#[test]
fn ratings_and_confirmations_are_given_only_as_oneself() {
    let (mut s, p) = Story::family();
    let session = s.held(&[p.a, p.b, p.lee]);
    for me in [p.a, p.b, p.lee] {
        for cmd in as_oneself(me, session) {
            assert_eq!(participant_may_run(&s.state, me, &cmd), Ok(()), "{cmd:?}");
            for other in [p.a, p.b, p.lee].into_iter().filter(|o| *o != me) {
                assert_eq!(
                    participant_may_run(&s.state, other, &cmd),
                    Err("you may confirm or rate only as yourself"),
                    "{other} for {me}: {cmd:?}"
                );
            }
            assert!(participant_may_run(&s.state, p.sam, &cmd).is_err());
        }
    }
}

#[test]
fn mediator_only_commands_are_refused_to_participants() {
    let (mut s, p) = Story::family();
    let session = s.held(&[p.a, p.b]);
    let issue = s.issue("Weekday schedule");
    for cmd in mediator_only(&p, session, issue) {
        for who in [p.a, p.b, p.lee, p.sam] {
            assert!(
                participant_may_run(&s.state, who, &cmd).is_err(),
                "{who}: {cmd:?}"
            );
        }
        assert_eq!(
            participant_may_run(&s.state, p.maya, &cmd),
            Ok(()),
            "{cmd:?}"
        );
    }
    assert_eq!(
        participant_may_run(&s.state, p.a, &Command::IssueMemorandum),
        Err("only the case's mediator can do that")
    );
}

// ---- 10. the court report ----------------------------------------------------------------

#[test]
fn the_court_report_gives_the_result_from_the_closure_or_else_the_latest_outcome() {
    for (status, result) in [
        (ClosureStatus::Settled, CourtResult::Settled),
        (ClosureStatus::PartlySettled, CourtResult::PartlySettled),
        (ClosureStatus::NotSettled, CourtResult::NotSettled),
        (ClosureStatus::Withdrawn, CourtResult::NotSettled),
        (ClosureStatus::Unsuitable, CourtResult::NotSettled),
    ] {
        let (mut s, p) = Story::family();
        // The closure decides even over an earlier full agreement.
        s.session_ending(&p, Outcome::FullAgreement);
        s.run(Command::CloseCase {
            status,
            summary: Some(t("closing words")),
        })
        .unwrap();
        let report = court_report(&s.history).unwrap();
        assert_eq!(report.result, result, "{status}");
        assert_eq!(report.closed_on, Some(today()));
    }
    for (outcome, result) in [
        (None, CourtResult::Pending),
        (Some(Outcome::FullAgreement), CourtResult::Settled),
        (Some(Outcome::PartialAgreement), CourtResult::PartlySettled),
        (Some(Outcome::NoAgreement), CourtResult::Pending),
        (Some(Outcome::ImpasseForNow), CourtResult::Pending),
        (Some(Outcome::PausedForSafety), CourtResult::Pending),
    ] {
        let (mut s, p) = Story::family();
        if let Some(outcome) = outcome {
            s.session_ending(&p, outcome);
        }
        let report = court_report(&s.history).unwrap();
        assert_eq!(report.result, result, "{outcome:?}");
        assert_eq!(report.closed_on, None);
    }
    // The latest outcome counts: a full agreement after a partial one settles it.
    let (mut s, p) = Story::family();
    s.session_ending(&p, Outcome::PartialAgreement);
    s.session_ending(&p, Outcome::FullAgreement);
    assert_eq!(
        court_report(&s.history).unwrap().result,
        CourtResult::Settled
    );
    assert!(court_report(&[]).is_none());
}

#[test]
fn the_court_report_names_who_attended_and_the_sessions_that_did_not_take_place() {
    let mut s = Story::opened_with(true, Some("ZW26C00123"));
    let p = s.people();
    let held = s.held(&[p.a, p.lee, p.b]);
    s.outcome(held, Outcome::NoAgreement).unwrap();
    // 23:30 UTC on 10 July is 11 July in London (summer time).
    let missed = s.schedule_at("2027-07-10T23:30:00Z".parse().unwrap());
    s.outcome(missed, Outcome::DidNotTakePlace).unwrap();
    let cancelled = s.schedule();
    s.run(Command::CancelSession {
        session: cancelled,
        reason: Some(t("illness")),
    })
    .unwrap();
    let report = court_report(&s.history).unwrap();
    assert_eq!(report.case_title, "Ahmed and Brown: child arrangements");
    assert_eq!(report.court_reference.as_deref(), Some("ZW26C00123"));
    assert!(report.court_ordered);
    assert_eq!(report.result, CourtResult::Pending);
    let sessions: Vec<_> = report
        .sessions
        .iter()
        .map(|x| (x.held_on, x.took_place, x.format, x.attended.clone()))
        .collect();
    assert_eq!(
        sessions,
        vec![
            (
                Some(today()),
                true,
                Some(SessionFormat::Caucus),
                vec![
                    "Amira Ahmed".to_owned(),
                    "Lee Law".to_owned(),
                    "Ben Brown".to_owned()
                ]
            ),
            (Some(date(2027, 7, 11)), false, None, vec![]),
        ]
    );
}

/// One step of a random history after a session: every kind of private writing the new part
/// of the core keeps, with unique markers, and the joint facts around it.
#[derive(Clone, Debug)]
enum After {
    Note {
        audience_pick: u8,
    },
    Issue,
    Session {
        outcome_pick: u8,
    },
    Debrief {
        author_pick: u8,
        budget_pick: u8,
    },
    Share {
        party_pick: u8,
        kind_pick: u8,
        index: u8,
    },
    Position {
        party_pick: u8,
        shared: bool,
    },
    Prep {
        party_pick: u8,
        shared: bool,
    },
    Diagnose {
        author_pick: u8,
        shared: bool,
    },
    Rate {
        who_pick: u8,
        clarity: u8,
    },
    NextStep {
        owner_pick: u8,
    },
    Memorandum,
    Close {
        status_pick: u8,
    },
}

fn after() -> impl Strategy<Value = After> {
    prop_oneof![
        3 => (0u8..4).prop_map(|audience_pick| After::Note { audience_pick }),
        1 => Just(After::Issue),
        2 => (0u8..6).prop_map(|outcome_pick| After::Session { outcome_pick }),
        4 => (0u8..3, 0u8..4).prop_map(|(author_pick, budget_pick)| After::Debrief { author_pick, budget_pick }),
        3 => (0u8..2, 0u8..5, 0u8..4).prop_map(|(party_pick, kind_pick, index)| After::Share { party_pick, kind_pick, index }),
        3 => (0u8..2, any::<bool>()).prop_map(|(party_pick, shared)| After::Position { party_pick, shared }),
        2 => (0u8..2, any::<bool>()).prop_map(|(party_pick, shared)| After::Prep { party_pick, shared }),
        3 => (0u8..3, any::<bool>()).prop_map(|(author_pick, shared)| After::Diagnose { author_pick, shared }),
        1 => (0u8..5, 1u8..6).prop_map(|(who_pick, clarity)| After::Rate { who_pick, clarity }),
        1 => (0u8..5).prop_map(|owner_pick| After::NextStep { owner_pick }),
        1 => Just(After::Memorandum),
        1 => (0u8..5).prop_map(|status_pick| After::Close { status_pick }),
    ]
}

/// A piece of text written into the case, with who may see it. `durable` text stays in the
/// case once written; a position or a preparation can be replaced by a newer one.
struct Secret {
    audience: Audience,
    marker: String,
    durable: bool,
}

/// Unique markers: `mk00001q` never contains `mk00010q`.
struct Markers(u32);

impl Markers {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("mk{:05}q", self.0)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// The court report holds no text written in the case at all, and no party's view (nor
    /// the view of anyone acting for it, nor a coordinator's) holds text it may not see:
    /// debriefs, positions, preparations and diagnoses included.
    #[test]
    fn neither_the_court_report_nor_another_partys_view_holds_private_after_session_text(
        steps in prop::collection::vec(after(), 0..40)
    ) {
        let (mut s, p) = Story::family();
        let parties = [p.a, p.b];
        let companions = [p.lee, p.sam];
        let people = [p.a, p.b, p.lee, p.sam, p.maya];
        let mut mk = Markers(0);
        let mut secrets: Vec<Secret> = vec![];
        let first = mk.next();
        let issue = s.issue(&format!("issue {first}"));
        secrets.push(Secret { audience: Audience::Everyone, marker: first, durable: true });
        for step in steps {
            match step {
                After::Note { audience_pick } => {
                    let audience = match audience_pick {
                        0 => Audience::Everyone,
                        1 => Audience::MediatorOnly,
                        n => Audience::PartyAndMediator { party: parties[(n - 2) as usize] },
                    };
                    let marker = mk.next();
                    let ok = s.run(Command::AddNote {
                        note: NoteId::new_v7(),
                        text: t(&format!("note {marker}")),
                        audience,
                        about_session: None,
                    }).is_ok();
                    if ok {
                        secrets.push(Secret { audience, marker, durable: true });
                    }
                }
                After::Issue => {
                    let marker = mk.next();
                    if s.run(Command::AddIssue { issue: IssueId::new_v7(), title: t(&format!("issue {marker}")), description: Some(t(&format!("about {marker}"))) }).is_ok() {
                        secrets.push(Secret { audience: Audience::Everyone, marker, durable: true });
                    }
                }
                After::Session { outcome_pick } => {
                    if s.state.closure.is_none() {
                        let outcome = [Outcome::FullAgreement, Outcome::PartialAgreement, Outcome::NoAgreement,
                            Outcome::ImpasseForNow, Outcome::PausedForSafety, Outcome::DidNotTakePlace][outcome_pick as usize];
                        let session = s.schedule();
                        if outcome.requires_held_session() {
                            s.run(Command::RecordSessionHeld {
                                session, held_on: today(), format: SessionFormat::Caucus, attendees: vec![p.a, p.b, p.lee],
                            }).unwrap();
                        }
                        let marker = mk.next();
                        s.run(Command::RecordOutcome { session, outcome, summary: Some(t(&format!("summary {marker}"))) }).unwrap();
                        secrets.push(Secret { audience: Audience::Everyone, marker, durable: true });
                    }
                }
                After::Debrief { author_pick, budget_pick } => {
                    let Some(session) = s.state.sessions.iter().rev()
                        .find(|x| x.outcome.as_ref().is_some_and(|o| o.outcome.calls_for_debrief()))
                        .map(|x| x.id) else { continue };
                    let author = match author_pick {
                        2 => Author::Mediator,
                        n => Author::Party { party: parties[n as usize] },
                    };
                    let m: Vec<String> = (0..6).map(|_| mk.next()).collect();
                    let debrief = Debrief {
                        best_offer: Some(Offer { amount: Some(gbp("12500.50 GBP")), terms: Some(t(&format!("offer {}", m[0]))) }),
                        dealbreakers: vec![t(&format!("dealbreaker {}", m[1])), t(&format!("dealbreaker {}", m[2]))],
                        hidden_issues: vec![HiddenIssue { kind: HiddenIssueKind::Fear, note: Some(t(&format!("hidden {}", m[3]))) }],
                        missing_information: vec![t(&format!("missing {}", m[4]))],
                        flexibility_signals: vec![t(&format!("flexible {}", m[5]))],
                        budget: [None, Some(Budget::Low), Some(Budget::Medium), Some(Budget::High)][budget_pick as usize],
                        time_preference: Some(TimePreference::Flexible),
                    };
                    if s.debrief(session, author, debrief).is_ok() {
                        for marker in m {
                            secrets.push(Secret { audience: author.private_audience(), marker, durable: true });
                        }
                    }
                }
                After::Share { party_pick, kind_pick, index } => {
                    let Some(session) = s.state.debriefs.last().map(|d| d.session) else { continue };
                    let kind = [DebriefItemKind::BestOffer, DebriefItemKind::Dealbreaker, DebriefItemKind::HiddenIssue,
                        DebriefItemKind::MissingInformation, DebriefItemKind::FlexibilitySignal][kind_pick as usize];
                    if s.share(session, parties[party_pick as usize], kind, index as usize).is_ok() {
                        let Event::DebriefItemShared { text, .. } = &s.last().event else { panic!("not shared") };
                        // What a party shares is everyone's from now on.
                        for secret in secrets.iter_mut().filter(|x| text.contains(x.marker.as_str())) {
                            secret.audience = Audience::Everyone;
                        }
                    }
                }
                After::Position { party_pick, shared } => {
                    let who = parties[party_pick as usize];
                    let (m1, m2) = (mk.next(), mk.next());
                    let ok = s.run(Command::RecordPosition {
                        issue, party: who, position: t(&format!("position {m1}")),
                        interests: vec![t(&format!("interest {m2}"))], shared,
                    }).is_ok();
                    if ok {
                        let audience = if shared { Audience::Everyone } else { Audience::PartyAndMediator { party: who } };
                        secrets.push(Secret { audience, marker: m1, durable: false });
                        secrets.push(Secret { audience, marker: m2, durable: false });
                    }
                }
                After::Prep { party_pick, shared } => {
                    let who = parties[party_pick as usize];
                    let m: Vec<String> = (0..5).map(|_| mk.next()).collect();
                    let prep = Prep {
                        goals: vec![t(&format!("goal {}", m[0]))],
                        documents: vec![t(&format!("document {}", m[1]))],
                        options: vec![t(&format!("option {}", m[2]))],
                        question: Some(t(&format!("question {}", m[3]))),
                        ground_rules: vec![],
                        trial_period: Some(t(&format!("trial {}", m[4]))),
                        who_else: vec![],
                        done: true,
                    };
                    if s.run(Command::PrepareNextSession { party: who, prep, shared }).is_ok() {
                        let audience = if shared { Audience::Everyone } else { Audience::PartyAndMediator { party: who } };
                        for marker in m {
                            secrets.push(Secret { audience, marker, durable: false });
                        }
                    }
                }
                After::Diagnose { author_pick, shared } => {
                    let author = match author_pick {
                        2 => Author::Mediator,
                        n => Author::Party { party: parties[n as usize] },
                    };
                    let marker = mk.next();
                    let evidence = format!("evidence {marker}");
                    let result = s.diagnose(author, &[(StallReason::Emotions, evidence.as_str())], shared);
                    if shared && author != Author::Mediator && s.state.closure.is_none() {
                        prop_assert_eq!(result.clone(), Err(DomainError::PartyDiagnosisIsPrivate));
                    }
                    if result.is_ok() {
                        let audience = if shared { Audience::Everyone } else { author.private_audience() };
                        secrets.push(Secret { audience, marker, durable: true });
                    }
                }
                After::Rate { who_pick, clarity } => {
                    if let Some(session) = s.state.sessions.iter().rev()
                        .find(|x| matches!(x.status, SessionStatus::Held { .. })).map(|x| x.id) {
                        let _ = s.rate(session, people[who_pick as usize], RatingMoment::After, clarity, 6 - clarity);
                    }
                }
                After::NextStep { owner_pick } => {
                    let marker = mk.next();
                    let ok = s.run(Command::ChooseNextStep {
                        step: NextStep::PauseAndReturn, owner: people[owner_pick as usize],
                        due_on: date(2026, 12, 14), note: Some(t(&format!("step {marker}"))),
                    }).is_ok();
                    if ok {
                        secrets.push(Secret { audience: Audience::Everyone, marker, durable: true });
                    }
                }
                After::Memorandum => { let _ = s.issue_memorandum(); }
                After::Close { status_pick } => {
                    let status = [ClosureStatus::Settled, ClosureStatus::PartlySettled, ClosureStatus::NotSettled,
                        ClosureStatus::Withdrawn, ClosureStatus::Unsuitable][status_pick as usize];
                    let marker = mk.next();
                    if s.run(Command::CloseCase { status, summary: Some(t(&format!("closing {marker}"))) }).is_ok() {
                        secrets.push(Secret { audience: Audience::Everyone, marker, durable: true });
                    }
                }
            }
        }

        let report = serde_json::to_string(&court_report(&s.history).unwrap()).unwrap();
        for secret in &secrets {
            prop_assert!(!report.contains(secret.marker.as_str()), "court report holds {} ({:?})", secret.marker, secret.audience);
        }
        for (k, me) in parties.iter().enumerate() {
            for viewer in [Viewer::Participant(*me), Viewer::Participant(companions[k])] {
                let shown = s.shown(viewer);
                for secret in &secrets {
                    let allowed = match secret.audience {
                        Audience::Everyone => true,
                        Audience::MediatorOnly => false,
                        Audience::PartyAndMediator { party } | Audience::PartyAlone { party } => party == *me,
                    };
                    if !allowed {
                        prop_assert!(!shown.contains(secret.marker.as_str()),
                            "{:?} sees {} written for {:?}", viewer, secret.marker, secret.audience);
                    } else if secret.durable {
                        prop_assert!(shown.contains(secret.marker.as_str()),
                            "{:?} misses {} written for {:?}", viewer, secret.marker, secret.audience);
                    }
                }
            }
        }
        let coordinator = s.shown(Viewer::Coordinator);
        let mediator = s.shown(Viewer::Mediator);
        for secret in &secrets {
            prop_assert!(!coordinator.contains(secret.marker.as_str()));
            if secret.durable {
                prop_assert!(mediator.contains(secret.marker.as_str()), "mediator misses {}", secret.marker);
            }
        }
    }
}

// ---- 11. the facts the advice weighs -----------------------------------------------------

#[test]
fn advice_rests_on_the_stall_reasons_the_viewer_may_see() {
    let (mut s, p) = Story::family();
    s.session_ending(&p, Outcome::NoAgreement);
    s.diagnose(party(p.a), &[(StallReason::Emotions, "he shouted")], false)
        .unwrap();
    s.diagnose(
        party(p.b),
        &[(StallReason::PowerImbalance, "her lawyer dominated")],
        false,
    )
    .unwrap();
    s.diagnose(
        Author::Mediator,
        &[(StallReason::MissingInformation, "no valuation")],
        false,
    )
    .unwrap();
    s.diagnose(
        Author::Mediator,
        &[(StallReason::Timing, "too early")],
        true,
    )
    .unwrap();
    let reasons = |viewer| facts_of(&s.fold(viewer), today()).unwrap().stall_reasons;
    assert_eq!(
        reasons(Viewer::Participant(p.a)),
        vec![StallReason::Emotions, StallReason::Timing]
    );
    assert_eq!(
        reasons(Viewer::Participant(p.lee)),
        vec![StallReason::Emotions, StallReason::Timing]
    );
    assert_eq!(
        reasons(Viewer::Participant(p.b)),
        vec![StallReason::PowerImbalance, StallReason::Timing]
    );
    assert_eq!(
        reasons(Viewer::Mediator),
        vec![
            StallReason::MissingInformation,
            StallReason::Emotions,
            StallReason::PowerImbalance,
            StallReason::Timing,
        ]
    );
    // The advice's usual fixes follow the same facts: Ben's never names Amira's reason.
    let ben = advice::advise(&facts_of(&s.fold(Viewer::Participant(p.b)), today()).unwrap());
    assert!(ben.fixes.iter().all(|f| f.stall != StallReason::Emotions));
    assert!(!facts_of(&s.state, today()).unwrap().safety_concern);
}

#[test]
fn a_pause_for_safety_is_a_safety_concern_for_everyone() {
    let (mut s, p) = Story::family();
    s.session_ending(&p, Outcome::PausedForSafety);
    for viewer in [
        Viewer::Mediator,
        Viewer::Participant(p.a),
        Viewer::Participant(p.b),
    ] {
        let facts = facts_of(&s.fold(viewer), today()).unwrap();
        assert!(facts.safety_concern, "{viewer:?}");
    }
    // A safety reason named in private sets it for its author's side only.
    let (mut s, p) = Story::family();
    s.session_ending(&p, Outcome::NoAgreement);
    s.diagnose(
        party(p.a),
        &[(StallReason::SafetyConcern, "threats")],
        false,
    )
    .unwrap();
    assert!(
        facts_of(&s.fold(Viewer::Participant(p.a)), today())
            .unwrap()
            .safety_concern
    );
    assert!(
        !facts_of(&s.fold(Viewer::Participant(p.b)), today())
            .unwrap()
            .safety_concern
    );
}

#[test]
fn missing_authority_is_read_from_the_latest_held_session() {
    let mut s = Story::opened();
    let a = s.add("Amira Ahmed", Role::Party, None);
    let insurer = s.add("Hudson Insurance", Role::Party, None);
    let adjuster = s.add("Ada Adjuster", Role::Representative, Some(insurer));
    let authority = |s: &Story| facts_of(&s.state, today()).unwrap().authority_missing;
    assert!(!authority(&s));
    let first = s.held(&[a, adjuster]);
    s.outcome(first, Outcome::ImpasseForNow).unwrap();
    assert!(authority(&s), "the adjuster has no authority to settle");
    let second = s.held(&[a, insurer]);
    s.outcome(second, Outcome::NoAgreement).unwrap();
    assert!(!authority(&s));
    // A session still to come changes nothing.
    s.schedule();
    assert!(!authority(&s));
}

#[test]
fn the_lowest_budget_and_any_urgency_bind_the_next_step() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    let with = |budget, time_preference| Debrief {
        budget,
        time_preference,
        ..Debrief::default()
    };
    s.debrief(
        session,
        party(p.a),
        with(Some(Budget::Medium), Some(TimePreference::Flexible)),
    )
    .unwrap();
    s.debrief(
        session,
        party(p.b),
        with(Some(Budget::Low), Some(TimePreference::Urgent)),
    )
    .unwrap();
    s.debrief(session, Author::Mediator, with(Some(Budget::High), None))
        .unwrap();
    let facts = |viewer| facts_of(&s.fold(viewer), today()).unwrap();
    let mediator = facts(Viewer::Mediator);
    assert_eq!(
        (mediator.budget, mediator.time_preference),
        (Some(Budget::Low), Some(TimePreference::Urgent))
    );
    let amira = facts(Viewer::Participant(p.a));
    assert_eq!(
        (amira.budget, amira.time_preference),
        (Some(Budget::Medium), Some(TimePreference::Flexible))
    );
    let ben = facts(Viewer::Participant(p.b));
    assert_eq!(
        (ben.budget, ben.time_preference),
        (Some(Budget::Low), Some(TimePreference::Urgent))
    );
}

#[test]
fn a_pilot_review_within_two_weeks_sets_the_advice_clock() {
    let (mut s, p) = Story::family();
    s.session_ending(&p, Outcome::PartialAgreement);
    let handovers = s.issue("Handovers");
    let summer = s.issue("Summer holidays");
    s.set(
        summer,
        TermState::Pilot {
            review_on: date(2027, 2, 1),
        },
        None,
    );
    let facts = facts_of(&s.fold(Viewer::Participant(p.b)), today()).unwrap();
    assert_eq!(facts.days_to_nearest_deadline, Some(70));
    assert_eq!(advice::advise(&facts).clock, None);
    s.set(
        handovers,
        TermState::Pilot {
            review_on: date(2026, 12, 3),
        },
        None,
    );
    for viewer in [Viewer::Mediator, Viewer::Participant(p.b)] {
        let facts = facts_of(&s.fold(viewer), today()).unwrap();
        assert_eq!(facts.days_to_nearest_deadline, Some(10));
        assert_eq!(
            facts.deadline_label.as_deref(),
            Some("pilot review: Handovers")
        );
        assert!(facts.partial_agreement);
        let clock = advice::advise(&facts).clock.unwrap();
        assert_eq!(clock.urgency, Urgency::Urgent);
        assert_eq!(clock.days, 10);
        assert!(
            clock.message.contains("pilot review: Handovers"),
            "{}",
            clock.message
        );
    }
}

// ---- the procedural clock on a case ----------------------------------------------------

mod deadlines {
    use super::*;
    use crate::case::deadline::{DeadlineKind, DeadlineStatus, DueRule};
    use crate::case::due::DueWhen;
    use crate::clock::{Direction, Period, RuleSet, StepKind, Unit};

    fn seven_days_after(trigger: Date) -> DueRule {
        DueRule::Computed {
            rule_set: None,
            period: Period {
                amount: 7,
                unit: Unit::Days,
                direction: Direction::After,
            },
            trigger,
            closed: Vec::new(),
        }
    }

    fn set(s: &mut Story, kind: DeadlineKind, label: &str, rule: DueRule) -> DeadlineId {
        let id = DeadlineId::new_v7();
        s.run(Command::SetDeadline {
            deadline: id,
            kind,
            label: t(label),
            rule,
        })
        .unwrap();
        id
    }

    #[test]
    fn a_computed_deadline_follows_the_cases_rules_and_explains_each_skipped_day() {
        // A child-arrangements case in England & Wales counts under FPR 2.9: 7 days is a short
        // period, so weekends and bank holidays do not count. From Monday 21 December 2026:
        // 22, 23, 24 count; Christmas (Fri 25), the weekend, the Boxing Day substitute (Mon 28)
        // do not; 29, 30, 31 count; New Year's Day and the weekend do not; Monday 4 January is
        // the seventh day.
        let (mut s, _) = Story::family();
        let id = set(
            &mut s,
            DeadlineKind::FilingDeadline,
            "Statement in reply",
            seven_days_after(date(2026, 12, 21)),
        );
        let d = s.state.deadline(id).unwrap();
        assert_eq!(d.due_on, date(2027, 1, 4));
        let computation = d.computation.as_ref().unwrap();
        assert_eq!(computation.rule_set, RuleSet::EwFpr);
        let skipped: Vec<Date> = computation
            .steps
            .iter()
            .filter(|st| matches!(st.kind, StepKind::SkippedHoliday | StepKind::SkippedWeekend))
            .map(|st| st.date)
            .collect();
        for day in [25, 26, 27, 28] {
            assert!(skipped.contains(&date(2026, 12, day)), "{skipped:?}");
        }
        assert!(skipped.contains(&date(2027, 1, 1)), "{skipped:?}");
        assert!(
            computation
                .steps
                .iter()
                .any(|st| st.text.contains("Christmas")),
            "{:?}",
            computation.steps
        );
    }

    #[test]
    fn a_deadline_moves_with_a_reason_keeps_its_history_and_closes_once() {
        let (mut s, _) = Story::family();
        let id = set(
            &mut s,
            DeadlineKind::CourtHearing,
            "Final hearing",
            DueRule::Fixed {
                on: date(2027, 2, 10),
            },
        );
        let same = s.run(Command::MoveDeadline {
            deadline: id,
            rule: DueRule::Fixed {
                on: date(2027, 2, 10),
            },
            reason: t("Listed again"),
        });
        assert_eq!(same, Err(DomainError::DeadlineUnchanged(date(2027, 2, 10))));
        s.run(Command::MoveDeadline {
            deadline: id,
            rule: DueRule::Fixed {
                on: date(2027, 3, 3),
            },
            reason: t("The court re-listed the hearing"),
        })
        .unwrap();
        let d = s.state.deadline(id).unwrap();
        assert_eq!(d.due_on, date(2027, 3, 3));
        assert_eq!(d.moves.len(), 1);
        assert_eq!(
            (d.moves[0].from, d.moves[0].to),
            (date(2027, 2, 10), date(2027, 3, 3))
        );
        s.run(Command::MarkDeadlineMet { deadline: id }).unwrap();
        assert!(matches!(
            s.state.deadline(id).unwrap().status,
            DeadlineStatus::Met { .. }
        ));
        assert_eq!(
            s.run(Command::MarkDeadlineMissed { deadline: id }),
            Err(DomainError::DeadlineClosed)
        );
        let unknown = DeadlineId::new_v7();
        assert_eq!(
            s.run(Command::MarkDeadlineMet { deadline: unknown }),
            Err(DomainError::UnknownDeadline(unknown))
        );
    }

    #[test]
    fn a_rule_the_clock_cannot_compute_is_refused_naming_the_rule() {
        let (mut s, _) = Story::family();
        let err = s
            .run(Command::SetDeadline {
                deadline: DeadlineId::new_v7(),
                kind: DeadlineKind::Other,
                label: t("Too far"),
                rule: seven_days_after(date(1850, 1, 1)),
            })
            .unwrap_err();
        assert!(
            matches!(err, DomainError::InvalidField { field: "rule", .. }),
            "{err:?}"
        );
        assert!(s.state.deadlines.is_empty());
    }

    #[test]
    fn pending_deadlines_are_due_for_everyone_soonest_first_and_cancelled_ones_are_not() {
        let (mut s, p) = Story::family();
        let today = today();
        let overdue = set(
            &mut s,
            DeadlineKind::FilingDeadline,
            "Position statement",
            DueRule::Fixed {
                on: date(2026, 11, 20),
            },
        );
        set(
            &mut s,
            DeadlineKind::CourtHearing,
            "Dispute resolution appointment",
            DueRule::Fixed {
                on: date(2026, 11, 26),
            },
        );
        let cancelled = set(
            &mut s,
            DeadlineKind::Other,
            "Valuation report",
            DueRule::Fixed {
                on: date(2026, 11, 24),
            },
        );
        s.run(Command::CancelDeadline {
            deadline: cancelled,
            reason: t("No longer needed"),
        })
        .unwrap();
        for whose in [
            DueFor::Mediator,
            DueFor::Participant {
                me: p.b,
                party: p.b,
            },
        ] {
            let items: Vec<DueItem> = due(&s.state, whose, today)
                .into_iter()
                .filter(|i| i.kind == DueKind::Deadline)
                .collect();
            let seen: Vec<(DueWhen, Option<DeadlineId>)> =
                items.iter().map(|i| (i.when, i.deadline)).collect();
            assert_eq!(seen.len(), 2, "{items:?}");
            assert_eq!(seen[0], (DueWhen::Overdue, Some(overdue)));
            assert_eq!(seen[1].0, DueWhen::ThisWeek);
            assert!(items[0].overdue && !items[1].overdue);
        }
    }

    #[test]
    fn a_court_date_within_fourteen_days_puts_the_clock_first_in_the_advice() {
        let (mut s, _) = Story::family();
        set(
            &mut s,
            DeadlineKind::CourtHearing,
            "Final hearing",
            DueRule::Fixed {
                on: date(2026, 12, 1),
            },
        );
        let facts = facts_of(&s.state, today()).unwrap();
        assert_eq!(facts.days_to_nearest_deadline, Some(8));
        let clock = advice::advise(&facts).clock.expect("the clock is flagged");
        assert_eq!(clock.urgency, Urgency::Urgent);
        assert!(clock.message.contains("Final hearing"), "{}", clock.message);
    }
}
