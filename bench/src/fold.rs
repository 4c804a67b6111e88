//! Load + fold of one large case for a party viewer, on SQLite and optionally PostgreSQL.

use crate::report::{ms, percentile, verdict};
use crate::writer::{Writer, note, participant, text};
use accord_core::case::vocabulary::{Outcome, Role, SessionFormat, TermState};
use accord_core::case::{Actor, Audience, CaseView, Command, Recorded, Viewer, view};
use accord_core::ids::{IssueId, ParticipantId, SessionId};
use accord_server::cases::Cases;
use accord_store::{Create, DatabaseUrl, Store};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

/// Untimed runs first, so the timed ones see warm caches as a running server would.
const WARM_UP: usize = 3;

pub fn run(
    events: u64,
    iterations: usize,
    postgres: Option<&str>,
    dir: &Path,
) -> anyhow::Result<String> {
    let (case, party) = build(events)?;
    let mut out = format!(
        "\n## Load + fold of a {}-event case for a party viewer\n\n\
         Each run: `Cases::history(case)` → `case::view(&history, Viewer::Participant(party_a))`, \
         then the view is freed. \
         {iterations} timed runs after {WARM_UP} untimed ones. Target: p99 total < 20 ms.\n",
        case.seq()
    );
    let tmp = tempfile::tempdir_in(dir)?;
    let sqlite = DatabaseUrl::Sqlite {
        path: tmp.path().join("accord.db"),
    };
    out += &measure("SQLite", &sqlite, &case, party, iterations)?;
    if let Some(admin) = postgres {
        let db = accord_store::scratch::ScratchDatabase::create(admin)?;
        out += &measure(
            "PostgreSQL",
            &DatabaseUrl::parse(&db.url())?,
            &case,
            party,
            iterations,
        )?;
    }
    Ok(out)
}

/// A case with two parties, a mediator and `events` events, decided in memory (not stored).
/// Of every 100 events: an issue added and one agreed, a session scheduled, held and given
/// an outcome, and notes for the rest, their audiences rotating over everyone, party A and
/// the mediator, party B and the mediator, and the mediator only.
pub(crate) fn build(events: u64) -> anyhow::Result<(Writer, ParticipantId)> {
    let mut w = Writer::opened()?;
    let (a, b, m) = (
        ParticipantId::new_v7(),
        ParticipantId::new_v7(),
        ParticipantId::new_v7(),
    );
    w.decide(participant(a, "Alex Party", Role::Party)?)?;
    w.decide(participant(b, "Blair Party", Role::Party)?)?;
    w.decide(participant(m, "Morgan Mediator", Role::Mediator)?)?;
    let (mut issue, mut session) = (IssueId::new_v7(), None);
    let mut i = 0;
    while w.seq() < events {
        let cmd = match i % 100 {
            0 => {
                issue = IssueId::new_v7();
                Command::AddIssue {
                    issue,
                    title: text(&format!("Issue {i}: the hedge and the fence"))?,
                    description: Some(text("Who pays, and by when.")?),
                }
            }
            50 => Command::SetIssueState {
                issue,
                state: TermState::AgreedFinal,
                reason: Some(text("Agreed in session.")?),
            },
            20 => {
                let id = SessionId::new_v7();
                session = Some(id);
                Command::ScheduleSession {
                    session: id,
                    starts_at: jiff::Timestamp::now(),
                    format: SessionFormat::Joint,
                    agenda: vec![issue],
                    override_reason: None,
                }
            }
            21 => Command::RecordSessionHeld {
                session: session.expect("scheduled at 20"),
                held_on: jiff::civil::date(2025, 6, 2),
                format: SessionFormat::Joint,
                attendees: vec![a, b, m],
            },
            22 => Command::RecordOutcome {
                session: session.expect("scheduled at 20"),
                outcome: Outcome::PartialAgreement,
                summary: Some(text("Fence agreed; hedge still open.")?),
            },
            n => {
                let audience = match n % 4 {
                    0 => Audience::Everyone,
                    1 => Audience::PartyAndMediator { party: a },
                    2 => Audience::PartyAndMediator { party: b },
                    _ => Audience::MediatorOnly,
                };
                note(i, audience, session.filter(|_| n % 3 == 0))?
            }
        };
        w.decide(cmd)?;
        i += 1;
    }
    Ok((w, a))
}

