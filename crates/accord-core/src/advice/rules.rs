//! The one table of advice rules. Each row reads as a sentence a mediator can check: when this
//! is true, raise (or lower, or set aside) that option, by this much, because of this.

use super::Facts;
use super::vocabulary::{
    Budget, NextStep, ProcessUpgrade, StallReason, TimePreference, dispute_label, format_label,
    jurisdiction_label,
};
use crate::case::vocabulary::{
    ContractClause, DisputeType, Jurisdiction, SessionFormat, vocabulary,
};

vocabulary!(
    /// What a rule does to the thing it names.
    Effect {
        /// The starting score every option carries before the facts are looked at.
        Starts,
        Raises,
        Lowers,
        /// Set aside: listed last, with the reason, never suggested.
        Excludes,
    }
);

impl Effect {
    /// The sign a rule's weight takes in the score.
    pub fn sign(self) -> i32 {
        match self {
            Self::Starts | Self::Raises => 1,
            Self::Lowers => -1,
            Self::Excludes => 0,
        }
    }
}

/// A fact of the case a rule can depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// Always true: the starting scores.
    Always,
    /// The session stalled for this reason.
    StallIs(StallReason),
    /// A safety concern was flagged, either in screening or as the reason it stalled.
    SafetyConcern,
    /// The person with authority to settle was missing, as a fact or as the stall reason.
    AuthorityMissing,
    ContractRequires(ContractClause),
    CourtOrdered,
    Family,
    NotFamily,
    DisputeIs(DisputeType),
    InJurisdiction(Jurisdiction),
    PartialAgreement,
    NoPartialAgreement,
    OpenIssuesAtLeast(usize),
    /// Between the two counts, inclusive; zero means nobody counted, so it never matches.
    OpenIssuesBetween(usize, usize),
    /// The nearest deadline is this many days away or fewer (already passed included).
    DeadlineWithin(i64),
    /// The nearest deadline is between these many days away, inclusive.
    DeadlineBetween(i64, i64),
    BudgetIs(Budget),
    TimeIs(TimePreference),
    /// Every one of these holds.
    All(&'static [Condition]),
}

impl Condition {
    pub fn holds(&self, facts: &Facts) -> bool {
        match *self {
            Self::Always => true,
            Self::StallIs(reason) => facts.stall_reasons.contains(&reason),
            Self::SafetyConcern => {
                facts.safety_concern || facts.stall_reasons.contains(&StallReason::SafetyConcern)
            }
            Self::AuthorityMissing => {
                facts.authority_missing
                    || facts
                        .stall_reasons
                        .contains(&StallReason::NoAuthorityPresent)
            }
            Self::ContractRequires(clause) => facts.contract_clause == Some(clause),
            Self::CourtOrdered => facts.court_ordered,
            Self::Family => facts.dispute_type.is_family(),
            Self::NotFamily => !facts.dispute_type.is_family(),
            Self::DisputeIs(dispute) => facts.dispute_type == dispute,
            Self::InJurisdiction(jurisdiction) => facts.jurisdiction == jurisdiction,
            Self::PartialAgreement => facts.partial_agreement,
            Self::NoPartialAgreement => !facts.partial_agreement,
            Self::OpenIssuesAtLeast(n) => facts.open_issues >= n,
            Self::OpenIssuesBetween(low, high) => {
                facts.open_issues > 0 && (low..=high).contains(&facts.open_issues)
            }
            Self::DeadlineWithin(days) => facts.days_to_nearest_deadline.is_some_and(|d| d <= days),
            Self::DeadlineBetween(low, high) => facts
                .days_to_nearest_deadline
                .is_some_and(|d| (low..=high).contains(&d)),
            Self::BudgetIs(budget) => facts.budget == Some(budget),
            Self::TimeIs(time) => facts.time_preference == Some(time),
            Self::All(all) => all.iter().all(|c| c.holds(facts)),
        }
    }

