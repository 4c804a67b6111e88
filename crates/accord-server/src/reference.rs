//! Finding things by what a person types: any unique part of an id, or a name or title.

use crate::error::{AppError, Result};

/// The last eight characters of an id: random in a UUIDv7, so short ids stay distinct.
pub fn short(id: &impl ToString) -> String {
    let s = id.to_string();
    s[s.len().saturating_sub(8)..].to_owned()
}

/// Picks the one candidate whose id or label (name, title) equals `reference`, ignoring
/// case; failing that, the one whose id or label contains it (at least 3 characters).
pub fn resolve<'a, T>(
    kind: &'static str,
    reference: &str,
    candidates: &'a [T],
    id: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
) -> Result<&'a T> {
    let wanted = reference.trim().to_lowercase();
    let exact: Vec<&T> = candidates
        .iter()
        .filter(|c| id(c).to_lowercase() == wanted || label(c).to_lowercase() == wanted)
        .collect();
    let matches = if exact.is_empty() && wanted.chars().count() >= 3 {
        candidates
            .iter()
            .filter(|c| {
                id(c).to_lowercase().contains(&wanted) || label(c).to_lowercase().contains(&wanted)
            })
            .collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(AppError::NoMatch {
            kind,
            reference: reference.to_owned(),
        }),
        many => Err(AppError::Ambiguous {
            kind,
            reference: reference.to_owned(),
            count: many.len(),
            candidates: many
                .iter()
                .take(5)
                .map(|c| format!("{} ({})", label(c), short(&id(c))))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<(String, String)> {
        vec![
            ("0190-aaaa-1111-5f3a9c21".into(), "Amira Ahmed".into()),
            ("0190-aaaa-2222-77b0e412".into(), "Ben Brown".into()),
        ]
    }

    #[test]
    fn by_name_short_id_or_full_id() {
        let p = people();
        let pick = |r| {
            resolve("participant", r, &p, |c| c.0.clone(), |c| c.1.clone()).map(|c| c.1.clone())
        };
        assert_eq!(pick("amira ahmed").unwrap(), "Amira Ahmed");
        assert_eq!(pick("77b0e412").unwrap(), "Ben Brown");
        assert_eq!(pick("0190-aaaa-1111-5f3a9c21").unwrap(), "Amira Ahmed");
        assert!(matches!(
            pick("aaaa"),
            Err(AppError::Ambiguous { count: 2, .. })
        ));
        assert!(matches!(pick("zz"), Err(AppError::NoMatch { .. })));
        assert_eq!(pick("brown").unwrap(), "Ben Brown");
        assert!(
            matches!(pick("ab"), Err(AppError::NoMatch { .. })),
            "too short to match a part"
        );
    }
}
