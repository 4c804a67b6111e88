//! Safety screening: who folds it, what it rules out, overrides, pauses and safe contacts.

use super::permissions::participant_may_run;
use super::safety::*;
use super::test_story::*;
use super::view::{Viewer, fold_for};
use super::vocabulary::SessionFormat;
use super::*;
use crate::error::DomainError;
use crate::ids::{ParticipantId, SessionId};
use strum::IntoEnumIterator;

const FEAR: &str = "Afraid of Ben since the incident in March";

fn answer(concern: Concern, detail: Option<&str>) -> Answer {
    Answer {
        concern,
        detail: detail.map(t),
    }
}

fn screening(
    judgement: Judgement,
    adaptations: Vec<Adaptation>,
    reason: Option<&str>,
) -> Screening {
    let no = || answer(Concern::No, None);
    Screening {
        answers: Answers {
            abuse: answer(Concern::Yes, Some("Coercive control alleged")),
            threats: no(),
            fear: answer(Concern::Yes, Some(FEAR)),
            child_protection: no(),
            power_imbalance: answer(Concern::Unsure, None),
            capacity: no(),
        },
        judgement,
        adaptations,
        reason: reason.map(t),
    }
}

fn screen(s: &mut Story, party: ParticipantId, adaptations: Vec<Adaptation>) {
    let judgement = if adaptations.is_empty() {
        Judgement::Suitable
    } else {
        Judgement::SuitableWithAdaptations
    };
    s.run(Command::RecordScreening {
        party,
        screening: screening(judgement, adaptations, None),
    })
    .unwrap();
}

fn schedule(s: &mut Story, format: SessionFormat, reason: Option<&str>) -> Result<(), DomainError> {
    s.run(Command::ScheduleSession {
        session: SessionId::new_v7(),
        starts_at: start(),
        format,
        agenda: vec![],
        override_reason: reason.map(t),
    })
}

#[test]
fn a_shuttle_only_case_refuses_a_joint_session_and_takes_one_with_an_override_and_a_reason() {
    let (mut s, p) = Story::family();
    screen(&mut s, p.a, vec![Adaptation::ShuttleOnly]);
    let before = s.history.len();

    let refused = schedule(&mut s, SessionFormat::Joint, None).unwrap_err();
    assert_eq!(refused.code(), "safety-adaptation");
    assert_eq!(refused.field(), Some("override_reason"));
    assert!(refused.to_string().contains("shuttle only"), "{refused}");
    assert_eq!(s.history.len(), before, "a refusal writes nothing");

    schedule(&mut s, SessionFormat::Caucus, None).unwrap();
    let refused = schedule(&mut s, SessionFormat::Caucus, Some("just in case")).unwrap_err();
    assert_eq!(refused, DomainError::NothingToOverride);

    let reason = "Both parties asked for one joint closing session, with separate waiting rooms";
    schedule(&mut s, SessionFormat::Joint, Some(reason)).unwrap();
    let [scheduled, overridden] = &s.history[s.history.len() - 2..] else {
        unreachable!()
    };
    assert_eq!(scheduled.audience, Audience::Everyone);
    assert!(matches!(scheduled.event, Event::SessionScheduled { .. }));
    assert_eq!(overridden.audience, Audience::MediatorOnly);
    let Event::AdaptationsOverridden {
        format,
        overridden: what,
        reason: why,
        ..
    } = &overridden.event
    else {
        panic!("{:?}", overridden.event)
    };
    assert_eq!(*format, SessionFormat::Joint);
    assert_eq!(what, &["shuttle only: caucus sessions only".to_owned()]);
    assert_eq!(why.as_str(), reason);

    // Ben sees two sessions and nothing of why the second is joint.
    let ben = fold_for(&s.history, Viewer::Participant(p.b)).unwrap();
    assert_eq!(ben.sessions.len(), 2);
    assert!(ben.safety.overrides.is_empty() && ben.safety.adaptations.is_empty());
    let mediator = fold_for(&s.history, Viewer::Mediator).unwrap();
    assert_eq!(mediator.safety.overrides.len(), 1);
}

