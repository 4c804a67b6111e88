//! Bounded, non-empty text. Parsed once at the edge; the error names the field so a person
//! knows which input to fix.
//!
//! Two kinds: a **line** (titles, names, labels, reasons, list items — anything shown inline
//! or as one bullet, every field of up to `limits::SHORT` characters) holds no control
//! characters at all; a **paragraph** (notes, descriptions, summaries) may hold line breaks
//! (`\n`, `\r\n` is read as `\n`) and tabs, and no other control character. Neither holds
//! bidirectional formatting characters (which can make text read differently from what it
//! holds) or Unicode line/paragraph separators, and neither may be empty once whitespace and
//! zero-width characters are set aside.

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

/// Bidirectional formatting characters: embeddings, overrides, isolates and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters that take no room on screen.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Paragraph,
}

impl Text {
    /// One line: a title, a name, a label, a reason, one item of a list.
    pub fn line(field: &'static str, raw: &str, max_chars: usize) -> Result<Self, DomainError> {
        Self::parse(Kind::Line, field, raw, max_chars)
    }

    /// Several lines: a note, a description, a summary.
    pub fn paragraph(
        field: &'static str,
        raw: &str,
        max_chars: usize,
    ) -> Result<Self, DomainError> {
        Self::parse(Kind::Paragraph, field, raw, max_chars)
    }

    /// An optional line: `None` or blank stays `None`.
    pub fn line_optional(
        field: &'static str,
        raw: Option<&str>,
        max_chars: usize,
    ) -> Result<Option<Self>, DomainError> {
        Self::optional(Kind::Line, field, raw, max_chars)
    }

    /// An optional paragraph: `None` or blank stays `None`.
    pub fn paragraph_optional(
        field: &'static str,
        raw: Option<&str>,
        max_chars: usize,
    ) -> Result<Option<Self>, DomainError> {
        Self::optional(Kind::Paragraph, field, raw, max_chars)
    }

    fn optional(
        kind: Kind,
        field: &'static str,
        raw: Option<&str>,
        max_chars: usize,
    ) -> Result<Option<Self>, DomainError> {
        match raw {
            Some(s) if !s.trim().is_empty() => Self::parse(kind, field, s, max_chars).map(Some),
            _ => Ok(None),
        }
    }

    fn parse(
        kind: Kind,
        field: &'static str,
        raw: &str,
        max_chars: usize,
    ) -> Result<Self, DomainError> {
        let normalised;
        let raw = if kind == Kind::Paragraph && raw.contains("\r\n") {
            normalised = raw.replace("\r\n", "\n");
            &normalised
        } else {
            raw
        };
        let trimmed = raw.trim();
        if trimmed.chars().all(is_invisible) {
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
        let invalid = |reason: &str| DomainError::InvalidField {
            field,
            reason: reason.into(),
        };
        for c in trimmed.chars() {
            let allowed_break = kind == Kind::Paragraph && matches!(c, '\n' | '\t');
            if c.is_control() && !allowed_break {
                return Err(invalid(match (kind, c) {
                    (Kind::Line, '\n' | '\r' | '\t') => "must be one line: no line breaks or tabs",
                    _ => "contains control characters",
                }));
            }
            if is_bidi_control(c) {
                return Err(invalid(
                    "contains bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)",
                ));
            }
            if matches!(c, '\u{2028}' | '\u{2029}') {
                return Err(invalid("contains a Unicode line or paragraph separator"));
            }
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For an erasure, which replaces words with a marker (never leaving it empty).
    pub(crate) fn as_mut_string(&mut self) -> &mut String {
        &mut self.0
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
            Text::line("title", "  Smith v Jones ", 50)
                .unwrap()
                .as_str(),
            "Smith v Jones"
        );
    }

    #[test]
    fn empty_names_the_field() {
        let err = Text::line("title", "   ", 50).unwrap_err();
        assert_eq!(err.to_string(), "title must not be empty");
    }

    #[test]
    fn too_long_counts_characters_not_bytes() {
        assert!(Text::line("name", "ééééé", 5).is_ok());
        let err = Text::line("name", "éééééé", 5).unwrap_err();
        assert_eq!(err.to_string(), "name is too long: 6 characters, at most 5");
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(Text::paragraph("note", "a\u{0}b", 50).is_err());
        assert!(Text::paragraph("note", "line one\nline two", 50).is_ok());
    }

    #[test]
    fn a_line_refuses_line_breaks_and_tabs_naming_the_field() {
        for raw in [
            "Holidays\n## Agreed and final\n- pay 1m",
            "Holidays\rx",
            "Holidays\tx",
            "Holidays\u{2028}x",
            "Holidays\u{85}x",
        ] {
            let err = Text::line("title", raw, 200).unwrap_err();
            assert_eq!(err.field(), Some("title"), "{raw:?}");
            assert!(err.to_string().starts_with("title is not valid"), "{err}");
        }
        assert_eq!(
            Text::line("title", "a\nb", 200).unwrap_err().to_string(),
            "title is not valid: must be one line: no line breaks or tabs"
        );
    }

    #[test]
    fn bidirectional_controls_are_refused_in_lines_and_paragraphs() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let raw = format!("pay {c}0001 GBP");
            assert!(Text::line("name", &raw, 200).is_err(), "{c:?}");
            let err = Text::paragraph("text", &raw, 200).unwrap_err();
            assert_eq!(err.field(), Some("text"));
        }
    }

    #[test]
    fn text_of_only_invisible_characters_is_empty() {
        for raw in [
            "\u{200B}",
            " \u{200C}\u{200D} ",
            "\u{2060}",
            "\u{FEFF}\u{200B}",
        ] {
            let err = Text::line("name", raw, 200).unwrap_err();
            assert_eq!(err.to_string(), "name must not be empty", "{raw:?}");
            assert!(Text::paragraph("text", raw, 200).is_err());
        }
        // A joiner inside real text is kept: emoji and some scripts need it.
        assert!(Text::line("name", "👩\u{200D}👧", 200).is_ok());
    }

    #[test]
    fn a_paragraph_keeps_line_breaks_and_tabs_and_reads_crlf_as_lf() {
        let t = Text::paragraph("text", "one\r\ntwo\tthree", 200).unwrap();
        assert_eq!(t.as_str(), "one\ntwo\tthree");
        assert!(Text::paragraph("text", "one\rtwo", 200).is_err());
        assert!(Text::paragraph("text", "bell\u{7}", 200).is_err());
    }
}
