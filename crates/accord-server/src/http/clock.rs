//! `/api/v1/deadlines/compute` and `/api/v1/holidays/{calendar}/{year}`: the stateless
//! deadline calculator and the holiday calendars behind it. Public: no sign-in, no database.
//! Bad input is a 400 naming the field, like everywhere else in the API.

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::Body;
use accord_core::clock::{
    Calendar, ClockError, Computation, Direction, Holiday, MAX_DAYS, MAX_MONTHS, Period, RuleSet,
    SUPPORTED_YEARS, Unit, compute as compute_deadline, parse_rule,
};
use axum::Json;
use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use jiff::civil::Date;
use serde::Deserialize;
use std::str::FromStr;
use strum::VariantNames;
use utoipa::ToSchema;

const TAG: &str = "deadlines";

/// A deadline to compute: a rule set, and either `rule` in words or `amount`, `unit`,
/// `direction` and `date`.
// Words, dates and the amount are read by the handler rather than by serde, so that a wrong
// one is answered with its own field and the values it may take.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rules": "ew-cpr", "amount": 7, "unit": "days", "direction": "after",
    "date": "2026-12-21", "closed": ["2026-12-29"]}))]
pub struct ComputeRequest {
    /// The court rules to count under: `us-frcp` (FRCP 6(a)), `ew-cpr` (CPR 2.8), `ew-fpr`
    /// (FPR 2.9).
    #[schema(value_type = RuleSet)]
    pub rules: String,
    /// The period and date in words, instead of the four fields below, e.g.
    /// "7 days after 2026-12-21" or "3 clear days before 2027-03-05".
    #[schema(value_type = Option<String>, example = "7 days after 2026-12-21")]
    pub rule: Option<String>,
    /// How many days, court days or months (1 to 3650 days, 1 to 120 months).
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 3650)]
    pub amount: Option<serde_json::Number>,
    #[schema(value_type = Option<Unit>)]
    pub unit: Option<String>,
    /// `after`: the last day of the period that begins the day after `date`. `before`: the
    /// last day to act so that the period before the event on `date` is respected (under
    /// the England & Wales rules, clear days).
    #[schema(value_type = Option<Direction>)]
    pub direction: Option<String>,
    /// The trigger (after) or the event (before), 2000-01-01 to 2040-12-31.
    #[schema(value_type = Option<Date>)]
    pub date: Option<String>,
    /// Days the court office is closed besides weekends and holidays.
    #[serde(default)]
    #[schema(value_type = Vec<Date>)]
    pub closed: Vec<String>,
}

/// Compute a deadline under a court rule set.
///
/// Answers the due date and every step that led to it: days not counted and why, clear
/// days, a month-end clamped, a roll-over off a closed day. Needs no sign-in.
#[utoipa::path(post, path = "/deadlines/compute", tag = TAG, request_body = ComputeRequest,
    security(()),
    responses((status = 200, body = Computation),
        (status = 400, description = "bad input; `field` names it", body = ErrorBody),
        (status = 413, description = "body over 64 KiB", body = ErrorBody),
        (status = 415, description = "body not JSON", body = ErrorBody)))]
