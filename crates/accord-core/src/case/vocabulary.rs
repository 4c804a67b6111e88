//! The words of the domain (DOMAIN.md §2, §4): dispute types, jurisdictions, roles, session
//! formats, outcomes, term states and closure statuses. Each has one kebab-case spelling used
//! by the CLI, the API and the stored events alike.

use crate::text::Text;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize,
            ::strum::Display, ::strum::EnumString, ::strum::EnumIter, ::strum::VariantNames,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "kebab-case")]
        #[strum(serialize_all = "kebab-case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }
    };
}

/// Other modules of the core (advice, clock) declare their words the same way.
pub(crate) use vocabulary;

vocabulary!(
    /// What the dispute is about.
    DisputeType {
        ChildArrangements,
        FamilyFinance,
        Divorce,
        Workplace,
        BusinessPartnership,
        PersonalInjury,
        NeighbourCommunity,
        ElderCare,
        Other,
    }
);

impl DisputeType {
    /// Family disputes fall under the family procedure rules in England & Wales.
    pub fn is_family(self) -> bool {
        matches!(
            self,
            Self::ChildArrangements | Self::FamilyFinance | Self::Divorce
        )
    }
}

vocabulary!(
    /// Whose court rules and calendar apply.
    Jurisdiction {
        EnglandWales,
        UsFederal,
    }
);

vocabulary!(
    /// A process a contract already requires before or instead of court.
    ContractClause {
        /// A binding arbitration clause.
        Arbitration,
        /// A tiered clause: negotiate, then mediate, then arbitrate or litigate.
        TieredDispute,
        /// A clause requiring mediation first.
        MediationFirst,
    }
);

vocabulary!(
    /// The part a person plays in the case.
    Role {
        Party,
        Representative,
        SupportPerson,
        Mediator,
    }
);

impl Role {
    /// Representatives and support persons act for a party and see what it sees.
    pub fn acts_for_a_party(self) -> bool {
        matches!(self, Self::Representative | Self::SupportPerson)
    }
}

vocabulary!(
    /// How a session is run.
    SessionFormat {
        Joint,
        /// Caucus or shuttle: the mediator meets each side separately.
        Caucus,
        Online,
        Hybrid,
        /// Joint, but parties arrive and leave at different times.
        SeparateArrival,
    }
);

vocabulary!(
    /// How a session ended (DOMAIN.md §2 step 5).
    Outcome {
        FullAgreement,
        PartialAgreement,
        NoAgreement,
        /// Stopped, not finished: timing, missing information, absent decision-maker, emotions.
        ImpasseForNow,
        PausedForSafety,
        /// A party declined or did not attend.
        DidNotTakePlace,
    }
);

impl Outcome {
    /// Every outcome except "did not take place" describes a session that was held.
    pub fn requires_held_session(self) -> bool {
        self != Self::DidNotTakePlace
    }

    /// A held session that ended without full agreement: what was learned is asked for
    /// within 48 hours (DOMAIN.md §3).
    pub fn calls_for_debrief(self) -> bool {
        !matches!(self, Self::FullAgreement | Self::DidNotTakePlace)
    }
}

vocabulary!(
    /// When a participant rated a session: before it started or after it ended.
    RatingMoment { Before, After }
);

vocabulary!(
    /// How a case ended (DOMAIN.md §2 step 7).
    ClosureStatus {
        Settled,
        PartlySettled,
        NotSettled,
        Withdrawn,
        Unsuitable,
    }
);

vocabulary!(
    /// The kind of a term state, without its data; what the CLI and the API name.
    TermStateKind {
        Open,
        AgreedFinal,
        AgreedSubjectToPaperwork,
        AgreedTemporary,
        Pilot,
        Withdrawn,
        Referred,
    }
);

/// The state of an issue or term (DOMAIN.md §4).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum TermState {
    Open,
    AgreedFinal,
    /// Binds only once drafted and signed (consent order, settlement deed).
    AgreedSubjectToPaperwork,
    /// Holds until a date, an event, or both.
    AgreedTemporary {
        until: Option<Date>,
        until_event: Option<Text>,
    },
    /// A time-limited trial with a review date.
    Pilot {
        review_on: Date,
    },
    Withdrawn,
    /// Sent to another process (e.g. the court decides support).
    Referred {
        to: Text,
    },
}

