//! A party's preparation for the next session (DOMAIN.md §10): private to the party and the
//! mediator unless the party shares it.

use crate::error::DomainError;
use crate::text::Text;
use serde::{Deserialize, Serialize};

pub const MAX_GOALS: usize = 3;
pub const MAX_OPTIONS: usize = 2;
pub const MAX_ITEMS: usize = 20;

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prep {
    /// Top three goals: short and specific.
    #[serde(default)]
    pub goals: Vec<Text>,
    /// Only what the next step needs.
    #[serde(default)]
    pub documents: Vec<Text>,
    /// Two workable options that could meet both sides' needs…
    #[serde(default)]
    pub options: Vec<Text>,
    /// …or a question instead of a demand.
    pub question: Option<Text>,
    /// Phrases to pause or raise a concern without blame.
    #[serde(default)]
    pub ground_rules: Vec<Text>,
    pub trial_period: Option<Text>,
    /// Who else should join: lawyer, support person, expert, the decision-maker.
    #[serde(default)]
    pub who_else: Vec<Text>,
    /// The party says the checklist is complete.
    #[serde(default)]
    pub done: bool,
}

impl Prep {
    pub fn check(&self) -> Result<(), DomainError> {
        if self.goals.len() > MAX_GOALS {
            return Err(DomainError::InvalidField {
                field: "goals",
                reason: format!("at most {MAX_GOALS}: the top ones, short and specific"),
            });
        }
        if self.options.len() > MAX_OPTIONS {
            return Err(DomainError::InvalidField {
                field: "options",
                reason: format!("at most {MAX_OPTIONS} workable options"),
            });
        }
        for (what, n) in [
            ("documents", self.documents.len()),
            ("ground rules", self.ground_rules.len()),
            ("people to join", self.who_else.len()),
        ] {
            if n > MAX_ITEMS {
                return Err(DomainError::LimitReached {
                    what,
                    max: MAX_ITEMS,
                });
            }
        }
        if self.done && self.goals.is_empty() {
            return Err(DomainError::InvalidField {
                field: "goals",
                reason: "a checklist marked done names at least one goal".into(),
            });
        }
        Ok(())
    }
}
