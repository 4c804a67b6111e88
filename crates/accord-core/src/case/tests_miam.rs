//! A party's MIAM: attendance, assessment, the confirmation and its expiry on the clock; the
//! FM5's date before the first hearing.

use super::deadline::{DeadlineKind, DueRule};
use super::due::{DueFor, DueKind, due};
use super::miam_record::*;
use super::reminders::{LeadTimes, planned};
use super::test_story::*;
use super::view::{Viewer, fold_for};
use super::vocabulary::DisputeType;
use super::*;
use crate::error::DomainError;
use crate::ids::{DeadlineId, ParticipantId};
use jiff::civil::date;

fn attendance(on: jiff::civil::Date, assessment: MiamAssessment) -> MiamAttendance {
    MiamAttendance {
        attended_on: on,
        minutes: 50,
        mediator: t("Maya Patel"),
        fmc_number: t("FMC-1234"),
        online: true,
        jointly: false,
        assessment,
        reason: None,
    }
}

fn attend(s: &mut Story, party: ParticipantId, on: jiff::civil::Date) {
    s.run(Command::RecordMiam {
        party,
        attendance: attendance(on, MiamAssessment::OtherPartyDeclined),
    })
    .unwrap();
}

#[test]
fn a_confirmation_expires_four_months_after_the_miam_the_month_end_clamped() {
    assert_eq!(expiry(date(2026, 12, 1)), date(2027, 4, 1));
    assert_eq!(expiry(date(2026, 10, 31)), date(2027, 2, 28));
    assert_eq!(expiry(date(2027, 10, 31)), date(2028, 2, 29));
    assert_eq!(expiry(date(2026, 8, 31)), date(2026, 12, 31));
}

#[test]
fn a_partys_miam_and_its_confirmation_are_for_it_and_the_mediator_alone() {
    let (mut s, p) = Story::family();
    assert_eq!(
        s.run(Command::IssueMiamConfirmation { party: p.a })
            .unwrap_err(),
        DomainError::NoMiam
    );
    attend(&mut s, p.a, date(2026, 11, 20));
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });
    s.run(Command::IssueMiamConfirmation { party: p.a })
        .unwrap();
    assert_eq!(
        s.run(Command::IssueMiamConfirmation { party: p.a })
            .unwrap_err(),
        DomainError::MiamAlreadyConfirmed
    );
    let amira = fold_for(&s.history, Viewer::Participant(p.lee)).unwrap();
    let c = amira.miam[0].confirmation.as_ref().unwrap();
    assert_eq!(
        (c.attended_on, c.expires_on),
        (date(2026, 11, 20), date(2027, 3, 20))
    );
    assert_eq!(c.assessment, MiamAssessment::OtherPartyDeclined);
    assert_eq!(c.fmc_number.as_str(), "FMC-1234");
    for other in [
        Viewer::Participant(p.b),
        Viewer::Participant(p.sam),
        Viewer::Coordinator,
    ] {
        assert!(
            fold_for(&s.history, other).unwrap().miam.is_empty(),
            "{other:?}"
        );
    }
    // A new attendance replaces the old, and may be confirmed in its turn.
    attend(&mut s, p.a, date(2027, 1, 5));
    assert!(s.state.miam[0].confirmation.is_none());
    s.run(Command::IssueMiamConfirmation { party: p.a })
        .unwrap();
}