/// How the server holds the case between requests.
#[derive(Clone, Copy)]
enum Mode {
    /// No history cache: every read loads and parses the whole case.
    Cold,
    /// The history cache is warm and another server appends one event before each read, so
    /// each read fetches and parses the new event and folds the whole history.
    Warm,
}

/// Stores the case in a fresh database at `url` (one batch) and times load + fold of the
/// party's view, as the server shows a case: `Cases::history`, then `case::view`.
fn measure(
    backend: &str,
    url: &DatabaseUrl,
    case: &Writer,
    party: ParticipantId,
    iterations: usize,
) -> anyhow::Result<String> {
    let store = Store::open(url, Create::IfMissing)?;
    let raws: Vec<_> = case.pending.iter().map(Recorded::to_raw).collect();
    store.append(0, &raws, &case.metadata())?;
    drop(raws);

    let mut out = format!("\n### {backend}\n");
    for mode in [Mode::Cold, Mode::Warm] {
        let cases = match mode {
            Mode::Cold => Cases::with_cache(store.clone(), 0),
            Mode::Warm => Cases::new(store.clone()),
        };
        // Appends come from another server process sharing the database, so every read has
        // to find and parse the new event itself.
        let other_server = Cases::with_cache(store.clone(), 0);
        let actor = Actor::Operator {
            name: "Morgan Mediator".into(),
        };
        let viewer = Viewer::Participant(party);
        let mut phases: [Vec<Duration>; 4] = Default::default();
        let mut seen = (0, 0, 0);
        for i in 0..WARM_UP + iterations {
            if let Mode::Warm = mode {
                other_server.execute(case.id, note(i as u64, Audience::Everyone, None)?, &actor)?;
            }
            let t0 = Instant::now();
            let history = cases.history(case.id)?;
            let t1 = Instant::now();
            let shown = black_box(view(&history, viewer)?);
            let t2 = Instant::now();
            if let (0, CaseView::Content { case: folded, .. }) = (i, &shown) {
                seen = (
                    visible_to(&history, party),
                    history.len(),
                    folded.notes.len(),
                );
            }
            drop((history, shown));
            let t3 = Instant::now();
            if i >= WARM_UP {
                for (phase, d) in phases.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t3 - t0]) {
                    phase.push(d);
                }
            }
        }
        for p in &mut phases {
            p.sort();
        }
        let (title, load) = match mode {
            Mode::Cold => (
                "Cold: no history cache, every read loads and parses the whole case",
                "load (`Cases::history`: SQL read + parse of every event)",
            ),
            Mode::Warm => (
                "As the server runs: history cache warm, another server appends one event before each read",
                "load (`Cases::history`: SQL read + parse of the new event)",
            ),
        };
        let names = [
            load,
            "fold (`case::view`)",
            "free (drop the view)",
            "**total**",
        ];
        out += &format!(
            "\n#### {title}\n\nParty A sees {} of {} events ({} notes in its view).\n\n\
             | phase | median ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: |\n",
            seen.0, seen.1, seen.2
        );
        for (name, p) in names.iter().zip(&phases) {
            out += &format!(
                "| {name} | {} | {} | {} |\n",
                ms(percentile(p, 50.0)),
                ms(percentile(p, 99.0)),
                ms(percentile(p, 100.0))
            );
        }
        let p99 = percentile(&phases[3], 99.0);
        out += &format!(
            "\nTarget p99 total < 20 ms: {} ({} ms).\n",
            verdict(p99 < Duration::from_millis(20)),
            ms(p99)
        );
    }
    Ok(out)
}

/// How many events of `history` a party may see.
fn visible_to(history: &[Recorded], party: ParticipantId) -> usize {
    history
        .iter()
        .filter(|r| match r.audience {
            Audience::Everyone => true,
            Audience::PartyAndMediator { party: p } | Audience::PartyAlone { party: p } => {
                p == party
            }
            Audience::MediatorOnly => false,
        })
        .count()
}
