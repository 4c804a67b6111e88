//! Invitations to mediate answered in writing: joint facts, private reasons unless shared, no
//! answer recorded once and only after the date.

use super::due::{DueFor, DueKind, due};
use super::invitation::*;
use super::permissions::participant_may_run;
use super::reminders::{LeadTimes, planned};
use super::test_story::*;
use super::view::{Viewer, fold_for};
use super::*;
use crate::error::DomainError;
use crate::text::Text;
use jiff::civil::date;

const REASONS: &str = "I do not feel safe in the same process as Amira";

#[test]
fn a_decline_is_joint_and_its_reasons_stay_with_the_party_and_the_mediator() {
    let (mut s, p) = Story::family();
    s.run(Command::InviteToMediation {
        participant: p.b,
        answer_by: date(2026, 12, 4),
    })
    .unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    assert_eq!(
        s.run(Command::InviteToMediation {
            participant: p.b,
            answer_by: date(2026, 12, 9),
        })
        .unwrap_err(),
        DomainError::InvitationAwaiting
    );
    let decline = Command::AnswerInvitation {
        participant: p.b,
        kind: AnswerKind::Decline,
        text: Some(t(REASONS)),
        shared: false,
    };
    // Ben answers for himself; Amira and Ben's support person may not.
    assert!(participant_may_run(&s.state, p.b, &decline).is_ok());
    assert!(participant_may_run(&s.state, p.a, &decline).is_err());
    assert!(participant_may_run(&s.state, p.sam, &decline).is_err());
    // The mediator may record a written answer received, but never share its reasons: that
    // is the party's decision alone.
    assert!(participant_may_run(&s.state, p.maya, &decline).is_ok());
    let shared_by_mediator = Command::AnswerInvitation {
        participant: p.b,
        kind: AnswerKind::Decline,
        text: Some(t(REASONS)),
        shared: true,
    };
    assert!(super::permissions::mediator_may_run(&shared_by_mediator).is_err());
    let without = Command::AnswerInvitation {
        participant: p.b,
        kind: AnswerKind::Decline,
        text: None,
        shared: false,
    };
    assert_eq!(s.run(without).unwrap_err().field(), Some("text"));
    s.run(decline).unwrap();
    let [joint, private] = &s.history[s.history.len() - 2..] else {
        unreachable!()
    };
    assert_eq!(joint.audience, Audience::Everyone);
    assert_eq!(private.audience, Audience::PartyAndMediator { party: p.b });

    let amira = fold_for(&s.history, Viewer::Participant(p.a)).unwrap();
    let InvitationStatus::Answered { kind, text, .. } = &amira.invitations[0].status else {
        panic!("{:?}", amira.invitations)
    };
    assert_eq!((*kind, text), (AnswerKind::Decline, &None));
    assert!(!serde_json::to_string(&amira).unwrap().contains(REASONS));
    for who in [Viewer::Mediator, Viewer::Participant(p.b)] {
        let case = fold_for(&s.history, who).unwrap();
        let InvitationStatus::Answered { text, .. } = &case.invitations[0].status else {
            panic!()
        };
        assert_eq!(text.as_ref().map(Text::as_str), Some(REASONS), "{who:?}");
    }
    assert_eq!(
        s.run(Command::RecordNoAnswer {
            participant: p.b,
            as_of: date(2026, 12, 10)
        })
        .unwrap_err(),
        DomainError::NoInvitationAwaiting
    );
}

#[test]
fn shared_reasons_are_joint() {
    let (mut s, p) = Story::family();
    s.run(Command::InviteToMediation {
        participant: p.b,
        answer_by: date(2026, 12, 4),
    })
    .unwrap();
    s.run(Command::AnswerInvitation {
        participant: p.b,
        kind: AnswerKind::OtherTimes,
        text: Some(t("Any weekday after 17:00")),
        shared: true,
    })
    .unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    let amira = fold_for(&s.history, Viewer::Participant(p.a)).unwrap();
    assert!(
        serde_json::to_string(&amira)
            .unwrap()
            .contains("Any weekday after 17:00")
    );
}

