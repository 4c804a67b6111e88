//! Side channels: what a viewer can learn about a case besides its view — the version it
//! sends back, the list row (dates, counts) — depends only on the events it may see. Each
//! property runs a random history twice, with and without events hidden from the viewer, and
//! compares what the viewer is told.

use super::*;
use crate::chain::{self, Head};
use crate::ids::*;
use crate::text::Text;
use crate::time_zone::TimeZoneName;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use vocabulary::*;

struct Script {
    id: CaseId,
    history: Vec<Recorded>,
    state: Case,
}

fn text(s: &str) -> Text {
    Text::paragraph("text", s, 20_000).unwrap()
}

/// Minute `n` of the test's day: each step of a history happens at its own time.
fn at(n: usize) -> Timestamp {
    "2026-11-23T10:00:00Z".parse::<Timestamp>().unwrap() + SignedDuration::from_mins(n as i64)
}

impl Script {
    fn opened(id: CaseId) -> Self {
        let mut s = Self {
            id,
            history: vec![],
            state: Case::default(),
        };
        s.run(
            at(0),
            Command::OpenCase {
                case: id,
                title: text("Ahmed and Brown"),
                dispute_type: DisputeType::ChildArrangements,
                jurisdiction: Jurisdiction::EnglandWales,
                time_zone: TimeZoneName::parse("Europe/London").unwrap(),
                court_ordered: false,
                contract_clause: None,
                court_reference: None,
            },
        );
        s
    }

    fn run(&mut self, now: Timestamp, cmd: Command) {
        let events = decide(&self.state, cmd).unwrap();
        let head = self.state.head.unwrap_or(Head::EMPTY);
        for r in chain::seal(self.id, head, events, &Actor::System, now) {
            self.state = evolve(std::mem::take(&mut self.state), &r);
            self.history.push(r);
        }
    }

    fn add(&mut self, now: Timestamp, id: ParticipantId, name: &str, role: Role) {
        self.run(
            now,
            Command::AddParticipant {
                participant: id,
                name: text(name),
                role,
                acting_for: None,
                authority_to_settle: true,
            },
        );
    }

    fn note(&mut self, now: Timestamp, body: &str, audience: Audience) {
        self.run(
            now,
            Command::AddNote {
                note: NoteId::new_v7(),
                text: text(body),
                audience,
                about_session: None,
            },
        );
    }
}

/// A step of a random history, seen from party A.
#[derive(Clone, Debug)]
enum Step {
    /// Something A may see: a joint note, an issue, or A's own private note.
    SeenByA(u8),
    /// Something A may not see: B's private note or the mediator's own.
    HiddenFromA(bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0u8..3).prop_map(Step::SeenByA),
        any::<bool>().prop_map(Step::HiddenFromA),
    ]
}

/// The history of `steps`, with or without the steps hidden from A; the same ids and times
/// either way.
fn history(steps: &[Step], with_hidden: bool) -> (Script, ParticipantId) {
    let (a, b) = (
        ParticipantId::from_uuid(uuid::Uuid::from_u128(0xA)),
        ParticipantId::from_uuid(uuid::Uuid::from_u128(0xB)),
    );
    let mut s = Script::opened(CaseId::from_uuid(uuid::Uuid::from_u128(1)));
    s.add(at(1), a, "Amira Ahmed", Role::Party);
    s.add(at(2), b, "Ben Brown", Role::Party);
    for (i, st) in steps.iter().enumerate() {
        let now = at(3 + i);
        match st {
            Step::SeenByA(0) => s.note(now, "joint", Audience::Everyone),
            Step::SeenByA(1) => s.run(
                now,
                Command::AddIssue {
                    issue: IssueId::from_uuid(uuid::Uuid::from_u128(100 + i as u128)),
                    title: text(&format!("issue {i}")),
                    description: None,
                },
            ),
            Step::SeenByA(_) => s.note(now, "mine", Audience::PartyAndMediator { party: a }),
            Step::HiddenFromA(_) if !with_hidden => {}
            Step::HiddenFromA(true) => s.note(now, "b", Audience::PartyAndMediator { party: b }),
            Step::HiddenFromA(false) => s.note(now, "m", Audience::MediatorOnly),
        }
    }
    (s, a)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A's version, and the version after A's own next write, are the same whether or not
    /// others wrote in private meanwhile: a version counts only what A may see.
    #[test]
    fn a_version_counts_only_what_its_viewer_may_see(steps in prop::collection::vec(step(), 0..30)) {
        let (mut with, a) = history(&steps, true);
        let (mut without, _) = history(&steps, false);
        let viewer = Viewer::Participant(a);
        prop_assert_eq!(version_for(&with.history, viewer).unwrap(), version_for(&without.history, viewer).unwrap());
        let last = at(100);
        with.note(last, "after", Audience::PartyAndMediator { party: a });
        without.note(last, "after", Audience::PartyAndMediator { party: a });
        prop_assert_eq!(version_for(&with.history, viewer).unwrap(), version_for(&without.history, viewer).unwrap());
        // The mediator's version counts everything.
        prop_assert_eq!(version_for(&with.history, Viewer::Mediator).unwrap(), with.history.len() as u64);
    }

    /// The list row shown to parties and coordinators is the same with or without private
    /// events, and equals the metadata of the joint fold.
    #[test]
    fn the_shared_list_row_ignores_private_events(steps in prop::collection::vec(step(), 0..30)) {
        let (with, _) = history(&steps, true);
        let (without, a) = history(&steps, false);
        let row = |s: &Script| CaseMetadata::of(&s.state).unwrap().shared();
        prop_assert_eq!(row(&with), row(&without));
        let joint = fold_for(&with.history, Viewer::Coordinator).unwrap();
        prop_assert_eq!(row(&with), CaseMetadata::of(&joint).unwrap().shared());
        // A's own view may show A's own private writes, and nothing else private.
        let mine = |s: &Script| CaseMetadata::of(&fold_for(&s.history, Viewer::Participant(a)).unwrap()).unwrap();
        prop_assert_eq!(mine(&with), mine(&without));
    }

    /// A's timeline — every page of it, its entries, numbers, times and cursors — is the same
    /// whether or not others wrote in private meanwhile.
    #[test]
    fn a_timeline_shows_only_what_its_viewer_may_see(steps in prop::collection::vec(step(), 0..30), limit in 1usize..8) {
        let (with, a) = history(&steps, true);
        let (without, _) = history(&steps, false);
        let viewer = Viewer::Participant(a);
        let pages = |s: &Script| {
            let mut out = vec![];
            let mut before = None;
            loop {
                let page = timeline::timeline(&s.history, viewer, before, limit).unwrap();
                before = page.older;
                out.push(page);
                if before.is_none() {
                    return out;
                }
            }
        };
        let (seen_with, seen_without) = (pages(&with), pages(&without));
        prop_assert_eq!(&seen_with, &seen_without);
        // Every entry A may see, once, newest first.
        let numbers: Vec<u64> = seen_with.iter().flat_map(|p| p.entries.iter().map(|e| e.number)).collect();
        let total = version_for(&with.history, viewer).unwrap();
        prop_assert_eq!(numbers, (1..=total).rev().collect::<Vec<_>>());
    }
}
