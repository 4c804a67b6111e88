//! The stateless exemption checker: given a claim, which grounds are complete and exactly
//! what each of the others is missing, with its rule. What an applicant asks before filing.
//! A complete claim is "claimed", for the court to decide (FPR r.3.10): never "granted".

use super::grounds::{self, Ground, Need};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An applicant's claim: one entry per ground claimed, with what they have for it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub grounds: Vec<GroundClaim>,
    /// The day the application is (to be) made; the 4-month window ends on it.
    pub application_on: Option<Date>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroundClaim {
    /// `category/ground`, as `accord miam grounds` lists them.
    pub ground: String,
    /// A copy of the evidence goes with the application.
    #[serde(default)]
    pub evidence_attached: bool,
    /// The applicant cannot attend a MIAM online or by video-link.
    #[serde(default)]
    pub unable_to_attend_online: bool,
    pub explanation: Option<String>,
    /// How many authorised family mediators have an office within 15 miles.
    pub mediators_within_15_miles: Option<u32>,
    #[serde(default)]
    pub mediators_contacted: Vec<MediatorContacted>,
    /// When the MIAM or the non-court dispute resolution was attended.
    pub attended_on: Option<Date>,
    /// Written confirmation of the attendance, signed by the mediator or provider.
    #[serde(default)]
    pub provider_confirmation: bool,
    /// The MIAM certificate signed by the mediator.
    #[serde(default)]
    pub mediator_certificate: bool,
    /// Or the MIAM's date and the provider's name and contact details.
    pub mediator_details: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediatorContacted {
    pub name: String,
    /// Postal address, and telephone number or e-mail.
    pub contact: String,
    pub contacted_on: Option<Date>,
}

/// The checker's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Every ground claimed is complete.
    pub complete: bool,
    /// Always "claimed": the court decides whether an exemption applies.
    pub status: &'static str,
    pub grounds: Vec<GroundAssessment>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroundAssessment {
    pub ground: &'static str,
    pub rule: &'static str,
    pub complete: bool,
    /// What is missing, each with the rule that asks for it.
    pub missing: Vec<Missing>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub what: String,
    pub rule: &'static str,
}

/// A claim that cannot be assessed: it names no ground, a ground that does not exist, or one
/// removed in 2024.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    #[error("grounds: name at least one ground (`accord miam grounds` lists them)")]
    NoGround,
    #[error("grounds: {0:?} is not a MIAM exemption ground (`accord miam grounds` lists them)")]
    Unknown(String),
    #[error("grounds: {key:?} is no longer a MIAM exemption ground: {why}")]
    Removed { key: String, why: &'static str },
    #[error("grounds: {0:?} is claimed twice")]
    Twice(String),
}

pub fn check(claim: &Claim) -> Result<Assessment, ClaimError> {
    if claim.grounds.is_empty() {
        return Err(ClaimError::NoGround);
    }
    let mut out = Vec::new();
    for (i, c) in claim.grounds.iter().enumerate() {
        let key = c.ground.trim();
        if claim.grounds[..i].iter().any(|o| o.ground.trim() == key) {
            return Err(ClaimError::Twice(key.to_owned()));
        }
        let ground = match (grounds::ground(key), grounds::removed(key)) {
            (Some(g), _) => g,
            (None, Some(r)) => {
                return Err(ClaimError::Removed {
                    key: key.to_owned(),
                    why: r.why,
                });
            }
            (None, None) => return Err(ClaimError::Unknown(key.to_owned())),
        };
        let missing: Vec<Missing> = ground
            .needs
            .iter()
            .flat_map(|need| missing(ground, need, c, claim.application_on))
            .collect();
        out.push(GroundAssessment {
            ground: ground.key,
            rule: ground.rule,
            complete: missing.is_empty(),
            missing,
        });
    }
    Ok(Assessment {
        complete: out.iter().all(|g| g.complete),
        status: "claimed",
        grounds: out,
    })
}

fn missing(ground: &Ground, need: &Need, c: &GroundClaim, applied: Option<Date>) -> Vec<Missing> {
    let rule = ground.rule;
    let one = |what: String| vec![Missing { what, rule }];
    let given = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    match *need {
        Need::EvidenceCopy { what } if !c.evidence_attached => one(what.to_owned()),
        Need::UnableToAttendOnline if !c.unable_to_attend_online => one(
            "a statement that the applicant is not able to attend a MIAM online or by video-link"
                .into(),
        ),
        Need::Explanation { what } if !given(&c.explanation) => one(format!("an explanation of {what}")),
        Need::MediatorsContacted { at_least } => {
            let nearby = c.mediators_within_15_miles;
            let needed = nearby.map_or(u32::from(at_least), |n| n.min(u32::from(at_least)));
            let mut out = Vec::new();
            if nearby.is_none() {
                out.push(Missing {
                    what: "how many authorised family mediators have an office within 15 miles of the applicant's home".into(),
                    rule,
                });
            }
            let full = c
                .mediators_contacted
                .iter()
                .filter(|m| !m.name.trim().is_empty() && !m.contact.trim().is_empty() && m.contacted_on.is_some())
                .count() as u32;
            if full < needed {
                out.push(Missing {
                    what: format!(
                        "{} more authorised family mediator{} with an office within 15 miles contacted: {needed} are needed ({at_least}, or all of them where there are fewer), each given with their name, postal address, telephone number or e-mail, and the date of contact",
                        needed - full,
                        if needed - full == 1 { "" } else { "s" },
                    ),
                    rule,
                });
            }
            out
        }
        Need::AttendedWithin { months } => match (c.attended_on, applied) {
            (None, _) => one("the date the MIAM or non-court dispute resolution was attended".into()),
            (Some(_), None) => one(format!(
                "the date of the application (the attendance must be within the {months} months before it)"
            )),
            (Some(on), Some(applied)) if on > applied => {
                one(format!("an attendance on or before the application ({on} is after {applied})"))
            }
            (Some(on), Some(applied)) => {
                let earliest = applied
                    .checked_sub(i32::from(months).months())
                    .unwrap_or(Date::MIN);
                if on < earliest {
                    one(format!(
                        "an attendance in the {months} months before the application: {on} is before {earliest}"
                    ))
                } else {
                    vec![]
                }
            }
        },
        Need::ProviderConfirmation if !c.provider_confirmation => one(
            "written confirmation of the attendance, signed by the mediator or dispute resolution provider".into(),
        ),
        Need::CertificateOrDetails if !c.mediator_certificate && !given(&c.mediator_details) => one(
            "the MIAM certificate signed by the mediator, or the MIAM's date and the provider's name and contact details".into(),
        ),
        _ => vec![],
    }
}