    /// The condition as a mediator would say it, for the printed table.
    pub fn describe(&self) -> String {
        match *self {
            Self::Always => "always (the starting score)".into(),
            Self::StallIs(reason) => format!("the reason it stalled: {}", reason.label()),
            Self::SafetyConcern => "someone raised a safety concern".into(),
            Self::AuthorityMissing => "the person with authority to settle was not there".into(),
            Self::ContractRequires(ContractClause::Arbitration) => {
                "the contract requires arbitration".into()
            }
            Self::ContractRequires(ContractClause::TieredDispute) => {
                "the contract sets steps in order (a tiered clause)".into()
            }
            Self::ContractRequires(ContractClause::MediationFirst) => {
                "the contract requires mediation first".into()
            }
            Self::CourtOrdered => "a court ordered the mediation".into(),
            Self::Family => "it is a family dispute".into(),
            Self::NotFamily => "it is not a family dispute".into(),
            Self::DisputeIs(dispute) => format!("the dispute is about {}", dispute_label(dispute)),
            Self::InJurisdiction(j) => format!("the case is in {}", jurisdiction_label(j)),
            Self::PartialAgreement => "some issues were agreed".into(),
            Self::NoPartialAgreement => "nothing was agreed yet".into(),
            Self::OpenIssuesAtLeast(n) => format!("{n} or more issues are still open"),
            Self::OpenIssuesBetween(low, high) => {
                format!("{low} to {high} issues are still open")
            }
            Self::DeadlineWithin(days) => {
                format!("a deadline is {days} days away or less, or has passed")
            }
            Self::DeadlineBetween(low, high) => format!("a deadline is {low} to {high} days away"),
            Self::BudgetIs(budget) => format!("the parties' budget is {budget}"),
            Self::TimeIs(TimePreference::Urgent) => "the parties need a result soon".into(),
            Self::TimeIs(TimePreference::Flexible) => "the parties can take their time".into(),
            Self::All(all) => all
                .iter()
                .map(Condition::describe)
                .collect::<Vec<_>>()
                .join(" and "),
        }
    }
}

/// What a rule acts on: a next step, a process upgrade, or the format of the next session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Step(NextStep),
    Upgrade(ProcessUpgrade),
    Format(SessionFormat),
}

impl Target {
    pub fn label(self) -> &'static str {
        match self {
            Self::Step(step) => step.label(),
            Self::Upgrade(upgrade) => upgrade.label(),
            Self::Format(format) => format_label(format),
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub when: Condition,
    pub effect: Effect,
    pub target: Target,
    /// How much the score moves; always positive (the effect gives the direction), 0 for excludes.
    pub weight: i32,
    pub because: &'static str,
}

/// A warning printed above the ranking when its condition holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caution {
    pub when: Condition,
    pub says: &'static str,
}

const fn start(target: Target, weight: i32, because: &'static str) -> Rule {
    Rule {
        when: Always,
        effect: Effect::Starts,
        target,
        weight,
        because,
    }
}

const fn raise(when: Condition, target: Target, weight: i32, because: &'static str) -> Rule {
    Rule {
        when,
        effect: Effect::Raises,
        target,
        weight,
        because,
    }
}

const fn lower(when: Condition, target: Target, weight: i32, because: &'static str) -> Rule {
    Rule {
        when,
        effect: Effect::Lowers,
        target,
        weight,
        because,
    }
}

const fn exclude(when: Condition, target: Target, because: &'static str) -> Rule {
    Rule {
        when,
        effect: Effect::Excludes,
        target,
        weight: 0,
        because,
    }
}

use Condition::*;
use ContractClause as C;
use DisputeType as D;
use NextStep as N;
use ProcessUpgrade as U;
use SessionFormat as F;
use StallReason as S;
use Target::{Format, Step, Upgrade};

const URGENT: i64 = super::URGENT_DAYS;
const SOON: i64 = super::SOON_DAYS;

