//! The memorandum of (partial) agreement (DOMAIN.md §4): what is final, what is conditional
//! and on what, what is still open, and the review dates. Built only from joint facts (issue
//! states, names), so it is the same whoever asks for it and holds nothing said in private.
//! Its Markdown escapes every piece of user text (`escape`), so a title or a reason can never
//! become a heading, a list item, emphasis or a link in what the parties confirm.

use super::state::{Case, IssuedMemorandum};
use super::vocabulary::{Role, TermState};
use crate::chain::Digest;
use crate::error::DomainError;
use crate::ids::ParticipantId;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memorandum {
    pub case_title: String,
    pub parties: Vec<String>,
    /// Settled and meant to bind now.
    pub agreed_final: Vec<Term>,
    /// Settled, on a condition: paperwork, a date or event, or a trial.
    pub conditional: Vec<Term>,
    pub open: Vec<Term>,
    /// Dropped, or sent to another process.
    pub withdrawn_or_referred: Vec<Term>,
    /// Pilot reviews and temporary terms' end dates, soonest first.
    pub review_dates: Vec<ReviewDate>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub issue: String,
    /// The state in words, e.g. "pilot, review on 2027-01-05".
    pub state: String,
    /// What was agreed or why, as recorded with the state.
    pub detail: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDate {
    pub issue: String,
    pub on: Date,
    pub what: String,
}

/// The party whose confirmation `by` completes, or the rule that forbids it: a party confirms
/// for itself; a representative for its party only with authority to settle; nobody else.
pub fn confirming_for(case: &Case, by: ParticipantId) -> Result<ParticipantId, DomainError> {
    let who = case
        .participant(by)
        .ok_or(DomainError::UnknownParticipant(by))?;
    match (who.role, who.acting_for) {
        (Role::Party, _) => Ok(by),
        (Role::Representative, Some(party)) if who.authority_to_settle => Ok(party),
        (Role::Representative, Some(_)) => {
            Err(DomainError::NoAuthorityToSettle(who.name.to_string()))
        }
        _ => Err(DomainError::MayNotConfirm),
    }
}

/// Whether `party` has confirmed `memo`: by itself, or through someone who may confirm for it.
/// A confirmation recorded before that rule was enforced does not count unless it meets it.
pub fn confirmed_for(case: &Case, memo: &IssuedMemorandum, party: ParticipantId) -> bool {
    memo.confirmations
        .iter()
        .any(|c| c.for_party == party && confirming_for(case, c.by) == Ok(party))
}

impl Memorandum {
    /// The memorandum of a case's current joint state.
    pub fn of(case: &Case) -> Self {
        let mut memo = Self {
            case_title: case
                .profile
                .as_ref()
                .map(|p| p.title.to_string())
                .unwrap_or_default(),
            parties: case.parties().map(|p| p.name.to_string()).collect(),
            ..Self::default()
        };
        for issue in &case.issues {
            let term = Term {
                issue: issue.title.to_string(),
                state: issue.state.describe(),
                detail: issue.state_reason.as_ref().map(|r| r.to_string()),
            };
            match &issue.state {
                TermState::AgreedFinal => memo.agreed_final.push(term),
                TermState::AgreedSubjectToPaperwork => memo.conditional.push(term),
                TermState::AgreedTemporary { until, .. } => {
                    if let Some(on) = until {
                        memo.review_dates.push(ReviewDate {
                            issue: term.issue.clone(),
                            on: *on,
                            what: "temporary term ends".into(),
                        });
                    }
                    memo.conditional.push(term);
                }
                TermState::Pilot { review_on } => {
                    memo.review_dates.push(ReviewDate {
                        issue: term.issue.clone(),
                        on: *review_on,
                        what: "pilot review".into(),
                    });
                    memo.conditional.push(term);
                }
                TermState::Open => memo.open.push(term),
                TermState::Withdrawn | TermState::Referred { .. } => {
                    memo.withdrawn_or_referred.push(term)
                }
            }
        }
        memo.review_dates.sort_by_key(|r| r.on);
        memo
    }

    /// The hash a confirmation names: SHA-256 of the canonical JSON.
    pub fn content_hash(&self) -> Digest {
        Digest::of(&serde_json::to_vec(self).expect("a memorandum serialises"))
    }

    /// The memorandum as Markdown, for reading, printing and signing.
    pub fn to_markdown(&self, version: Option<u32>) -> String {
        let mut md = String::new();
        let _ = writeln!(
            md,
            "# Memorandum of agreement: {}\n",
            escape(&self.case_title)
        );
        if let Some(v) = version {
            let _ = writeln!(md, "Version {v} · content hash `{}`\n", self.content_hash());
        } else {
            let _ = writeln!(md, "Draft, not yet issued for confirmation\n");
        }
        let parties: Vec<String> = self.parties.iter().map(|p| escape(p)).collect();
        let _ = writeln!(md, "Parties: {}\n", parties.join(", "));
        let section = |md: &mut String, heading: &str, terms: &[Term]| {
            let _ = writeln!(md, "## {heading}\n");
            if terms.is_empty() {
                let _ = writeln!(md, "None.\n");
                return;
            }
            for t in terms {
                let (issue, state) = (escape(&t.issue), escape(&t.state));
                let _ = match &t.detail {
                    Some(d) => writeln!(md, "- **{issue}** — {state}: {}", escape(d)),
                    None => writeln!(md, "- **{issue}** — {state}"),
                };
            }
            md.push('\n');
        };
        section(&mut md, "Agreed and final", &self.agreed_final);
        section(&mut md, "Agreed on a condition", &self.conditional);
        section(&mut md, "Still open", &self.open);
        section(
            &mut md,
            "Withdrawn or referred elsewhere",
            &self.withdrawn_or_referred,
        );
        let _ = writeln!(md, "## Review dates\n");
        if self.review_dates.is_empty() {
            let _ = writeln!(md, "None.");
        }
        for r in &self.review_dates {
            let _ = writeln!(md, "- {} — {}: {}", r.on, escape(&r.issue), escape(&r.what));
        }
        md
    }
}

/// User text made inert inside a line of Markdown: line breaks become spaces and every
/// character Markdown gives a meaning to is escaped with a backslash, so the text reads as
/// written and cannot open a heading, list, emphasis, code, link, image, table or HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Digits that open the text: "1." or "1)" there would start a numbered list.
    let mut leading_digits = true;
    for (i, c) in text.chars().enumerate() {
        let marker = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '|' | '~' | '&' => {
                true
            }
            '-' | '+' | '=' => i == 0,
            '.' => leading_digits && i > 0,
            _ => false,
        };
        leading_digits &= c.is_ascii_digit();
        match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c if marker => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_leaves_nothing_markdown_would_act_on() {
        assert_eq!(escape("# 1. *x* [a](b)"), r"\# 1. \*x\* \[a\]\(b\)");
        assert_eq!(escape("a\n## b\r\n- c"), r"a \#\# b  - c");
        assert_eq!(escape("- pay"), r"\- pay");
        assert_eq!(escape("12. pay 1.5"), r"12\. pay 1.5");
        assert_eq!(escape("<script>`x`_y_"), r"\<script\>\`x\`\_y\_");
        assert_eq!(
            escape("Smith v. Jones, 2027-01-05"),
            "Smith v. Jones, 2027-01-05"
        );
    }
}
