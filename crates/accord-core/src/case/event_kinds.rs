//! What kinds of event there are, as the rest of the core asks: which may be addressed to
//! fewer than everyone, which must have one audience, and each kind's stored name.

use super::event::{Audience, Event};

impl Event {
    /// Whether this kind of event may be addressed to fewer than everyone: what someone says
    /// or enters in confidence. Every other kind is a joint fact (the case's shape, its issues'
    /// states, sessions, outcomes, next steps, deadlines), and the figures and metadata a
    /// coordinator sees are built from those alone — so an import refuses one addressed to
    /// fewer, which would otherwise reach a coordinator through them.
    pub fn may_be_private(&self) -> bool {
        matches!(
            self,
            Self::NoteAdded { .. }
                | Self::DebriefCaptured { .. }
                | Self::PositionRecorded { .. }
                | Self::StallDiagnosed { .. }
                | Self::NextSessionPrepared { .. }
                | Self::SessionRated { .. }
                | Self::AlternativesRecorded { .. }
                | Self::OverlapFigureEntered { .. }
                | Self::ProposalAnswered { .. }
                // Addressed as the payloads it lists were.
                | Self::PayloadsRedacted { .. }
                | Self::ScreeningRecorded { .. }
                | Self::AdaptationsOverridden { .. }
                | Self::PauseReasonRecorded { .. }
                | Self::SafeContactGiven { .. }
                | Self::MiamAttended { .. }
                | Self::MiamReasonRecorded { .. }
                | Self::MiamConfirmationIssued { .. }
                | Self::InvitationAnswerExplained { .. }
        )
    }

    /// The one audience a kind of event must have, where it has one: a screening, an
    /// override and a pause's reason are the mediator's alone; a safe contact its party's and
    /// the mediator's. An import addressing one otherwise is refused.
    pub fn required_audience(&self) -> Option<Audience> {
        match self {
            Self::ScreeningRecorded { .. }
            | Self::AdaptationsOverridden { .. }
            | Self::PauseReasonRecorded { .. }
            | Self::MiamReasonRecorded { .. } => Some(Audience::MediatorOnly),
            Self::SafeContactGiven { party, .. }
            | Self::MiamAttended { party, .. }
            | Self::MiamConfirmationIssued { party, .. }
            | Self::InvitationAnswerExplained {
                participant: party, ..
            } => Some(Audience::PartyAndMediator { party: *party }),
            _ => None,
        }
    }

    /// Whether `audience` may receive this kind of event: a joint kind only everyone, a kind
    /// with a required audience only that one.
    pub fn fits(&self, audience: Audience) -> bool {
        match self.required_audience() {
            Some(required) => audience == required,
            None => audience == Audience::Everyone || self.may_be_private(),
        }
    }

    /// The event's name as stored in the `type` tag.
    pub fn name(&self) -> &'static str {
        match self {
            Self::CaseOpened { .. } => "CaseOpened",
            Self::ParticipantAdded { .. } => "ParticipantAdded",
            Self::IssueAdded { .. } => "IssueAdded",
            Self::IssueStateChanged { .. } => "IssueStateChanged",
            Self::SessionScheduled { .. } => "SessionScheduled",
            Self::SessionHeld { .. } => "SessionHeld",
            Self::SessionCancelled { .. } => "SessionCancelled",
            Self::OutcomeRecorded { .. } => "OutcomeRecorded",
            Self::NoteAdded { .. } => "NoteAdded",
            Self::CaseClosed { .. } => "CaseClosed",
            Self::DebriefCaptured { .. } => "DebriefCaptured",
            Self::DebriefItemShared { .. } => "DebriefItemShared",
            Self::PositionRecorded { .. } => "PositionRecorded",
            Self::OptionTried { .. } => "OptionTried",
            Self::TermReopened { .. } => "TermReopened",
            Self::MemorandumIssued { .. } => "MemorandumIssued",
            Self::MemorandumConfirmed { .. } => "MemorandumConfirmed",
            Self::StallDiagnosed { .. } => "StallDiagnosed",
            Self::NextStepChosen { .. } => "NextStepChosen",
            Self::NextStepCompleted { .. } => "NextStepCompleted",
            Self::NextSessionPrepared { .. } => "NextSessionPrepared",
            Self::SessionRated { .. } => "SessionRated",
            Self::DeadlineSet { .. } => "DeadlineSet",
            Self::DeadlineMoved { .. } => "DeadlineMoved",
            Self::DeadlineMet { .. } => "DeadlineMet",
            Self::DeadlineMissed { .. } => "DeadlineMissed",
            Self::DeadlineCancelled { .. } => "DeadlineCancelled",
            Self::AccessChanged { .. } => "AccessChanged",
            Self::AlternativesRecorded { .. } => "AlternativesRecorded",
            Self::AlternativesShared { .. } => "AlternativesShared",
            Self::OverlapCheckOpened { .. } => "OverlapCheckOpened",
            Self::OverlapMidpointAgreed { .. } => "OverlapMidpointAgreed",
            Self::OverlapFigureEntered { .. } => "OverlapFigureEntered",
            Self::OverlapRoundEnded { .. } => "OverlapRoundEnded",
            Self::ProposalMade { .. } => "ProposalMade",
            Self::ProposalAnswered { .. } => "ProposalAnswered",
            Self::ProposalDecided { .. } => "ProposalDecided",
            Self::LegalHoldPlaced { .. } => "LegalHoldPlaced",
            Self::LegalHoldLifted { .. } => "LegalHoldLifted",
            Self::PayloadsRedacted { .. } => "PayloadsRedacted",
            Self::ScreeningRecorded { .. } => "ScreeningRecorded",
            Self::AdaptationsOverridden { .. } => "AdaptationsOverridden",
            Self::CasePaused {} => "CasePaused",
            Self::CaseResumed {} => "CaseResumed",
            Self::PauseReasonRecorded { .. } => "PauseReasonRecorded",
            Self::SafeContactGiven { .. } => "SafeContactGiven",
            Self::MiamAttended { .. } => "MiamAttended",
            Self::MiamReasonRecorded { .. } => "MiamReasonRecorded",
            Self::MiamConfirmationIssued { .. } => "MiamConfirmationIssued",
            Self::MediationInvited { .. } => "MediationInvited",
            Self::InvitationAnswered { .. } => "InvitationAnswered",
            Self::InvitationAnswerExplained { .. } => "InvitationAnswerExplained",
            Self::InvitationLapsed { .. } => "InvitationLapsed",
        }
    }
}
