//! Reads a rule as people write it: "7 days after 2026-12-21", "3 clear days before
//! 2027-03-04", "14 court days before 2027-03-01", "1 month after 2026-01-31".

use super::error::ClockError;
use super::period::{Direction, Period, Unit, check_trigger};
use jiff::civil::Date;

/// Parses "<amount> [clear] <unit> <after|before> <YYYY-MM-DD>" into a checked period and
/// its trigger. "clear" is accepted and changes nothing: whether days are clear is the
/// rule set's to say (CPR 2.8 and FPR 2.9 count every day period as clear days).
pub fn parse_rule(input: &str) -> Result<(Period, Date), ClockError> {
    let lowered = input.to_lowercase();
    let mut words = lowered.split_whitespace().peekable();
    let amount = words
        .next()
        .ok_or_else(|| ClockError::Malformed("the rule is empty".into()))?;
    let amount: u32 = amount
        .parse()
        .map_err(|_| ClockError::InvalidAmount(amount.into()))?;
    let clear = words.next_if_eq(&"clear").is_some();
    let unit = match words.next() {
        Some("day" | "days") => Unit::Days,
        Some("court-day" | "court-days") => Unit::CourtDays,
        Some("court") => match words.next() {
            Some("day" | "days") => Unit::CourtDays,
            other => {
                return Err(ClockError::UnknownUnit(format!(
                    "court {}",
                    other.unwrap_or("")
                )));
            }
        },
        Some("month" | "months") if clear => return Err(ClockError::ClearMonths),
        Some("month" | "months") => Unit::Months,
        Some(other) => return Err(ClockError::UnknownUnit(other.into())),
        None => return Err(ClockError::Malformed("the unit is missing".into())),
    };
    let direction = match words.next() {
        Some("after") => Direction::After,
        Some("before") => Direction::Before,
        Some(other) => return Err(ClockError::UnknownDirection(other.into())),
        None => {
            return Err(ClockError::Malformed(
                "\"after\" or \"before\" is missing".into(),
            ));
        }
    };
    let date = words
        .next()
        .ok_or_else(|| ClockError::Malformed("the date is missing".into()))?;
    let trigger = parse_date(date)?;
    if let Some(extra) = words.next() {
        return Err(ClockError::Malformed(format!(
            "unexpected {extra:?} after the date"
        )));
    }
    let period = Period {
        amount,
        unit,
        direction,
    }
    .check()?;
    Ok((period, check_trigger(trigger)?))
}

/// Only the extended form: jiff would also take "20261221", which people do not write.
fn parse_date(text: &str) -> Result<Date, ClockError> {
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    shaped
        .then(|| text.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| ClockError::InvalidDate(text.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn period(amount: u32, unit: Unit, direction: Direction) -> Period {
        Period {
            amount,
            unit,
            direction,
        }
    }

    #[test]
    fn reads_the_forms_people_write() {
        use Direction::*;
        use Unit::*;
        let cases = [
            (
                "7 days after 2026-12-21",
                period(7, Days, After),
                date(2026, 12, 21),
            ),
            (
                "1 day after 2028-02-28",
                period(1, Days, After),
                date(2028, 2, 28),
            ),
            (
                "14 court days before 2027-03-01",
                period(14, CourtDays, Before),
                date(2027, 3, 1),
            ),
            (
                "14 court-days before 2027-03-01",
                period(14, CourtDays, Before),
                date(2027, 3, 1),
            ),
            (
                "1 month after 2026-01-31",
                period(1, Months, After),
                date(2026, 1, 31),
            ),
            (
                "3 clear days before 2006-10-20",
                period(3, Days, Before),
                date(2006, 10, 20),
            ),
            (
                "  2  Months   BEFORE 2026-05-31 ",
                period(2, Months, Before),
                date(2026, 5, 31),
            ),
        ];
        for (input, want, trigger) in cases {
            assert_eq!(parse_rule(input), Ok((want, trigger)), "{input}");
        }
    }

    #[test]
    fn refuses_with_one_line_naming_the_problem() {
        let cases = [
            (
                "",
                "write a rule such as \"7 days after 2026-12-21\"; the rule is empty",
            ),
            (
                "seven days after 2026-12-21",
                "\"seven\" is not a whole number of days or months",
            ),
            (
                "7 weeks after 2026-12-21",
                "\"weeks\" is not a unit: use days, court days or months",
            ),
            (
                "7 days within 2026-12-21",
                "\"within\" is not a direction: use after or before",
            ),
            (
                "7 days after 2026-02-30",
                "\"2026-02-30\" is not a date: write it as YYYY-MM-DD",
            ),
            (
                "7 days after 20261221",
                "\"20261221\" is not a date: write it as YYYY-MM-DD",
            ),
            (
                "7 days after",
                "write a rule such as \"7 days after 2026-12-21\"; the date is missing",
            ),
            ("0 days after 2026-12-21", "a period must be at least 1 day"),
            (
                "3651 days after 2026-12-21",
                "a period of 3651 days is longer than the limit of 3650 days",
            ),
            (
                "121 months after 2026-12-21",
                "a period of 121 months is longer than the limit of 120 months",
            ),
            (
                "2 clear months after 2026-12-21",
                "\"clear\" applies to days, not to months",
            ),
            (
                "7 days after 1999-12-31",
                "the date 1999-12-31 is outside the supported dates 2000-01-01 to 2040-12-31",
            ),
            (
                "7 days after 2026-12-21 noon",
                "write a rule such as \"7 days after 2026-12-21\"; unexpected \"noon\" after the date",
            ),
        ];
        for (input, message) in cases {
            let error = parse_rule(input).expect_err(input);
            assert_eq!(error.to_string(), message, "{input}");
            assert!(!error.to_string().contains('\n'));
        }
    }
}
