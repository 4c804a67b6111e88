//! Scenario tests (a table of facts and what the advice says about them), the rule table's own
//! invariants, and a property test over arbitrary facts.

use super::*;
use crate::case::vocabulary::{ContractClause, DisputeType, Jurisdiction, SessionFormat};
use proptest::prelude::*;
use strum::IntoEnumIterator;

use DisputeType as D;
use NextStep as N;
use ProcessUpgrade as U;
use SessionFormat as F;
use StallReason as S;
use Target::{Format, Step, Upgrade};

// ---- facts builders -------------------------------------------------------------------------

fn case(dispute: DisputeType) -> Facts {
    Facts::new(dispute, Jurisdiction::EnglandWales)
}

fn workplace() -> Facts {
    case(D::Workplace)
}

trait With: Sized {
    fn stalled(self, reason: StallReason) -> Self;
    fn with(self, change: impl FnOnce(&mut Facts)) -> Self;
    fn deadline_in(self, days: i64, label: &str) -> Self {
        self.with(|f| {
            f.days_to_nearest_deadline = Some(days);
            f.deadline_label = Some(label.into());
        })
    }
}

impl With for Facts {
    fn stalled(mut self, reason: StallReason) -> Self {
        self.stall_reasons.push(reason);
        self
    }
    fn with(mut self, change: impl FnOnce(&mut Facts)) -> Self {
        change(&mut self);
        self
    }
}

// ---- expectations ---------------------------------------------------------------------------

