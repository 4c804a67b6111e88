//! Any sequence of events, as JSON Lines in the export's envelope: each line that decodes is
//! sealed into a fresh chain (so the fuzzer need not forge hashes) and the case is folded
//! for every viewer, the way reads and the derived read models fold it.

use accord_core::case::court_report::court_report;
use accord_core::case::figures::CaseFigures;
use accord_core::case::memorandum::Memorandum;
use accord_core::case::reminders::LeadTimes;
use accord_core::case::timeline::timeline;
use accord_core::case::{
    Audience, Case, NewEvent, Recorded, Viewer, fold_for, sensitive, version_for, view,
};
use accord_core::chain::{self, Head, verify_chain};
use accord_core::ids::CaseId;
use jiff::Timestamp;

pub fn event_payload(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let decoded: Vec<Recorded> = text
        .lines()
        .filter_map(|line| chain::parse_export_line(line).ok())
        .filter_map(|raw| Recorded::from_raw(&raw).ok())
        // What an import refuses at the door (see `Event::may_be_private`).
        .filter(|r| r.audience == Audience::Everyone || r.event.may_be_private())
        .collect();
    if decoded.is_empty() {
        return;
    }
    let case = CaseId::new_v7();
    let mut history = Vec::with_capacity(decoded.len());
    let mut head = Head::EMPTY;
    for r in decoded {
        let new = NewEvent {
            audience: r.audience,
            event: r.event,
        };
        let sealed = chain::seal(case, head, vec![new], &r.actor, r.recorded_at);
        head = Head {
            seq: sealed[0].seq,
            hash: sealed[0].hash,
        };
        history.extend(sealed);
    }

    // What is sealed reads back as itself and verifies.
    let raws: Vec<_> = history.iter().map(Recorded::to_raw).collect();
    verify_chain(&raws).expect("a sealed chain verifies");
    for (raw, recorded) in raws.iter().zip(&history) {
        let line = chain::export_line(raw).expect("a sealed event exports");
        let again = chain::parse_export_line(&line).expect("an exported line reads back");
        assert_eq!(&again, raw, "an exported event reads back as itself");
        assert_eq!(&Recorded::from_raw(raw).expect("decodes"), recorded);
    }

    let full = Case::fold(&history);
    let joint = fold_for(&history, Viewer::Coordinator).expect("a coordinator may look");
    assert_eq!(
        CaseFigures::of(&full),
        CaseFigures::of(&joint),
        "the figures coordinators see must come from joint facts only"
    );
    let mut viewers = vec![Viewer::Mediator, Viewer::Coordinator];
    viewers.extend(full.participants.iter().map(|p| Viewer::Participant(p.id)));
    for viewer in viewers {
        let Ok(seen) = fold_for(&history, viewer) else {
            continue; // a mediator asked to look as a participant: refused, not a crash
        };
        let version = version_for(&history, viewer).expect("the fold succeeded");
        let page = timeline(&history, viewer, None, 50).expect("the fold succeeded");
        assert!(page.entries.len() as u64 <= version);
        view(&history, viewer).expect("the fold succeeded");
        let _ = Memorandum::of(&seen).to_markdown(Some(1));
        let _ = sensitive::in_case(&seen);
    }
    let _ = court_report(&history);
    let _ = accord_server::read_models::derived(&full, &LeadTimes::default(), Timestamp::now());
}
