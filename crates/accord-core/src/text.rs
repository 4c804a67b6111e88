//! Bounded, non-empty text. Parsed once at the edge; the error names the field so a person
//! knows which input to fix.

use crate::error::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Limits for the kinds of text a case holds.
pub mod limits {
    pub const NAME: usize = 200;
    pub const TITLE: usize = 200;
    pub const SHORT: usize = 500;
    pub const LONG: usize = 20_000;
}

/// Text that is non-empty after trimming and within a length limit (counted in characters).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    pub fn parse(field: &'static str, raw: &str, max_chars: usize) -> Result<Self, DomainError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DomainError::EmptyField { field });
        }
        let len = trimmed.chars().count();
        if len > max_chars {
            return Err(DomainError::TooLong {
                field,
                max: max_chars,
                actual: len,
            });
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            return Err(DomainError::InvalidField {
                field,
                reason: "contains control characters".into(),
            });
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// Optional text: `None` or blank stays `None`.
    pub fn parse_optional(
        field: &'static str,
        raw: Option<&str>,
        max_chars: usize,
    ) -> Result<Option<Self>, DomainError> {
        match raw {
            Some(s) if !s.trim().is_empty() => Self::parse(field, s, max_chars).map(Some),
            _ => Ok(None),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts() {
        assert_eq!(
            Text::parse("title", "  Smith v Jones ", 50)
                .unwrap()
                .as_str(),
            "Smith v Jones"
        );
    }

    #[test]
    fn empty_names_the_field() {
        let err = Text::parse("title", "   ", 50).unwrap_err();
        assert_eq!(err.to_string(), "title must not be empty");
    }

    #[test]
    fn too_long_counts_characters_not_bytes() {
        assert!(Text::parse("name", "ééééé", 5).is_ok());
        let err = Text::parse("name", "éééééé", 5).unwrap_err();
        assert_eq!(err.to_string(), "name is too long: 6 characters, at most 5");
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(Text::parse("note", "a\u{0}b", 50).is_err());
        assert!(Text::parse("note", "line one\nline two", 50).is_ok());
    }
}
