//! The case: its vocabulary, commands, events, state, rules (`decide`), fold (`evolve`) and
//! the views each kind of viewer may have.

pub mod access;
pub mod advice_facts;
pub mod alternatives;
pub mod command;
pub mod court_report;
pub mod dates;
pub mod deadline;
pub mod debrief;
pub mod decide;
mod decide_after_session;
mod decide_deadlines;
pub mod due;
pub mod erasure;
pub mod event;
mod event_kinds;
pub mod figures;
pub mod invitation;
pub mod measures;
pub mod memorandum;
pub mod miam_due;
pub mod miam_record;
pub mod money;
pub mod notes_page;
pub mod overlap;
pub mod permissions;
pub mod prep;
pub mod proposal;
pub mod redact;
pub mod reminder_kind;
pub mod reminders;
pub mod retention;
pub mod safety;
pub mod sensitive;
pub mod state;
pub mod timeline;
pub mod view;
pub mod vocabulary;

#[cfg(test)]
mod test_story;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_after_session;
#[cfg(test)]
mod tests_erasure;
#[cfg(test)]
mod tests_input_rules;
#[cfg(test)]
mod tests_invitation;
#[cfg(test)]
mod tests_miam;
#[cfg(test)]
mod tests_read_models;
#[cfg(test)]
mod tests_reality;
#[cfg(test)]
mod tests_safety;
#[cfg(test)]
mod tests_side_channels;
#[cfg(test)]
mod tests_who_may_act;

pub use command::Command;
pub use decide::{decide, decide_on};
pub use event::{Actor, Audience, Event, NewEvent, Recorded, SCHEMA_VERSION};
pub use state::{Case, evolve};
pub use view::{
    CaseMetadata, CaseStatus, CaseView, ViewError, ViewFold, Viewer, fold_for, version_for, view,
};