#[test]
fn each_adaptation_rules_out_exactly_its_formats() {
    use SessionFormat::*;
    let allowed = |adaptation| {
        let (mut s, p) = Story::family();
        screen(&mut s, p.b, vec![adaptation]);
        SessionFormat::iter()
            .filter(|f| s.state.safety.ruled_out(*f).is_empty())
            .collect::<Vec<_>>()
    };
    assert_eq!(allowed(Adaptation::ShuttleOnly), vec![Caucus]);
    assert_eq!(allowed(Adaptation::OnlineOnly), vec![Caucus, Online]);
    assert_eq!(
        allowed(Adaptation::SeparateArrival),
        vec![Caucus, Online, SeparateArrival]
    );
    assert_eq!(allowed(Adaptation::SupportPerson).len(), 5);

    // Not suitable: every format needs an override.
    let (mut s, p) = Story::family();
    s.run(Command::RecordScreening {
        party: p.a,
        screening: screening(Judgement::NotSuitable, vec![], Some("Ongoing fear")),
    })
    .unwrap();
    for format in SessionFormat::iter() {
        assert_eq!(
            schedule(&mut s, format, None).unwrap_err().code(),
            "safety-adaptation"
        );
    }
    assert_eq!(s.state.safety.not_suitable_for, vec![p.a]);
}

#[test]
fn a_screening_is_folded_by_the_mediator_alone_and_never_carried_in_a_view() {
    let (mut s, p) = Story::family();
    screen(
        &mut s,
        p.a,
        vec![Adaptation::ShuttleOnly, Adaptation::SupportPerson],
    );
    assert_eq!(s.last().audience, Audience::MediatorOnly);

    let mediator = fold_for(&s.history, Viewer::Mediator).unwrap();
    assert_eq!(mediator.safety.screened, vec![p.a]);
    assert_eq!(
        mediator.safety.adaptations,
        vec![Adaptation::ShuttleOnly, Adaptation::SupportPerson]
    );
    assert_eq!(
        super::sensitive::in_case(&mediator)
            .into_iter()
            .filter(|r| matches!(r, super::sensitive::SensitiveRecord::Screening { .. }))
            .count(),
        1
    );
    for viewer in [
        Viewer::Participant(p.a),
        Viewer::Participant(p.lee),
        Viewer::Participant(p.b),
        Viewer::Participant(p.sam),
        Viewer::Coordinator,
    ] {
        let case = fold_for(&s.history, viewer).unwrap();
        assert_eq!(case.safety, Safety::default(), "{viewer:?}");
    }
    // What the API and the pages render of the mediator's view has no answers in it.
    let (shown, _) = mediator.with_latest_notes(50);
    assert!(shown.safety.screenings.is_empty());
    let json = serde_json::to_string(&mediator).unwrap();
    assert!(!json.contains(FEAR), "{json}");
    assert!(json.contains("shuttle-only"));
}

#[test]
fn the_latest_screening_of_each_party_decides_what_is_in_force() {
    let (mut s, p) = Story::family();
    screen(&mut s, p.a, vec![Adaptation::ShuttleOnly]);
    screen(&mut s, p.b, vec![Adaptation::OnlineOnly]);
    assert_eq!(
        s.state.safety.adaptations,
        vec![Adaptation::ShuttleOnly, Adaptation::OnlineOnly]
    );
    screen(&mut s, p.a, vec![]);
    assert_eq!(s.state.safety.adaptations, vec![Adaptation::OnlineOnly]);
    assert_eq!(s.state.safety.screenings.len(), 3, "every version is kept");
    assert_eq!(s.state.safety.latest().len(), 2);
}

#[test]
fn a_joint_session_scheduled_before_the_screening_is_flagged() {
    let (mut s, p) = Story::family();
    schedule(&mut s, SessionFormat::Joint, None).unwrap();
    schedule(&mut s, SessionFormat::Caucus, None).unwrap();
    screen(&mut s, p.b, vec![Adaptation::ShuttleOnly]);
    let joint = s.state.sessions[0].id;
    assert_eq!(s.state.safety.conflicting_sessions(&s.state), vec![joint]);
    // One scheduled with an override is not flagged: the mediator decided it.
    schedule(
        &mut s,
        SessionFormat::Joint,
        Some("A joint closing session"),
    )
    .unwrap();
    assert_eq!(s.state.safety.conflicting_sessions(&s.state), vec![joint]);
}

#[test]
fn a_judgement_must_match_its_adaptations_and_a_refusal_give_its_reason() {
    let (mut s, p) = Story::family();
    let mut try_it = |j, a, r| {
        s.run(Command::RecordScreening {
            party: p.a,
            screening: screening(j, a, r),
        })
    };
    let err = try_it(Judgement::Suitable, vec![Adaptation::ShuttleOnly], None).unwrap_err();
    assert_eq!(err.field(), Some("adaptations"));
    let err = try_it(Judgement::SuitableWithAdaptations, vec![], None).unwrap_err();
    assert_eq!(err.field(), Some("adaptations"));
    let twice = vec![Adaptation::ShuttleOnly, Adaptation::ShuttleOnly];
    let err = try_it(Judgement::SuitableWithAdaptations, twice, None).unwrap_err();
    assert_eq!(err.field(), Some("adaptations"));
    let err = try_it(Judgement::NotSuitable, vec![], None).unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    // Only a party is screened.
    let err = s
        .run(Command::RecordScreening {
            party: p.lee,
            screening: screening(Judgement::Suitable, vec![], None),
        })
        .unwrap_err();
    assert_eq!(err, DomainError::NotAParty(p.lee));
}

