//! Forms: what was wrong with a submission, field by field, for the error summary at the top
//! of the page and the message beside each field. The messages are the services' own (the
//! same rule the API applies), never rewritten here.

use crate::error::AppError;

/// One thing to fix, and the field it is about (the id of its input on the page).
#[derive(Clone, Debug)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// Everything to fix in one submission.
#[derive(Clone, Debug, Default)]
pub struct Problems {
    pub items: Vec<Problem>,
}

impl Problems {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn one(field: &str, message: impl Into<String>) -> Self {
        Self {
            items: vec![Problem {
                field: field.into(),
                message: message.into(),
            }],
        }
    }

    /// The problem a service named, if it is about what was typed (a field, a rule of the
    /// case); `None` for anything the person cannot fix in the form.
    pub fn of(e: &AppError) -> Option<Self> {
        match e {
            AppError::Domain(d) => Some(Self::one(
                d.field().unwrap_or("form"),
                sentence(&e.to_string()),
            )),
            AppError::Invalid { field, .. } => Some(Self::one(field, sentence(&e.to_string()))),
            AppError::NoMatch { kind, .. } | AppError::Ambiguous { kind, .. } => {
                Some(Self::one(kind, sentence(&e.to_string())))
            }
            AppError::BadCredentials => Some(Self::one("email", sentence(&e.to_string()))),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The message for `field`, or an empty string (templates test `!is_empty()`).
    pub fn on(&self, field: &str) -> String {
        self.items
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.clone())
            .unwrap_or_default()
    }
}

/// A service message as a sentence: a capital first letter and a full stop.
pub fn sentence(message: &str) -> String {
    let message = message.trim();
    // An e-mail address keeps its own spelling, even first.
    let first_word = message.split_whitespace().next().unwrap_or_default();
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(_) if first_word.contains('@') => message.to_owned(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A value for a URL's query, percent-encoded (letters, digits and `-_./` kept).
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
