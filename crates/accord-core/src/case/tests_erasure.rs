//! Erasing a person (GDPR Art. 17): what reads "[erased]" afterwards, for whom; the chain
//! still verifies, and nothing else can pass for an erasure; a legal hold refuses it.

use super::debrief::{Author, Debrief};
use super::erasure;
use super::test_story::*;
use super::view::Viewer;
use super::*;
use crate::advice::StallReason;
use crate::chain::{self, ChainProblem, Head, RawEvent};
use crate::error::DomainError;
use crate::ids::{NoteId, ParticipantId};
use vocabulary::Outcome;

/// A family case where Amira's words are everywhere: her debrief, position, stall diagnosis,
/// a note she wrote herself, and the mediator's note about her.
fn case_with_amira() -> (Story, People) {
    let (mut s, p) = Story::family();
    let issue = s.issue("Where the children live during the week");
    let session = s.session_ending(&p, Outcome::PartialAgreement);
    s.debrief(
        session,
        Author::Party { party: p.a },
        Debrief {
            dealbreakers: vec![t("I will not move away from my mother")],
            ..Debrief::default()
        },
    )
    .unwrap();
    s.position(issue, p.a, "Weekdays with Amira, near school", false)
        .unwrap();
    s.diagnose(
        Author::Party { party: p.a },
        &[(StallReason::Emotions, "Amira felt rushed")],
        false,
    )
    .unwrap();
    s.note(
        "Amira Ahmed mentioned her new address; Ben Brown was calm.",
        Audience::MediatorOnly,
    );
    run_as(
        &mut s,
        &amira_actor(p.a),
        Command::AddNote {
            note: NoteId::new_v7(),
            text: t("My phone is 07700 900123"),
            audience: Audience::PartyAndMediator { party: p.a },
            about_session: None,
        },
    );
    (s, p)
}

fn amira_actor(a: ParticipantId) -> Actor {
    Actor::Participant { participant: a }
}

fn run_as(s: &mut Story, actor: &Actor, cmd: Command) {
    let events = decide(&s.state, cmd).unwrap();
    let head = s.state.head.unwrap_or(Head::EMPTY);
    for r in chain::seal(s.id, head, events, actor, s.at) {
        s.state = evolve(std::mem::take(&mut s.state), &r);
        s.history.push(r);
    }
}

/// Erases `who` as the application does: payloads rewritten in place, the erasure appended.
fn erase(s: &mut Story, who: ParticipantId, actors: Vec<Actor>) -> Result<(), DomainError> {
    let plan = erasure::plan(&s.state, &s.history, who, actors, t("GDPR Art. 17 request"))?;
    for r in plan.rewritten {
        let at = (r.seq - 1) as usize;
        s.history[at] = r;
    }
    let head = s.state.head.unwrap_or(Head::EMPTY);
    s.history
        .extend(chain::seal(s.id, head, plan.events, &Actor::System, s.at));
    s.state = Case::fold(&s.history);
    Ok(())
}

fn raws(s: &Story) -> Vec<RawEvent> {
    s.history.iter().map(Recorded::to_raw).collect()
}

#[test]
fn an_erased_party_reads_erased_everywhere_and_the_chain_still_verifies() {
    let (mut s, p) = case_with_amira();
    let head = chain::verify_chain(&raws(&s)).unwrap();
    erase(&mut s, p.a, vec![amira_actor(p.a)]).unwrap();

    for viewer in [
        Viewer::Mediator,
        Viewer::Participant(p.a),
        Viewer::Participant(p.lee),
        Viewer::Participant(p.b),
    ] {
        let shown = s.shown(viewer);
        for word in ["Amira", "Ahmed", "mother", "07700", "near school", "rushed"] {
            assert!(!shown.contains(word), "{viewer:?} still sees {word:?}");
        }
        assert!(shown.contains("[erased]"), "{viewer:?} sees no marker");
        // Others' words stay.
        assert!(shown.contains("Ben Brown"), "{viewer:?}");
    }
    let mediator = s.fold(Viewer::Mediator);
    assert_eq!(
        mediator.participant(p.a).unwrap().name.as_str(),
        redact::ERASED
    );
    assert!(
        mediator
            .notes
            .iter()
            .any(|n| n.text.as_str() == "[erased] mentioned her new address; Ben Brown was calm."),
        "{:?}",
        mediator.notes
    );
    assert_eq!(mediator.retention.erasures.len(), 1);
    assert_eq!(s.fold(Viewer::Participant(p.b)).retention.erasures.len(), 1);
    // Same shape: the debrief, position and diagnosis are still there, as markers.
    assert_eq!(mediator.debriefs.len(), 1);
    assert_eq!(
        mediator.debriefs[0].debrief.dealbreakers[0].as_str(),
        "[erased]"
    );

    let after = chain::verify_chain(&raws(&s)).unwrap();
    assert_eq!(
        after.seq,
        head.seq + 3,
        "joint, Amira's own and the mediator's"
    );
    assert_eq!(
        s.history[..head.seq as usize].last().unwrap().hash,
        head.hash,
        "no hash moved"
    );
}

