//! A rule as people type it ("7 days after 2026-12-21") and the closure days a service adds,
//! one per line after it, counted under every rule set.

use accord_core::clock::{Direction, RuleSet, compute, parse_rule};
use jiff::civil::Date;

pub fn deadline_rule(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let Some(rule) = lines.next() else { return };
    let closures: Vec<Date> = lines.filter_map(|l| l.trim().parse().ok()).collect();
    let Ok((period, trigger)) = parse_rule(rule) else {
        return;
    };
    for rules in [RuleSet::EwCpr, RuleSet::EwFpr, RuleSet::UsFrcp] {
        let Ok(done) = compute(rules, period, trigger, &closures) else {
            continue;
        };
        match period.direction {
            Direction::After => assert!(
                done.due >= trigger,
                "{rules}: {rule:?} fell due on {} before its trigger",
                done.due
            ),
            Direction::Before => assert!(
                done.due <= trigger,
                "{rules}: {rule:?} fell due on {} after its event",
                done.due
            ),
        }
        assert!(
            !closures.contains(&done.due),
            "{rules}: {rule:?} fell due on {}, a closure day",
            done.due
        );
        assert!(!done.steps.is_empty(), "{rules}: {rule:?} shows no working");
    }
}