impl TermState {
    /// Builds a state from its kind and the details that kind needs, naming what is missing.
    pub fn from_parts(
        kind: TermStateKind,
        review_on: Option<Date>,
        until: Option<Date>,
        until_event: Option<&str>,
        to: Option<&str>,
    ) -> Result<Self, crate::DomainError> {
        use crate::text::limits::SHORT;
        let missing = |field: &'static str| crate::DomainError::InvalidField {
            field,
            reason: format!("is needed for the state {kind}"),
        };
        Ok(match kind {
            TermStateKind::Open => Self::Open,
            TermStateKind::AgreedFinal => Self::AgreedFinal,
            TermStateKind::AgreedSubjectToPaperwork => Self::AgreedSubjectToPaperwork,
            TermStateKind::AgreedTemporary => {
                let until_event = Text::line_optional("until_event", until_event, SHORT)?;
                if until.is_none() && until_event.is_none() {
                    return Err(missing("until"));
                }
                Self::AgreedTemporary { until, until_event }
            }
            TermStateKind::Pilot => Self::Pilot {
                review_on: review_on.ok_or_else(|| missing("review_on"))?,
            },
            TermStateKind::Withdrawn => Self::Withdrawn,
            TermStateKind::Referred => Self::Referred {
                to: Text::line("to", to.ok_or_else(|| missing("to"))?, SHORT)?,
            },
        })
    }

    pub fn kind(&self) -> TermStateKind {
        match self {
            Self::Open => TermStateKind::Open,
            Self::AgreedFinal => TermStateKind::AgreedFinal,
            Self::AgreedSubjectToPaperwork => TermStateKind::AgreedSubjectToPaperwork,
            Self::AgreedTemporary { .. } => TermStateKind::AgreedTemporary,
            Self::Pilot { .. } => TermStateKind::Pilot,
            Self::Withdrawn => TermStateKind::Withdrawn,
            Self::Referred { .. } => TermStateKind::Referred,
        }
    }

    /// Still disputed: counts towards "open issues".
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Open)
    }

    /// Settled in some form (final, conditional, temporary or on trial).
    pub fn is_agreed(&self) -> bool {
        matches!(
            self,
            Self::AgreedFinal
                | Self::AgreedSubjectToPaperwork
                | Self::AgreedTemporary { .. }
                | Self::Pilot { .. }
        )
    }

    /// A person-readable description, e.g. "pilot, review on 2026-12-21".
    pub fn describe(&self) -> String {
        match self {
            Self::Open => "open".into(),
            Self::AgreedFinal => "agreed – final".into(),
            Self::AgreedSubjectToPaperwork => "agreed – subject to formal paperwork".into(),
            Self::AgreedTemporary { until, until_event } => {
                let mut s = String::from("agreed – temporary");
                if let Some(d) = until {
                    s.push_str(&format!(", until {d}"));
                }
                if let Some(e) = until_event {
                    s.push_str(&format!(", until {e}"));
                }
                s
            }
            Self::Pilot { review_on } => format!("pilot, review on {review_on}"),
            Self::Withdrawn => "withdrawn".into(),
            Self::Referred { to } => format!("referred to {to}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn one_spelling_for_cli_and_storage() {
        assert_eq!(
            DisputeType::from_str("child-arrangements").unwrap(),
            DisputeType::ChildArrangements
        );
        assert_eq!(
            DisputeType::ChildArrangements.to_string(),
            "child-arrangements"
        );
        assert_eq!(
            serde_json::to_string(&Outcome::ImpasseForNow).unwrap(),
            format!("\"{}\"", Outcome::ImpasseForNow)
        );
    }

    #[test]
    fn pilot_describes_its_review_date() {
        let pilot = TermState::Pilot {
            review_on: jiff::civil::date(2026, 12, 21),
        };
        assert_eq!(pilot.describe(), "pilot, review on 2026-12-21");
        assert!(pilot.is_agreed() && !pilot.is_open());
    }
}