#[test]
fn each_erasure_event_reaches_only_the_audience_of_what_it_lists() {
    let (mut s, p) = case_with_amira();
    let private_digests: Vec<String> = s
        .history
        .iter()
        .filter(|r| r.audience != Audience::Everyone)
        .map(|r| r.payload_digest.to_hex())
        .collect();
    let ben_version_before = view::version_for(&s.history, Viewer::Participant(p.b)).unwrap();
    erase(&mut s, p.a, vec![amira_actor(p.a)]).unwrap();
    let erasures: Vec<&Recorded> = s
        .history
        .iter()
        .filter(|r| matches!(r.event, Event::PayloadsRedacted { .. }))
        .collect();
    let audiences: Vec<Audience> = erasures.iter().map(|r| r.audience).collect();
    assert_eq!(
        audiences,
        [
            Audience::Everyone,
            Audience::PartyAndMediator { party: p.a },
            Audience::MediatorOnly
        ]
    );
    // Ben sees one more event (the joint erasure), and no digest of anything private.
    assert_eq!(
        view::version_for(&s.history, Viewer::Participant(p.b)).unwrap(),
        ben_version_before + 1
    );
    let ben = s.shown(Viewer::Participant(p.b));
    for digest in &private_digests {
        assert!(!ben.contains(digest.as_str()));
    }
}

#[test]
fn only_the_replacement_an_erasure_names_passes_verification() {
    let (mut s, p) = case_with_amira();
    let before = raws(&s);
    erase(&mut s, p.a, vec![amira_actor(p.a)]).unwrap();
    let after = raws(&s);
    let changed = (0..before.len())
        .find(|&i| before[i].payload != after[i].payload)
        .unwrap();

    // The redacted payload without the erasure that vouches for it.
    let mut without = before.clone();
    without[changed].payload = after[changed].payload.clone();
    assert_eq!(
        chain::verify_chain(&without).unwrap_err().problem,
        ChainProblem::PayloadAltered
    );
    // Another text in place of the redacted one.
    let mut forged = after.clone();
    forged[changed].payload = forged[changed].payload.replace("[erased]", "[forged]");
    assert_eq!(
        chain::verify_chain(&forged).unwrap_err().problem,
        ChainProblem::PayloadAltered
    );
    // An altered erasure vouches for nothing.
    let mut altered = after.clone();
    let last = altered.len() - 1;
    altered[last].payload = altered[last].payload.replace("Art. 17", "Art. 18");
    assert!(chain::verify_chain(&altered).is_err());
}

#[test]
fn a_legal_hold_refuses_erasure_with_its_reason_until_it_is_lifted() {
    let (mut s, p) = case_with_amira();
    s.run(Command::CloseCase {
        status: vocabulary::ClosureStatus::Settled,
        summary: None,
    })
    .unwrap();
    s.run(Command::PlaceLegalHold {
        reason: t("Claim 2026-HX-114 pending in the county court"),
    })
    .unwrap();
    assert_eq!(
        s.run(Command::PlaceLegalHold { reason: t("again") }),
        Err(DomainError::LegalHoldAlreadyPlaced(
            "Claim 2026-HX-114 pending in the county court".into()
        ))
    );
    let refused = erase(&mut s, p.a, vec![]).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "the case is under a legal hold (Claim 2026-HX-114 pending in the county court): \
         nothing in it may be erased until the hold is lifted"
    );
    assert_eq!(refused.code(), "legal-hold");
    s.run(Command::LiftLegalHold {
        reason: t("Claim settled"),
    })
    .unwrap();
    assert_eq!(
        s.run(Command::LiftLegalHold { reason: t("again") }),
        Err(DomainError::NoLegalHold)
    );
    erase(&mut s, p.a, vec![]).unwrap();
    assert_eq!(
        erase(&mut s, p.a, vec![]),
        Err(DomainError::AlreadyErased(p.a))
    );
    chain::verify_chain(&raws(&s)).unwrap();
}

#[test]
fn a_name_is_found_as_whole_words_in_any_case_and_nowhere_else() {
    let (mut s, p) = Story::family();
    s.note(
        "AMIRA and amira's lawyer; Amiral Street; Ahmedabad trip",
        Audience::MediatorOnly,
    );
    erase(&mut s, p.a, vec![]).unwrap();
    let notes = s.fold(Viewer::Mediator).notes;
    assert_eq!(
        notes[0].text.as_str(),
        "[erased] and [erased]'s lawyer; Amiral Street; Ahmedabad trip"
    );
}