#[test]
fn a_pause_tells_the_parties_only_that_the_case_is_paused_and_stops_scheduling() {
    let (mut s, p) = Story::family();
    let reason = "Police involvement reported by Amira on 2 December";
    s.run(Command::PauseCase { reason: t(reason) }).unwrap();
    let [paused, why] = &s.history[s.history.len() - 2..] else {
        unreachable!()
    };
    assert_eq!(
        (paused.audience, why.audience),
        (Audience::Everyone, Audience::MediatorOnly)
    );
    let ben = fold_for(&s.history, Viewer::Participant(p.b)).unwrap();
    assert!(ben.safety.paused_since.is_some());
    assert!(!serde_json::to_string(&ben).unwrap().contains("Police"));
    assert_eq!(
        schedule(&mut s, SessionFormat::Caucus, None).unwrap_err(),
        DomainError::CasePaused
    );
    assert_eq!(
        s.run(Command::PauseCase { reason: t("again") })
            .unwrap_err(),
        DomainError::AlreadyPaused
    );
    s.run(Command::ResumeCase {
        reason: t("Safety plan agreed"),
    })
    .unwrap();
    schedule(&mut s, SessionFormat::Caucus, None).unwrap();
    assert_eq!(
        s.run(Command::ResumeCase { reason: t("again") })
            .unwrap_err(),
        DomainError::NotPaused
    );
    let pauses = &s.state.safety.pauses;
    assert_eq!(pauses.len(), 2);
    assert_eq!(pauses[0].reason.as_str(), reason);
}

#[test]
fn a_safe_contact_is_its_partys_and_the_mediators_only() {
    let (mut s, p) = Story::family();
    let contact = SafeContact {
        channel: ContactChannel::Phone,
        detail: Some(t("07700 900123 (work mobile)")),
        times: Some(t("weekdays 10:00 to 14:00")),
        may_name_service: false,
    };
    let give = Command::GiveSafeContact {
        party: p.a,
        contact: contact.clone(),
    };
    // Amira and her lawyer may give it; Ben and Ben's support person may not.
    assert!(participant_may_run(&s.state, p.a, &give).is_ok());
    assert!(participant_may_run(&s.state, p.lee, &give).is_ok());
    assert!(participant_may_run(&s.state, p.b, &give).is_err());
    assert!(participant_may_run(&s.state, p.sam, &give).is_err());
    s.run(give).unwrap();
    assert_eq!(s.last().audience, Audience::PartyAndMediator { party: p.a });

    let amira = fold_for(&s.history, Viewer::Participant(p.lee)).unwrap();
    assert_eq!(amira.safety.safe_contact(p.a), Some(&contact));
    let ben = fold_for(&s.history, Viewer::Participant(p.b)).unwrap();
    assert_eq!(ben.safety.safe_contact(p.a), None);
    assert!(!serde_json::to_string(&ben).unwrap().contains("07700"));
}

#[test]
fn a_screening_addressed_to_anyone_but_the_mediator_does_not_fit() {
    let (mut s, p) = Story::family();
    screen(&mut s, p.a, vec![Adaptation::ShuttleOnly]);
    let event = &s.last().event;
    assert!(event.fits(Audience::MediatorOnly));
    for audience in [
        Audience::Everyone,
        Audience::PartyAndMediator { party: p.a },
        Audience::PartyAlone { party: p.a },
    ] {
        assert!(!event.fits(audience), "{audience}");
    }
}

#[test]
fn erasing_a_party_erases_what_its_screening_and_safe_contact_say() {
    let (mut s, p) = Story::family();
    screen(&mut s, p.a, vec![Adaptation::ShuttleOnly]);
    let subject = super::redact::Subject {
        participant: p.a,
        name: "Amira Ahmed".into(),
        actors: vec![],
    };
    let redacted = super::redact::redact(&s.last().event, &s.last().actor, &subject).unwrap();
    let Event::ScreeningRecorded { screening, .. } = redacted else {
        panic!()
    };
    assert_eq!(
        screening.answers.fear.detail.as_ref().unwrap().as_str(),
        super::redact::ERASED
    );
    assert_eq!(
        screening.answers.fear.concern,
        Concern::Yes,
        "the facts stay"
    );
    assert_eq!(screening.adaptations, vec![Adaptation::ShuttleOnly]);
}