#[test]
fn a_miam_is_refused_outside_family_cases_in_england_and_wales_and_without_what_it_needs() {
    let (mut s, p) = Story::family();
    let mut bad = attendance(date(2026, 11, 20), MiamAssessment::NotSuitable);
    let err = s
        .run(Command::RecordMiam {
            party: p.a,
            attendance: bad.clone(),
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    bad.reason = Some(t("Domestic abuse disclosed"));
    bad.minutes = 0;
    let err = s
        .run(Command::RecordMiam {
            party: p.a,
            attendance: bad,
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("minutes"));
    let err = s
        .run(Command::RecordMiam {
            party: p.lee,
            attendance: attendance(date(2026, 11, 20), MiamAssessment::Suitable),
        })
        .unwrap_err();
    assert_eq!(err, DomainError::NotAParty(p.lee));

    let mut work = Story::opened();
    let people = work.people();
    let Some(profile) = work.state.profile.as_mut() else {
        unreachable!()
    };
    profile.dispute_type = DisputeType::Workplace;
    let err = work
        .run(Command::RecordMiam {
            party: people.a,
            attendance: attendance(date(2026, 11, 20), MiamAssessment::Suitable),
        })
        .unwrap_err();
    assert_eq!(err, DomainError::MiamNotApplicable);
}

#[test]
fn the_expiry_is_on_the_clock_of_its_party_and_the_mediator_only() {
    let (mut s, p) = Story::family();
    attend(&mut s, p.a, date(2026, 11, 20));
    s.run(Command::IssueMiamConfirmation { party: p.a })
        .unwrap();
    let expiring = |whose| {
        due(&s.state, whose, today())
            .into_iter()
            .filter(|i| i.kind == DueKind::MiamExpires)
            .map(|i| i.due_on)
            .collect::<Vec<_>>()
    };
    let on = vec![date(2027, 3, 20)];
    assert_eq!(expiring(DueFor::Mediator), on);
    assert_eq!(
        expiring(DueFor::Participant {
            me: p.lee,
            party: p.a
        }),
        on
    );
    assert!(
        expiring(DueFor::Participant {
            me: p.b,
            party: p.b
        })
        .is_empty()
    );
    assert!(expiring(DueFor::Coordinator).is_empty());

    // Reminders at the deadlines' lead days, to Amira's side and the mediator.
    let reminders: Vec<_> = planned(&s.state, &LeadTimes::default(), s.at)
        .into_iter()
        .filter(|r| r.key.starts_with("deadline:miam:"))
        .collect();
    assert_eq!(reminders.len(), 3, "{reminders:#?}");
    for r in &reminders {
        assert_eq!(r.audience, Audience::PartyAndMediator { party: p.a });
        assert!(r.subject.contains("Amira Ahmed") && r.body.contains("2027-03-20"));
        assert!(!r.body.contains("Ben"), "{}", r.body);
    }
}

#[test]
fn the_fm5_is_due_seven_days_before_the_first_hearing_for_everyone() {
    let (mut s, _) = Story::family();
    for (on, kind) in [
        (date(2027, 2, 15), DeadlineKind::CourtHearing),
        (date(2027, 1, 20), DeadlineKind::CourtHearing),
        (date(2027, 1, 4), DeadlineKind::FilingDeadline),
    ] {
        s.run(Command::SetDeadline {
            deadline: DeadlineId::new_v7(),
            kind,
            label: t("Hearing"),
            rule: DueRule::Fixed { on },
        })
        .unwrap();
    }
    let fm5 = |whose| {
        due(&s.state, whose, today())
            .into_iter()
            .filter(|i| i.kind == DueKind::Fm5)
            .map(|i| i.due_on)
            .collect::<Vec<_>>()
    };
    assert_eq!(fm5(DueFor::Mediator), vec![date(2027, 1, 13)]);
    assert_eq!(fm5(DueFor::Coordinator), vec![date(2027, 1, 13)]);
}

#[test]
fn a_miam_in_the_future_is_refused_on_its_day_field() {
    let (s, p) = Story::family();
    let now: jiff::Timestamp = "2026-12-07T12:00:00Z".parse().unwrap();
    let record = |on| Command::RecordMiam {
        party: p.a,
        attendance: attendance(on, MiamAssessment::Suitable),
    };
    let refused =
        super::decide_on(&s.state, record(jiff::civil::date(2026, 12, 8)), now).unwrap_err();
    assert_eq!(refused.field(), Some("attended_on"), "{refused}");
    assert!(super::decide_on(&s.state, record(jiff::civil::date(2026, 12, 7)), now).is_ok());
}

#[test]
fn why_a_miam_was_not_suitable_is_the_mediators_alone() {
    let (mut s, p) = Story::family();
    let mut not_suitable = attendance(date(2026, 11, 20), MiamAssessment::NotSuitable);
    not_suitable.reason = Some(t("Domestic abuse disclosed by the other party"));
    s.run(Command::RecordMiam {
        party: p.a,
        attendance: not_suitable,
    })
    .unwrap();
    assert_eq!(s.last().audience, Audience::MediatorOnly);
    let reason = |viewer| {
        fold_for(&s.history, viewer).unwrap().miam[0]
            .attendance
            .reason
            .as_ref()
            .map(|r| r.to_string())
    };
    assert_eq!(
        reason(Viewer::Mediator).as_deref(),
        Some("Domestic abuse disclosed by the other party")
    );
    // The party reads that it was not suitable, not why.
    let amira = fold_for(&s.history, Viewer::Participant(p.a)).unwrap();
    assert_eq!(
        amira.miam[0].attendance.assessment,
        MiamAssessment::NotSuitable
    );
    assert_eq!(reason(Viewer::Participant(p.a)), None);
}
