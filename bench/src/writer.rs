//! A case written through the real path: `decide` → `chain::seal` → `to_raw` → `Store::append`.

use accord_core::case::vocabulary::{DisputeType, Jurisdiction, Role};
use accord_core::case::{Actor, Audience, Case, CaseMetadata, Command, Recorded, decide, evolve};
use accord_core::chain::{self, Head, RawEvent};
use accord_core::ids::{CaseId, NoteId, ParticipantId, SessionId};
use accord_core::text::Text;
use accord_core::time_zone::TimeZoneName;
use accord_store::Store;

pub struct Writer {
    pub id: CaseId,
    /// The full case, kept in memory as a server holding the case would.
    pub state: Case,
    /// Events decided and sealed but not yet appended.
    pub pending: Vec<Recorded>,
    actor: Actor,
}

impl Writer {
    /// A case decided as opened, not yet stored.
    pub fn opened() -> anyhow::Result<Self> {
        let mut w = Self {
            id: CaseId::new_v7(),
            state: Case::default(),
            pending: Vec::new(),
            actor: Actor::Operator {
                name: "Morgan Mediator".into(),
            },
        };
        w.decide(Command::OpenCase {
            case: w.id,
            title: text("Boundary fence at 12 Elm Road")?,
            dispute_type: DisputeType::NeighbourCommunity,
            jurisdiction: Jurisdiction::EnglandWales,
            time_zone: TimeZoneName::parse("Europe/London")?,
            court_ordered: false,
            contract_clause: None,
            court_reference: None,
        })?;
        Ok(w)
    }

    /// A stored case, from its folded state, to decide more on.
    pub fn resume(id: CaseId, state: Case) -> Self {
        Self {
            id,
            state,
            pending: Vec::new(),
            actor: Actor::Operator {
                name: "Morgan Mediator".into(),
            },
        }
    }

    /// The sequence number of the last event decided.
    pub fn seq(&self) -> u64 {
        self.state.head.unwrap_or(Head::EMPTY).seq
    }

    /// Decides `cmd` on the current state and seals its events after the head into `pending`;
    /// the state moves on to include them.
    pub fn decide(&mut self, cmd: Command) -> anyhow::Result<()> {
        let events = decide(&self.state, cmd)?;
        let head = self.state.head.unwrap_or(Head::EMPTY);
        let sealed = chain::seal(self.id, head, events, &self.actor, jiff::Timestamp::now());
        self.state = sealed.iter().fold(std::mem::take(&mut self.state), evolve);
        self.pending.extend(sealed);
        Ok(())
    }

    /// The case's metadata (its index row) as it stands.
    pub fn metadata(&self) -> CaseMetadata {
        CaseMetadata::of(&self.state).expect("the case is opened")
    }

    /// Appends the pending events as one batch, in one transaction.
    pub fn flush(&mut self, store: &Store) -> anyhow::Result<()> {
        let expected = self.seq() - self.pending.len() as u64;
        let raws: Vec<RawEvent> = self.pending.drain(..).map(|r| r.to_raw()).collect();
        Ok(store.append(expected, &raws, &self.metadata())?)
    }

    /// Decides one command and appends its events: one durable write.
    pub fn write(&mut self, store: &Store, cmd: Command) -> anyhow::Result<()> {
        self.decide(cmd)?;
        self.flush(store)
    }
}

pub fn text(s: &str) -> anyhow::Result<Text> {
    Ok(Text::paragraph("text", s, accord_core::text::limits::LONG)?)
}

/// A note of exactly 200 characters.
pub fn note(i: u64, audience: Audience, about: Option<SessionId>) -> anyhow::Result<Command> {
    const BODY: &str = "Said the fence was put up about thirty centimetres over the line in 2019; \
        the other side disputes the survey but would share the cost of a new fence if the hedge \
        is cut back before spring. Follow up on both points next time.";
    let body: String = format!("Note {i}. {BODY}").chars().take(200).collect();
    Ok(Command::AddNote {
        note: NoteId::new_v7(),
        text: text(&body)?,
        audience,
        about_session: about,
    })
}

pub fn participant(id: ParticipantId, name: &str, role: Role) -> anyhow::Result<Command> {
    Ok(Command::AddParticipant {
        participant: id,
        name: text(name)?,
        role,
        acting_for: None,
        authority_to_settle: role == Role::Party,
    })
}