pub async fn compute(Body(body): Body<ComputeRequest>) -> ApiResult<Json<Computation>> {
    let rules: RuleSet = word("rules", &body.rules)?;
    let closed = body
        .closed
        .iter()
        .map(|d| date("closed", d))
        .collect::<ApiResult<Vec<_>>>()?;
    if let Some(rule) = &body.rule {
        let given = [
            ("amount", body.amount.is_some()),
            ("unit", body.unit.is_some()),
            ("direction", body.direction.is_some()),
            ("date", body.date.is_some()),
        ];
        if let Some((field, _)) = given.iter().find(|(_, given)| *given) {
            return Err(ApiError::bad_request(
                field,
                format!(
                    "give either rule or amount, unit, direction and date; not {field} with rule"
                ),
            ));
        }
        let (period, trigger) = parse_rule(rule).map_err(|e| clock_error("rule", e))?;
        let computed = compute_deadline(rules, period, trigger, &closed)
            .map_err(|e| clock_error("rule", e))?;
        return Ok(Json(computed));
    }
    let amount = body
        .amount
        .as_ref()
        .ok_or_else(|| missing("amount"))?
        .as_u64()
        .ok_or_else(|| {
            ApiError::bad_request("amount", "amount must be a whole number of at least 1")
        })?;
    let unit: Unit = word("unit", body.unit.as_deref().ok_or_else(|| missing("unit"))?)?;
    let direction: Direction = word(
        "direction",
        body.direction
            .as_deref()
            .ok_or_else(|| missing("direction"))?,
    )?;
    let trigger = date("date", body.date.as_deref().ok_or_else(|| missing("date"))?)?;
    let amount = u32::try_from(amount).map_err(|_| {
        ApiError::bad_request(
            "amount",
            format!(
                "a period of {amount} is longer than the limits of {MAX_DAYS} days and {MAX_MONTHS} months"
            ),
        )
    })?;
    let period = Period {
        amount,
        unit,
        direction,
    };
    let computed = compute_deadline(rules, period, trigger, &closed).map_err(|e| {
        let field = match e {
            ClockError::DateOutOfRange { .. } => "date",
            _ => "amount",
        };
        clock_error(field, e)
    })?;
    Ok(Json(computed))
}

/// The holidays of one year in a calendar, in date order.
///
/// A holiday on a weekend is listed on its own day and again on the weekday observed or
/// substituted for it. Needs no sign-in.
#[utoipa::path(get, path = "/holidays/{calendar}/{year}", tag = TAG, security(()),
    params(("calendar" = inline(Calendar), Path), ("year" = i32, Path, minimum = 2000, maximum = 2060)),
    responses((status = 200, body = Vec<Holiday>),
        (status = 400, description = "unknown calendar, or a year outside 2000 to 2060", body = ErrorBody)))]
pub async fn holidays(
    path: Result<Path<(String, String)>, PathRejection>,
) -> ApiResult<Json<Vec<Holiday>>> {
    // Only a path that is not UTF-8 fails here; the router matched its two segments.
    let Path((calendar, year)) =
        path.map_err(|e| ApiError::bad_request("calendar", e.body_text()))?;
    let calendar: Calendar = word("calendar", &calendar)?;
    let (first, last) = (*SUPPORTED_YEARS.start(), *SUPPORTED_YEARS.end());
    if year.is_empty()
        || !year
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return Err(ApiError::bad_request(
            "year",
            format!("{year:?} is not a year: write it in digits, e.g. 2026"),
        ));
    }
    let year = year
        .parse::<i16>()
        .ok()
        .filter(|y| SUPPORTED_YEARS.contains(y))
        .ok_or_else(|| {
            ApiError::bad_request(
                "year",
                format!("the holiday calendars cover the years {first} to {last}; {year:?} is outside them"),
            )
        })?;
    let list = calendar
        .holidays(year)
        .map_err(|e| clock_error("year", e))?;
    Ok(Json(list))
}

fn missing(field: &str) -> ApiError {
    ApiError::bad_request(
        field,
        format!("{field} is required (or give the period and date in words as rule)"),
    )
}

fn clock_error(field: &str, e: ClockError) -> ApiError {
    ApiError::bad_request(field, e.to_string())
}

/// One of the clock's kebab-case words, listing the accepted ones when it is not.
fn word<T: FromStr + VariantNames>(field: &str, value: &str) -> ApiResult<T> {
    T::from_str(value.trim()).map_err(|_| {
        ApiError::bad_request(
            field,
            format!("{value:?} is not one of {}", T::VARIANTS.join(", ")),
        )
    })
}

/// A date written `YYYY-MM-DD`, and only so.
fn date(field: &str, text: &str) -> ApiResult<Date> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| text.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::bad_request(
                field,
                format!("{text:?} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-21"),
            )
        })
}
