//! `accord deadline …`: the stateless deadline calculator. It needs no database: it reads a
//! period and a date, counts under a court rule set (`accord_core::clock`), and prints the
//! due date with every step that led to it; or it lists a holiday calendar.

use accord_core::clock::{
    Calendar, ClockError, Computation, Direction, Period, RuleSet, SUPPORTED_YEARS, StepKind, Unit,
    compute, holidays_json, parse_rule,
};
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use jiff::civil::Date;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum DeadlineCmd {
    /// Compute a deadline: the due date and, step by step, why
    #[command(after_help = "Examples:\n  \
        accord deadline compute --rules ew-cpr --days 7 --after 2026-12-21\n  \
        accord deadline compute --rules us-frcp --days 14 --after 2026-12-21 --closed 2027-01-04\n  \
        accord deadline compute --rules ew-cpr --days 3 --before 2006-10-20\n  \
        accord deadline compute --rules ew-fpr --rule \"7 days after 2026-12-21\" --json")]
    Compute(ComputeArgs),
    /// List the holidays of a calendar, year by year
    #[command(after_help = "Example:\n  \
        accord deadline holidays --calendar england-wales --from 2026 --to 2027")]
    Holidays(HolidaysArgs),
    /// Put a deadline on a case's clock: a fixed date, or a rule counted under the case's rules
    #[command(after_help = "Examples:\n  \
        accord deadline add Reyes --kind filing-deadline --label \"Defence due\" --rule \"14 days after 2026-12-21\"\n  \
        accord deadline add Layla --kind court-hearing --label \"Final hearing\" --on 2027-02-10")]
    Add(crate::case_deadlines::AddArgs),
    /// List a case's deadlines
    List { case: String },
    /// Show how a deadline's date was reached: the trigger, the rule, each day skipped, the roll-over
    Explain {
        case: String,
        /// The deadline: its label or id
        deadline: String,
    },
    /// Move a deadline to a new date, with the reason (its history is kept)
    Move(crate::case_deadlines::MoveArgs),
    /// Mark a deadline met, missed or cancelled
    Close(crate::case_deadlines::CloseArgs),
}

impl DeadlineCmd {
    /// The calculator needs no database; a case's deadlines do.
    pub fn is_calculator(&self) -> bool {
        matches!(self, Self::Compute(_) | Self::Holidays(_))
    }
}

#[derive(Args)]
pub struct ComputeArgs {
    /// The court rules to count under (required): us-frcp (FRCP 6(a)), ew-cpr (CPR 2.8), ew-fpr
    /// (FPR 2.9)
    #[arg(long, value_name = "RULES", value_parser = crate::parse::word::<RuleSet>)]
    pub rules: Option<RuleSet>,
    /// The period and date in words instead of the flags below, e.g. "7 days after 2026-12-21",
    /// "3 clear days before 2027-03-05", "14 court days before 2027-03-01", "1 month after 2026-01-31"
    #[arg(long, value_name = "RULE")]
    pub rule: Option<String>,
    /// A period of N calendar days (the rule set decides which of them are skipped)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub days: Option<u32>,
    /// A period of N days on which the court office is open
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub court_days: Option<u32>,
    /// A period of N calendar months (the same day of the month, or the month's last day)
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub months: Option<u32>,
    /// The last day of the period that begins the day after DATE ("within N days of DATE")
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub after: Option<Date>,
    /// The last day to act so that the period before the event on DATE is respected (under
    /// ew-cpr and ew-fpr, N clear days)
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub before: Option<Date>,
    /// A day the court office is closed besides weekends and holidays (repeat, or separate with commas)
    #[arg(long, value_name = "DATE", value_parser = date, value_delimiter = ',')]
    pub closed: Vec<Date>,
}

#[derive(Args)]
pub struct HolidaysArgs {
    /// The calendar (required): us-federal (5 U.S.C. 6103 and presidential closures) or
    /// england-wales (bank holidays)
    #[arg(long, value_name = "CALENDAR", value_parser = crate::parse::word::<Calendar>)]
    pub calendar: Option<Calendar>,
    /// The first year to list (required)
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub from: Option<i16>,
    /// The last year to list (default: the first)
    #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
    pub to: Option<i16>,
}

