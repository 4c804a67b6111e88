//! Computes a deadline under a rule set and records every step that led to it: the days
//! not counted and why, the clamp of a month-end, the roll-over off a closed day.

use super::calendar::{day, shift, weekday_name};
use super::days::{Closed, Days};
use super::error::ClockError;
use super::period::{Direction, Period, Unit, check_trigger};
use super::rules::{RollTo, RuleSet, Rules};
use crate::case::vocabulary::vocabulary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

vocabulary!(
    /// What a step of a computation did, for machines; `Step::text` says it for people.
    StepKind {
        /// The trigger (or the event, counting back) is outside the period.
        TriggerNotCounted,
        /// A short period: weekends and holidays inside it are skipped.
        ShortPeriod,
        SkippedWeekend,
        SkippedHoliday,
        /// A closure day of the service, given with the computation.
        SkippedClosure,
        /// The period was counted to its last day.
        Counted,
        /// Clear days before an event: the last day to act is the day before the period.
        ClearDays,
        /// A month-end that does not exist in the target month.
        Clamped,
        RolledForward,
        RolledBack,
        Due,
    }
);

/// One step of a computation.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StepKind,
    /// The day the step is about.
    pub date: Date,
    /// The step in words, e.g. "2026-12-25 Christmas Day skipped (bank holiday)".
    pub text: String,
}

/// A computed deadline with the steps that explain it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computation {
    pub rule_set: RuleSet,
    pub period: Period,
    pub trigger: Date,
    pub due: Date,
    pub steps: Vec<Step>,
}

/// The deadline for `period` from `trigger` under `rules`, treating `extra_closures` (the
/// service's own closure days) as days the court office is closed.
///
/// After: the last day of the period that begins the day after `trigger`. Before: the last
/// day to act so that the period before the event on `trigger` is respected.
pub fn compute(
    rules: RuleSet,
    period: Period,
    trigger: Date,
    extra_closures: &[Date],
) -> Result<Computation, ClockError> {
    let period = period.check()?;
    let trigger = check_trigger(trigger)?;
    let table = rules.rules();
    let mut run = Run {
        table,
        days: Days::new(table.calendar, extra_closures),
        backward: period.direction == Direction::Before,
        steps: Vec::new(),
    };
    let last = match period.unit {
        Unit::Months => run.months(period, trigger),
        Unit::Days | Unit::CourtDays => run.days(period, trigger)?,
    };
    let due = run.roll(last)?;
    run.push(
        StepKind::Due,
        due,
        format!("due {due} ({})", weekday_name(due)),
    );
    Ok(Computation {
        rule_set: rules,
        period,
        trigger,
        due,
        steps: run.steps,
    })
}

struct Run<'a> {
    table: &'static Rules,
    days: Days<'a>,
    backward: bool,
    steps: Vec<Step>,
}

