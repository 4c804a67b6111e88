//! The MIAM on the case page (England & Wales family cases): each party's MIAM as the viewer's
//! fold holds it (the mediator: every party's; a party: its own), the mediator's form to
//! record one, and the button that issues the confirmation — through the API's own bodies.

use super::case_model::day;
use super::security::Member;
use super::submit::{Build, Fields, Where, parse_date, parse_word, submit};
use crate::error::AppError;
use crate::http::Api;
use crate::http::miam_record::RecordMiam;
use accord_core::case::Case;
use accord_core::case::Command;
use accord_core::case::vocabulary::Jurisdiction;
use accord_core::ids::ParticipantId;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

/// One party's MIAM, in words.
pub struct MiamRow {
    pub party: String,
    pub party_id: String,
    /// "20 November 2026, 50 minutes, online, alone, with Maya Patel (FMC-4521)", or empty.
    pub attended: String,
    pub assessment: String,
    /// The expiry, once the confirmation is issued.
    pub expires: String,
}

/// The MIAM rows the page shows (empty where a MIAM does not apply): every party's for the
/// mediator, `only` the viewer's own party's for a participant — whose fold holds no other
/// party's, so another row would only say "not recorded" of what it cannot know.
pub fn rows(case: &Case, only: Option<ParticipantId>) -> Vec<MiamRow> {
    let applies = case.profile.as_ref().is_some_and(|p| {
        p.jurisdiction == Jurisdiction::EnglandWales && p.dispute_type.is_family()
    });
    if !applies {
        return Vec::new();
    }
    case.parties()
        .filter(|p| only.is_none_or(|o| o == p.id))
        .map(|p| {
            let m = case.miam.iter().find(|m| m.party == p.id);
            MiamRow {
                party: p.name.to_string(),
                party_id: p.id.to_string(),
                attended: m
                    .map(|m| {
                        let a = &m.attendance;
                        format!(
                            "{}, {} minutes, {}, {}, with {} ({})",
                            day(a.attended_on),
                            a.minutes,
                            if a.online { "online" } else { "in person" },
                            if a.jointly { "jointly" } else { "alone" },
                            a.mediator,
                            a.fmc_number
                        )
                    })
                    .unwrap_or_default(),
                assessment: m
                    .map(|m| {
                        let a = &m.attendance;
                        let word = a.assessment.to_string().replace('-', " ");
                        match &a.reason {
                            Some(r) => format!("{word}: {r}"),
                            None => word,
                        }
                    })
                    .unwrap_or_default(),
                expires: m
                    .and_then(|m| m.confirmation.as_ref())
                    .map(|c| day(c.expires_on))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

type Posted = Form<Vec<(String, String)>>;

/// `POST /cases/{case}/miam`: the mediator records a party's MIAM.
pub async fn record(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path(case): Path<String>,
    Form(fields): Posted,
) -> Response {
    let f = Fields(fields);
    let body = (|| {
        Ok::<_, AppError>(RecordMiam {
            party: parse_word(&f, "miam-party", "the party")?,
            attended_on: parse_date(&f, "miam-attended_on")?.ok_or(AppError::Invalid {
                field: "miam-attended_on",
                message: "enter the day of the MIAM, for example 2026-11-20".into(),
            })?,
            minutes: f
                .get("miam-minutes")
                .and_then(|m| m.trim().parse().ok())
                .ok_or(AppError::Invalid {
                    field: "miam-minutes",
                    message: "enter how long it lasted, in minutes".into(),
                })?,
            mediator: f.text("miam-mediator"),
            fmc_number: f.text("miam-fmc_number"),
            online: f.get("miam-online").is_some(),
            jointly: f.get("miam-jointly").is_some(),
            assessment: parse_word(&f, "miam-assessment", "what was found")?,
            reason: f.given("miam-reason"),
            expected_version: None,
        })
    })();
    let build: Build = Box::new(move |_, _| Ok(body?.command()?));
    submit(
        api,
        visitor,
        user,
        case,
        f,
        "miam",
        Where::Case("miam"),
        build,
    )
    .await
}

/// `POST /cases/{case}/miam/{party}/confirmation`: issues the confirmation.
pub async fn confirm(
    State(api): State<Api>,
    Member(visitor, user): Member,
    Path((case, party)): Path<(String, String)>,
    Form(fields): Posted,
) -> Response {
    let party = party
        .parse::<ParticipantId>()
        .map_err(|_| AppError::Invalid {
            field: "party",
            message: "not a party of this case".into(),
        });
    let build: Build = Box::new(move |_, _| Ok(Command::IssueMiamConfirmation { party: party? }));
    submit(
        api,
        visitor,
        user,
        case,
        Fields(fields),
        "confirm",
        Where::Case("miam"),
        build,
    )
    .await
}