#[test]
fn no_answer_is_recorded_once_and_only_after_the_date() {
    let (mut s, p) = Story::family();
    s.run(Command::InviteToMediation {
        participant: p.b,
        answer_by: date(2026, 12, 4),
    })
    .unwrap();
    assert_eq!(lapsed_by(&s.state, date(2026, 12, 4)), vec![]);
    assert_eq!(
        s.run(Command::RecordNoAnswer {
            participant: p.b,
            as_of: date(2026, 12, 4)
        })
        .unwrap_err()
        .code(),
        "invitation-not-due"
    );
    assert_eq!(lapsed_by(&s.state, date(2026, 12, 5)), vec![p.b]);
    s.run(Command::RecordNoAnswer {
        participant: p.b,
        as_of: date(2026, 12, 5),
    })
    .unwrap();
    assert_eq!(s.last().audience, Audience::Everyone);
    assert!(lapsed_by(&s.state, date(2026, 12, 5)).is_empty());
    assert_eq!(
        s.run(Command::RecordNoAnswer {
            participant: p.b,
            as_of: date(2026, 12, 6)
        })
        .unwrap_err(),
        DomainError::NoInvitationAwaiting
    );
    // An answer after the lapse is refused; a new invitation may then be sent.
    assert!(
        s.run(Command::AnswerInvitation {
            participant: p.b,
            kind: AnswerKind::Accept,
            text: None,
            shared: false,
        })
        .is_err()
    );
    s.run(Command::InviteToMediation {
        participant: p.b,
        answer_by: date(2026, 12, 18),
    })
    .unwrap();
}

#[test]
fn the_date_to_answer_by_is_in_the_invitees_and_the_mediators_lists_and_reminders() {
    let (mut s, p) = Story::family();
    s.run(Command::InviteToMediation {
        participant: p.b,
        answer_by: date(2026, 12, 4),
    })
    .unwrap();
    let answers = |whose| {
        due(&s.state, whose, today())
            .into_iter()
            .filter(|i| i.kind == DueKind::InvitationAnswer)
            .count()
    };
    assert_eq!(answers(DueFor::Mediator), 1);
    assert_eq!(
        answers(DueFor::Participant {
            me: p.sam,
            party: p.b
        }),
        1
    );
    assert_eq!(
        answers(DueFor::Participant {
            me: p.a,
            party: p.a
        }),
        0
    );
    assert_eq!(answers(DueFor::Coordinator), 0);
    let reminders: Vec<_> = planned(&s.state, &LeadTimes::default(), s.at)
        .into_iter()
        .filter(|r| r.key.starts_with("deadline:invitation:"))
        .collect();
    assert_eq!(reminders.len(), 3, "{reminders:#?}");
    assert!(
        reminders
            .iter()
            .all(|r| r.audience == Audience::PartyAndMediator { party: p.b })
    );
}

#[test]
fn an_invitation_cannot_ask_for_an_answer_by_a_day_past_nor_come_again_after_an_acceptance() {
    let (mut s, p) = Story::family();
    // 7 December 2026, 23:30 UTC is still the 7th in London: the 7th may be asked for, the
    // 6th may not.
    let now: jiff::Timestamp = "2026-12-07T23:30:00Z".parse().unwrap();
    let invite = |on| Command::InviteToMediation {
        participant: p.b,
        answer_by: on,
    };
    let refused = decide_on(&s.state, invite(date(2026, 12, 6)), now).unwrap_err();
    assert_eq!(refused.field(), Some("answer_by"), "{refused}");
    assert!(refused.to_string().contains("has passed"), "{refused}");
    assert!(decide_on(&s.state, invite(date(2026, 12, 7)), now).is_ok());
    s.run(invite(date(2026, 12, 18))).unwrap();
    s.run(Command::AnswerInvitation {
        participant: p.b,
        kind: AnswerKind::Accept,
        text: None,
        shared: false,
    })
    .unwrap();
    assert_eq!(
        s.run(invite(date(2026, 12, 28))).unwrap_err(),
        DomainError::InvitationAccepted
    );
    // After a decline, the mediator may invite again (a new date, after a change).
    let (mut s, p) = Story::family();
    s.run(Command::InviteToMediation {
        participant: p.b,
        answer_by: date(2026, 12, 18),
    })
    .unwrap();
    s.run(Command::AnswerInvitation {
        participant: p.b,
        kind: AnswerKind::Decline,
        text: Some(t(REASONS)),
        shared: false,
    })
    .unwrap();
    assert!(
        s.run(Command::InviteToMediation {
            participant: p.b,
            answer_by: date(2027, 1, 8)
        })
        .is_ok()
    );
}