impl Run<'_> {
    fn push(&mut self, kind: StepKind, date: Date, text: String) {
        self.steps.push(Step { kind, date, text });
    }

    fn push_skipped(&mut self, why: Closed, date: Date) {
        let kind = match why {
            Closed::Weekend => StepKind::SkippedWeekend,
            Closed::Holiday(_) => StepKind::SkippedHoliday,
            Closed::Closure => StepKind::SkippedClosure,
        };
        let text = why.skipped(date, self.table.holiday_word);
        self.push(kind, date, text);
    }

    /// Counts days or court days and returns the last day, before any roll-over.
    fn days(&mut self, period: Period, trigger: Date) -> Result<Date, ClockError> {
        let table = self.table;
        let n = period.amount;
        let role = if self.backward { "event" } else { "trigger" };
        self.push(
            StepKind::TriggerNotCounted,
            trigger,
            format!(
                "{role} {trigger} ({}) is not counted, {}",
                weekday_name(trigger),
                table.counting_citation
            ),
        );
        let skip_closures = period.unit == Unit::CourtDays;
        let short = table
            .short_period
            .filter(|s| !skip_closures && n <= s.max_days);
        if let Some(short) = short {
            self.push(
                StepKind::ShortPeriod,
                trigger,
                format!(
                    "a period of {} is {} days or less: Saturdays, Sundays, {}s, Christmas Day \
                     and Good Friday are not counted, {}",
                    period.unit.count(n),
                    short.max_days,
                    table.holiday_word,
                    short.citation
                ),
            );
        }
        let step = if self.backward { -1 } else { 1 };
        let last = if skip_closures || short.is_some() {
            let mut date = trigger;
            let mut counted = 0;
            while counted < n {
                date = shift(date, step);
                let why = if skip_closures {
                    self.days.closed(date)?
                } else {
                    self.days.non_business(date)?
                };
                match why {
                    Some(why) => self.push_skipped(why, date),
                    None => counted += 1,
                }
            }
            date
        } else {
            // Weekends and holidays inside a longer period count like any other day.
            shift(trigger, step * n as i32)
        };
        let clear = if table.clear_days { "clear " } else { "" };
        let back = if self.backward { " back" } else { "" };
        let included = if skip_closures || short.is_some() {
            ""
        } else {
            ", weekends and holidays included"
        };
        self.push(
            StepKind::Counted,
            last,
            format!(
                "counted{back} {n} {clear}{} from {} to {last}{included}",
                period.unit.noun(n),
                shift(trigger, step),
            ),
        );
        if !(self.backward && table.clear_days) {
            return Ok(last);
        }
        let act = shift(last, -1);
        self.push(
            StepKind::ClearDays,
            act,
            format!(
                "the {n} clear {} must lie between the act and the event: the last day to act \
                 is the day before, {act} ({}), {}",
                period.unit.noun(n),
                weekday_name(act),
                table.counting_citation
            ),
        );
        Ok(act)
    }

    /// The same day of the month `amount` months away, clamped to the end of a shorter month.
    fn months(&mut self, period: Period, trigger: Date) -> Date {
        let n = period.amount as i32;
        let months = i32::from(trigger.year()) * 12
            + i32::from(trigger.month() - 1)
            + if self.backward { -n } else { n };
        // Bounded triggers and amounts keep the year far inside i16.
        let year = months.div_euclid(12) as i16;
        let month = (months.rem_euclid(12) + 1) as i8;
        let wanted = trigger.day();
        let month_end = day(year, month, 1).days_in_month();
        let date = day(year, month, wanted.min(month_end));
        let wanted_text = format!("{year:04}-{month:02}-{wanted:02}");
        self.push(
            StepKind::Counted,
            date,
            format!(
                "counted {} {} {trigger}: the same day of the month is {wanted_text}",
                period.unit.count(period.amount),
                period.direction
            ),
        );
        if wanted > month_end {
            self.push(
                StepKind::Clamped,
                date,
                format!(
                    "{wanted_text} does not exist: clamped to {date} ({})",
                    weekday_name(date)
                ),
            );
        }
        date
    }

    /// Moves a last day that falls on a closed day to the court day the rule set names.
    fn roll(&mut self, last: Date) -> Result<Date, ClockError> {
        let Some(why) = self.days.closed(last)? else {
            return Ok(last);
        };
        let roll = if self.backward {
            self.table.roll_before
        } else {
            self.table.roll_after
        };
        let (step, kind, verb) = match roll.to {
            RollTo::NextCourtDay => (1, StepKind::RolledForward, "rolls forward"),
            RollTo::PreviousCourtDay => (-1, StepKind::RolledBack, "rolls back"),
        };
        let mut date = shift(last, step);
        let mut passed = Vec::new();
        while let Some(why) = self.days.closed(date)? {
            passed.push((why, date));
            date = shift(date, step);
        }
        let citation = roll.citation.map(|c| format!(", {c}")).unwrap_or_default();
        self.push(
            kind,
            date,
            format!(
                "last day {last} is {}: {verb} to {date} ({}){citation}",
                why.describe(last, self.table.holiday_word),
                weekday_name(date)
            ),
        );
        for (why, passed) in passed {
            self.push_skipped(why, passed);
        }
        Ok(date)
    }
}
