//! The memorandum of (partial) agreement (DOMAIN.md §4): what is final, what is conditional
//! and on what, what is still open, and the review dates. Built only from joint facts (issue
//! states, names), so it is the same whoever asks for it and holds nothing said in private.

use super::state::Case;
use super::vocabulary::TermState;
use crate::chain::Digest;
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
        let _ = writeln!(md, "# Memorandum of agreement: {}\n", self.case_title);
        if let Some(v) = version {
            let _ = writeln!(md, "Version {v} · content hash `{}`\n", self.content_hash());
        } else {
            let _ = writeln!(md, "Draft, not yet issued for confirmation\n");
        }
        let _ = writeln!(md, "Parties: {}\n", self.parties.join(", "));
        let section = |md: &mut String, heading: &str, terms: &[Term]| {
            let _ = writeln!(md, "## {heading}\n");
            if terms.is_empty() {
                let _ = writeln!(md, "None.\n");
                return;
            }
            for t in terms {
                let _ = match &t.detail {
                    Some(d) => writeln!(md, "- **{}** — {}: {d}", t.issue, t.state),
                    None => writeln!(md, "- **{}** — {}", t.issue, t.state),
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
            let _ = writeln!(md, "- {} — {}: {}", r.on, r.issue, r.what);
        }
        md
    }
}