pub fn run(cmd: DeadlineCmd, json: bool) -> Result<ExitCode> {
    match cmd {
        DeadlineCmd::Compute(args) => {
            let computed = compute_args(&args)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&computed)?);
            } else {
                print!("{}", explain(&computed, &args.closed));
            }
        }
        DeadlineCmd::Add(_)
        | DeadlineCmd::List { .. }
        | DeadlineCmd::Explain { .. }
        | DeadlineCmd::Move(_)
        | DeadlineCmd::Close(_) => unreachable!("a case's deadlines are run with the database"),
        DeadlineCmd::Holidays(args) => {
            let Some(calendar) = args.calendar else {
                bail!("give the calendar: --calendar us-federal or --calendar england-wales");
            };
            let Some(from) = args.from else {
                bail!("give the first year: --from YEAR (and --to YEAR for more than one)");
            };
            let to = args.to.unwrap_or(from);
            for (flag, year) in [("--from", from), ("--to", to)] {
                if !SUPPORTED_YEARS.contains(&year) {
                    bail!(
                        "{flag} {year}: the holiday calendars cover the years {} to {}",
                        SUPPORTED_YEARS.start(),
                        SUPPORTED_YEARS.end()
                    );
                }
            }
            if to < from {
                bail!("--to {to} is before --from {from}");
            }
            if json {
                let list = holidays_json(calendar, from, to)?;
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                print!("{}", holiday_list(calendar, from, to)?);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The period and trigger from either `--rule` or the flags, then the computation. Each
/// error names the flag to change.
fn compute_args(args: &ComputeArgs) -> Result<Computation> {
    let Some(rules) = args.rules else {
        bail!("give the rule set: --rules us-frcp, --rules ew-cpr or --rules ew-fpr");
    };
    let amounts: Vec<(&str, Unit, u32)> = [
        ("--days", Unit::Days, args.days),
        ("--court-days", Unit::CourtDays, args.court_days),
        ("--months", Unit::Months, args.months),
    ]
    .into_iter()
    .filter_map(|(flag, unit, n)| n.map(|n| (flag, unit, n)))
    .collect();
    let dates: Vec<(&str, Direction, Date)> = [
        ("--after", Direction::After, args.after),
        ("--before", Direction::Before, args.before),
    ]
    .into_iter()
    .filter_map(|(flag, direction, d)| d.map(|d| (flag, direction, d)))
    .collect();

    if let Some(rule) = &args.rule {
        if let Some((flag, ..)) = amounts.first() {
            bail!("--rule already states the period: leave out {flag}");
        }
        if let Some((flag, ..)) = dates.first() {
            bail!("--rule already states the date: leave out {flag}");
        }
        let (period, trigger) = parse_rule(rule).map_err(|e| anyhow::anyhow!("--rule: {e}"))?;
        return compute(rules, period, trigger, &args.closed)
            .map_err(|e| anyhow::anyhow!("--rule: {e}"));
    }

    let (amount_flag, unit, amount) = match amounts.as_slice() {
        [one] => *one,
        [] => bail!("give the period: --days N, --court-days N or --months N (or --rule)"),
        [(a, ..), (b, ..), ..] => bail!("give only one period: {a} and {b} were both given"),
    };
    let (date_flag, direction, trigger) = match dates.as_slice() {
        [one] => *one,
        [] => bail!("give the date: --after DATE or --before DATE (or --rule)"),
        [(a, ..), (b, ..), ..] => bail!("give only one date: {a} and {b} were both given"),
    };
    let period = Period {
        amount,
        unit,
        direction,
    };
    compute(rules, period, trigger, &args.closed).map_err(|e| {
        let flag = match e {
            ClockError::EmptyPeriod { .. } | ClockError::PeriodTooLong { .. } => Some(amount_flag),
            ClockError::DateOutOfRange { .. } => Some(date_flag),
            _ => None,
        };
        match flag {
            Some(flag) => anyhow::anyhow!("{flag}: {e}"),
            None => anyhow::anyhow!("{e}"),
        }
    })
}

/// The due date in a headline, then the steps that led to it, one a line, in the order
/// they were taken (the days a roll-over passed come after the roll-over they explain).
pub(crate) fn explain(c: &Computation, closed: &[Date]) -> String {
    let mut out = format!(
        "Due: {} {}   ({}: {} {})\n",
        weekday(c.due),
        c.due,
        c.rule_set,
        c.period,
        c.trigger
    );
    if !closed.is_empty() {
        let days: Vec<String> = closed.iter().map(Date::to_string).collect();
        out.push_str(&format!(
            "  court office also closed on {}\n",
            days.join(", ")
        ));
    }
    for step in c.steps.iter().filter(|s| s.kind != StepKind::Due) {
        out.push_str(&format!("  {}\n", step.text));
    }
    out
}

fn holiday_list(calendar: Calendar, from: i16, to: i16) -> Result<String> {
    let mut out = String::new();
    for year in from..=to {
        let list = calendar.holidays(year)?;
        out.push_str(&format!("{calendar} {year}: {} days\n", list.len()));
        for h in list {
            out.push_str(&format!(
                "  {} {}  {}\n",
                h.date,
                &weekday(h.date)[..3],
                h.name
            ));
        }
    }
    Ok(out)
}

fn weekday(date: Date) -> String {
    date.strftime("%A").to_string()
}

/// A date written `YYYY-MM-DD`, and only so (not `20261221`).
fn date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| s.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| format!("{s:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-21"))
}
