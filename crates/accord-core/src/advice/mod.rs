//! The advice engine: from the facts of a case after a session without full agreement, the
//! next-step options and process upgrades, ranked, each with its reasons. It explains; it never decides.

mod rules;
mod vocabulary;

#[cfg(test)]
mod tests;

pub use rules::{CAUTIONS, Caution, Condition, Effect, RULES, Rule, Target};
pub use vocabulary::{
    Band, Binding, Budget, Confidentiality, CostBand, NextStep, ProcessUpgrade, Profile,
    StallReason, TimePreference, format_label,
};

use crate::case::vocabulary::{
    ContractClause, DisputeType, Jurisdiction, SessionFormat, vocabulary,
};
use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

/// A deadline this close is flagged urgent, ahead of everything else.
pub const URGENT_DAYS: i64 = 14;
/// A deadline this close is flagged as coming soon.
pub const SOON_DAYS: i64 = 30;

/// What the engine looks at. Everything but the dispute type and jurisdiction may be left out
/// of a what-if request and defaults to "not known / not the case".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub dispute_type: DisputeType,
    pub jurisdiction: Jurisdiction,
    #[serde(default)]
    pub court_ordered: bool,
    #[serde(default)]
    pub contract_clause: Option<ContractClause>,
    #[serde(default)]
    pub safety_concern: bool,
    #[serde(default)]
    pub stall_reasons: Vec<StallReason>,
    /// The person with authority to settle (an insurer, a director) did not attend.
    #[serde(default)]
    pub authority_missing: bool,
    #[serde(default)]
    pub partial_agreement: bool,
    /// Issues still open; 0 when not counted.
    #[serde(default)]
    pub open_issues: usize,
    /// Days from today to the nearest deadline on the case's clock; negative if it has passed.
    #[serde(default)]
    pub days_to_nearest_deadline: Option<i64>,
    /// What that deadline is, e.g. "final hearing".
    #[serde(default)]
    pub deadline_label: Option<String>,
    #[serde(default)]
    pub budget: Option<Budget>,
    #[serde(default)]
    pub time_preference: Option<TimePreference>,
}

impl Facts {
    /// A case of this kind with nothing else known yet.
    pub fn new(dispute_type: DisputeType, jurisdiction: Jurisdiction) -> Self {
        Self {
            dispute_type,
            jurisdiction,
            court_ordered: false,
            contract_clause: None,
            safety_concern: false,
            stall_reasons: Vec::new(),
            authority_missing: false,
            partial_agreement: false,
            open_issues: 0,
            days_to_nearest_deadline: None,
            deadline_label: None,
            budget: None,
            time_preference: None,
        }
    }
}

vocabulary!(
    /// How pressing the nearest deadline is.
    Urgency {
        /// The date has already gone by.
        Passed,
        /// Within 14 days.
        Urgent,
        /// Within 30 days.
        Soon,
    }
);

/// The procedural clock, read before anything else: mediation does not pause it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClockFlag {
    pub urgency: Urgency,
    /// Days until the deadline; negative if it has passed.
    pub days: i64,
    pub label: Option<String>,
    pub message: String,
}

/// One rule that moved an item's score, in words.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub effect: Effect,
    /// How far the score moved; the effect gives the direction, and "excludes" moves nothing.
    pub weight: i32,
    pub because: String,
}

impl Reason {
    /// The signed change this reason made to the score.
    pub fn change(&self) -> i32 {
        self.effect.sign() * self.weight
    }
}

/// An option, upgrade or format with its score and every reason behind it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ranked<T> {
    pub item: T,
    pub label: &'static str,
    /// The sum of the reasons' changes.
    pub score: i32,
    /// Set aside by a rule (see the reason marked "excludes"); listed last, never suggested.
    pub excluded: bool,
    pub reasons: Vec<Reason>,
    /// Who decides, binding or not, time, cost, confidentiality: next steps only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

/// The usual fix for a reason the session stalled (DOMAIN.md §5).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UsualFix {
    pub stall: StallReason,
    pub label: &'static str,
    pub usual_fix: &'static str,
}

