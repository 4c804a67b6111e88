//! The words of the advice engine (DOMAIN.md §5, §6, §10): why a session stalled, the next
//! steps and their profiles, the process upgrades, and the parties' budget and time wishes.

use crate::case::vocabulary::{DisputeType, Jurisdiction, SessionFormat, vocabulary};
use serde::Serialize;

vocabulary!(
    /// Why a session ended without full agreement (DOMAIN.md §5).
    StallReason {
        MissingInformation,
        UnrealisticExpectations,
        /// The person with authority to settle (an insurer, a director) was not in the room.
        NoAuthorityPresent,
        /// Speeches rather than negotiation.
        Posturing,
        /// The mediator's style or control of the process did not suit the dispute.
        MediatorFit,
        Emotions,
        /// Money or legal knowledge weighed on one side.
        PowerImbalance,
        LackOfCommitment,
        /// Too early: documents or discovery not done.
        Timing,
        SafetyConcern,
    }
);

impl StallReason {
    /// The failure mode in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::MissingInformation => "missing information",
            Self::UnrealisticExpectations => "unrealistic expectations",
            Self::NoAuthorityPresent => "no one with authority to settle in the room",
            Self::Posturing => "posturing (speeches, not negotiation)",
            Self::MediatorFit => "mediator fit",
            Self::Emotions => "emotions ran the day",
            Self::PowerImbalance => "power imbalance",
            Self::LackOfCommitment => "lack of commitment",
            Self::Timing => "timing (too early)",
            Self::SafetyConcern => "safety concern",
        }
    }

    /// The usual fix, as DOMAIN.md §5 states it.
    pub fn usual_fix(self) -> &'static str {
        match self {
            Self::MissingInformation => {
                "Exchange the documents that matter; get expert input; finish discovery first."
            }
            Self::UnrealisticExpectations => {
                "Reality-testing: look at the risk, cost and time of the alternatives."
            }
            Self::NoAuthorityPresent => {
                "Ask for the decision-maker (an insurer, a director) to attend next time."
            }
            Self::Posturing => {
                "Meet each side separately (caucus or shuttle); hold calls before the session."
            }
            Self::MediatorFit => {
                "A different mediator: evaluative for numbers, facilitative or transformative for relationships."
            }
            Self::Emotions => {
                "Change the format: caucus, online, separate arrival, a break, a cooling-off pause."
            }
            Self::PowerImbalance => {
                "Representation, a support person, disclosure, meeting each side separately."
            }
            Self::LackOfCommitment => {
                "Make the consequences clear; use court-ordered steps; set a deadline."
            }
            Self::Timing => "Pause and return on a date set now.",
            Self::SafetyConcern => {
                "Pause; separate rooms or online; referral to protective services; mediation may be unsuitable."
            }
        }
    }
}

vocabulary!(
    /// The options after a session without full agreement (DOMAIN.md §6), in the table's order.
    NextStep {
        NegotiateDirectly,
        MediateAgain,
        PauseAndReturn,
        Referral,
        SettlementConference,
        EarlyNeutralEvaluation,
        MediatorsProposal,
        Arbitration,
        Litigation,
        TemporaryOrders,
    }
);

impl NextStep {
    pub fn label(self) -> &'static str {
        match self {
            Self::NegotiateDirectly => "keep negotiating directly",
            Self::MediateAgain => "mediate again, with a narrow agenda",
            Self::PauseAndReturn => "pause and return on a set date",
            Self::Referral => "referral or parallel support",
            Self::SettlementConference => "settlement conference",
            Self::EarlyNeutralEvaluation => "early neutral evaluation",
            Self::MediatorsProposal => "mediator's proposal",
            Self::Arbitration => "arbitration",
            Self::Litigation => "litigation (a court decides)",
            Self::TemporaryOrders => "temporary orders (family court)",
        }
    }

    /// Who decides, whether it binds, how long and how costly it usually is, who gets to know.
    pub fn profile(self) -> Profile {
        use Band::*;
        use Confidentiality::*;
        use CostBand::*;
        let p = |who_decides, binding, time_band, cost_band, confidentiality, note| Profile {
            who_decides,
            binding,
            time_band,
            cost_band,
            confidentiality,
            note,
        };
        match self {
            Self::NegotiateDirectly => p(
                "the parties",
                Binding::NonBinding,
                Weeks,
                Low,
                Private,
                "Many deals close after the session, party to party or lawyer to lawyer. Nothing binds until both sign.",
            ),
            Self::MediateAgain => p(
                "the parties",
                Binding::NonBinding,
                Weeks,
                Medium,
                Confidential,
                "Same or a new mediator, with a narrow agenda. Works when the first session stalled for reasons that can be fixed.",
            ),
            Self::PauseAndReturn => p(
                "the parties",
                Binding::NonBinding,
                Weeks,
                Low,
                Private,
                "Gather documents, consult advisers, cool down; set the return date now.",
            ),
            Self::Referral => p(
                "each party, with their adviser",
                Binding::NonBinding,
                Weeks,
                Medium,
                Confidential,
                "Legal, financial, tax, child-specialist, property or counselling support, alongside the rest.",
            ),
            Self::SettlementConference => p(
                "the parties, with a judge's view",
                Binding::NonBinding,
                Weeks,
                Medium,
                Confidential,
                "Run by the court.",
            ),
            Self::EarlyNeutralEvaluation => p(
                "the parties, informed by a neutral's assessment",
                Binding::NonBinding,
                Weeks,
                Medium,
                Confidential,
                "A neutral's view of the likely result; it does not bind.",
            ),
            Self::MediatorsProposal => p(
                "each party, accepting or rejecting in confidence",
                Binding::Depends,
                Days,
                Low,
                Confidential,
                "If both accept, it is settled; if either rejects, no one learns what the other said.",
            ),
            Self::Arbitration => p(
                "the arbitrator",
                Binding::Binding,
                Months,
                High,
                Private,
                "A contract may already require it.",
            ),
            Self::Litigation => p(
                "a judge or jury",
                Binding::Binding,
                YearPlus,
                High,
                Public,
                "Public, slow and costly: pleadings, discovery, experts, motions, trial; each phase turns time into cost.",
            ),
            Self::TemporaryOrders => p(
                "a judge",
                Binding::Binding,
                Weeks,
                Medium,
                Private,
                "Family disputes only. Steadies things (where the children live, who pays the mortgage) while the rest continues.",
            ),
        }
    }
}

