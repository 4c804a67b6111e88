//! The words pages use for the domain's vocabulary: each kebab-case name as a phrase, and who
//! can read a note, said to the person reading it.

use accord_core::case::Audience;
use accord_core::case::Viewer;
use accord_core::case::state::Case;
use accord_core::case::vocabulary::TermState;

/// "impasse-for-now" → "Impasse for now"; a few names keep their own spelling.
pub fn phrase(kebab: &str) -> String {
    match kebab {
        "england-wales" => return "England & Wales".into(),
        "us-federal" => return "U.S. federal".into(),
        "us-frcp" => return "U.S. federal civil rules".into(),
        "ew-cpr" => return "Civil Procedure Rules (E&W)".into(),
        "ew-fpr" => return "Family Procedure Rules (E&W)".into(),
        _ => {}
    }
    capitalised(&kebab.replace('-', " "))
}

/// The text with its first letter a capital.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Of any vocabulary word (they display in kebab-case).
pub fn word(value: impl std::fmt::Display) -> String {
    phrase(&value.to_string())
}

/// Who can read something with `audience`, told to `viewer`.
pub fn who_can_read(case: &Case, audience: Audience, viewer: Viewer) -> String {
    let name = |p| {
        case.participant(p)
            .map(|p| p.name.to_string())
            .unwrap_or_else(|| "one party".into())
    };
    match (audience, viewer) {
        (Audience::Everyone, _) => "Everyone in the case can see this".into(),
        (Audience::MediatorOnly, _) => "Only the mediators can see this".into(),
        (Audience::PartyAndMediator { .. }, Viewer::Participant(_)) => {
            "Only you (and anyone acting for you) and the mediator can see this".into()
        }
        (Audience::PartyAndMediator { party }, _) => {
            format!("Only {} and the mediator can see this", name(party))
        }
        (Audience::PartyAlone { .. }, _) => {
            "Only you (and anyone acting for you) can see this: not even the mediator".into()
        }
    }
}

/// Whether `audience` is private (not everyone's).
pub fn private(audience: Audience) -> bool {
    audience != Audience::Everyone
}

/// A term's state in words, and the colour of its tag (the words carry the meaning).
pub fn term(state: &TermState) -> (String, &'static str) {
    let colour = match state {
        TermState::Open => "yellow",
        TermState::AgreedFinal => "green",
        TermState::AgreedSubjectToPaperwork | TermState::AgreedTemporary { .. } => "blue",
        TermState::Pilot { .. } => "blue",
        TermState::Withdrawn | TermState::Referred { .. } => "grey",
    };
    (capitalised(&state.describe()), colour)
}

/// What an event did, in words, for "what changed since you opened this page".
pub fn change(event_name: &str) -> &'static str {
    match event_name {
        "CaseOpened" => "the case was opened",
        "ParticipantAdded" => "someone was added to the case",
        "IssueAdded" => "an issue was added",
        "IssueStateChanged" => "an issue's state changed",
        "SessionScheduled" => "a session was scheduled",
        "SessionHeld" => "a session was recorded as held",
        "SessionCancelled" => "a session was cancelled",
        "OutcomeRecorded" => "a session's outcome was recorded",
        "NoteAdded" => "a note was added",
        "CaseClosed" => "the case was closed",
        "DebriefCaptured" => "a debrief was recorded",
        "DebriefItemShared" => "something from a debrief was shared",
        "PositionRecorded" => "a position was recorded",
        "OptionTried" => "an option tried was recorded",
        "TermReopened" => "an agreed term was opened again",
        "MemorandumIssued" => "a new version of the memorandum was issued",
        "MemorandumConfirmed" => "the memorandum was confirmed",
        "StallDiagnosed" => "why it stalled was recorded",
        "NextStepChosen" => "the next move was chosen",
        "NextStepCompleted" => "the next move was done",
        "NextSessionPrepared" => "a checklist for the next session was updated",
        "SessionRated" => "a session was rated",
        "DeadlineSet" | "DeadlineMoved" | "DeadlineMet" | "DeadlineMissed"
        | "DeadlineCancelled" => "a deadline changed",
        "AccessChanged" => "who can read the case changed",
        _ => "the case changed",
    }
}
