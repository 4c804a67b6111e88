//! The case service: every command goes load → decide → seal → append, with the expected
//! sequence number taken from the history that was decided on.

use crate::error::{AppError, Result};
use accord_core::case::{Actor, Case, CaseMetadata, CaseView, Command, Recorded, Viewer, decide, view};
use accord_core::chain::{self, Head};
use accord_core::ids::CaseId;
use accord_store::{Store, StoreError};
use jiff::Timestamp;

pub struct Cases {
    store: Store,
}

/// What a command produced.
#[derive(Debug)]
pub struct Executed {
    pub case: CaseId,
    pub events: Vec<Recorded>,
    pub state: Case,
}

impl Cases {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs a command on a case. Opening a case is a command on an empty stream; any other
    /// command on a case that does not exist is `NotFound`.
    pub fn execute(&self, case: CaseId, cmd: Command, actor: &Actor) -> Result<Executed> {
        let history = match self.history(case) {
            Err(AppError::Store(StoreError::NotFound(_))) if matches!(cmd, Command::OpenCase { .. }) => {
                Vec::new()
            }
            other => other?,
        };
        self.append_decided(case, Case::fold(&history), cmd, actor)
    }

    /// Decides `cmd` on `state` (the fold of the case's stored history) and appends the events
    /// after its head. `Conflict` if another writer appended since that history was read.
    pub fn append_decided(&self, case: CaseId, state: Case, cmd: Command, actor: &Actor) -> Result<Executed> {
        let head = state.head.unwrap_or(Head::EMPTY);
        let new = decide(&state, cmd)?;
        let sealed = chain::seal(case, head, new, actor, Timestamp::now());
        let state = sealed.iter().fold(state, accord_core::case::evolve);
        let metadata = CaseMetadata::of(&state).expect("a case with events has been opened");
        let raws: Vec<_> = sealed.iter().map(Recorded::to_raw).collect();
        self.store.append(head.seq, &raws, &metadata)?;
        Ok(Executed { case, events: sealed, state })
    }

    /// The whole history of a case, parsed.
    pub fn history(&self, case: CaseId) -> Result<Vec<Recorded>> {
        self.store
            .events(case)?
            .iter()
            .map(|raw| {
                Recorded::from_raw(raw).map_err(|e| AppError::Corrupt {
                    case: case.to_string(),
                    reason: format!("event {}: {e}", raw.seq),
                })
            })
            .collect()
    }

    /// The full state, as a mediator sees it.
    pub fn state(&self, case: CaseId) -> Result<Case> {
        Ok(Case::fold(&self.history(case)?))
    }

    pub fn view(&self, case: CaseId, viewer: Viewer) -> Result<CaseView> {
        Ok(view(&self.history(case)?, viewer)?)
    }

    /// The case list (the index read model).
    pub fn list(&self) -> Result<Vec<CaseMetadata>> {
        Ok(self.store.case_index()?)
    }

    /// Walks every case's chain. `progress(done, total)` is called as cases are checked.
    pub fn verify(&self, mut progress: impl FnMut(usize, usize)) -> Result<VerifyReport> {
        let ids = self.store.case_ids()?;
        let mut report = VerifyReport::default();
        for (i, id) in ids.iter().enumerate() {
            let case: CaseId = id
                .parse()
                .map_err(|_| AppError::Corrupt { case: id.clone(), reason: "its id is not a UUID".into() })?;
            let events = match self.store.events(case) {
                Ok(events) => events,
                Err(StoreError::NotFound(_)) => continue,
                Err(e) => return Err(e.into()),
            };
            report.cases += 1;
            report.events += events.len();
            if let Err(broken) = chain::verify_chain(&events) {
                report.broken.push(broken);
            }
            progress(i + 1, ids.len());
        }
        Ok(report)
    }
}

/// The result of walking every chain.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub cases: usize,
    pub events: usize,
    /// The first broken link of each case that has one.
    pub broken: Vec<chain::BrokenChain>,
}