vocabulary!(
    /// Changes to the process for a second attempt (DOMAIN.md §5, §10).
    ProcessUpgrade {
        PreMediationCalls,
        TighterAgenda,
        StagedIssues,
        SingleTopicSession,
        MediatorsProposal,
        CaucusModel,
        TrialPeriod,
        RequireDecisionMaker,
        OnlineFormat,
        SeparateArrival,
        CoolingOffPause,
        DifferentMediator,
        RepresentationOrSupport,
        DocumentExchange,
        ExpertInput,
        RealityTesting,
    }
);

impl ProcessUpgrade {
    pub fn label(self) -> &'static str {
        match self {
            Self::PreMediationCalls => "calls with each side before the session",
            Self::TighterAgenda => "a tighter agenda",
            Self::StagedIssues => "issues taken in stages",
            Self::SingleTopicSession => "a session on a single topic",
            Self::MediatorsProposal => "a mediator's proposal",
            Self::CaucusModel => "caucus (shuttle) format",
            Self::TrialPeriod => "a trial period with a review date",
            Self::RequireDecisionMaker => "the decision-maker attends",
            Self::OnlineFormat => "an online session",
            Self::SeparateArrival => "separate arrival and leaving times",
            Self::CoolingOffPause => "a cooling-off pause",
            Self::DifferentMediator => "a different mediator",
            Self::RepresentationOrSupport => "a lawyer or support person",
            Self::DocumentExchange => "an exchange of documents",
            Self::ExpertInput => "expert input",
            Self::RealityTesting => "reality-testing the alternatives",
        }
    }
}

/// Session formats in plain words; a function here so the case vocabulary stays untouched.
pub fn format_label(format: SessionFormat) -> &'static str {
    match format {
        SessionFormat::Joint => "a joint session",
        SessionFormat::Caucus => "caucus (separate rooms, shuttle)",
        SessionFormat::Online => "online",
        SessionFormat::Hybrid => "hybrid (some in the room, some online)",
        SessionFormat::SeparateArrival => "joint, with separate arrival and leaving",
    }
}

pub(crate) fn dispute_label(dispute: DisputeType) -> &'static str {
    match dispute {
        DisputeType::ChildArrangements => "child arrangements",
        DisputeType::FamilyFinance => "family finance",
        DisputeType::Divorce => "divorce",
        DisputeType::Workplace => "a workplace matter",
        DisputeType::BusinessPartnership => "a business or partnership",
        DisputeType::PersonalInjury => "personal injury or insurance",
        DisputeType::NeighbourCommunity => "neighbours or community",
        DisputeType::ElderCare => "elder care",
        DisputeType::Other => "something else",
    }
}

pub(crate) fn jurisdiction_label(jurisdiction: Jurisdiction) -> &'static str {
    match jurisdiction {
        Jurisdiction::EnglandWales => "England & Wales",
        Jurisdiction::UsFederal => "a US federal court",
    }
}

vocabulary!(
    /// What the parties said they can spend on the next step.
    Budget { Low, Medium, High }
);

vocabulary!(
    /// Whether the parties need a result soon or can take their time.
    TimePreference { Urgent, Flexible }
);

vocabulary!(
    /// Whether the outcome of a step binds the parties.
    Binding {
        Binding,
        NonBinding,
        /// Binds only if every party accepts it (a mediator's proposal).
        Depends,
    }
);

vocabulary!(
    /// How long a step typically takes to reach its result.
    Band { Days, Weeks, Months, YearPlus }
);

vocabulary!(
    /// What a step typically costs, relative to the others.
    CostBand { Low, Medium, High }
);

vocabulary!(
    /// Who may learn what is said in a step.
    Confidentiality {
        /// Not public, but no special legal protection.
        Private,
        /// Protected by the confidentiality of mediation or a court's settlement process.
        Confidential,
        /// Heard and recorded in public.
        Public,
    }
);

/// A next step at a glance (DOMAIN.md §6).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = NextStepProfile))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub who_decides: &'static str,
    pub binding: Binding,
    pub time_band: Band,
    pub cost_band: CostBand,
    pub confidentiality: Confidentiality,
    pub note: &'static str,
}
