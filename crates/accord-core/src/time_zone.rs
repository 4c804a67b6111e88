//! A validated IANA time zone name (the tz database is compiled in, so this stays pure).

use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        jiff::tz::TimeZone::get(raw.trim())
            .map(|_| Self(raw.trim().to_owned()))
            .map_err(|_| DomainError::InvalidField {
                field: "time_zone",
                reason: format!("{raw:?} is not an IANA time zone name (e.g. Europe/London)"),
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.0).expect("validated when parsed")
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_zone_parses_unknown_is_named() {
        assert!(TimeZoneName::parse("Europe/London").is_ok());
        let err = TimeZoneName::parse("Mars/Olympus").unwrap_err();
        assert!(err.to_string().starts_with("time_zone is not valid"));
    }
}