/// The engine's answer, in reading order: the clock, cautions, then the rankings. Suggestions
/// with reasons; the parties decide.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub clock: Option<ClockFlag>,
    pub cautions: Vec<String>,
    /// Every next step of DOMAIN.md §6, best first; excluded ones last.
    pub options: Vec<Ranked<NextStep>>,
    /// The process upgrades the facts speak to, best first.
    pub upgrades: Vec<Ranked<ProcessUpgrade>>,
    /// Every session format for the next meeting, best first; excluded ones last.
    pub formats: Vec<Ranked<SessionFormat>>,
    /// The usual fix for each reason it stalled.
    pub fixes: Vec<UsualFix>,
}

impl Advice {
    /// The best-ranked next step that is not set aside.
    pub fn top_option(&self) -> Option<NextStep> {
        first_suggested(&self.options)
    }

    pub fn top_upgrade(&self) -> Option<ProcessUpgrade> {
        first_suggested(&self.upgrades)
    }

    pub fn top_format(&self) -> Option<SessionFormat> {
        first_suggested(&self.formats)
    }

    pub fn option(&self, step: NextStep) -> Option<&Ranked<NextStep>> {
        self.options.iter().find(|r| r.item == step)
    }

    pub fn upgrade(&self, upgrade: ProcessUpgrade) -> Option<&Ranked<ProcessUpgrade>> {
        self.upgrades.iter().find(|r| r.item == upgrade)
    }

    pub fn format(&self, format: SessionFormat) -> Option<&Ranked<SessionFormat>> {
        self.formats.iter().find(|r| r.item == format)
    }
}

fn first_suggested<T: Copy>(ranked: &[Ranked<T>]) -> Option<T> {
    ranked.iter().find(|r| !r.excluded).map(|r| r.item)
}

/// Evaluates the rule table against the facts. Pure: the same facts give the same advice.
pub fn advise(facts: &Facts) -> Advice {
    let options = rank(facts, NextStep::iter(), Target::Step, true, |s| {
        (s.label(), Some(s.profile()))
    });
    let upgrades = rank(facts, ProcessUpgrade::iter(), Target::Upgrade, false, |u| {
        (u.label(), None)
    });
    let formats = rank(facts, SessionFormat::iter(), Target::Format, true, |f| {
        (format_label(f), None)
    });
    let cautions = CAUTIONS
        .iter()
        .filter(|c| c.when.holds(facts))
        .map(|c| c.says.to_owned())
        .collect();
    Advice {
        clock: clock(facts),
        cautions,
        options,
        upgrades,
        formats,
        fixes: fixes(facts),
    }
}

