//! What a participant (not the mediator) may do in its own case: speak for its own party, in
//! the open or to the mediator in private, and never for another party. The mediator may run
//! every command; coordinators and admins none (decided by the application layer).
//!
//! A party and its representative speak for the party. A **support person** (a trusted
//! relative, a friend) sees what its party sees and does nothing in the case (DOMAIN.md §1:
//! "never more"): no debrief, no sharing, no position, no preparation, no diagnosis, no note,
//! no rating and no confirmation. Even a note would speak for the party, because a note is
//! shown to its audience without its writer's name. The party acts; the support person helps
//! it do so. Confirming a memorandum for a party also needs authority to settle (see
//! `memorandum::confirming_for`), which `decide` checks.

use super::command::Command;
use super::debrief::Author;
use super::event::Audience;
use super::state::Case;
use super::vocabulary::Role;
use crate::ids::ParticipantId;

/// What the mediator may not do, though it runs every other command: speak for a party where
/// the party alone decides (its figure, its answer, sharing its worksheet, agreeing to the
/// midpoint). A figure or an answer is kept even from the mediator, so the mediator cannot
/// enter one either.
pub fn mediator_may_run(command: &Command) -> Result<(), &'static str> {
    match command {
        Command::EnterOverlapFigure { .. } | Command::AnswerProposal { .. } => Err(
            "the party itself enters its figure or answers the proposal; not even the mediator sees it",
        ),
        Command::ShareAlternatives { .. }
        | Command::AgreeToMidpoint { .. }
        | Command::AnswerInvitation { shared: true, .. } => {
            Err("only the party itself can decide that")
        }
        _ => Ok(()),
    }
}

/// Whether participant `me` may run `command`; `Err` says why not.
pub fn participant_may_run(
    case: &Case,
    me: ParticipantId,
    command: &Command,
) -> Result<(), &'static str> {
    let Some(person) = case.participant(me) else {
        return Err("you are no longer a participant of this case");
    };
    match person.role {
        Role::Mediator => return mediator_may_run(command),
        Role::SupportPerson => {
            return Err("a support person sees what its party sees but does nothing in its name");
        }
        Role::Party | Role::Representative => {}
    }
    let mine = person.acting_for.unwrap_or(person.id);
    let own = |party: ParticipantId| {
        if party == mine {
            Ok(())
        } else {
            Err("you may act only for your own party")
        }
    };
    match command {
        Command::AddNote {
            audience: Audience::Everyone,
            ..
        } => Ok(()),
        Command::AddNote {
            audience: Audience::PartyAndMediator { party },
            ..
        } => own(*party),
        Command::AddNote { .. } => {
            Err("a participant's note is for everyone or for the mediator and its own party")
        }
        Command::CaptureDebrief {
            author: Author::Party { party },
            ..
        } => own(*party),
        Command::DiagnoseStall {
            author: Author::Party { party },
            shared: false,
            ..
        } => own(*party),
        Command::ShareDebriefItem { party, .. }
        | Command::RecordPosition { party, .. }
        | Command::PrepareNextSession { party, .. }
        | Command::RecordAlternatives { party, .. }
        | Command::ShareAlternatives { party }
        | Command::AgreeToMidpoint { party, .. }
        | Command::GiveSafeContact { party, .. }
        | Command::AnswerInvitation {
            participant: party, ..
        } => own(*party),
        // A figure or an answer commits the party: its representative needs authority to settle.
        Command::EnterOverlapFigure { party, .. } | Command::AnswerProposal { party, .. } => {
            own(*party)?;
            if super::memorandum::confirming_for(case, me).is_err() {
                return Err(
                    "only the party, or its representative with authority to settle, enters a figure or answers a proposal",
                );
            }
            Ok(())
        }
        Command::ConfirmMemorandum { by, .. }
        | Command::RateSession {
            participant: by, ..
        } => {
            if *by == me {
                Ok(())
            } else {
                Err("you may confirm or rate only as yourself")
            }
        }
        _ => Err("only the case's mediator can do that"),
    }
}
