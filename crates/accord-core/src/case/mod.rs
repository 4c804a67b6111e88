//! The case: its vocabulary, commands, events, state, rules (`decide`), fold (`evolve`) and
//! the views each kind of viewer may have.

pub mod command;
pub mod decide;
pub mod event;
pub mod state;
pub mod view;
pub mod vocabulary;

#[cfg(test)]
mod tests;

pub use command::Command;
pub use decide::decide;
pub use event::{Actor, Audience, Event, NewEvent, Recorded, SCHEMA_VERSION};
pub use state::{Case, evolve};
pub use view::{
    CaseMetadata, CaseStatus, CaseView, ViewError, Viewer, version_after, version_for, view,
};