/// The rules, grouped by the fact they answer. Order inside the table does not change scores.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    // Where every next step starts (DOMAIN.md §6).
    start(Step(N::NegotiateDirectly), 3, "Many deals close after the session, party to party or lawyer to lawyer."),
    start(Step(N::MediateAgain), 3, "A second session often works when the first stalled for reasons that can be fixed."),
    start(Step(N::PauseAndReturn), 2, "A pause gives time to gather documents, take advice or cool down, with the return date set now."),
    start(Step(N::Referral), 2, "Legal, financial, tax, child-specialist, property or counselling support can run alongside everything else."),
    start(Step(N::SettlementConference), 1, "A court-run meeting where a judge gives a view; the parties still decide."),
    start(Step(N::EarlyNeutralEvaluation), 1, "A neutral gives a view of the likely result; it does not bind anyone."),
    start(Step(N::MediatorsProposal), 1, "Each side accepts or rejects the mediator's proposal in confidence; if both accept, it is settled."),
    start(Step(N::Arbitration), 1, "An arbitrator decides, and the decision binds; it takes the decision out of the parties' hands."),
    start(Step(N::Litigation), 1, "A judge decides, in public; it is usually slow and costly."),
    start(Step(N::TemporaryOrders), 1, "A judge makes orders that hold while the rest is worked out."),

    // Upgrades that help almost any second attempt (DOMAIN.md §5, §10).
    start(Upgrade(U::PreMediationCalls), 1, "A short call with each side beforehand helps the next session start well."),
    start(Upgrade(U::TighterAgenda), 1, "After a session without full agreement, a narrow agenda usually works better."),

    // Where every session format starts.
    start(Format(F::Joint), 2, "Meeting together lets everyone hear the same thing at the same time."),
    start(Format(F::Caucus), 1, "The mediator meets each side separately and carries offers between rooms."),
    start(Format(F::Online), 1, "Everyone joins from a place of their own."),
    start(Format(F::Hybrid), 1, "Some meet in the room, some join online."),
    start(Format(F::SeparateArrival), 1, "A joint meeting, with arrival and leaving at different times."),

    // Safety comes first (DOMAIN.md §5, §9).
    exclude(SafetyConcern, Format(F::Joint), "Someone raised a safety concern, so a joint session should not come first."),
    lower(SafetyConcern, Format(F::SeparateArrival), 1, "Arriving separately helps, but the meeting itself would still put everyone in one room."),
    lower(SafetyConcern, Format(F::Hybrid), 1, "Part of a hybrid meeting still puts people in one room."),
    raise(SafetyConcern, Format(F::Caucus), 4, "Separate rooms keep people apart while the mediator carries messages."),
    raise(SafetyConcern, Format(F::Online), 4, "Each person can join from a safe place, and the call can end at once."),
    raise(SafetyConcern, Upgrade(U::CaucusModel), 5, "Someone raised a safety concern: separate rooms let the mediator carry messages so nobody has to face the other."),
    raise(SafetyConcern, Upgrade(U::OnlineFormat), 5, "Someone raised a safety concern: meeting online lets each person take part from a safe place."),
    raise(SafetyConcern, Upgrade(U::CoolingOffPause), 4, "Someone raised a safety concern: pausing until everyone can take part safely comes before any agreement."),
    raise(SafetyConcern, Upgrade(U::SeparateArrival), 3, "Different arrival and leaving times mean nobody has to meet on the way in or out."),
    raise(SafetyConcern, Upgrade(U::RepresentationOrSupport), 2, "A support person or lawyer can be there for the person who feels unsafe."),
    raise(SafetyConcern, Step(N::PauseAndReturn), 5, "Someone raised a safety concern: pausing gives time to make things safe before anything else."),
    raise(SafetyConcern, Step(N::Referral), 3, "Protective services and support organisations can help while the mediation waits."),
    raise(All(&[SafetyConcern, Family]), Step(N::TemporaryOrders), 2, "When someone is not safe, a family court can make protective or temporary orders quickly."),
    lower(SafetyConcern, Step(N::MediateAgain), 3, "Another session only makes sense once everyone can take part safely, and it may not be suitable at all."),
    lower(SafetyConcern, Step(N::NegotiateDirectly), 2, "Direct contact may not be safe; talks through lawyers or the mediator are safer."),

    // The clock (DOMAIN.md §6): mediation does not pause court dates.
    lower(DeadlineBetween(URGENT + 1, SOON), Step(N::PauseAndReturn), 1, "A deadline is less than a month away; a pause would need to end well before it."),
    lower(DeadlineWithin(URGENT), Step(N::PauseAndReturn), 3, "A deadline is two weeks away or less (or has passed); a pause could cost time that matters."),
    raise(DeadlineWithin(URGENT), Step(N::Referral), 2, "A deadline is two weeks away or less (or has passed); a lawyer can say what it means and what to do now."),
    raise(DeadlineWithin(URGENT), Step(N::NegotiateDirectly), 1, "Direct talks can happen before the deadline arrives."),

    // Why it stalled, and the usual fixes (DOMAIN.md §5).
    raise(StallIs(S::MissingInformation), Step(N::PauseAndReturn), 4, "Information was missing: a pause to gather and exchange the documents that matter, with a date to return, fixes that directly."),
    raise(StallIs(S::MissingInformation), Step(N::MediateAgain), 1, "Once the documents are in, another session can pick up where this one stopped."),
    lower(StallIs(S::MissingInformation), Step(N::Litigation), 1, "Court discovery would get the documents too, but far more slowly and at far greater cost."),
    raise(StallIs(S::MissingInformation), Upgrade(U::DocumentExchange), 5, "Information was missing: list the documents that matter and exchange them before meeting again."),
    raise(StallIs(S::MissingInformation), Upgrade(U::ExpertInput), 2, "An expert can fill gaps such as a valuation or a damages model."),
    raise(All(&[StallIs(S::MissingInformation), DisputeIs(D::PersonalInjury)]), Upgrade(U::ExpertInput), 2, "In personal injury, medical records and expert opinions usually settle the numbers."),
    raise(All(&[StallIs(S::MissingInformation), DisputeIs(D::FamilyFinance)]), Upgrade(U::DocumentExchange), 1, "In family finance, full financial disclosure from both sides usually comes first."),

    raise(StallIs(S::UnrealisticExpectations), Upgrade(U::RealityTesting), 5, "Expectations seemed far from the likely result: talking through the risk, cost and time of the alternatives helps each side see the real choice."),
    raise(StallIs(S::UnrealisticExpectations), Upgrade(U::ExpertInput), 1, "An expert's figures can anchor expectations in something both sides trust."),
    raise(StallIs(S::UnrealisticExpectations), Step(N::EarlyNeutralEvaluation), 3, "A neutral's view of the likely result can bring expectations closer to it, without binding anyone."),
    raise(StallIs(S::UnrealisticExpectations), Step(N::MediatorsProposal), 1, "A proposal from the mediator shows what a fair middle might look like."),

    raise(AuthorityMissing, Step(N::MediateAgain), 5, "The decision-maker (the person with authority to settle, such as an insurer or a director) was not there; a session with them present often settles what this one could not."),
    raise(AuthorityMissing, Upgrade(U::RequireDecisionMaker), 6, "Ask for the decision-maker (an insurer, a director, whoever can say yes) to attend the next session in person."),
    raise(AuthorityMissing, Upgrade(U::PreMediationCalls), 2, "A call beforehand can confirm who is coming and what authority they bring."),

    raise(StallIs(S::Posturing), Upgrade(U::CaucusModel), 5, "The session turned into speeches rather than a negotiation; meeting each side separately lets offers move without an audience."),
    raise(StallIs(S::Posturing), Upgrade(U::PreMediationCalls), 3, "A call with each side beforehand can agree what the session is for."),
    raise(StallIs(S::Posturing), Format(F::Caucus), 3, "Speeches need an audience; in separate rooms, people negotiate."),
    lower(StallIs(S::Posturing), Format(F::Joint), 1, "The last joint session became a stage for speeches."),
    raise(StallIs(S::Posturing), Step(N::MediatorsProposal), 1, "A proposal answered in confidence takes away the audience for posturing."),

    raise(StallIs(S::MediatorFit), Upgrade(U::DifferentMediator), 5, "The mediator's style did not suit this dispute: an evaluative mediator suits disputes about numbers, a facilitative or transformative one suits relationships."),
    raise(StallIs(S::MediatorFit), Step(N::MediateAgain), 1, "Mediating again, with a mediator whose style fits, can succeed where this session did not."),

    raise(StallIs(S::Emotions), Upgrade(U::CoolingOffPause), 4, "Emotions ran the day: a cooling-off pause lets everyone come back calmer."),
    raise(StallIs(S::Emotions), Upgrade(U::SeparateArrival), 3, "Arriving and leaving at different times takes some heat out of the day."),
    raise(StallIs(S::Emotions), Upgrade(U::OnlineFormat), 3, "Meeting online puts some distance between people when feelings run high."),
    raise(StallIs(S::Emotions), Upgrade(U::CaucusModel), 3, "Separate rooms let each side say how they feel without it landing on the other."),
    raise(StallIs(S::Emotions), Step(N::PauseAndReturn), 2, "Time to cool down, with a return date set now, often helps more than pressing on."),
    raise(StallIs(S::Emotions), Format(F::Caucus), 2, "Separate rooms take the heat out of the day."),
    raise(StallIs(S::Emotions), Format(F::SeparateArrival), 2, "Not meeting at the door helps a tense day start calmly."),
    raise(StallIs(S::Emotions), Format(F::Online), 1, "A screen puts some distance between people when feelings run high."),
    lower(StallIs(S::Emotions), Format(F::Joint), 1, "The last joint session was overtaken by emotions."),

    raise(StallIs(S::PowerImbalance), Upgrade(U::RepresentationOrSupport), 5, "One side had more money or legal knowledge; a lawyer or support person can even things out."),
    raise(StallIs(S::PowerImbalance), Upgrade(U::CaucusModel), 2, "Separate rooms let the quieter side speak freely to the mediator."),
    raise(StallIs(S::PowerImbalance), Upgrade(U::DocumentExchange), 1, "Full disclosure means both sides work from the same facts."),
    raise(StallIs(S::PowerImbalance), Step(N::Referral), 2, "Legal or financial advice can help the side with less knowledge understand their position."),
    raise(StallIs(S::PowerImbalance), Format(F::Caucus), 2, "Separate rooms let the quieter side speak freely."),

    raise(StallIs(S::LackOfCommitment), Upgrade(U::RealityTesting), 3, "Talking through what happens next week, or in three months, if nothing is agreed makes the consequences clear."),
    raise(StallIs(S::LackOfCommitment), Upgrade(U::MediatorsProposal), 2, "A proposal with a reply-by deadline asks each side for a clear yes or no."),
    raise(StallIs(S::LackOfCommitment), Step(N::SettlementConference), 2, "A court-run step with a fixed date and deadline gives everyone a reason to decide."),
    raise(StallIs(S::LackOfCommitment), Step(N::MediatorsProposal), 2, "A proposal with a reply-by deadline asks each side for a clear yes or no."),
    raise(StallIs(S::LackOfCommitment), Step(N::Litigation), 1, "If one side will not engage, a court may be the way to get a decision."),

    raise(StallIs(S::Timing), Step(N::PauseAndReturn), 4, "It was too early (for example, documents or discovery were not done): pause and come back on a date set now."),
    raise(StallIs(S::Timing), Step(N::MediateAgain), 1, "A later session, once things are ready, often goes differently."),
    raise(StallIs(S::Timing), Upgrade(U::PreMediationCalls), 1, "A call before the next session can check that everyone is ready."),

    // What was already achieved (DOMAIN.md §4).
    raise(PartialAgreement, Step(N::MediateAgain), 3, "Some issues are already agreed; a shorter session on what is still open builds on that."),
    lower(PartialAgreement, Step(N::Litigation), 1, "Going to court could put points that were already agreed back in question."),
    raise(PartialAgreement, Upgrade(U::TighterAgenda), 3, "Some issues are settled; an agenda of only the open ones keeps the next session focused."),
    raise(PartialAgreement, Upgrade(U::SingleTopicSession), 2, "With part agreed, a session on one remaining issue at a time can finish the job."),
    raise(PartialAgreement, Upgrade(U::TrialPeriod), 1, "What was nearly agreed could be tried for a set time, with a review date."),
    raise(PartialAgreement, Format(F::Joint), 1, "The parties already agreed some things face to face."),
    raise(All(&[PartialAgreement, OpenIssuesBetween(1, 2)]), Upgrade(U::SingleTopicSession), 2, "Only one or two issues are left; a session on just one keeps it focused."),
    raise(All(&[PartialAgreement, OpenIssuesBetween(1, 2)]), Upgrade(U::MediatorsProposal), 1, "When the gap is narrow, a mediator's proposal can close it."),
    raise(OpenIssuesAtLeast(4), Upgrade(U::StagedIssues), 2, "Many issues are open; taking them in stages, easiest first, keeps each session manageable."),
    raise(NoPartialAgreement, Upgrade(U::StagedIssues), 1, "Nothing is agreed yet; starting with the easiest issue can build momentum."),

    // Contracts that already name a process.
    raise(ContractRequires(C::Arbitration), Step(N::Arbitration), 5, "The contract requires arbitration, so an arbitrator may decide if this does not settle."),
    lower(ContractRequires(C::Arbitration), Step(N::Litigation), 2, "The contract requires arbitration, so a court will usually send the dispute there."),
    raise(ContractRequires(C::TieredDispute), Step(N::MediateAgain), 2, "The contract sets steps in order (negotiate, then mediate, then arbitrate or go to court); mediation is one of them."),
    raise(ContractRequires(C::TieredDispute), Step(N::Arbitration), 1, "The contract's steps may end in arbitration; it is worth checking which step comes next."),
    raise(ContractRequires(C::MediationFirst), Step(N::MediateAgain), 2, "The contract asks for mediation before anything else."),
    lower(ContractRequires(C::MediationFirst), Step(N::Litigation), 1, "A court may expect the contract's mediation step to be honoured first."),

    // Court-ordered mediation (DOMAIN.md §6).
    raise(CourtOrdered, Step(N::SettlementConference), 3, "The court's calendar keeps running after a court-ordered mediation; a settlement conference is often the next step on it."),
    raise(CourtOrdered, Step(N::Litigation), 1, "The case is already before a court, so the court process continues unless it settles."),
    raise(All(&[CourtOrdered, InJurisdiction(Jurisdiction::UsFederal)]), Step(N::SettlementConference), 1, "In US federal courts, a magistrate judge often runs settlement conferences."),

    // The kind of dispute (DOMAIN.md §6, dispute-specific paths).
    exclude(NotFamily, Step(N::TemporaryOrders), "Temporary orders are a family-court step; they do not apply to this kind of dispute."),
    raise(Family, Step(N::TemporaryOrders), 2, "In family disputes a judge can make temporary orders (where the children live, who pays the mortgage) that steady things while the rest continues."),
    raise(All(&[Family, InJurisdiction(Jurisdiction::EnglandWales)]), Step(N::TemporaryOrders), 1, "In England & Wales the family court can make interim orders; the mediator can confirm the MIAM so an application can go ahead."),
    raise(Family, Step(N::Referral), 1, "Family disputes often benefit from a child specialist, financial adviser or counsellor alongside."),
    raise(DisputeIs(D::ChildArrangements), Upgrade(U::TrialPeriod), 2, "A schedule can be tried for a few weeks and then reviewed, so nobody is locked in."),
    raise(DisputeIs(D::NeighbourCommunity), Upgrade(U::TrialPeriod), 2, "A plan (quiet hours, parking, boundaries) can be tried for thirty days and then reviewed."),
    raise(DisputeIs(D::PersonalInjury), Step(N::EarlyNeutralEvaluation), 1, "In personal injury, a neutral's view of liability and value often unlocks the numbers; disputed fault comes before the numbers."),
    raise(DisputeIs(D::BusinessPartnership), Step(N::NegotiateDirectly), 1, "In business disputes control, reputation and precedent matter as much as money: payment schedules, non-disparagement, transition services or a revised operating agreement can all be levers."),
    raise(DisputeIs(D::BusinessPartnership), Step(N::MediateAgain), 1, "A confidential session protects reputations, and can work on terms beyond money such as non-disparagement or transition services."),
    lower(DisputeIs(D::BusinessPartnership), Step(N::Litigation), 1, "A court case is public, which can cost reputation and set a precedent neither side wants."),

    // What the parties can spend, and how soon they need a result.
    raise(BudgetIs(Budget::Low), Step(N::NegotiateDirectly), 2, "Talking directly costs little."),
    raise(BudgetIs(Budget::Low), Step(N::MediatorsProposal), 1, "A mediator's proposal costs little and can end the dispute quickly."),
    lower(BudgetIs(Budget::Low), Step(N::Litigation), 3, "A court case is usually the most expensive route."),
    lower(BudgetIs(Budget::Low), Step(N::Arbitration), 2, "Arbitration usually costs a lot: the arbitrator and lawyers are paid by the parties."),
    raise(TimeIs(TimePreference::Urgent), Step(N::NegotiateDirectly), 2, "Direct talks can move within days."),
    raise(TimeIs(TimePreference::Urgent), Step(N::MediatorsProposal), 1, "A mediator's proposal can be answered within days."),
    lower(TimeIs(TimePreference::Urgent), Step(N::Litigation), 2, "A court case usually takes many months, often more than a year."),
    lower(TimeIs(TimePreference::Urgent), Step(N::PauseAndReturn), 2, "A pause adds time the parties said they do not have."),
    raise(All(&[TimeIs(TimePreference::Urgent), Family]), Step(N::TemporaryOrders), 1, "Temporary orders can steady things quickly while the rest is worked out."),
    raise(TimeIs(TimePreference::Flexible), Step(N::PauseAndReturn), 1, "There is time to pause and prepare properly."),
];

/// Warnings shown above the ranking. Safety comes first.
#[rustfmt::skip]
pub static CAUTIONS: &[Caution] = &[
    Caution { when: SafetyConcern, says: "Someone raised a safety concern. Mediation may be unsuitable until everyone can take part safely. The mediator can pause, keep people apart (separate rooms, online, shuttle) or stop, and protective services can help. A joint session should not come first." },
    Caution { when: SafetyConcern, says: "What was said in safety screening is never shown to the other party." },
    Caution { when: CourtOrdered, says: "The court's calendar keeps running. The mediator tells the court only whether the case settled; what was said stays protected." },
    Caution { when: ContractRequires(C::Arbitration), says: "The contract's arbitration clause may decide where this goes if it does not settle; an adviser can check it before anyone goes to court." },
    Caution { when: PartialAgreement, says: "Write down what was agreed (a memorandum of partial agreement) so it is not lost while the rest continues." },
    Caution { when: All(&[Family, InJurisdiction(Jurisdiction::EnglandWales)]), says: "Before applying to the family court, a MIAM is usually needed unless an exemption applies; the mediator's confirmation lasts four months." },
];
