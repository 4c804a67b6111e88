//! Who may act for a party (review findings 7 and 8): a support person does nothing in its
//! party's name; only a party, or a representative with authority to settle, completes that
//! party's confirmation of the memorandum.

use super::test_story::*;

use super::debrief::{Author, DebriefItemKind};
use super::memorandum::confirmed_for;
use super::permissions::participant_may_run;
use super::prep::Prep;
use super::*;
use crate::advice::StallReason;
use crate::error::DomainError;
use crate::ids::*;
use vocabulary::*;

/// Everything a participant could ask for in party B's name, or as itself.
fn in_bs_name(p: &People, session: SessionId, issue: IssueId) -> Vec<Command> {
    vec![
        Command::CaptureDebrief {
            session,
            author: Author::Party { party: p.b },
            debrief: debrief_of("B-by-support"),
        },
        Command::ShareDebriefItem {
            session,
            party: p.b,
            kind: DebriefItemKind::Dealbreaker,
            index: 1,
        },
        Command::RecordPosition {
            issue,
            party: p.b,
            position: t("every weekend"),
            interests: vec![],
            shared: true,
        },
        Command::PrepareNextSession {
            party: p.b,
            prep: Prep::default(),
            shared: true,
        },
        Command::DiagnoseStall {
            session: Some(session),
            author: Author::Party { party: p.b },
            findings: vec![(StallReason::Emotions, t("shouting"))],
            shared: false,
        },
        Command::AddNote {
            note: NoteId::new_v7(),
            text: t("Ben will accept"),
            audience: Audience::Everyone,
            about_session: None,
        },
        Command::AddNote {
            note: NoteId::new_v7(),
            text: t("a word to the mediator"),
            audience: Audience::PartyAndMediator { party: p.b },
            about_session: None,
        },
        Command::RateSession {
            session,
            participant: p.sam,
            moment: RatingMoment::After,
            clarity: 5,
            temperature: 1,
        },
    ]
}

#[test]
fn a_support_person_can_neither_share_its_partys_debrief_nor_file_one_in_its_name() {
    let (mut s, p) = Story::family();
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    let issue = s.issue("Weekday schedule");
    s.debrief(session, Author::Party { party: p.b }, debrief_of("B"))
        .unwrap();
    for cmd in in_bs_name(&p, session, issue) {
        assert_eq!(
            participant_may_run(&s.state, p.sam, &cmd),
            Err("a support person sees what its party sees but does nothing in its name"),
            "{cmd:?}"
        );
    }
    s.issue_memorandum().unwrap();
    let (version, content_hash) = s.latest_memo();
    let confirm = Command::ConfirmMemorandum {
        by: p.sam,
        version,
        content_hash,
    };
    assert!(participant_may_run(&s.state, p.sam, &confirm).is_err());
    assert_eq!(
        s.confirm(p.sam, version, content_hash),
        Err(DomainError::MayNotConfirm)
    );
    // Party B itself still may do each of these.
    for cmd in in_bs_name(&p, session, issue) {
        if !matches!(cmd, Command::RateSession { .. }) {
            assert_eq!(participant_may_run(&s.state, p.b, &cmd), Ok(()), "{cmd:?}");
        }
    }
}

#[test]
fn a_representative_without_authority_to_settle_cannot_confirm_the_memorandum() {
    let (mut s, p) = Story::family();
    let issue = s.issue("Weekday schedule");
    s.set(issue, TermState::AgreedFinal, None);
    s.issue_memorandum().unwrap();
    let (v, h) = s.latest_memo();

    // Lee acts for Amira but has no authority to settle.
    let err = s.confirm(p.lee, v, h).unwrap_err();
    assert_eq!(err, DomainError::NoAuthorityToSettle("Lee Law".into()));
    assert_eq!(err.code(), "no-authority-to-settle");
    assert!(err.to_string().contains("no authority to settle"), "{err}");
    s.confirm(p.b, v, h).unwrap();
    let memo = s.state.latest_memorandum().unwrap().clone();
    assert!(
        !confirmed_for(&s.state, &memo, p.a),
        "Amira has not confirmed"
    );
    assert!(confirmed_for(&s.state, &memo, p.b));

    // The party itself, or a representative with authority, completes Amira's confirmation.
    let solicitor = s.add_with_authority("Lena Solicitor", Role::Representative, Some(p.a));
    s.confirm(solicitor, v, h).unwrap();
    let memo = s.state.latest_memorandum().unwrap().clone();
    assert!(confirmed_for(&s.state, &memo, p.a));
}

#[test]
fn a_confirmation_recorded_without_authority_does_not_count_for_the_party() {
    // An event written before the rule: Lee's confirmation for Amira is in the history.
    let (mut s, p) = Story::family();
    let issue = s.issue("Weekday schedule");
    s.set(issue, TermState::AgreedFinal, None);
    s.issue_memorandum().unwrap();
    let (version, h) = s.latest_memo();
    let mut memo = s.state.latest_memorandum().unwrap().clone();
    memo.confirmations.push(state::Confirmation {
        by: p.lee,
        for_party: p.a,
        confirmed_at: start(),
    });
    assert_eq!(memo.version, version);
    assert!(!confirmed_for(&s.state, &memo, p.a));
    s.confirm(p.a, version, h).unwrap();
    let memo = s.state.latest_memorandum().unwrap().clone();
    assert!(confirmed_for(&s.state, &memo, p.a));
}