/// Scores every item from the rows that name it. `keep_all` lists items no rule touched, so a
/// reader sees the whole menu; upgrades nobody asked for would only be noise.
fn rank<T: Copy + PartialEq>(
    facts: &Facts,
    items: impl Iterator<Item = T>,
    target: fn(T) -> Target,
    keep_all: bool,
    describe: impl Fn(T) -> (&'static str, Option<Profile>),
) -> Vec<Ranked<T>> {
    let mut ranked: Vec<Ranked<T>> = items
        .map(|item| {
            let reasons: Vec<Reason> = RULES
                .iter()
                .filter(|rule| rule.target == target(item) && rule.when.holds(facts))
                .map(|rule| Reason {
                    effect: rule.effect,
                    weight: rule.weight,
                    because: rule.because.to_owned(),
                })
                .collect();
            let (label, profile) = describe(item);
            Ranked {
                item,
                label,
                score: reasons.iter().map(Reason::change).sum(),
                excluded: reasons.iter().any(|r| r.effect == Effect::Excludes),
                reasons,
                profile,
            }
        })
        .filter(|r| keep_all || !r.reasons.is_empty())
        .collect();
    // A stable sort keeps the table order (DOMAIN.md §6) among equal scores.
    ranked.sort_by_key(|r| (r.excluded, std::cmp::Reverse(r.score)));
    ranked
}

fn clock(facts: &Facts) -> Option<ClockFlag> {
    let days = facts.days_to_nearest_deadline?;
    let what = facts
        .deadline_label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("the nearest deadline");
    let urgency = if days < 0 {
        Urgency::Passed
    } else if days <= URGENT_DAYS {
        Urgency::Urgent
    } else if days <= SOON_DAYS {
        Urgency::Soon
    } else {
        return None;
    };
    let message = match (urgency, days) {
        (Urgency::Passed, _) => format!(
            "Deadline passed {} ago: {what}. Mediation does not pause court dates; a lawyer or adviser can say what this means now, before any other step.",
            day_count(days.unsigned_abs())
        ),
        (Urgency::Urgent, 0) => format!(
            "Deadline today: {what}. Mediation does not pause it, and missing it can cost leverage or rights, so it comes before any other step."
        ),
        (Urgency::Urgent, _) => format!(
            "Deadline in {}: {what}. Mediation does not pause it, and missing it can cost leverage or rights, so it comes before any other step.",
            day_count(days.unsigned_abs())
        ),
        (Urgency::Soon, _) => format!(
            "Deadline in {}: {what}. Mediation does not pause it; whatever comes next needs to fit before it.",
            day_count(days.unsigned_abs())
        ),
    };
    Some(ClockFlag {
        urgency,
        days,
        label: facts.deadline_label.clone(),
        message,
    })
}

fn day_count(days: u64) -> String {
    if days == 1 {
        "1 day".into()
    } else {
        format!("{days} days")
    }
}

/// The usual fixes for the reasons given, once each, including the flags that mean the same.
fn fixes(facts: &Facts) -> Vec<UsualFix> {
    let mut stalls: Vec<StallReason> = Vec::new();
    let flagged = [
        (facts.authority_missing, StallReason::NoAuthorityPresent),
        (facts.safety_concern, StallReason::SafetyConcern),
    ];
    let from_flags = flagged.iter().filter(|(on, _)| *on).map(|&(_, s)| s);
    for stall in facts.stall_reasons.iter().copied().chain(from_flags) {
        if !stalls.contains(&stall) {
            stalls.push(stall);
        }
    }
    stalls
        .into_iter()
        .map(|stall| UsualFix {
            stall,
            label: stall.label(),
            usual_fix: stall.usual_fix(),
        })
        .collect()
}

/// The whole rule table as Markdown, for a mediator to read and challenge.
pub fn rules_markdown() -> String {
    let mut md = String::from(
        "# How Accord ranks next steps\n\n\
         Accord suggests and explains; the parties decide. Every option starts with a score, \
         and each rule below that matches the case raises it, lowers it, or sets it aside. \
         The highest scores are listed first; anything set aside is listed last with its reason.\n\n",
    );
    md.push_str(&format!(
        "A deadline within {URGENT_DAYS} days is flagged as urgent, and within {SOON_DAYS} days as soon, above everything else.\n\n"
    ));

    md.push_str("## Cautions\n\n| when | caution |\n|---|---|\n");
    for c in CAUTIONS {
        md.push_str(&format!(
            "| {} | {} |\n",
            cell(&c.when.describe()),
            cell(c.says)
        ));
    }

    md.push_str("\n## Rules\n\n| when | effect | on | by | because |\n|---|---|---|---|---|\n");
    for r in RULES {
        let by = match r.effect {
            Effect::Excludes => "—".to_owned(),
            _ => r.weight.to_string(),
        };
        let on = match r.target {
            Target::Step(_) => format!("option: {}", r.target.label()),
            Target::Upgrade(_) => format!("upgrade: {}", r.target.label()),
            Target::Format(_) => format!("format: {}", r.target.label()),
        };
        md.push_str(&format!(
            "| {} | {} | {} | {by} | {} |\n",
            cell(&r.when.describe()),
            effect_words(r.effect),
            cell(&on),
            cell(r.because)
        ));
    }

    md.push_str("\n## The options at a glance\n\n| option | who decides | binding | time | cost | confidentiality | note |\n|---|---|---|---|---|---|---|\n");
    for step in NextStep::iter() {
        let p = step.profile();
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            step.label(),
            p.who_decides,
            p.binding,
            p.time_band,
            p.cost_band,
            p.confidentiality,
            cell(p.note)
        ));
    }

    md.push_str("\n## Why it stalled, and the usual fix\n\n| reason | usual fix |\n|---|---|\n");
    for stall in StallReason::iter() {
        md.push_str(&format!(
            "| {} | {} |\n",
            stall.label(),
            cell(stall.usual_fix())
        ));
    }
    md
}

fn effect_words(effect: Effect) -> &'static str {
    match effect {
        Effect::Starts => "starts at",
        Effect::Raises => "raises",
        Effect::Lowers => "lowers",
        Effect::Excludes => "sets aside",
    }
}

/// A pipe inside a cell would split the Markdown row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