#[derive(Debug)]
enum Expect {
    Top(NextStep),
    RanksAbove(NextStep, NextStep),
    TopUpgrade(ProcessUpgrade),
    /// The first n upgrades are all among these.
    TopUpgradesAmong(usize, &'static [ProcessUpgrade]),
    TopFormatAmong(&'static [SessionFormat]),
    Raised(Target),
    Lowered(Target),
    Excluded(Target),
    NotExcluded(Target),
    ReasonContains(Target, &'static str),
    CautionContains(&'static str),
    NoCautions,
    Clock(Option<Urgency>),
    ClockSays(&'static str),
    /// The serialized answer opens with the clock, so every reader meets it first.
    ClockFirstInJson,
}

struct Item<'a> {
    excluded: bool,
    reasons: &'a [Reason],
}

fn find(advice: &Advice, target: Target) -> Option<Item<'_>> {
    fn item<T>(r: &Ranked<T>) -> Item<'_> {
        Item {
            excluded: r.excluded,
            reasons: &r.reasons,
        }
    }
    match target {
        Step(s) => advice.option(s).map(item),
        Upgrade(u) => advice.upgrade(u).map(item),
        Format(f) => advice.format(f).map(item),
    }
}

fn has_effect(advice: &Advice, target: Target, effect: Effect) -> bool {
    find(advice, target).is_some_and(|i| i.reasons.iter().any(|r| r.effect == effect))
}

fn position(advice: &Advice, step: NextStep) -> usize {
    advice.options.iter().position(|r| r.item == step).unwrap()
}

impl Expect {
    fn check(&self, advice: &Advice) -> bool {
        match *self {
            Self::Top(step) => advice.top_option() == Some(step),
            Self::RanksAbove(a, b) => position(advice, a) < position(advice, b),
            Self::TopUpgrade(u) => advice.top_upgrade() == Some(u),
            Self::TopUpgradesAmong(n, among) => {
                advice.upgrades.len() >= n
                    && advice.upgrades[..n].iter().all(|r| among.contains(&r.item))
            }
            Self::TopFormatAmong(among) => advice.top_format().is_some_and(|f| among.contains(&f)),
            Self::Raised(t) => has_effect(advice, t, Effect::Raises),
            Self::Lowered(t) => has_effect(advice, t, Effect::Lowers),
            Self::Excluded(t) => find(advice, t).is_some_and(|i| i.excluded),
            Self::NotExcluded(t) => find(advice, t).is_some_and(|i| !i.excluded),
            Self::ReasonContains(t, words) => find(advice, t).is_some_and(|i| {
                i.reasons
                    .iter()
                    .any(|r| r.because.to_lowercase().contains(&words.to_lowercase()))
            }),
            Self::CautionContains(words) => advice.cautions.iter().any(|c| c.contains(words)),
            Self::NoCautions => advice.cautions.is_empty(),
            Self::Clock(urgency) => advice.clock.as_ref().map(|c| c.urgency) == urgency,
            Self::ClockSays(words) => advice
                .clock
                .as_ref()
                .is_some_and(|c| c.message.contains(words)),
            Self::ClockFirstInJson => serde_json::to_string(advice)
                .unwrap()
                .starts_with("{\"clock\":{"),
        }
    }
}

// ---- the scenarios --------------------------------------------------------------------------

use Expect::*;

fn scenarios() -> Vec<(&'static str, Facts, Vec<Expect>)> {
    vec![
        (
            "missing information: pause and exchange documents before any court",
            workplace().stalled(S::MissingInformation),
            vec![
                Top(N::PauseAndReturn),
                RanksAbove(N::PauseAndReturn, N::Litigation),
                TopUpgrade(U::DocumentExchange),
                ReasonContains(Step(N::PauseAndReturn), "documents"),
            ],
        ),
        (
            "no authority present: mediate again with the decision-maker",
            case(D::PersonalInjury).stalled(S::NoAuthorityPresent),
            vec![
                Top(N::MediateAgain),
                TopUpgrade(U::RequireDecisionMaker),
                ReasonContains(Step(N::MediateAgain), "decision-maker"),
            ],
        ),
        (
            "authority missing as a recorded fact reads the same as the stall reason",
            case(D::PersonalInjury).with(|f| f.authority_missing = true),
            vec![Top(N::MediateAgain), TopUpgrade(U::RequireDecisionMaker)],
        ),
        (
            "safety concern: never a joint session first",
            case(D::ChildArrangements).with(|f| f.safety_concern = true),
            vec![
                TopUpgradesAmong(3, &[U::CaucusModel, U::OnlineFormat, U::CoolingOffPause]),
                CautionContains("may be unsuitable"),
                Lowered(Step(N::MediateAgain)),
                Excluded(Format(F::Joint)),
                TopFormatAmong(&[F::Caucus, F::Online]),
                Top(N::PauseAndReturn),
                Raised(Step(N::TemporaryOrders)),
                Raised(Step(N::Referral)),
            ],
        ),
        (
            "safety named as the stall reason counts as a safety concern",
            workplace().stalled(S::SafetyConcern),
            vec![
                Excluded(Format(F::Joint)),
                CautionContains("may be unsuitable"),
            ],
        ),
        (
            "contract requires arbitration: arbitration named with that reason",
            case(D::BusinessPartnership)
                .with(|f| f.contract_clause = Some(ContractClause::Arbitration)),
            vec![
                ReasonContains(Step(N::Arbitration), "the contract requires arbitration"),
                RanksAbove(N::Arbitration, N::Litigation),
                Lowered(Step(N::Litigation)),
            ],
        ),
        (
            "court date within 14 days: the clock comes first, flagged urgent",
            case(D::FamilyFinance).deadline_in(9, "final hearing"),
            vec![
                Clock(Some(Urgency::Urgent)),
                ClockSays("final hearing"),
                ClockSays("9 days"),
                ClockFirstInJson,
                Lowered(Step(N::PauseAndReturn)),
            ],
        ),
        (
            "deadline within 30 days: flagged soon",
            workplace().deadline_in(25, "response deadline"),
            vec![Clock(Some(Urgency::Soon)), ClockFirstInJson],
        ),
        (
            "deadline beyond 30 days: no flag",
            workplace().deadline_in(45, "trial"),
            vec![Clock(None)],
        ),
        (
            "deadline already passed: flagged as passed",
            workplace().deadline_in(-2, "filing deadline"),
            vec![Clock(Some(Urgency::Passed)), ClockSays("passed 2 days ago")],
        ),
        (
            "family in England & Wales: temporary orders raised, MIAM mentioned",
            case(D::ChildArrangements),
            vec![
                Raised(Step(N::TemporaryOrders)),
                NotExcluded(Step(N::TemporaryOrders)),
                ReasonContains(Step(N::TemporaryOrders), "England & Wales"),
                CautionContains("MIAM"),
            ],
        ),
        (
            "outside family disputes: temporary orders set aside",
            workplace(),
            vec![
                Excluded(Step(N::TemporaryOrders)),
                ReasonContains(Step(N::TemporaryOrders), "family-court step"),
            ],
        ),
        (
            "personal injury with missing information: expert input raised",
            case(D::PersonalInjury).stalled(S::MissingInformation),
            vec![
                Raised(Upgrade(U::ExpertInput)),
                ReasonContains(Upgrade(U::ExpertInput), "medical records"),
            ],
        ),
        (
            "posturing: caucus and pre-mediation calls",
            workplace().stalled(S::Posturing),
            vec![
                TopUpgrade(U::CaucusModel),
                Raised(Upgrade(U::PreMediationCalls)),
                TopFormatAmong(&[F::Caucus]),
            ],
        ),
        (
            "emotions: cooling-off, separate arrival, online",
            case(D::Divorce).stalled(S::Emotions),
            vec![
                TopUpgrade(U::CoolingOffPause),
                Raised(Upgrade(U::SeparateArrival)),
                Raised(Upgrade(U::OnlineFormat)),
                Lowered(Format(F::Joint)),
            ],
        ),
        (
            "power imbalance: representation or support",
            case(D::FamilyFinance).stalled(S::PowerImbalance),
            vec![
                TopUpgrade(U::RepresentationOrSupport),
                Raised(Step(N::Referral)),
            ],
        ),
        (
            "unrealistic expectations: reality-testing and a neutral's view",
            case(D::PersonalInjury).stalled(S::UnrealisticExpectations),
            vec![
                TopUpgrade(U::RealityTesting),
                Raised(Step(N::EarlyNeutralEvaluation)),
            ],
        ),
        (
            "mediator fit: a different mediator",
            workplace().stalled(S::MediatorFit),
            vec![
                TopUpgrade(U::DifferentMediator),
                ReasonContains(Upgrade(U::DifferentMediator), "evaluative"),
            ],
        ),
        (
            "partial agreement with one issue left: mediate again on a narrow agenda",
            case(D::ChildArrangements).with(|f| {
                f.partial_agreement = true;
                f.open_issues = 1;
            }),
            vec![
                Top(N::MediateAgain),
                Raised(Upgrade(U::TighterAgenda)),
                Raised(Upgrade(U::SingleTopicSession)),
                CautionContains("memorandum"),
            ],
        ),
        (
            "low budget and urgent: talk directly, not court",
            workplace().with(|f| {
                f.budget = Some(Budget::Low);
                f.time_preference = Some(TimePreference::Urgent);
            }),
            vec![
                Top(N::NegotiateDirectly),
                Lowered(Step(N::Litigation)),
                Raised(Step(N::NegotiateDirectly)),
            ],
        ),
        (
            "court-ordered: settlement conference on the court's calendar",
            case(D::PersonalInjury).with(|f| {
                f.court_ordered = true;
                f.jurisdiction = Jurisdiction::UsFederal;
            }),
            vec![
                Raised(Step(N::SettlementConference)),
                ReasonContains(Step(N::SettlementConference), "court's calendar"),
                CautionContains("only whether the case settled"),
            ],
        ),
        (
            "timing: pause and return with a date",
            workplace().stalled(S::Timing),
            vec![
                Top(N::PauseAndReturn),
                ReasonContains(Step(N::PauseAndReturn), "date"),
            ],
        ),
        (
            "lack of commitment: deadlines and court-run steps",
            workplace().stalled(S::LackOfCommitment),
            vec![
                Raised(Step(N::SettlementConference)),
                ReasonContains(Step(N::MediatorsProposal), "deadline"),
                Raised(Upgrade(U::RealityTesting)),
            ],
        ),
        (
            "business dispute: reputation and precedent are levers",
            case(D::BusinessPartnership),
            vec![
                ReasonContains(Step(N::NegotiateDirectly), "reputation"),
                ReasonContains(Step(N::Litigation), "precedent"),
            ],
        ),
        (
            "neighbours: a plan on trial for thirty days",
            case(D::NeighbourCommunity),
            vec![Raised(Upgrade(U::TrialPeriod))],
        ),
        (
            "nothing known yet: direct talks lead and nothing is flagged",
            workplace(),
            vec![Top(N::NegotiateDirectly), Clock(None), NoCautions],
        ),
    ]
}

#[test]
fn scenarios_hold() {
    let scenarios = scenarios();
    assert!(scenarios.len() >= 15);
    let mut failures = Vec::new();
    for (name, facts, expectations) in &scenarios {
        let advice = advise(facts);
        for expect in expectations {
            if !expect.check(&advice) {
                failures.push(format!("{name}: {expect:?}\n{}", summary(&advice)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn summary(advice: &Advice) -> String {
    let list = |items: Vec<(String, i32, bool)>| {
        items
            .into_iter()
            .map(|(n, s, x)| format!("{n}={s}{}", if x { " (excluded)" } else { "" }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "  clock: {:?}\n  options: {}\n  upgrades: {}\n  formats: {}",
        advice.clock.as_ref().map(|c| &c.message),
        list(
            advice
                .options
                .iter()
                .map(|r| (r.item.to_string(), r.score, r.excluded))
                .collect()
        ),
        list(
            advice
                .upgrades
                .iter()
                .map(|r| (r.item.to_string(), r.score, r.excluded))
                .collect()
        ),
        list(
            advice
                .formats
                .iter()
                .map(|r| (r.item.to_string(), r.score, r.excluded))
                .collect()
        ),
    )
}

// ---- the table itself -----------------------------------------------------------------------

#[test]
fn every_option_and_format_has_one_starting_score() {
    let starts = |t: Target| {
        RULES
            .iter()
            .filter(|r| r.target == t && r.effect == Effect::Starts)
            .count()
    };
    for step in NextStep::iter() {
        assert_eq!(starts(Step(step)), 1, "{step}");
    }
    for format in SessionFormat::iter() {
        assert_eq!(starts(Format(format)), 1, "{format}");
    }
    assert!(
        RULES
            .iter()
            .all(|r| (r.effect == Effect::Starts) == (r.when == Condition::Always))
    );
}

#[test]
fn weights_are_positive_and_excludes_move_nothing() {
    for rule in RULES {
        match rule.effect {
            Effect::Excludes => assert_eq!(rule.weight, 0, "{rule:?}"),
            _ => assert!(rule.weight > 0, "{rule:?}"),
        }
    }
}

#[test]
fn every_upgrade_and_stall_reason_is_reachable() {
    for upgrade in ProcessUpgrade::iter() {
        assert!(
            RULES.iter().any(|r| r.target == Upgrade(upgrade)),
            "no rule mentions {upgrade}"
        );
    }
    for stall in StallReason::iter() {
        let facts = workplace().stalled(stall);
        let touched = RULES
            .iter()
            .any(|r| r.when != Condition::Always && r.when.holds(&facts));
        assert!(touched, "no rule answers {stall}");
    }
}

#[test]
fn the_words_explain_and_never_order() {
    let texts = RULES
        .iter()
        .map(|r| r.because)
        .chain(CAUTIONS.iter().map(|c| c.says))
        .chain(StallReason::iter().map(StallReason::usual_fix))
        .chain(NextStep::iter().map(|s| s.profile().note));
    for text in texts {
        let lower = text.to_lowercase();
        assert!(!lower.contains("you must"), "{text}");
        assert!(text.ends_with('.'), "a full sentence reads better: {text}");
        assert!(text.starts_with(|c: char| c.is_uppercase()), "{text}");
    }
}

#[test]
fn the_table_prints_for_a_mediator() {
    let md = rules_markdown();
    assert!(md.starts_with("# How Accord ranks next steps"));
    for step in NextStep::iter() {
        assert!(md.contains(step.label()), "{step}");
    }
    assert!(md.contains("| the reason it stalled: missing information | raises | option: pause and return on a set date | 4 |"));
    assert!(md.contains(
        "| someone raised a safety concern | sets aside | format: a joint session | — |"
    ));
    // One printed row per rule, so nothing in the table is hidden from the reader.
    let rows = md.lines().filter(|l| l.starts_with("| ")).count();
    let headers = 4;
    let expected =
        RULES.len() + CAUTIONS.len() + NextStep::iter().count() + StallReason::iter().count();
    assert_eq!(rows, headers + expected);
}

#[test]
fn the_answer_reads_as_json() {
    let facts = case(D::ChildArrangements)
        .stalled(S::MissingInformation)
        .deadline_in(3, "first hearing");
    let json = serde_json::to_value(advise(&facts)).unwrap();
    assert_eq!(json["clock"]["urgency"], "urgent");
    // A hearing three days away puts advice about it ahead of the pause.
    assert_eq!(json["options"][0]["item"], "referral");
    assert_eq!(json["options"][0]["profile"]["binding"], "non-binding");
    assert_eq!(json["options"][0]["reasons"][0]["effect"], "starts");
    assert!(json["upgrades"][0].get("profile").is_none());
    assert_eq!(json["fixes"][0]["stall"], "missing-information");
}

#[test]
fn facts_accept_a_short_what_if() {
    let facts: Facts = serde_json::from_str(
        r#"{"dispute_type":"workplace","jurisdiction":"england-wales","stall_reasons":["posturing"]}"#,
    )
    .unwrap();
    assert_eq!(facts, workplace().stalled(S::Posturing));
    assert!(serde_json::from_str::<Facts>(r#"{"dispute_type":"workplace"}"#).is_err());
    assert!(
        serde_json::from_str::<Facts>(
            r#"{"dispute_type":"workplace","jurisdiction":"england-wales","stall":"x"}"#
        )
        .is_err(),
        "a misspelt field is refused, not silently ignored"
    );
}

// ---- any facts at all -----------------------------------------------------------------------

fn any_of<T: IntoEnumIterator + Clone + std::fmt::Debug + 'static>() -> impl Strategy<Value = T> {
    proptest::sample::select(T::iter().collect::<Vec<_>>())
}

fn any_facts() -> impl Strategy<Value = Facts> {
    (
        (
            any_of::<DisputeType>(),
            any_of::<Jurisdiction>(),
            any::<bool>(),
            proptest::option::of(any_of::<ContractClause>()),
        ),
        (
            any::<bool>(),
            proptest::collection::vec(any_of::<StallReason>(), 0..6),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            any::<usize>(),
            proptest::option::of(prop_oneof![-60i64..60, any::<i64>()]),
            proptest::option::of(".{0,20}"),
            proptest::option::of(any_of::<Budget>()),
            proptest::option::of(any_of::<TimePreference>()),
        ),
    )
        .prop_map(
            |(
                (dispute_type, jurisdiction, court_ordered, contract_clause),
                (safety_concern, stall_reasons, authority_missing, partial_agreement),
                (open_issues, days_to_nearest_deadline, deadline_label, budget, time_preference),
            )| Facts {
                dispute_type,
                jurisdiction,
                court_ordered,
                contract_clause,
                safety_concern,
                stall_reasons,
                authority_missing,
                partial_agreement,
                open_issues,
                days_to_nearest_deadline,
                deadline_label,
                budget,
                time_preference,
            },
        )
}

fn explained<T>(ranked: &[Ranked<T>]) -> Result<(), TestCaseError> {
    for r in ranked {
        prop_assert_eq!(r.score, r.reasons.iter().map(Reason::change).sum::<i32>());
        prop_assert!(r.score == 0 || !r.reasons.is_empty());
        prop_assert_eq!(
            r.excluded,
            r.reasons.iter().any(|x| x.effect == Effect::Excludes)
        );
    }
    // Suggestions first, best first; anything set aside after them.
    for pair in ranked.windows(2) {
        prop_assert!(
            (pair[0].excluded, -pair[0].score) <= (pair[1].excluded, -pair[1].score),
            "out of order"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_facts_get_complete_explained_advice(facts in any_facts()) {
        let advice = advise(&facts);

        for step in NextStep::iter() {
            prop_assert_eq!(advice.options.iter().filter(|r| r.item == step).count(), 1);
        }
        prop_assert_eq!(advice.options.len(), NextStep::iter().count());
        for format in SessionFormat::iter() {
            prop_assert_eq!(advice.formats.iter().filter(|r| r.item == format).count(), 1);
        }
        for upgrade in ProcessUpgrade::iter() {
            prop_assert!(advice.upgrades.iter().filter(|r| r.item == upgrade).count() <= 1);
        }
        prop_assert!(advice.upgrades.iter().all(|r| !r.reasons.is_empty()));
        prop_assert!(advice.options.iter().all(|r| r.profile.is_some()));
        explained(&advice.options)?;
        explained(&advice.upgrades)?;
        explained(&advice.formats)?;

        let flagged = facts.days_to_nearest_deadline.is_some_and(|d| d <= SOON_DAYS);
        prop_assert_eq!(advice.clock.is_some(), flagged);

        let safety = facts.safety_concern || facts.stall_reasons.contains(&S::SafetyConcern);
        if safety {
            prop_assert_ne!(advice.top_format(), Some(F::Joint));
            prop_assert!(advice.format(F::Joint).unwrap().excluded);
        }

        let json = serde_json::to_string(&advice).unwrap();
        prop_assert!(json.starts_with("{\"clock\":"), "the clock opens the answer");
        prop_assert!(!json.to_lowercase().contains("you must"));
    }

    #[test]
    fn facts_survive_a_round_trip(facts in any_facts()) {
        let json = serde_json::to_string(&facts).unwrap();
        prop_assert_eq!(serde_json::from_str::<Facts>(&json).unwrap(), facts);
    }
}
