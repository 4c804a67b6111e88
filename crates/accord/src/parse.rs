//! Parsers for what people type on the command line. Each error names what was expected, and
//! clap prefixes it with the flag, so the message says which field to fix.

use accord_core::case::vocabulary::*;
use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, tz::TimeZone};
use std::str::FromStr;
use strum::VariantNames;

/// Any of the domain's kebab-case words, listing the accepted ones when it is not.
pub fn word<T: FromStr + VariantNames>(s: &str) -> Result<T, String> {
    T::from_str(s.trim()).map_err(|_| {
        format!(
            "unknown value {s:?}; expected one of: {}",
            T::VARIANTS.join(", ")
        )
    })
}

pub fn dispute_type(s: &str) -> Result<DisputeType, String> {
    word(s)
}
pub fn jurisdiction(s: &str) -> Result<Jurisdiction, String> {
    word(s)
}
pub fn contract_clause(s: &str) -> Result<ContractClause, String> {
    word(s)
}
pub fn role(s: &str) -> Result<Role, String> {
    word(s)
}
pub fn session_format(s: &str) -> Result<SessionFormat, String> {
    word(s)
}
pub fn outcome(s: &str) -> Result<Outcome, String> {
    word(s)
}
pub fn closure_status(s: &str) -> Result<ClosureStatus, String> {
    word(s)
}
pub fn term_state(s: &str) -> Result<TermStateKind, String> {
    word(s)
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<Date, String> {
    Date::from_str(s.trim())
        .map_err(|_| format!("{s:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-21"))
}

/// A moment given either with its offset (`2026-12-01T10:00:00Z`) or as a local date and time
/// (`2026-12-01 10:00`), which is read in the case's time zone.
#[derive(Clone, Debug)]
pub enum When {
    Exact(Timestamp),
    Local(DateTime),
}

pub fn when(s: &str) -> Result<When, String> {
    let s = s.trim();
    if let Ok(ts) = Timestamp::from_str(s) {
        return Ok(When::Exact(ts));
    }
    DateTime::from_str(&s.replacen(' ', "T", 1))
        .map(When::Local)
        .map_err(|_| format!("{s:?} is not a date and time; write e.g. \"2026-12-01 10:00\""))
}

impl When {
    pub fn in_zone(&self, zone: &TimeZone) -> Result<Timestamp, String> {
        match self {
            Self::Exact(ts) => Ok(*ts),
            Self::Local(dt) => dt
                .to_zoned(zone.clone())
                .map(|z| z.timestamp())
                .map_err(|e| format!("{dt} does not exist in the case's time zone: {e}")),
        }
    }
}

/// A staff role; parties join through invitations, not here.
pub fn account_role(s: &str) -> Result<accord_server::accounts::AccountRole, String> {
    use accord_server::accounts::AccountRole;
    match word::<AccountRole>(s)? {
        AccountRole::Member => Err(
            "parties, representatives and support persons join through an invitation; \
                 expected one of: admin, coordinator, mediator"
                .into(),
        ),
        role => Ok(role),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_words_list_the_choices() {
        let err = dispute_type("custody").unwrap_err();
        assert!(
            err.contains("child-arrangements") && err.contains("custody"),
            "{err}"
        );
        assert_eq!(outcome("impasse-for-now").unwrap(), Outcome::ImpasseForNow);
    }

    #[test]
    fn dates_and_times() {
        assert!(date("2026-02-30").is_err());
        assert_eq!(date("2026-12-21").unwrap().to_string(), "2026-12-21");
        let london = TimeZone::get("Europe/London").unwrap();
        let local = when("2026-07-01 10:00").unwrap().in_zone(&london).unwrap();
        assert_eq!(local.to_string(), "2026-07-01T09:00:00Z");
        assert!(when("tomorrow at ten").is_err());
    }
}
